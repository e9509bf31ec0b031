/**
 * The demo, shortened: every staged case happens, and the summary adds up.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runDemo } from '../src/cli/demo.ts';
import { formatSummary } from '../src/cli/demo-command.ts';

it('runs a short demo with every case shown and a consistent summary', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'agx-demo-'));
  const cases: string[] = [];
  const s = await runDemo({ durationSec: 5, seed: 7, dataDir, onCase: (l) => cases.push(l) });
  for (const [k, v] of Object.entries(s.cases)) expect(v, k).toBeTypeOf('string');
  expect(s.cases.settledByQuery).toMatch(/Submitting -> Working/);
  expect(s.fills).toBeGreaterThan(0);
  // the Polymarket leg traded through the adapter, and the gateway agrees with the simulator's ledger
  expect(s.fillsByVenue.polymarket).toBeGreaterThan(0);
  expect(s.fillsByVenue.paper).toBeGreaterThan(0);
  expect(s.fillsByVenue.polymarket).toBe(s.polymarket.venueTrades);
  const pm = s.positions.filter((p) => p.venue === 'polymarket');
  expect(pm).toHaveLength(1);
  expect(pm[0]!.netSize).toBe(s.polymarket.venueNetSize);
  expect(s.polymarket.venueOrders.LIVE ?? 0).toBe(0);
  // the Binance leg too
  expect(s.fillsByVenue.binance).toBeGreaterThan(0);
  expect(s.fillsByVenue.binance).toBe(s.binance.venueTrades);
  const bn = s.positions.filter((p) => p.venue === 'binance');
  expect(bn).toHaveLength(1);
  expect(bn[0]!.netSize).toBe(s.binance.venueNetSize);
  expect(s.binance.venueOrders.NEW ?? 0).toBe(0);
  // the Uniswap leg: swaps on the local chain through the adapter, each with the pool chosen and why
  expect(s.uniswap.swaps.map((w) => [w.what, w.status])).toEqual([
    ['market buy 1 WETH', 'Filled'],
    ['market sell 8 WETH', 'Filled'],
    ['limit IOC buy 1 WETH at 2900', 'refused'],
    ['limit IOC sell 1 WETH at 2900', 'Filled'],
    ['GTC buy 1 WETH at 2900', 'refused'],
  ]);
  expect(s.uniswap.swaps[0]!.route).toMatch(/^v3\/500: best input after gas/);
  expect(s.uniswap.swaps[1]!.route).toMatch(/^v2: best output after gas/);
  expect(s.uniswap.swaps[2]!.refusal).toMatch(/nothing can trade within the limit price 2900/);
  expect(s.uniswap.swaps[4]!.refusal).toMatch(/timeInForce GTC is not supported on uniswap WETH\/USD/);
  for (const w of s.uniswap.swaps.filter((x) => x.status === 'Filled')) {
    expect(w.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(Number(w.gasFee)).toBeGreaterThan(0);
  }
  expect(s.fillsByVenue.uniswap).toBeGreaterThanOrEqual(3);
  const uni = s.positions.filter((p) => p.venue === 'uniswap');
  expect(uni.map((p) => [p.market, p.netSize])).toEqual([['WETH/USD', '-8']]);
  expect(s.riskRejectionsByPolicy.MaxOrderSize).toBeGreaterThanOrEqual(1);
  expect(s.rateLimitWaits).toBeGreaterThan(0);
  expect(s.ordersByStatus.Submitting ?? 0).toBe(0);
  expect(s.ordersByStatus.Cancelling ?? 0).toBe(0);
  expect(s.latencyMs.samples).toBeGreaterThan(10);
  expect(existsSync(s.auditLog)).toBe(true);
  // every order's events went to the SQLite journal: at least a Submitted and a final event each
  expect(existsSync(s.journal.path)).toBe(true);
  const orders = Object.values(s.ordersByStatus).reduce((a, b) => a + b, 0);
  expect(s.journal.events).toBeGreaterThanOrEqual(2 * orders);
  // the service leg: HTTP with a token, an idempotent retry, the event stream in sequence
  expect(s.service.orders).toEqual({ Cancelled: 1, Filled: 1 });
  expect(s.service.retryReturnedSameOrder).toBe(true);
  expect(s.service.streamEvents).toBeGreaterThan(3);
  expect(s.service.streamInOrder).toBe(true);
  expect(s.service.netSize).toBe('5');
  const metrics = readFileSync(s.metricsFile, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { metric_name: string });
  expect(new Set(metrics.map((m) => m.metric_name))).toEqual(
    new Set([
      'exec.latency_ms',
      'exec.orders_placed',
      'exec.orders_filled',
      'exec.orders_cancelled',
      'exec.risk_rejections',
      'exec.rate_limit_hits',
      ...(s.ordersByStatus.Rejected ? ['exec.orders_rejected'] : []),
    ]),
  );
  const text = formatSummary(s);
  for (const heading of [
    'Orders by final status',
    'Positions and PnL',
    'Polymarket simulator',
    'Binance simulator',
    'Uniswap V2/V3 on a local chain',
    'pool v2: best output after gas',
    'Gateway service',
    'Risk rejections by policy',
    'Rate-limit waits',
    'p99',
  ]) {
    expect(text).toContain(heading);
  }
});
