/**
 * `ag-exec sim binance --port 0`: one JSON ready line, serves on loopback, exits 0 on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../../bin/ag-exec.js', import.meta.url));

describe('ag-exec sim binance', () => {
  it('prints one JSON ready line, serves on loopback and exits cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, 'sim', 'binance', '--port', '0', '--seed', '4'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const nl = out.indexOf('\n');
        if (nl >= 0) resolve(out.slice(0, nl));
      });
      child.on('exit', (code) => reject(new Error(`exited ${code} before ready`)));
    });
    const ready = JSON.parse(line) as Record<string, string>;
    expect(Object.keys(ready)).toEqual(['event', 'venue', 'url', 'wsUrl']);
    expect(ready).toMatchObject({ event: 'ready', venue: 'binance' });
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ready.wsUrl).toBe(`${ready.url?.replace('http', 'ws')}/ws-api/v3`);
    expect(await (await fetch(`${ready.url}/api/v3/ping`)).json()).toEqual({});
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out.trim().split('\n')).toHaveLength(1);
  });
});
