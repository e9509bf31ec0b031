import { describe, expect, it } from 'vitest';
import { riskOrder } from '../../../test/support/builders.ts';
import { TestRiskContext, violationsOf } from '../../../test/support/risk-context.ts';
import { dec } from '../../domain/index.ts';
import { PriceBand } from './price-band.ts';

describe('PriceBand', () => {
  const p = new PriceBand({ maxDeviationBps: dec(500) }); // 5 %
  const ctx = new TestRiskContext().setReferencePrice('paper', 'MKT', '0.5');

  it('passes inside the band and exactly on its edges', () => {
    expect(violationsOf(p, riskOrder('Buy', 1, '0.51'), ctx)).toEqual([]);
    expect(violationsOf(p, riskOrder('Buy', 1, '0.525'), ctx)).toEqual([]);
    expect(violationsOf(p, riskOrder('Sell', 1, '0.475'), ctx)).toEqual([]);
  });

  it('fails outside the band on either side, reporting the deviation in bps', () => {
    expect(violationsOf(p, riskOrder('Buy', 1, '0.5251'), ctx)).toEqual([
      {
        policy: 'PriceBand',
        reason: 'deviation of 0.5251 from the reference 0.5 in bps',
        limit: '500',
        actual: '502',
      },
    ]);
    expect(violationsOf(p, riskOrder('Sell', 1, '0.4'), ctx)[0]?.actual).toBe('2000');
  });

  it('passes orders without a price and markets without a reference, and says so', () => {
    expect(violationsOf(p, riskOrder('Buy', 1, undefined), ctx)).toEqual([]);
    expect(violationsOf(p, riskOrder('Buy', 1, '0.99', { market: 'NOREF' }), ctx)).toEqual([]);
    expect(p.describe()).toMatch(/without a reference price, pass/);
  });
});
