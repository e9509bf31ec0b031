/**
 * `startAnvil`: clear errors when the binary cannot start, and `stop()` is idempotent.
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anvilBinaryPath, DEV_MNEMONIC, startAnvil } from '../../../src/sim/uniswap/index.ts';

describe('startAnvil', () => {
  it('resolves the binary from the @foundry-rs npm package', () => {
    expect(anvilBinaryPath()).toMatch(/node_modules\/@foundry-rs\/anvil-[a-z0-9-]+\/bin\/anvil$/);
  });

  it('fails with the tail of the output when the binary exits before listening', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anvil-fake-'));
    const fake = join(dir, 'anvil');
    writeFileSync(fake, '#!/bin/sh\necho "error: address already in use" >&2\nexit 3\n');
    chmodSync(fake, 0o755);
    await expect(startAnvil({ port: 0, accounts: 2, mnemonic: DEV_MNEMONIC, bin: fake })).rejects.toThrow(
      /exited with 3 before listening.*\n.*address already in use/,
    );
  });

  it('fails with a timeout when the binary never listens', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anvil-fake-'));
    const fake = join(dir, 'anvil');
    writeFileSync(fake, '#!/bin/sh\necho "starting slowly" >&2\nexec sleep 30\n');
    chmodSync(fake, 0o755);
    await expect(
      startAnvil({ port: 0, accounts: 2, mnemonic: DEV_MNEMONIC, bin: fake, readyTimeoutMs: 300 }),
    ).rejects.toThrow(/did not start listening within 300 ms.*\n.*starting slowly/);
  });

  it('starts, answers eth_chainId, and stops (twice is fine)', async () => {
    const anvil = await startAnvil({ port: 0, accounts: 2, mnemonic: DEV_MNEMONIC });
    expect(await anvil.rpc.call('eth_chainId', [])).toBe('0x7a69');
    await anvil.stop();
    await anvil.stop();
    await expect(anvil.rpc.call('eth_chainId', [])).rejects.toThrow();
  });
});
