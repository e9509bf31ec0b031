import { describe, expect, it } from 'vitest';
import { ManualClock, type Side } from '../domain/index.ts';
import { RiskEngine } from './risk-engine.ts';
import { order, TestRiskContext } from './test-context.ts';

const ALL_TEN = `
policies:
  - { type: PositionLimit, max_size: 1000000, per_market: { M3: 2000000 } }
  - { type: InventoryLimit, max_value_usd: 100000000 }
  - { type: MaxOrderSize, max_size: 1000 }
  - { type: MaxNotionalPerOrder, max_notional: 100000 }
  - { type: MaxOpenOrders, max_orders: 5000, per_market: { M1: 2000 } }
  - { type: OrderRateLimit, max_orders: 1000, interval_ms: 1000 }
  - { type: PriceBand, max_deviation_bps: 500 }
  - { type: DailyLossLimit, max_loss: 1000000 }
  - { type: MarketFilter, deny: [BAD], venues: { allow: [paper, binance] } }
  - { type: DailyNotionalLimit, max_notional: 1000000000 }
`;

/** Median ns per check() over `samples` timed batches. */
function medianNs(fn: () => void, batch: number, samples: number): number {
  for (let i = 0; i < batch * 20; i++) fn();
  const times: number[] = [];
  for (let s = 0; s < samples; s++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) fn();
    times.push(Number(process.hrtime.bigint() - t0) / batch);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** Builds the engine and a context with 1,000 open orders spread over `markets` markets; returns a check. */
function setup(markets: number): () => void {
  const clock = new ManualClock(1_700_000_000_000);
  const engine = RiskEngine.fromYaml(ALL_TEN, { clock });
  expect(engine.policies).toHaveLength(10);
  const ctx = new TestRiskContext();
  for (let m = 0; m < markets; m++) {
    const market = `M${m}`;
    ctx.setReferencePrice('paper', market, '0.5');
    ctx.setPosition('paper', market, { netSize: m * 10 - 100, avgEntryPrice: '0.45', realizedPnl: m });
  }
  for (let i = 0; i < 1000; i++) {
    const side: Side = i % 2 === 0 ? 'Buy' : 'Sell';
    ctx.addOpenOrder('paper', `M${i % markets}`, side, 10, side === 'Buy' ? '0.49' : '0.51');
  }
  const orders = [order('Buy', 10, '0.5', { market: 'M1' }), order('Sell', 25, '0.51', { market: 'M7' })];
  let i = 0;
  return (): void => {
    clock.advance(2); // keeps the rate window at ~500 accepted orders
    engine.check(orders[i++ & 1]!, ctx);
  };
}

describe('RiskEngine performance', () => {
  it('check() with all ten policy types and 1,000 open orders over 10 markets: median <= 5 µs', () => {
    const ns = medianNs(setup(10), 2000, 41);
    console.log(`risk check median, 10 markets: ${ns.toFixed(0)} ns`);
    expect(ns).toBeLessThanOrEqual(5000);
  });
});
