import { describe, expect, it } from 'vitest';
import { riskOrder } from '../../../test/support/builders.ts';
import { TestRiskContext, violationsOf } from '../../../test/support/risk-context.ts';
import { dec } from '../../domain/index.ts';
import { InventoryLimit } from './inventory-limit.ts';

describe('InventoryLimit', () => {
  const p = new InventoryLimit({ maxValueUsd: dec(10000) });

  it('values |position| + same-direction open orders + the order at reference prices, across markets', () => {
    const ctx = new TestRiskContext()
      .setPosition('paper', 'A', { netSize: 100, avgEntryPrice: 40 })
      .setReferencePrice('paper', 'A', 50) // 100 long + 20 open buys = 120 × 50 = 6000
      .addOpenOrder('paper', 'A', 'Buy', 20, 49)
      .addOpenOrder('paper', 'A', 'Sell', 30, 55) // opposite side: does not add
      .setPosition('binance', 'B', { netSize: -10, avgEntryPrice: 200 })
      .setReferencePrice('binance', 'B', 300); // 10 short × 300 = 3000 -> total 9000
    expect(p.usage(ctx).current).toBe('9000 USD');
    // A buy of 20 on A at limit 45: valued at the reference 50 -> +1000 = 10000 exactly: passes.
    expect(violationsOf(p, riskOrder('Buy', 20, 45, { market: 'A' }), ctx)).toEqual([]);
    expect(violationsOf(p, riskOrder('Buy', '20.01', 45, { market: 'A' }), ctx)).toEqual([
      {
        policy: 'InventoryLimit',
        reason: 'worst-case inventory value would exceed the limit',
        limit: '10000',
        actual: '10000.5',
      },
    ]);
  });

  it('counts a sell that only reduces a long as no extra exposure', () => {
    const ctx = new TestRiskContext()
      .setPosition('paper', 'A', { netSize: 190 })
      .setReferencePrice('paper', 'A', 50);
    expect(violationsOf(p, riskOrder('Sell', 100, 50, { market: 'A' }), ctx)).toEqual([]);
    // Selling 390 flips to 200 short: worst |190 - 390| = 200 × 50 = 10000: boundary passes.
    expect(violationsOf(p, riskOrder('Sell', 390, 50, { market: 'A' }), ctx)).toEqual([]);
    expect(violationsOf(p, riskOrder('Sell', 391, 50, { market: 'A' }), ctx)).toHaveLength(1);
  });

  it("uses the order's limit price on a market without a reference price", () => {
    const ctx = new TestRiskContext();
    expect(violationsOf(p, riskOrder('Buy', 20000, '0.5', { market: 'NEW' }), ctx)).toEqual([]);
    expect(violationsOf(p, riskOrder('Buy', 20001, '0.5', { market: 'NEW' }), ctx)[0]?.actual).toBe(
      '10000.5',
    );
  });

  it('values flat markets with open orders and no reference at their own notional', () => {
    const ctx = new TestRiskContext()
      .addOpenOrder('paper', 'X', 'Buy', 1000, 9)
      .addOpenOrder('paper', 'X', 'Sell', 10, 9);
    expect(p.usage(ctx).current).toBe('9000 USD');
    expect(violationsOf(p, riskOrder('Buy', 1000, 1, { market: 'Y' }), ctx)).toEqual([]);
    expect(violationsOf(p, riskOrder('Buy', 1001, 1, { market: 'Y' }), ctx)).toHaveLength(1);
  });

  it('refuses an order it cannot value', () => {
    const out = violationsOf(p, riskOrder('Buy', 1, undefined, { market: 'Z' }), new TestRiskContext());
    expect(out[0]).toMatchObject({ policy: 'InventoryLimit', actual: 'unknown' });
  });
});
