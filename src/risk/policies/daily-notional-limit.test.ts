import { describe, expect, it } from 'vitest';
import { makeFill, makeOrder, riskOrder } from '../../../test/support/builders.ts';
import { TestRiskContext, violationsOf } from '../../../test/support/risk-context.ts';
import { dec, ManualClock } from '../../domain/index.ts';
import { DailyNotionalLimit } from './daily-notional-limit.ts';

const DAY = 86_400_000;

const fill = (price: string, size: string) => makeFill(makeOrder(), 't1', size, price);

describe('DailyNotionalLimit', () => {
  it('sums fill notional, open orders and the order, with the boundary passing', () => {
    const clock = new ManualClock(10 * DAY + 1000);
    const p = new DailyNotionalLimit({ maxNotional: dec(1000), clock });
    const ctx = new TestRiskContext().addOpenOrder('paper', 'MKT', 'Sell', 100, '2'); // 200 open
    p.onFill(fill('0.5', '1000'), ctx); // 500 traded
    expect(p.tradedToday()).toBe(dec(500));
    expect(violationsOf(p, riskOrder('Buy', 600, '0.5'), ctx)).toEqual([]); // 500 + 200 + 300 = 1000
    expect(violationsOf(p, riskOrder('Buy', 601, '0.5'), ctx)).toEqual([
      {
        policy: 'DailyNotionalLimit',
        reason: 'notional traded today plus open orders and this order would exceed the limit',
        limit: '1000',
        actual: '1000.5',
      },
    ]);
    expect(p.usage(ctx).current).toBe('500 filled on 1970-01-11, 700 with open orders');
  });

  it('resets at 00:00 UTC', () => {
    const clock = new ManualClock(10 * DAY + DAY - 1);
    const p = new DailyNotionalLimit({ maxNotional: dec(100), clock });
    const ctx = new TestRiskContext();
    p.onFill(fill('1', '100'), ctx);
    expect(violationsOf(p, riskOrder('Buy', 1, '1'), ctx)).toHaveLength(1);
    clock.advance(1); // midnight
    expect(p.tradedToday()).toBe(dec(0));
    expect(violationsOf(p, riskOrder('Buy', 100, '1'), ctx)).toEqual([]);
  });
});
