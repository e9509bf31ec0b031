/**
 * `ag-exec serve` with a `kind: uniswap` venue and `simulator: true`: the gateway starts the local chain in
 * process (anvil with the published contracts), swaps over HTTP (a market order that comes back Filled with
 * a fill decoded from the Swap event and gas as its fee; a GTC order refused), and on SIGTERM stops the
 * chain with itself (no anvil left behind). A real-node entry whose key variable is unset is refused with
 * the variable's name (exit 2).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AG_EXEC_BIN, killAgExecProcesses, startAgExec } from '../support/ag-exec-process.ts';

const TOKEN = 'trade-token-for-uniswap-tests-0123';
const dirs: string[] = [];
afterEach(() => {
  killAgExecProcesses();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** This process's environment without any key the test does not set itself. */
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^(AG_EXEC_|UNISWAP_|LOG_LEVEL)/.test(k)),
);

async function serve(config: string) {
  const p = await startAgExec(
    ['serve', '--config', config, '--port', '0'],
    { AG_EXEC_TOKENS: `trade:${TOKEN}`, LOG_LEVEL: 'warn' },
    cleanEnv,
  );
  return { child: p.child, url: p.ready.url, exited: p.exited };
}

/** Process ids of the anvil processes whose parent chain leads to `pid`. */
function anvilsUnder(pid: number): number[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,comm='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .map(([p, pp, comm]) => ({ pid: Number(p), ppid: Number(pp), comm: comm ?? '' }));
  const under = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of rows)
      if (under.has(r.ppid) && !under.has(r.pid)) {
        under.add(r.pid);
        grew = true;
      }
  }
  return rows.filter((r) => under.has(r.pid) && r.comm.startsWith('anvil')).map((r) => r.pid);
}

const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

describe('ag-exec serve with a uniswap venue', () => {
  it('starts the local chain, swaps over HTTP, and stops the chain on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ag-serve-uni-'));
    dirs.push(dir);
    const config = join(dir, 'gateway.yaml');
    writeFileSync(
      config,
      [
        'store:',
        `  kind: sqlite`,
        `  path: ${join(dir, 'journal.db')}`,
        'venues:',
        '  - kind: uniswap',
        '    id: uniswap',
        '    simulator: true',
        '    slippageBps: 100',
        '',
      ].join('\n'),
    );
    const gw = await serve(config);
    expect(anvilsUnder(gw.child.pid!).length).toBe(1);

    const venues = (await (await fetch(`${gw.url}/v1/venues`, { headers: auth })).json()) as unknown;
    expect(JSON.stringify(venues)).toContain('uniswap');

    const post = await fetch(`${gw.url}/v1/orders`, {
      method: 'POST',
      headers: { ...auth, 'idempotency-key': 'uni-1' },
      body: JSON.stringify({ venue: 'uniswap', market: 'WETH/USD', side: 'Buy', size: '0.25' }),
    });
    expect(post.status).toBe(201);
    const placed = (await post.json()) as { id: string; status: string; venueOrderId?: string };
    expect(placed.status).toBe('Filled');
    expect(placed.venueOrderId).toMatch(/^0x[0-9a-f]{64}$/);

    const got = await fetch(`${gw.url}/v1/orders/${placed.id}`, { headers: auth });
    expect(got.status).toBe(200);
    const order = (await got.json()) as { status: string; filledSize: string; avgFillPrice?: string };
    expect(order).toMatchObject({ status: 'Filled', filledSize: '0.25' });
    // seeded at 3000 USD per WETH: a small buy pays a little more (fee and price impact)
    expect(Number(order.avgFillPrice)).toBeGreaterThan(3000);
    expect(Number(order.avgFillPrice)).toBeLessThan(3030);

    const fills = (await (
      await fetch(`${gw.url}/v1/fills?orderId=${placed.id}`, { headers: auth })
    ).json()) as { items: { size: string; fee: string; feeAsset?: string; tradeId: string }[] };
    expect(fills.items).toHaveLength(1);
    expect(fills.items[0]!.size).toBe('0.25');
    expect(fills.items[0]!.tradeId.startsWith(placed.venueOrderId!)).toBe(true);
    expect(Number(fills.items[0]!.fee)).toBeGreaterThan(0); // gas

    const pos = (await (await fetch(`${gw.url}/v1/positions?venue=uniswap`, { headers: auth })).json()) as {
      items: { market: string; netSize: string }[];
    };
    // the gas is listed under ETH; the quote-currency (USD) fees are none
    expect(pos.items).toEqual([
      expect.objectContaining({
        market: 'WETH/USD',
        netSize: '0.25',
        fees: '0',
        feesByAsset: { ETH: fills.items[0]!.fee },
      }),
    ]);

    // a resting order cannot be honoured by a pool: refused, nothing sent
    const gtc = await fetch(`${gw.url}/v1/orders`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        venue: 'uniswap',
        market: 'WETH/USD',
        side: 'Buy',
        size: '0.25',
        price: '2900',
        timeInForce: 'GTC',
      }),
    });
    expect(gtc.status).toBe(400);
    const refusal = (await gtc.json()) as {
      error: { code: string; message: string; details: { field: string } };
    };
    expect(refusal.error).toMatchObject({ code: 'VALIDATION_ERROR', details: { field: 'timeInForce' } });
    expect(refusal.error.message).toMatch(
      /timeInForce GTC is not supported on uniswap WETH\/USD \(use IOC or FOK\)/,
    );

    const anvils = anvilsUnder(gw.child.pid!);
    gw.child.kill('SIGTERM');
    expect(await gw.exited).toBe(0);
    const alive = anvils.filter((p) => {
      try {
        process.kill(p, 0);
        return true;
      } catch {
        return false;
      }
    });
    expect(alive).toEqual([]);
  }, 60_000);

  it('refuses a real-node entry whose key variable is not set, naming the variable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ag-serve-uni-'));
    dirs.push(dir);
    const config = join(dir, 'gateway.yaml');
    const a = (n: number) => `"0x${String(n).repeat(40)}"`;
    writeFileSync(
      config,
      [
        'store: { kind: memory }',
        'venues:',
        '  - kind: uniswap',
        '    rpcUrl: http://127.0.0.1:9',
        '    chainId: 1',
        `    contracts: { weth: ${a(1)}, v2Factory: ${a(2)}, v2Router: ${a(3)} }`,
        `    tokens: [{ symbol: WETH, address: ${a(1)}, decimals: 18 }, { symbol: USDC, address: ${a(4)}, decimals: 6 }]`,
        '    markets: [{ id: WETH/USDC, base: WETH, quote: USDC, v2: true }]',
        '    private_key_env: TEST_UNISWAP_KEY_UNSET',
        '',
      ].join('\n'),
    );
    const child = spawn(process.execPath, [AG_EXEC_BIN, 'serve', '--config', config, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...cleanEnv, AG_EXEC_TOKENS: `trade:${TOKEN}` },
    });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
    });
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    expect(code).toBe(2);
    expect(err).toContain('venues[0].private_key_env');
    expect(err).toContain('TEST_UNISWAP_KEY_UNSET');
  }, 30_000);
});
