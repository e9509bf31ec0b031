/**
 * `ag-exec sim uniswap --port 0`: one JSON ready line with the shape outside scripts rely on; SIGTERM stops
 * the command and anvil; anvil does not outlive a parent that is killed outright.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../../bin/ag-exec.js', import.meta.url));
const address = /^0x[0-9a-fA-F]{40}$/;

function startCli(): { child: ChildProcessWithoutNullStreams; out: () => string; ready: Promise<string> } {
  const child = spawn(process.execPath, [bin, 'sim', 'uniswap', '--port', '0'], { stdio: 'pipe' });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    child.on('exit', (code) => reject(new Error(`exited ${code} before ready: ${err}`)));
  });
  return { child, out: () => out, ready };
}

async function chainId(url: string): Promise<string> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
  });
  return ((await res.json()) as { result: string }).result;
}

async function refusedWithin(url: string, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      await chainId(url);
    } catch {
      return true;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe('ag-exec sim uniswap', () => {
  it('prints one ready line with url, chainId, contracts, tokens and accounts; SIGTERM stops it and anvil', async () => {
    const { child, out, ready } = startCli();
    const ready0 = JSON.parse(await ready) as Record<string, unknown>;
    expect(ready0).toMatchObject({ event: 'ready', venue: 'uniswap', chainId: 31337 });
    const url = ready0.url as string;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const contracts = ready0.contracts as Record<string, string>;
    expect(Object.keys(contracts).sort()).toEqual(
      ['positionManager', 'quoterV2', 'swapRouter', 'v2Factory', 'v2Router', 'v3Factory', 'weth'].sort(),
    );
    for (const a of Object.values(contracts)) expect(a).toMatch(address);
    const tokens = ready0.tokens as Record<string, { address: string; decimals: number }>;
    expect(Object.keys(tokens).sort()).toEqual(['TKN', 'USD', 'WETH']);
    for (const t of Object.values(tokens)) {
      expect(t.address).toMatch(address);
      expect(t.decimals).toBe(18);
    }
    expect(tokens.WETH?.address).toBe(contracts.weth);
    const accounts = ready0.accounts as { address: string; privateKey: string }[];
    expect(accounts).toHaveLength(3);
    for (const a of accounts) {
      expect(Object.keys(a)).toEqual(['address', 'privateKey']);
      expect(a.address).toMatch(address);
      expect(a.privateKey).toMatch(/^0x[0-9a-f]{64}$/);
    }
    expect(await chainId(url)).toBe('0x7a69');

    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await refusedWithin(url, 2000)).toBe(true);
    expect(out().trim().split('\n')).toHaveLength(1);
  });

  it('anvil does not outlive a parent that is killed with SIGKILL', async () => {
    const { child, ready } = startCli();
    const url = (JSON.parse(await ready) as { url: string }).url;
    expect(await chainId(url)).toBe('0x7a69');
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
    expect(await refusedWithin(url, 3000)).toBe(true);
  });
});
