import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeFill, makeOrder, riskOrder } from '../../../test/support/builders.ts';
import { TestRiskContext, violationsOf } from '../../../test/support/risk-context.ts';
import { dec, fmt, fromScaled, ManualClock } from '../../domain/index.ts';
import { DailyLossLimit } from './daily-loss-limit.ts';

const DAY = 86_400_000;
const FILL = makeFill(makeOrder({ side: 'Sell' }), 't1', 1, 1);
const o = riskOrder('Buy', 1, '0.5');

describe('DailyLossLimit', () => {
  it('counts realized since the day snapshot plus unrealized at reference prices; the limit itself passes', () => {
    const clock = new ManualClock(5 * DAY + 3_600_000);
    const p = new DailyLossLimit({ maxLoss: dec(100), clock });
    const ctx = new TestRiskContext().setPosition('paper', 'MKT', { netSize: 0, realizedPnl: 1000 });
    expect(p.dailyPnl(ctx)).toBe(dec(0)); // first look snapshots 1000
    ctx.setPosition('paper', 'MKT', { netSize: 10, avgEntryPrice: 20, realizedPnl: 960 }); // -40 realized
    ctx.setReferencePrice('paper', 'MKT', 14); // 10 × (14 - 20) = -60 unrealized
    expect(p.dailyPnl(ctx)).toBe(dec(-100));
    expect(violationsOf(p, o, ctx)).toEqual([]);
    expect(p.evaluateTradingState(ctx)).toBeUndefined();
    ctx.setReferencePrice('paper', 'MKT', '13.99');
    expect(violationsOf(p, o, ctx)).toEqual([
      { policy: 'DailyLossLimit', reason: 'daily loss exceeds the limit', limit: '100', actual: '100.1' },
    ]);
    expect(p.evaluateTradingState(ctx)).toBe('DailyLossLimit: daily loss 100.1 exceeds 100 on 1970-01-06');
  });

  it('subtracts fees unless include_fees is false, and ignores markets with no reference', () => {
    const clock = new ManualClock(0);
    const ctx = new TestRiskContext().setPosition('paper', 'MKT', { netSize: 5, avgEntryPrice: 100 });
    const net = new DailyLossLimit({ maxLoss: dec(10), clock });
    const gross = new DailyLossLimit({ maxLoss: dec(10), includeFees: false, clock });
    net.dailyPnl(ctx);
    gross.dailyPnl(ctx);
    ctx.setPosition('paper', 'MKT', { netSize: 5, avgEntryPrice: 100, realizedPnl: 5, fees: 20 });
    expect(net.dailyPnl(ctx)).toBe(dec(-15));
    expect(gross.dailyPnl(ctx)).toBe(dec(5));
  });

  it('rolls over at 00:00 UTC, snapshotting realized PnL before the first fill of the new day', () => {
    const clock = new ManualClock(7 * DAY - 60_000); // 23:59 UTC
    const p = new DailyLossLimit({ maxLoss: dec(100), clock });
    const ctx = new TestRiskContext().setPosition('paper', 'MKT', { netSize: 0, realizedPnl: 0 });
    p.onFill(FILL, ctx); // first look
    ctx.setPosition('paper', 'MKT', { netSize: 0, realizedPnl: -150 });
    p.onFill(FILL, ctx);
    expect(violationsOf(p, o, ctx)[0]?.actual).toBe('150');
    clock.advance(60_000); // 00:00 UTC: a new day
    ctx.setPosition('paper', 'MKT', { netSize: 0, realizedPnl: -180 }); // a fill in the new day lost 30
    p.onFill(FILL, ctx);
    expect(p.dayStartRealized).toBe(dec(-150));
    expect(p.dailyPnl(ctx)).toBe(dec(-30));
    expect(violationsOf(p, o, ctx)).toEqual([]);
    clock.advance(DAY); // next day with no fill: snapshot at the first look
    expect(p.dailyPnl(ctx)).toBe(dec(0));
    expect(p.usage(ctx).current).toBe('PnL 0 on 1970-01-09');
  });

  it('breaches exactly when the loss, rounded to 18 places, exceeds the limit (sub-unit unrealized PnL)', () => {
    // Unrealized PnL = net × (ref - avg) has up to 36 places; the check compares it without dividing.
    fc.assert(
      fc.property(
        fc.integer({ min: -9, max: 9 }).filter((n) => n !== 0),
        fc.bigInt({ min: 1n, max: 3n * 10n ** 18n }),
        fc.bigInt({ min: 1n, max: 3n * 10n ** 18n }),
        fc.bigInt({ min: 1n, max: 10n ** 19n }),
        (net, ref, avg, maxLoss) => {
          const ctx = new TestRiskContext()
            .setPosition('paper', 'MKT', { netSize: net, avgEntryPrice: fmt(fromScaled(avg)) })
            .setReferencePrice('paper', 'MKT', fmt(fromScaled(ref)));
          const p = new DailyLossLimit({ maxLoss: fromScaled(maxLoss), clock: new ManualClock(0) });
          const loss = -p.dailyPnl(ctx);
          const v = violationsOf(p, o, ctx);
          expect(v.map((x) => x.actual)).toEqual(loss > maxLoss ? [fmt(fromScaled(loss))] : []);
          expect(p.evaluateTradingState(ctx) !== undefined).toBe(loss > maxLoss);
        },
      ),
      { seed: 3, numRuns: 200 },
    );
  });
});
