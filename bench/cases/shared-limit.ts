/**
 * `ratelimit.sharedAccount`: four processes trading on one simulated Polymarket account through the
 * Redis-shared limiter at full speed (the set-up of `test/ratelimit/shared-account.test.ts`, whose header
 * explains the margin): `ops_per_s` is the orders/s the processes achieve together, to compare with the
 * account's budget (50/s); `median_ns` / `p99_ns` the time from an order's admission by the limiter to the
 * venue's answer. Needs the loopback Redis. Throws if the venue refused any order with 429.
 */
import { runSharedAccount } from '../../test/ratelimit/fixtures/run-shared-account.ts';
import type { BenchResult } from '../harness.ts';

/** The simulator's limit: 250 orders per 5 s window (50/s); the shared bucket runs at 97% of it. */
const LIMIT = 250;
const WINDOW_MS = 5_000;

/** Runs the four-process shared-account case once (about 17 s). */
export async function sharedLimitCases(): Promise<BenchResult[]> {
  const budget = (LIMIT * 1000) / WINDOW_MS;
  const run = await runSharedAccount({
    processes: 4,
    loops: 8,
    limit: LIMIT,
    windowMs: WINDOW_MS,
    rate: 0.97 * budget,
    capacity: 2,
    leaseSize: 1,
    runMs: 10_000,
  });
  const f = run.figures;
  if (f.venueRateLimited > 0)
    throw new Error(`the venue refused ${f.venueRateLimited} orders with 429 during the benchmark`);
  return [
    {
      name: 'ratelimit.sharedAccount',
      median_ns: f.latencyMs.p50 * 1e6,
      p99_ns: f.latencyMs.p99 * 1e6,
      ops_per_s: Math.round(f.ordersPerS * 100) / 100,
    },
  ];
}
