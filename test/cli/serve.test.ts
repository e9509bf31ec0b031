/**
 * `ag-exec serve` as a process: one JSON ready line, orders over HTTP with a bearer token, a SIGKILL and a
 * restart over the same SQLite journal (the API shows the same orders), a bad config refused with its
 * problems (exit 2), and a clean stop on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AG_EXEC_BIN, killAgExecProcesses, startAgExec } from '../support/ag-exec-process.ts';

const TOKEN = 'trade-token-for-tests-0123456789';
const dirs: string[] = [];
afterEach(() => {
  killAgExecProcesses();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function serve(config: string) {
  const p = await startAgExec(['serve', '--config', config, '--port', '0'], {
    AG_EXEC_TOKENS: `trade:${TOKEN}`,
  });
  return { child: p.child, url: p.ready.url, exited: p.exited };
}

const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

describe('ag-exec serve', () => {
  it('serves orders, survives a SIGKILL with its SQLite journal, and stops cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ag-serve-'));
    dirs.push(dir);
    const config = join(dir, 'gateway.yaml');
    writeFileSync(
      config,
      `store:\n  kind: sqlite\n  path: ${join(dir, 'journal.db')}\nvenues:\n  - kind: paper\n    id: paper\n    seed: 3\n`,
    );
    const first = await serve(config);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${first.url}/health`)).status).toBe(200);
    expect((await fetch(`${first.url}/v1/orders`)).status).toBe(401);
    const post = await fetch(`${first.url}/v1/orders`, {
      method: 'POST',
      headers: { ...auth, 'idempotency-key': 'order-1' },
      body: JSON.stringify({ venue: 'paper', market: 'PM-YES', side: 'Buy', price: '0.30', size: 5 }),
    });
    expect(post.status).toBe(201);
    const order = (await post.json()) as { id: string; status: string };
    expect(order.status).toBe('Working');
    await new Promise((r) => setTimeout(r, 300)); // its Accepted event is committed (group commit)

    first.child.kill('SIGKILL');
    await first.exited;

    const second = await serve(config);
    expect((await fetch(`${second.url}/ready`)).status).toBe(200);
    const again = await fetch(`${second.url}/v1/orders/${order.id}`, { headers: auth });
    expect(again.status).toBe(200);
    // recovered from the journal, then reconciled: the paper venue lives in the gateway's process, so
    // the restarted one no longer knows the order and reconciliation closes it, saying why
    const recovered = (await again.json()) as { id: string; status: string; reason?: string };
    expect(recovered).toMatchObject({ id: order.id, status: 'Cancelled' });
    expect(recovered.reason).toMatch(/no longer knows/);
    // the idempotency key still names the first order after the restart: nothing is sent twice
    const repeat = await fetch(`${second.url}/v1/orders`, {
      method: 'POST',
      headers: { ...auth, 'idempotency-key': 'order-1' },
      body: JSON.stringify({ venue: 'paper', market: 'PM-YES', side: 'Buy', price: '0.30', size: 5 }),
    });
    expect(repeat.status).toBe(200);
    expect(((await repeat.json()) as { id: string }).id).toBe(order.id);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 60_000);

  it('refuses a bad config with every problem and exit code 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ag-serve-'));
    dirs.push(dir);
    const config = join(dir, 'bad.yaml');
    writeFileSync(config, 'server:\n  port: -1\nvenues:\n  - kind: nasdaq\n');
    const child = spawn(process.execPath, [AG_EXEC_BIN, 'serve', '--config', config], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
    });
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    expect(code).toBe(2);
    expect(err).toContain('server.port');
    expect(err).toContain('venues[0]');
  }, 30_000);
});
