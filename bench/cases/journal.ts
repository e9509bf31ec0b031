/**
 * Durable journals under the whole submit pipeline (paper venue at zero latency, default validation, no
 * risk policies), many clients at once so that group commit batches their appends:
 * - `journal.sqlite.submit`: SQLite (WAL, synchronous=FULL, a temp file);
 * - `journal.postgres.submit`: PostgreSQL on 127.0.0.1:5432 (database `test`, a temp schema);
 * - `recovery.100k`: start-up of a gateway over a SQLite journal of 100,000 orders (open, replay, reconcile
 *   the paper venue), one timed run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { asOrderId, asVenueOrderId, dec, type OrderEvent } from '../../src/domain/index.ts';
import { ExecutionEngine } from '../../src/engine/index.ts';
import { RateLimiterConfig } from '../../src/ratelimit/index.ts';
import { type OrderJournal, PostgresJournal, SqliteJournal } from '../../src/store/index.ts';
import { PaperVenue } from '../../src/venues/paper/index.ts';
import { makeOrder } from '../../test/support/builders.ts';
import { type BenchResult, measureConcurrent } from '../harness.ts';

const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
const PRICES = ['0.30', '0.31', '0.32', '0.33', '0.34', '0.35', '0.36', '0.37', '0.38', '0.39'];

async function submitCase(name: string, journal: OrderJournal, scale: number): Promise<BenchResult> {
  const venue = new PaperVenue({ latencyMs: 0, liquidity: { enabled: false }, seed: 1 });
  const engine = new ExecutionEngine({ journal, enableRiskChecks: false });
  engine.registerAdapter(venue, RateLimiterConfig.new(1e9, 1e9).build('paper'));
  const result = await measureConcurrent(
    name,
    (i) =>
      engine.submitOrder({ venue: 'paper', market: 'PM-YES', side: 'Buy', price: PRICES[i % 10]!, size: 5 }),
    { iterations: Math.round(40_000 * scale), warmup: Math.round(4_000 * scale), concurrency: 512 },
  );
  await engine.close();
  return result;
}

/** Writes a journal of `orders` finished orders (submitted, accepted, half filled then cancelled, half filled). */
export async function writeJournalForBench(path: string, orders: number): Promise<void> {
  const j = SqliteJournal.open(path, { synchronous: 'NORMAL' });
  const pending: Promise<void>[] = [];
  for (let n = 0; n < orders; n++) {
    const o = makeOrder({ id: `o${n}`, size: '10', price: '0.5' });
    const id = asOrderId(`o${n}`);
    const ts = 1_700_000_000_000 + n;
    const events: OrderEvent[] = [
      { type: 'Submitted', orderId: id, ts, order: o },
      { type: 'Accepted', orderId: id, ts: ts + 1, venueOrderId: asVenueOrderId(`v${n}`) },
      n % 2 === 0
        ? { type: 'Cancelled', orderId: id, ts: ts + 2 }
        : {
            type: 'Filled',
            orderId: id,
            ts: ts + 2,
            fill: {
              orderId: id,
              venue: o.venue,
              market: o.market,
              tradeId: `t${n}` as never,
              side: o.side,
              price: dec('0.5'),
              size: dec(10),
              fee: dec(0),
              timestamp: ts + 2,
            },
          },
    ];
    for (const e of events) {
      const p = j.append(e);
      if (p) pending.push(p);
    }
    if (pending.length > 30_000) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  await j.close();
}

async function recoveryCase(scale: number): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'ag-exec-bench-'));
  try {
    const path = join(dir, 'journal.db');
    const orders = Math.round(100_000 * scale);
    await writeJournalForBench(path, orders);
    const t0 = process.hrtime.bigint();
    const engine = new ExecutionEngine({ journal: SqliteJournal.open(path), enableRiskChecks: false });
    engine.registerAdapter(new PaperVenue({ latencyMs: 0, liquidity: { enabled: false }, seed: 1 }));
    const report = await engine.recover();
    const ns = Number(process.hrtime.bigint() - t0);
    if (report.replay.orders !== orders)
      throw new Error(`recovered ${report.replay.orders} of ${orders} orders`);
    await engine.close();
    return { name: 'recovery.100k', median_ns: ns, p99_ns: ns, ops_per_s: Math.round((orders * 1e9) / ns) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the journal cases (`scale` < 1 for a quick run). */
export async function journalCases(scale = 1): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ag-exec-bench-'));
  const out: BenchResult[] = [];
  try {
    out.push(await submitCase('journal.sqlite.submit', SqliteJournal.open(join(dir, 'j.db')), scale));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const schema = `bench_${process.pid}`;
  try {
    out.push(
      await submitCase('journal.postgres.submit', await PostgresJournal.open({ url: PG_URL, schema }), scale),
    );
  } finally {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
  }
  out.push(await recoveryCase(scale));
  return out;
}
