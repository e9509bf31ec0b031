/**
 * The `ag-exec` command as a user runs it: `node bin/ag-exec.js ...` in a checkout, no build step.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const bin = new URL('../../bin/ag-exec.js', import.meta.url).pathname;
const run = async (...args: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], {
      timeout: 20_000,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
};

describe('ag-exec CLI', () => {
  it('prints help and version, and refuses an unknown command with exit code 2', async () => {
    const help = await run('help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('ag-exec demo');
    expect(help.stdout).toContain('ag-exec risk check FILE');
    expect((await run('version')).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const bad = await run('frobnicate');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown command "frobnicate"');
    const badOption = await run('demo', '--bogus');
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain("Unknown option '--bogus'");
  });

  it('risk check: prints what a valid policy file enforces, and every problem of a bad one with its line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agx-cli-'));
    const good = join(dir, 'good.yaml');
    writeFileSync(
      good,
      'policies:\n  - type: PositionLimit\n    max_size: 1000\n  - type: InventoryLimit\n    max_value_usd: 10000\n',
    );
    const ok = await run('risk', 'check', good);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('valid, 2 policies');
    expect(ok.stdout).toMatch(/PositionLimit/);
    expect(ok.stdout).toMatch(/InventoryLimit/);

    const badFile = join(dir, 'bad.yaml');
    writeFileSync(
      badFile,
      'policies:\n  - type: PositionLimit\n    max_size: -5\n  - type: Nonsense\n    x: 1\n',
    );
    const bad = await run('risk', 'check', badFile);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('line 3');
    expect(bad.stderr).toContain('policies[0].max_size');
    expect(bad.stderr).toContain('line 4');
    expect(bad.stderr).toContain('Nonsense');

    const json = await run('risk', 'check', good, '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: true });
  });

  it('risk check accepts the shipped example, which uses every policy type', async () => {
    const r = await run('risk', 'check', new URL('../../examples/risk.yaml', import.meta.url).pathname);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('valid, 10 policies');
  });

  it('demo --help describes the demo without running it', async () => {
    const r = await run('demo', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--duration');
  });
});

describe('ag-exec sim polymarket', () => {
  it('prints one JSON ready line, serves on loopback and exits cleanly on SIGTERM', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [bin, 'sim', 'polymarket', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const line = await new Promise<string>((resolve, reject) => {
      let buf = '';
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        const nl = buf.indexOf('\n');
        if (nl >= 0) resolve(buf.slice(0, nl));
      });
      child.on('exit', (code) => reject(new Error(`exited ${code} before ready`)));
    });
    const ready = JSON.parse(line) as { event: string; venue: string; url: string; wsUrl: string };
    expect(ready).toMatchObject({ event: 'ready', venue: 'polymarket' });
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ready.wsUrl).toBe(`${ready.url.replace('http', 'ws')}/ws/user`);
    expect(await (await fetch(`${ready.url}/version`)).json()).toEqual({ version: 2 });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
