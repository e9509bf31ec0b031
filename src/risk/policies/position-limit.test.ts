import { describe, expect, it } from 'vitest';
import { riskOrder } from '../../../test/support/builders.ts';
import { TestRiskContext, violationsOf } from '../../../test/support/risk-context.ts';
import { dec } from '../../domain/index.ts';
import { PositionLimit } from './position-limit.ts';

const limit = new PositionLimit({ maxSize: dec(1000), perMarket: new Map([['SMALL', dec(10)]]) });

describe('PositionLimit', () => {
  it('passes an order inside the limit and one that lands exactly on it', () => {
    const ctx = new TestRiskContext().setPosition('paper', 'MKT', { netSize: 400 });
    expect(violationsOf(limit, riskOrder('Buy', 100, '0.5'), ctx)).toEqual([]);
    expect(violationsOf(limit, riskOrder('Buy', 600, '0.5'), ctx)).toEqual([]);
  });

  it('fails one unit past the limit, reporting the worst-case position', () => {
    const ctx = new TestRiskContext().setPosition('paper', 'MKT', { netSize: 400 });
    expect(violationsOf(limit, riskOrder('Buy', '600.000001', '0.5'), ctx)).toEqual([
      {
        policy: 'PositionLimit',
        reason: 'position on MKT would exceed the limit',
        limit: '1000',
        actual: '1000.000001',
      },
    ]);
  });

  it('counts open orders on the same side only', () => {
    const ctx = new TestRiskContext()
      .setPosition('paper', 'MKT', { netSize: 400 })
      .addOpenOrder('paper', 'MKT', 'Buy', 500, '0.5')
      .addOpenOrder('paper', 'MKT', 'Sell', 5000, '0.6');
    expect(violationsOf(limit, riskOrder('Buy', 100, '0.5'), ctx)).toEqual([]);
    expect(violationsOf(limit, riskOrder('Buy', 101, '0.5'), ctx)[0]?.actual).toBe('1001');
    // Sells: 400 - 5000 - 1 = -4601 on the short side.
    expect(violationsOf(limit, riskOrder('Sell', 1, '0.5'), ctx)[0]?.actual).toBe('4601');
  });

  it('checks the short side for sells, and lets an order toward flat pass even when over the limit', () => {
    const ctx = new TestRiskContext().setPosition('paper', 'MKT', { netSize: -2000 });
    expect(violationsOf(limit, riskOrder('Buy', 100, '0.5'), ctx)).toEqual([]);
    expect(violationsOf(limit, riskOrder('Sell', 1, '0.5'), ctx)[0]?.actual).toBe('2001');
    const flat = new TestRiskContext();
    expect(violationsOf(limit, riskOrder('Sell', 1000, '0.5'), flat)).toEqual([]);
    expect(violationsOf(limit, riskOrder('Sell', 1001, '0.5'), flat)).toHaveLength(1);
  });

  it('uses the per-market override', () => {
    const ctx = new TestRiskContext();
    expect(violationsOf(limit, riskOrder('Buy', 10, '0.5', { market: 'SMALL' }), ctx)).toEqual([]);
    expect(violationsOf(limit, riskOrder('Buy', 11, '0.5', { market: 'SMALL' }), ctx)[0]?.limit).toBe('10');
  });

  it('describes itself and reports the market closest to its limit', () => {
    expect(limit.describe()).toContain('<= 1000');
    expect(limit.describe()).toContain('SMALL: 10');
    const ctx = new TestRiskContext()
      .setPosition('paper', 'MKT', { netSize: 500 })
      .setPosition('paper', 'SMALL', { netSize: -8 });
    expect(limit.usage(ctx).current).toBe('8 on SMALL (limit 10)');
    expect(limit.usage(new TestRiskContext()).current).toBe('no positions');
  });
});
