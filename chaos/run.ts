/**
 * The crash harness (`npm run chaos`): the gateway (`chaos/gateway.ts`) runs in its own process against
 * the Polymarket and Binance simulators in theirs, trading at random on both with injected faults
 * (answers lost after the venue acted, -1007 timeouts, replies slower than the adapter's timeout); it is
 * killed with SIGKILL at random moments and restarted, `--kills` times per journal backend (SQLite and
 * PostgreSQL), seeded and reproducible. A last start recovers and reports its state, which must equal each
 * simulator's ledger: no acknowledged order lost, no venue order twice, every order's final state and
 * fills, every fill, and every position.
 *
 * Usage: `npm run chaos -- [--kills N] [--seed S] [--backends sqlite,postgres]`. Ends with one line per
 * backend (`chaos <backend>: kills=N orders=N lost=N duplicates=N mismatches=N ...`); exits 1 if any check
 * fails.
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
import { binanceOrderStatus } from '../src/venues/binance/index.ts';
import { directOrder } from '../src/venues/direct-order.ts';
import { openOrderStatus, PolymarketVenue } from '../src/venues/polymarket/index.ts';
import type { ChaosGatewayArgs, ChaosVenueSpec } from './gateway.ts';

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

/** What one venue's ledger says against the gateway's final state. */
export interface VenueVerdict {
  readonly venue: string;
  readonly orders: number;
  readonly venueOrders: number;
  readonly duplicated: number;
  readonly mismatches: readonly string[];
  readonly fills: { readonly gateway: number; readonly venue: number };
  readonly position: { readonly gateway: string; readonly venue: string };
}

/** The verdict for one backend. */
export interface ChaosResult {
  readonly backend: string;
  readonly kills: number;
  readonly acked: number;
  readonly lost: number;
  readonly venues: readonly VenueVerdict[];
  readonly ok: boolean;
}

/** The gateway's state as its last start reports it (decimals as text). */
interface FinalState {
  readonly orders: Record<string, string>[];
  readonly fills: { venue: string }[];
  readonly positions: { venue: string; netSize: string }[];
}

