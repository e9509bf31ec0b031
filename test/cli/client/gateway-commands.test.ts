/**
 * The `ag-exec` commands that talk to a running gateway, run as processes against a real gateway started
 * in this process (port 0, in-memory journal, paper venue, a trade and an admin token): the order
 * lifecycle, positions and fills after a crossing order, the trading state, venues, `--json` output, bad
 * usage (exit 2, the flag named), a wrong token (exit 1, UNAUTHORIZED, the token never printed) and an
 * unreachable gateway (exit 2, the URL named).
 */
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningGateway, startGateway } from '../../../src/cli/serve.ts';
import { loadConfig, resolveSecrets } from '../../../src/config/index.ts';

const bin = fileURLToPath(new URL('../../../bin/ag-exec.js', import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));
const TRADE = 'trade-token-for-cli-tests-0123456789';
const ADMIN = 'admin-token-for-cli-tests-9876543210';
const WRONG = 'wrong-token-for-cli-tests-5555555555';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let gw: RunningGateway;

beforeAll(async () => {
  const config = loadConfig(
    'store:\n  kind: memory\nvenues:\n  - kind: paper\n    id: paper\n    seed: 7\n',
    {
      source: 'test',
    },
  );
  const secrets = resolveSecrets(config, { AG_EXEC_TOKENS: `trade:${TRADE},admin:${ADMIN}` });
  gw = await startGateway(config, secrets, { port: 0 });
}, 30_000);

afterAll(async () => {
  await gw?.close();
});

/** Runs `ag-exec ...` as a process; no output may ever contain a token. */
function run(args: string[], opts: { token?: string | null; url?: string } = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, AG_EXEC_URL: opts.url ?? gw.url };
  delete env.AG_EXEC_TOKEN;
  const token = opts.token === undefined ? TRADE : opts.token;
  if (token !== null) env.AG_EXEC_TOKEN = token;
  return new Promise<Run>((resolve) => {
    execFile(process.execPath, [bin, ...args], { env, cwd: root, timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
      resolve({ code, stdout, stderr });
    });
  }).then((r) => {
    for (const t of [TRADE, ADMIN, WRONG]) expect(`${r.stdout}${r.stderr}`).not.toContain(t);
    return r;
  });
}

const json = <T>(r: Run): T => {
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
};

interface OrderOut {
  id: string;
  clientOrderId: string;
  status: string;
  price?: string;
  size: string;
  filledSize: string;
}

const limitBuy = (price: string, size: string, ...more: string[]) => [
  'order',
  'submit',
  '--venue',
  'paper',
  '--market',
  'PM-YES',
  '--side',
  'buy',
  '--price',
  price,
  '--size',
  size,
  ...more,
];

