/**
 * The crash harness (`npm run chaos`): the gateway (`chaos/gateway.ts`) runs in its own process against
 * the Polymarket simulator in another, trading at random with injected faults (answers lost after the
 * venue acted, replies slower than the adapter's timeout); it is killed with SIGKILL at random moments and
 * restarted, `--kills` times per journal backend (SQLite and PostgreSQL), seeded and reproducible. A last
 * start recovers and reports its state, which must equal the simulator's ledger: no acknowledged order
 * lost, no venue order twice, every order's final state and fills, every fill, and the position.
 *
 * Usage: `npm run chaos -- [--kills N] [--seed S] [--backends sqlite,postgres]`. Ends with one line per
 * backend; exits 1 if any check fails.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { asMarketId, type Decimal, dec, fmt, ZERO } from '../src/domain/index.ts';
import { SeededRandom } from '../src/sim/seeded-random.ts';
import type { JournalSpec } from '../src/store/index.ts';
import { openOrderStatus, PolymarketVenue } from '../src/venues/polymarket/index.ts';
import type { ChaosGatewayArgs } from './gateway.ts';
import { liquidityOrder } from './orders.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TOKEN_A = '71321045679252212594626385532706912750332728571942532289631379312455583992563';
const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** Options of one harness run. */
export interface ChaosOptions {
  readonly kills: number;
  readonly seed: number;
  /** `memory` keeps nothing across a crash: it shows that the checks do catch losses. */
  readonly backends: readonly ('sqlite' | 'postgres' | 'memory')[];
  /** Prints progress lines (default true). */
  readonly verbose?: boolean;
}

/** The verdict for one backend. */
export interface ChaosResult {
  readonly backend: string;
  readonly kills: number;
  readonly acked: number;
  readonly orders: number;
  readonly venueOrders: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly stateMismatches: readonly string[];
  readonly fills: { readonly gateway: number; readonly venue: number };
  readonly position: { readonly gateway: string; readonly venue: string };
  readonly ok: boolean;
}

interface Ready {
  readonly url: string;
}

/** Spawns a command from the checkout and returns the child with a line reader on its stdout. */
function start(args: string[]): { child: ChildProcess; lines: AsyncIterator<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  child.stderr!.on('data', () => {}); // drained; a crash shows as a missing final line
  return { child, lines };
}

async function startSim(seed: number): Promise<{ child: ChildProcess; url: string }> {
  const { child, lines } = start([
    'bin/ag-exec.js',
    'sim',
    'polymarket',
    '--port',
    '0',
    '--seed',
    String(seed),
  ]);
  const first = await lines.next();
  const ready = JSON.parse(String(first.value)) as Ready;
  return { child, url: ready.url };
}

async function post(url: string, body: unknown, method = 'POST'): Promise<Record<string, unknown>> {
  const r = await fetch(url, body === undefined ? { method } : { method, body: JSON.stringify(body) });
  return (await r.json()) as Record<string, unknown>;
}

/** Keeps a ladder of liquidity on both sides so that crossing orders trade. */
async function replenish(lp: PolymarketVenue): Promise<void> {
  await lp.cancelAll();
  for (let k = 0; k < 6; k++) {
    for (const [side, price] of [
      ['Sell', `0.${60 + k}`],
      ['Buy', `0.${40 - k}`],
    ] as const) {
      await lp.placeOrder(liquidityOrder(lp, asMarketId(TOKEN_A), side, dec(price), dec(200)));
    }
  }
}