/** One simulator process, set up for the run. */
interface VenueRig {
  readonly spec: ChaosVenueSpec;
  /** Keeps liquidity on the book (between kills). */
  refresh(): Promise<void>;
  clearFaults(): Promise<void>;
  verify(final: FinalState): Promise<VenueVerdict>;
  close(): Promise<void>;
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

async function startSim(
  venue: string,
  seed: number,
): Promise<{ child: ChildProcess; url: string; wsUrl: string }> {
  const { child, lines } = start(['bin/ag-exec.js', 'sim', venue, '--port', '0', '--seed', String(seed)]);
  const first = await lines.next();
  const ready = JSON.parse(String(first.value)) as { url: string; wsUrl: string };
  return { child, url: ready.url, wsUrl: ready.wsUrl };
}

async function call(url: string, body?: unknown, method = 'POST'): Promise<Record<string, unknown>> {
  const r = await fetch(url, body === undefined ? { method } : { method, body: JSON.stringify(body) });
  return (await r.json()) as Record<string, unknown>;
}

function killAndWait(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Orders of one venue in the gateway's final state, by venue order id (lowercase). */
function byVenueId(final: FinalState, venue: string): Map<string, Record<string, string>[]> {
  const out = new Map<string, Record<string, string>[]>();
  for (const x of final.orders) {
    if (x.venue !== venue || x.venueOrderId === undefined) continue;
    const k = x.venueOrderId.toLowerCase();
    out.set(k, [...(out.get(k) ?? []), x]);
  }
  return out;
}

/** Checks that every gateway order of the venue that the venue does not have ended Rejected. */
function neverThere(final: FinalState, venue: string, seen: ReadonlySet<string>, into: string[]): void {
  for (const x of final.orders) {
    if (x.venue !== venue) continue;
    const k = x.venueOrderId?.toLowerCase();
    if ((k === undefined || !seen.has(k)) && x.status !== 'Rejected')
      into.push(`${x.id} is ${x.status} but ${venue} never had it`);
  }
}

function gatewayPosition(final: FinalState, venue: string): Decimal {
  return final.positions
    .filter((p) => p.venue === venue)
    .reduce((s, p) => (s + dec(p.netSize)) as Decimal, ZERO);
}

async function polymarketRig(seed: number): Promise<VenueRig> {
  const sim = await startSim('polymarket', seed);
  const trader = await call(`${sim.url}/_sim/accounts`, { usdc: '100000', tokens: { [TOKEN_A]: '100000' } });
  const maker = await call(`${sim.url}/_sim/accounts`, { usdc: '100000', tokens: { [TOKEN_A]: '100000' } });
  const lp = await PolymarketVenue.create({
    host: sim.url,
    privateKey: String(maker.privateKey),
    venueId: 'lp',
    stream: false,
  });
  const refresh = async (): Promise<void> => {
    await lp.cancelAll();
    for (let k = 0; k < 6; k++)
      for (const [side, price] of [
        ['Sell', `0.${60 + k}`],
        ['Buy', `0.${40 - k}`],
      ] as const)
        await lp.placeOrder(directOrder(lp, asMarketId(TOKEN_A), side, dec(price), dec(200)));
  };
  await refresh();
  await call(`${sim.url}/_sim/faults`, { kind: 'accept_then_500', probability: 0.1 });
  await call(`${sim.url}/_sim/faults`, { kind: 'latency', ms: 600, probability: 0.05, route: 'POST /order' });
  await call(`${sim.url}/_sim/faults`, {
    kind: 'latency',
    ms: 600,
    probability: 0.05,
    route: 'DELETE /order',
  });
  const me = String(trader.address).toLowerCase();
  return {
    spec: {
      kind: 'polymarket',
      id: 'polymarket',
      url: sim.url,
      privateKey: String(trader.privateKey),
      market: TOKEN_A,
    },
    refresh,
    clearFaults: async () => void (await call(`${sim.url}/_sim/faults`, undefined, 'DELETE')),
    verify: async (final) => {
      const ledger = (await (await fetch(`${sim.url}/_sim/ledger`)).json()) as {
        orders: Record<string, string>[];
        trades: {
          maker_address: string;
          side: string;
          size: string;
          maker_orders: { order_id: string; matched_amount: string }[];
        }[];
      };
      const ours = byVenueId(final, 'polymarket');
      const mine = ledger.orders.filter((v) => v.maker_address?.toLowerCase() === me);
      const seen = new Set<string>();
      const sideOf = new Map<string, string>();
      let duplicated = 0;
      const mismatches: string[] = [];
      const now = Math.floor(Date.now() / 1000);
      for (const v of mine) {
        const h = v.id!.toLowerCase();
        sideOf.set(h, v.side!);
        if (seen.has(h)) duplicated++;
        seen.add(h);
        const g = ours.get(h) ?? [];
        if (g.length !== 1) {
          if (g.length > 1) duplicated++;
          else mismatches.push(`venue order ${h} is not tracked by the gateway`);
          continue;
        }
        const x = g[0]!;
        const want = openOrderStatus(
          v.status!,
          dec(v.size_matched!),
          dec(v.original_size!),
          Number(v.expiration ?? 0),
          now,
        );
        if (x.status !== want) mismatches.push(`${x.id}: gateway ${x.status}, venue ${v.status} -> ${want}`);
        if (dec(x.filledSize!) !== dec(v.size_matched!))
          mismatches.push(`${x.id}: gateway filled ${x.filledSize}, venue ${v.size_matched}`);
      }
      neverThere(final, 'polymarket', seen, mismatches);
      let fills = 0;
      let net: Decimal = ZERO;
      for (const t of ledger.trades) {
        if (t.maker_address.toLowerCase() === me) {
          fills++;
          net = (net + (t.side === 'BUY' ? dec(t.size) : -dec(t.size))) as Decimal;
        }
        for (const m of t.maker_orders) {
          const side = sideOf.get(m.order_id.toLowerCase());
          if (side === undefined) continue;
          fills++;
          net = (net + (side === 'BUY' ? dec(m.matched_amount) : -dec(m.matched_amount))) as Decimal;
        }
      }
      return {
        venue: 'polymarket',
        orders: final.orders.filter((x) => x.venue === 'polymarket').length,
        venueOrders: mine.length,
        duplicated,
        mismatches,
        fills: { gateway: final.fills.filter((f) => f.venue === 'polymarket').length, venue: fills },
        position: { gateway: fmt(gatewayPosition(final, 'polymarket')), venue: fmt(net) },
      };
    },
    close: async () => {
      await lp.close();
      await killAndWait(sim.child);
    },
  };
}

async function binanceRig(seed: number): Promise<VenueRig> {
  const sim = await startSim('binance', seed);
  const creds = await call(`${sim.url}/_sim/accounts`, { balances: { USDT: '10000000', BTC: '100' } });
  await call(`${sim.url}/_sim/faults`, { kind: 'accept_then_500', probability: 0.08 });
  await call(`${sim.url}/_sim/faults`, { kind: 'timeout_1007', probability: 0.05 });
  await call(`${sim.url}/_sim/faults`, {
    kind: 'latency',
    ms: 600,
    probability: 0.05,
    route: 'POST /api/v3/order',
  });
  const apiKey = String(creds.apiKey);
  return {
    spec: {
      kind: 'binance',
      id: 'binance',
      url: sim.url,
      wsUrl: sim.wsUrl,
      apiKey,
      secret: String(creds.secret),
      market: 'BTCUSDT',
    },
    refresh: async () => {},
    clearFaults: async () => void (await call(`${sim.url}/_sim/faults`, undefined, 'DELETE')),
    verify: async (final) => {
      const ledger = (await (await fetch(`${sim.url}/_sim/ledger`)).json()) as {
        orders: (Record<string, string> & { orderId: number })[];
        trades: { apiKey: string; isBuyer: boolean; qty: string }[];
      };
      const ours = byVenueId(final, 'binance');
      const mine = ledger.orders.filter((v) => v.apiKey === apiKey);
      const seen = new Set<string>();
      let duplicated = 0;
      const mismatches: string[] = [];
      for (const v of mine) {
        const id = String(v.orderId);
        if (seen.has(id)) duplicated++;
        seen.add(id);
        const g = ours.get(id) ?? [];
        if (g.length !== 1) {
          if (g.length > 1) duplicated++;
          else mismatches.push(`venue order ${id} (${v.clientOrderId}) is not tracked by the gateway`);
          continue;
        }
        const x = g[0]!;
        const want = binanceOrderStatus(v.status!);
        if (x.status !== want) mismatches.push(`${x.id}: gateway ${x.status}, venue ${v.status} -> ${want}`);
        if (dec(x.filledSize!) !== dec(v.executedQty!))
          mismatches.push(`${x.id}: gateway filled ${x.filledSize}, venue ${v.executedQty}`);
      }
      neverThere(final, 'binance', seen, mismatches);
      let fills = 0;
      let net: Decimal = ZERO;
      for (const t of ledger.trades) {
        if (t.apiKey !== apiKey) continue;
        fills++;
        net = (net + (t.isBuyer ? dec(t.qty) : -dec(t.qty))) as Decimal;
      }
      return {
        venue: 'binance',
        orders: final.orders.filter((x) => x.venue === 'binance').length,
        venueOrders: mine.length,
        duplicated,
        mismatches,
        fills: { gateway: final.fills.filter((f) => f.venue === 'binance').length, venue: fills },
        position: { gateway: fmt(gatewayPosition(final, 'binance')), venue: fmt(net) },
      };
    },
    close: () => killAndWait(sim.child),
  };
}

/** Runs one gateway start until it has recovered, then `ms` more; collects the acknowledged order ids. */
async function runOnce(args: ChaosGatewayArgs, acked: Set<string>, ms: number): Promise<void> {
  const { child, lines } = start(['chaos/gateway.ts', JSON.stringify(args)]);
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
  await new Promise((r) => setTimeout(r, ms));
  await killAndWait(child);
  await reading.catch(() => {});
}

/** Runs the harness for one backend. */
async function runBackend(backend: ChaosOptions['backends'][number], o: ChaosOptions): Promise<ChaosResult> {
  const log = (s: string) => {
    if (o.verbose !== false) process.stderr.write(`[chaos ${backend}] ${s}\n`);
  };
  const rng = new SeededRandom(o.seed);
  const dir = mkdtempSync(join(tmpdir(), 'ag-chaos-'));
  const schema = `chaos_${o.seed}_${process.pid}_${backend}`;
  const journal: JournalSpec =
    backend === 'sqlite'
      ? { kind: 'sqlite', path: join(dir, 'journal.db') }
      : backend === 'postgres'
        ? { kind: 'postgres', url: PG_URL, schema }
        : { kind: 'memory' };
  const rigs: VenueRig[] = [];
  try {
    rigs.push(await polymarketRig(o.seed), await binanceRig(o.seed));
    const venues = rigs.map((r) => r.spec);
    const acked = new Set<string>();
    for (let k = 1; k <= o.kills; k++) {
      await runOnce({ journal, venues, seed: o.seed * 1000 + k }, acked, 200 + Math.floor(rng.next() * 1800));
      if (k % 5 === 0) for (const r of rigs) await r.refresh();
      log(`kill ${k}/${o.kills}: ${acked.size} orders acknowledged so far`);
    }
    for (const r of rigs) await r.clearFaults();
    const fin = start(['chaos/gateway.ts', JSON.stringify({ journal, venues, seed: 0, final: true })]);
    let final: FinalState | undefined;
    for (let l = await fin.lines.next(); !l.done; l = await fin.lines.next()) {
      const m = JSON.parse(String(l.value)) as { final?: FinalState };
      if (m.final !== undefined) final = m.final;
    }
    if (final === undefined) throw new Error('the final gateway did not report its state');
    const known = new Set(final.orders.map((x) => x.id));
    const lost = [...acked].filter((id) => !known.has(id)).length;
    const verdicts: VenueVerdict[] = [];
    for (const r of rigs) verdicts.push(await r.verify(final));
    const ok =
      lost === 0 &&
      verdicts.every(
        (v) =>
          v.duplicated === 0 &&
          v.mismatches.length === 0 &&
          v.fills.gateway === v.fills.venue &&
          v.position.gateway === v.position.venue,
      );
    return { backend, kills: o.kills, acked: acked.size, lost, venues: verdicts, ok };
  } finally {
    for (const r of rigs) await r.close();
    rmSync(dir, { recursive: true, force: true });
    if (backend === 'postgres') {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    }
  }
}

/** Runs the harness for each backend in turn. */
export async function runChaos(o: ChaosOptions): Promise<ChaosResult[]> {
  const out: ChaosResult[] = [];
  for (const b of o.backends) out.push(await runBackend(b, o));
  return out;
}

/** Every order state, fill count and position of a venue that differs from its ledger. */
export function mismatchCount(v: VenueVerdict): number {
  return (
    v.mismatches.length +
    (v.fills.gateway === v.fills.venue ? 0 : 1) +
    (v.position.gateway === v.position.venue ? 0 : 1)
  );
}

/**
 * One line per backend: `chaos <backend>: kills=N orders=N lost=N duplicates=N mismatches=N`, then what was
 * compared per venue.
 */
export function summary(r: ChaosResult): string {
  const duplicates = r.venues.reduce((s, v) => s + v.duplicated, 0);
  const mismatches = r.venues.reduce((s, v) => s + mismatchCount(v), 0);
  const detail = r.venues
    .map(
      (v) =>
        `${v.venue}: ${v.venueOrders} venue orders, fills ${v.fills.gateway}/${v.fills.venue}, position ${v.position.gateway}/${v.position.venue}`,
    )
    .join('; ');
  return (
    `chaos ${r.backend}: kills=${r.kills} orders=${r.acked} lost=${r.lost} duplicates=${duplicates} ` +
    `mismatches=${mismatches} (${detail}) ${r.ok ? 'PASS' : 'FAIL'}`
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
    for (const v of r.venues)
      for (const m of v.mismatches.slice(0, 10)) process.stderr.write(`  ${r.backend} ${v.venue}: ${m}\n`);
    console.log(summary(r));
  }
  process.exit(results.every((r) => r.ok) ? 0 : 1);
}
