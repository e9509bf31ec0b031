import { describe, expect, it } from 'vitest';
import { riskOrder } from '../../../test/support/builders.ts';
import { TestRiskContext, violationsOf } from '../../../test/support/risk-context.ts';
import { dec } from '../../domain/index.ts';
import { MaxNotionalPerOrder } from './max-notional-per-order.ts';

describe('MaxNotionalPerOrder', () => {
  const p = new MaxNotionalPerOrder({ maxNotional: dec(100) });

  it('passes below and exactly at the limit (exact product, no float)', () => {
    const ctx = new TestRiskContext();
    expect(violationsOf(p, riskOrder('Buy', 199, '0.5'), ctx)).toEqual([]);
    expect(violationsOf(p, riskOrder('Buy', 200, '0.5'), ctx)).toEqual([]);
    // 0.1 * 1000 is exactly 100 (a float product would be 100.00000000000001).
    expect(violationsOf(p, riskOrder('Buy', 1000, '0.1'), ctx)).toEqual([]);
  });

  it('fails above the limit', () => {
    const out = violationsOf(p, riskOrder('Sell', 201, '0.5'), new TestRiskContext());
    expect(out).toEqual([
      {
        policy: 'MaxNotionalPerOrder',
        reason: 'order notional exceeds the limit',
        limit: '100',
        actual: '100.5',
      },
    ]);
  });

  it('values market orders at the reference price, not their worst price', () => {
    const ctx = new TestRiskContext().setReferencePrice('paper', 'MKT', '0.8');
    expect(violationsOf(p, riskOrder('Buy', 125, undefined), ctx)).toEqual([]);
    expect(violationsOf(p, riskOrder('Buy', 126, undefined), ctx)[0]?.actual).toBe('100.8');
    expect(violationsOf(p, riskOrder('Buy', 126, '0.1', { orderType: 'Market' }), ctx)[0]?.actual).toBe(
      '100.8',
    );
  });

  it('refuses a market order that cannot be valued', () => {
    const out = violationsOf(p, riskOrder('Buy', 1, undefined), new TestRiskContext());
    expect(out[0]).toMatchObject({ policy: 'MaxNotionalPerOrder', actual: 'unknown' });
  });
});