function killAndWait(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Runs the harness for one backend. */
async function runBackend(backend: 'sqlite' | 'postgres' | 'memory', o: ChaosOptions): Promise<ChaosResult> {
  const log = (s: string) => {
    if (o.verbose !== false) process.stderr.write(`[chaos ${backend}] ${s}\n`);
  };
  const rng = new SeededRandom(o.seed);
  const sim = await startSim(o.seed);
  const dir = mkdtempSync(join(tmpdir(), 'ag-chaos-'));
  const schema = `chaos_${o.seed}_${process.pid}_${backend}`;
  const journal: JournalSpec =
    backend === 'sqlite'
      ? { kind: 'sqlite', path: join(dir, 'journal.db') }
      : backend === 'postgres'
        ? { kind: 'postgres', url: PG_URL, schema }
        : { kind: 'memory' };
  let lp: PolymarketVenue | undefined;
  try {
    const trader = await post(`${sim.url}/_sim/accounts`, {
      usdc: '100000',
      tokens: { [TOKEN_A]: '100000' },
    });
    const maker = await post(`${sim.url}/_sim/accounts`, { usdc: '100000', tokens: { [TOKEN_A]: '100000' } });
    lp = await PolymarketVenue.create({
      host: sim.url,
      privateKey: String(maker.privateKey),
      venueId: 'lp',
      stream: false,
    });
    await replenish(lp);
    await post(`${sim.url}/_sim/faults`, { kind: 'accept_then_500', probability: 0.1 });
    await post(`${sim.url}/_sim/faults`, {
      kind: 'latency',
      ms: 600,
      probability: 0.05,
      route: 'POST /order',
    });
    await post(`${sim.url}/_sim/faults`, {
      kind: 'latency',
      ms: 600,
      probability: 0.05,
      route: 'DELETE /order',
    });
    const base: Omit<ChaosGatewayArgs, 'seed'> = {
      journal,
      venues: [
        {
          kind: 'polymarket',
          id: 'polymarket',
          url: sim.url,
          privateKey: String(trader.privateKey),
          market: TOKEN_A,
        },
      ],
    };
    const acked = new Set<string>();
    for (let k = 1; k <= o.kills; k++) {
      const { child, lines } = start([
        'chaos/gateway.ts',
        JSON.stringify({ ...base, seed: o.seed * 1000 + k }),
      ]);
      let recovered = (): void => {};
      const ready = new Promise<void>((resolve) => {
        recovered = resolve;
        child.once('exit', () => resolve());
      });
      const reading = (async () => {
        for (let l = await lines.next(); !l.done; l = await lines.next()) {
          const m = JSON.parse(String(l.value)) as { acked?: string; recovered?: unknown };
          if (m.acked !== undefined) acked.add(m.acked);
          if (m.recovered !== undefined) recovered();
        }
      })();
      await ready;
      await new Promise((r) => setTimeout(r, 200 + Math.floor(rng.next() * 1800)));
      await killAndWait(child);
      await reading.catch(() => {});
      if (k % 5 === 0) await replenish(lp);
      log(`kill ${k}/${o.kills}: ${acked.size} orders acknowledged so far`);
    }
    await post(`${sim.url}/_sim/faults`, undefined, 'DELETE');
    const fin = start(['chaos/gateway.ts', JSON.stringify({ ...base, seed: 0, final: true })]);
    let final:
      | { orders: Record<string, string>[]; fills: unknown[]; positions: { netSize: string }[] }
      | undefined;
    for (let l = await fin.lines.next(); !l.done; l = await fin.lines.next()) {
      const m = JSON.parse(String(l.value)) as { final?: typeof final };
      if (m.final !== undefined) final = m.final;
    }
    if (final === undefined) throw new Error('the final gateway did not report its state');
    const ledger = (await (await fetch(`${sim.url}/_sim/ledger`)).json()) as {
      orders: Record<string, string>[];
      trades: {
        maker_address: string;
        side: string;
        size: string;
        maker_orders: { order_id: string; matched_amount: string }[];
      }[];
    };
    return verify(backend, o.kills, acked, final, ledger, String(trader.address));
  } finally {
    await lp?.close();
    await killAndWait(sim.child);
    rmSync(dir, { recursive: true, force: true });
    if (backend === 'postgres') {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    }
  }
}

function verify(
  backend: string,
  kills: number,
  acked: ReadonlySet<string>,
  final: { orders: Record<string, string>[]; fills: unknown[]; positions: { netSize: string }[] },
  ledger: {
    orders: Record<string, string>[];
    trades: {
      maker_address: string;
      side: string;
      size: string;
      maker_orders: { order_id: string; matched_amount: string }[];
    }[];
  },
  traderAddress: string,
): ChaosResult {
  const me = traderAddress.toLowerCase();
  const ours = new Map(final.orders.map((x) => [x.id!, x]));
  const lost = [...acked].filter((id) => !ours.has(id)).length;
  const byHash = new Map<string, Record<string, string>[]>();
  for (const x of final.orders) {
    if (x.venueOrderId === undefined) continue;
    const list = byHash.get(x.venueOrderId.toLowerCase()) ?? [];
    list.push(x);
    byHash.set(x.venueOrderId.toLowerCase(), list);
  }
  const mine = ledger.orders.filter((v) => v.maker_address?.toLowerCase() === me);
  const seen = new Set<string>();
  let duplicated = 0;
  const mismatches: string[] = [];
  const now = Math.floor(Date.now() / 1000);
  const venueSide = new Map<string, string>();
  for (const v of mine) {
    const h = v.id!.toLowerCase();
    venueSide.set(h, v.side!);
    if (seen.has(h)) duplicated++;
    seen.add(h);
    const g = byHash.get(h) ?? [];
    if (g.length !== 1) {
      if (g.length > 1) duplicated++;
      else mismatches.push(`venue order ${h} is not tracked by the gateway`);
      continue;
    }
    const x = g[0]!;
    const expected = openOrderStatus(
      v.status!,
      dec(v.size_matched!),
      dec(v.original_size!),
      Number(v.expiration ?? 0),
      now,
    );
    if (x.status !== expected)
      mismatches.push(`${x.id}: gateway ${x.status}, venue ${v.status} -> ${expected}`);
    if (dec(x.filledSize!) !== dec(v.size_matched!))
      mismatches.push(`${x.id}: gateway filled ${x.filledSize}, venue ${v.size_matched}`);
  }
  for (const x of final.orders) {
    const h = x.venueOrderId?.toLowerCase();
    const atVenue = h !== undefined && seen.has(h);
    if (!atVenue && x.status !== 'Rejected')
      mismatches.push(`${x.id} is ${x.status} but the venue never had it`);
  }
  let venueFills = 0;
  let net: Decimal = ZERO;
  for (const t of ledger.trades) {
    if (t.maker_address.toLowerCase() === me) {
      venueFills++;
      net = (net + (t.side === 'BUY' ? dec(t.size) : -dec(t.size))) as Decimal;
    }
    for (const m of t.maker_orders) {
      const side = venueSide.get(m.order_id.toLowerCase());
      if (side === undefined) continue;
      venueFills++;
      net = (net + (side === 'BUY' ? dec(m.matched_amount) : -dec(m.matched_amount))) as Decimal;
    }
  }
  const gwNet = final.positions.reduce((s, p) => (s + dec(p.netSize)) as Decimal, ZERO);
  const ok =
    lost === 0 &&
    duplicated === 0 &&
    mismatches.length === 0 &&
    final.fills.length === venueFills &&
    gwNet === net;
  return {
    backend,
    kills,
    acked: acked.size,
    orders: final.orders.length,
    venueOrders: mine.length,
    lost,
    duplicated,
    stateMismatches: mismatches,
    fills: { gateway: final.fills.length, venue: venueFills },
    position: { gateway: fmt(gwNet), venue: fmt(net) },
    ok,
  };
}

/** Runs the harness for each backend in turn. */
export async function runChaos(o: ChaosOptions): Promise<ChaosResult[]> {
  const out: ChaosResult[] = [];
  for (const b of o.backends) out.push(await runBackend(b, o));
  return out;
}

/**
 * One line per backend: `chaos <backend>: kills=N orders=N lost=N duplicates=N mismatches=N`, then what
 * was compared (mismatches counts every order state, fill count and position that differs from the venue).
 */
export function summary(r: ChaosResult): string {
  const mismatches =
    r.stateMismatches.length +
    (r.fills.gateway === r.fills.venue ? 0 : 1) +
    (r.position.gateway === r.position.venue ? 0 : 1);
  return (
    `chaos ${r.backend}: kills=${r.kills} orders=${r.acked} lost=${r.lost} duplicates=${r.duplicated} ` +
    `mismatches=${mismatches} (venue orders ${r.venueOrders}, fills ${r.fills.gateway}/${r.fills.venue}, ` +
    `position ${r.position.gateway}/${r.position.venue}) ${r.ok ? 'PASS' : 'FAIL'}`
  );
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (name: string, fallback: string): string => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
  };
  const results = await runChaos({
    kills: Number(arg('--kills', '20')),
    seed: Number(arg('--seed', '1')),
    backends: arg('--backends', 'sqlite,postgres').split(',') as ChaosOptions['backends'][number][],
  });
  for (const r of results) {
    for (const m of r.stateMismatches.slice(0, 10)) process.stderr.write(`  ${r.backend}: ${m}\n`);
    console.log(summary(r));
  }
  process.exit(results.every((r) => r.ok) ? 0 : 1);
}
