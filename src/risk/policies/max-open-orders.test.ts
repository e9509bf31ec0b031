import { describe, expect, it } from 'vitest';
import { riskOrder } from '../../../test/support/builders.ts';
import { TestRiskContext, violationsOf } from '../../../test/support/risk-context.ts';
import { MaxOpenOrders } from './max-open-orders.ts';

function withOrders(n: number, market = 'MKT'): TestRiskContext {
  const ctx = new TestRiskContext();
  for (let i = 0; i < n; i++) ctx.addOpenOrder('paper', market, 'Buy', 1, '0.5');
  return ctx;
}

describe('MaxOpenOrders', () => {
  const p = new MaxOpenOrders({ maxOrders: 5, perMarket: new Map([['HOT', 2]]) });

  it('counts the new order: 4 active + 1 = 5 passes, 5 active + 1 fails', () => {
    expect(violationsOf(p, riskOrder('Buy', 1, '0.5'), withOrders(4))).toEqual([]);
    expect(violationsOf(p, riskOrder('Buy', 1, '0.5'), withOrders(5))).toEqual([
      { policy: 'MaxOpenOrders', reason: 'too many active orders', limit: '5', actual: '6' },
    ]);
  });

  it('applies the per-market limit to that market only', () => {
    const ctx = withOrders(2, 'HOT');
    expect(violationsOf(p, riskOrder('Buy', 1, '0.5', { market: 'HOT' }), withOrders(1, 'HOT'))).toEqual([]);
    expect(violationsOf(p, riskOrder('Buy', 1, '0.5', { market: 'HOT' }), ctx)).toEqual([
      { policy: 'MaxOpenOrders', reason: 'too many active orders on HOT', limit: '2', actual: '3' },
    ]);
    expect(violationsOf(p, riskOrder('Buy', 1, '0.5', { market: 'MKT' }), ctx)).toEqual([]);
  });

  it('reports both failures together', () => {
    const ctx = withOrders(3, 'HOT')
      .addOpenOrder('paper', 'MKT', 'Sell', 1)
      .addOpenOrder('paper', 'MKT', 'Sell', 1);
    expect(violationsOf(p, riskOrder('Buy', 1, '0.5', { market: 'HOT' }), ctx)).toHaveLength(2);
  });

  it('reports usage', () => {
    expect(p.usage(withOrders(3)).current).toBe('3 active');
    expect(p.describe()).toContain('HOT: 2');
  });
});