describe('ag-exec order', () => {
  it('submits, shows, lists, modifies and cancels an order', async () => {
    const submitted = json<OrderOut>(
      await run([...limitBuy('0.30', '5', '--client-id', 'cli-life-1'), '--json']),
    );
    expect(submitted).toMatchObject({
      clientOrderId: 'cli-life-1',
      status: 'Working',
      price: '0.3',
      size: '5',
    });

    const [repeat, status, listed, listTable] = await Promise.all([
      run([...limitBuy('0.30', '5', '--client-id', 'cli-life-1'), '--json']),
      run(['order', 'status', 'cli-life-1']),
      run(['order', 'list', '--status', 'active', '--market', 'PM-YES', '--json']),
      run(['order', 'list', '--venue', 'paper']),
    ]);
    // the same client id is the same order: nothing sent twice
    expect(json<OrderOut>(repeat).id).toBe(submitted.id);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`^id\\s+${submitted.id}$`, 'm'));
    expect(status.stdout).toMatch(/^status\s+Working$/m);
    const page = json<{ items: OrderOut[]; nextCursor: string | null }>(listed);
    expect(page.items.map((o) => o.id)).toContain(submitted.id);
    expect(listTable.code).toBe(0);
    expect(listTable.stdout.split('\n')[0]).toMatch(/^ID\s+CLIENT ID\s+VENUE\s+MARKET\s+SIDE/);
    expect(listTable.stdout).toContain('cli-life-1');

    const modified = json<OrderOut>(
      await run(['order', 'modify', submitted.id, '--price', '0.31', '--json']),
    );
    expect(modified).toMatchObject({ id: submitted.id, price: '0.31', status: 'Working' });

    const cancelled = await run(['order', 'cancel', 'cli-life-1']);
    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect(cancelled.stdout).toMatch(/^status\s+Cancelled$/m);

    // a second cancel is refused by the gateway: exit 1 with its code and details
    const again = await run(['order', 'cancel', submitted.id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^INVALID_ORDER_STATE: /m);
  }, 60_000);

  it('follows cursors with --all and cancels everything with cancel-all', async () => {
    // set up over HTTP directly (fewer processes); the commands under test read them back
    for (const price of ['0.20', '0.21', '0.22']) {
      const res = await fetch(`${gw.url}/v1/orders`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TRADE}`, 'content-type': 'application/json' },
        body: JSON.stringify({ venue: 'paper', market: 'PM-YES', side: 'Buy', price, size: '2' }),
      });
      expect(res.status).toBe(201);
    }
    const [one, all] = await Promise.all([
      run(['order', 'list', '--status', 'active', '--limit', '1', '--json']),
      run(['order', 'list', '--status', 'active', '--limit', '1', '--all', '--json']),
    ]);
    const first = json<{ items: OrderOut[]; nextCursor: string | null }>(one);
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).not.toBeNull();
    const every = json<{ items: OrderOut[]; nextCursor: string | null }>(all);
    expect(every.items.length).toBeGreaterThanOrEqual(3);
    expect(new Set(every.items.map((o) => o.id)).size).toBe(every.items.length);
    expect(every.nextCursor).toBeNull();

    const res = await run(['order', 'cancel-all', '--market', 'PM-YES']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^cancelled [3-9]\d*, failed 0$/m);
    const left = json<{ items: OrderOut[] }>(await run(['order', 'list', '--status', 'active', '--json']));
    expect(left.items).toEqual([]);
  }, 60_000);
});

describe('ag-exec positions and fills', () => {
  it('shows the position and the fill of a crossing order', async () => {
    const filled = json<OrderOut>(await run([...limitBuy('0.99', '3'), '--json']));
    expect(filled).toMatchObject({ status: 'Filled', filledSize: '3' });
    expect(filled.clientOrderId).toMatch(/^cli-[0-9a-f]{16}$/);

    const [posJson, posTable, fillsJson, fillsTable] = await Promise.all([
      run(['positions', '--venue', 'paper', '--json']),
      run(['positions']),
      run(['fills', '--market', 'PM-YES', '--json']),
      run(['fills', '--venue', 'paper', '--limit', '50']),
    ]);
    const positions = json<{ items: { market: string; netSize: string; boughtSize: string }[] }>(posJson);
    const pm = positions.items.find((p) => p.market === 'PM-YES');
    expect(pm?.netSize).toBe('3');
    expect(posTable.code).toBe(0);
    expect(posTable.stdout).toMatch(/^VENUE\s+MARKET\s+NET SIZE\s+AVG ENTRY\s+REALIZED PNL/);
    expect(posTable.stdout).toMatch(/^paper\s+PM-YES\s+3\s+0\.\d+/m);

    const fills = json<{ items: { orderId: string; size: string; price: string }[] }>(fillsJson);
    const mine = fills.items.filter((f) => f.orderId === filled.id);
    expect(mine.reduce((s, f) => s + Number(f.size), 0)).toBe(3);
    expect(fillsTable.code).toBe(0);
    expect(fillsTable.stdout).toContain(filled.id);
  }, 60_000);
});

describe('ag-exec risk and venues', () => {
  it('halts (admin only), refuses a submit while halted, resumes', async () => {
    const forbidden = await run(['risk', 'halt']);
    expect(forbidden.code).toBe(1);
    expect(forbidden.stderr).toMatch(/^FORBIDDEN: /m);
    expect(forbidden.stderr).toContain('"need":"admin"');

    const halted = await run(['risk', 'halt', '--reason', 'cli test'], { token: ADMIN });
    expect(halted.code, halted.stderr).toBe(0);
    expect(halted.stdout).toMatch(/^trading state\s+HALTED$/m);
    expect(halted.stdout).toMatch(/^reason\s+cli test$/m);

    const [refused, status] = await Promise.all([
      run(limitBuy('0.30', '1')),
      run(['risk', 'status', '--json']),
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^RISK_REJECTED: /m);
    expect(refused.stderr).toMatch(/^details: .*TradingState/m);
    expect(json<{ tradingState: string; reason: string }>(status)).toMatchObject({
      tradingState: 'HALTED',
      reason: 'cli test',
    });

    const resumed = json<{ tradingState: string }>(await run(['risk', 'resume', '--json'], { token: ADMIN }));
    expect(resumed.tradingState).toBe('ACTIVE');
  }, 60_000);

  it('lists the venues, and risk check FILE still works offline', async () => {
    const [table, asJson, check] = await Promise.all([
      run(['venues']),
      run(['venues', '--json']),
      run(['risk', 'check', 'examples/risk.yaml'], { token: null }),
    ]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^VENUE\s+HEALTH/);
    expect(table.stdout).toMatch(/^paper\s+ok\b/m);
    const venues = json<{ items: { venue: string; health: { ok: boolean } }[] }>(asJson);
    expect(venues.items).toEqual([
      expect.objectContaining({ venue: 'paper', health: expect.objectContaining({ ok: true }) }),
    ]);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toContain('valid');
  }, 60_000);
});

describe('ag-exec gateway commands: failures', () => {
  it('exits 2 naming the flag on bad usage, before sending anything', async () => {
    // the full matrix runs in process in src/cli/client/run-gateway-command.test.ts
    const [badPrice, tokenFlag] = await Promise.all([
      run(limitBuy('abc', '5', '--client-id', 'cli-bad-usage')),
      run(['positions', '--token', WRONG]),
    ]);
    expect(badPrice.code).toBe(2);
    expect(badPrice.stderr).toContain('--price must be a positive decimal');
    expect(tokenFlag.code).toBe(2);
    expect(tokenFlag.stderr).toContain('AG_EXEC_TOKEN');
    const status = await run(['order', 'status', 'cli-bad-usage']);
    expect(status.code).toBe(1);
    expect(status.stderr).toMatch(/^ORDER_NOT_FOUND: /m);
  }, 60_000);

  it('exits 1 with UNAUTHORIZED for a wrong or missing token, never printing it', async () => {
    const [wrong, wrongJson, missing] = await Promise.all([
      run(['venues'], { token: WRONG }),
      run(['order', 'list', '--json'], { token: WRONG }),
      run(['positions'], { token: null }),
    ]);
    for (const r of [wrong, wrongJson, missing]) {
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^UNAUTHORIZED: /m);
      expect(r.stderr).toContain('AG_EXEC_TOKEN');
      expect(r.stdout).toBe('');
    }
  }, 60_000);

  it('exits 2 naming the URL when no gateway listens there', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const url = `http://127.0.0.1:${port}`;
    const r = await run(['order', 'status', 'x'], { url });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cannot reach the gateway at ${url}`);
    expect(r.stderr).toContain('is it running');
  }, 30_000);

  it('prints --help with the exit codes and why the token is not a flag', async () => {
    const h = await run(['order', 'submit', '--help'], { token: null });
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/^Usage: ag-exec order submit /);
    expect(h.stdout).toContain('visible to every user of the machine (ps');
    expect(h.stdout).toContain('Exit codes');
  }, 30_000);
});
