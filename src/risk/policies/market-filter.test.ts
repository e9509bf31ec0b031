import { describe, expect, it } from 'vitest';
import { riskOrder } from '../../../test/support/builders.ts';
import { TestRiskContext, violationsOf } from '../../../test/support/risk-context.ts';
import { MarketFilter } from './market-filter.ts';

describe('MarketFilter', () => {
  const ctx = new TestRiskContext();

  it('allows only listed markets', () => {
    const p = new MarketFilter({ allow: ['BTCUSDT', 'ETHUSDT'] });
    expect(violationsOf(p, riskOrder('Buy', 1, 1, { market: 'BTCUSDT' }), ctx)).toEqual([]);
    expect(violationsOf(p, riskOrder('Buy', 1, 1, { market: 'DOGEUSDT' }), ctx)).toEqual([
      {
        policy: 'MarketFilter',
        reason: 'market not allowed',
        limit: 'allow [BTCUSDT, ETHUSDT]',
        actual: 'DOGEUSDT',
      },
    ]);
  });

  it('denies listed markets, and deny wins over allow', () => {
    const p = new MarketFilter({ allow: ['A', 'B'], deny: ['B'] });
    expect(violationsOf(p, riskOrder('Buy', 1, 1, { market: 'A' }), ctx)).toEqual([]);
    expect(violationsOf(p, riskOrder('Buy', 1, 1, { market: 'B' }), ctx)).toHaveLength(1);
    const denyOnly = new MarketFilter({ deny: ['C'] });
    expect(violationsOf(denyOnly, riskOrder('Buy', 1, 1, { market: 'Z' }), ctx)).toEqual([]);
    expect(violationsOf(denyOnly, riskOrder('Buy', 1, 1, { market: 'C' }), ctx)).toHaveLength(1);
  });

  it('filters venues too, reporting venue and market failures separately', () => {
    const p = new MarketFilter({ deny: ['C'], venues: { allow: ['binance', 'paper'], deny: ['paper'] } });
    expect(violationsOf(p, riskOrder('Buy', 1, 1, { venue: 'binance', market: 'A' }), ctx)).toEqual([]);
    expect(violationsOf(p, riskOrder('Buy', 1, 1, { venue: 'paper', market: 'A' }), ctx)[0]?.reason).toBe(
      'venue not allowed',
    );
    expect(violationsOf(p, riskOrder('Buy', 1, 1, { venue: 'uniswap', market: 'C' }), ctx)).toHaveLength(2);
    expect(p.describe()).toBe(
      'MarketFilter: markets denied: C; venues allowed: binance, paper; venues denied: paper',
    );
  });
});
