import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asMarketId, asVenueId, dec, fmt } from '../../src/domain/index.ts';
import { TestRiskContext } from './risk-context.ts';

const V = asVenueId('paper');
const M = asMarketId('MKT');

describe('TestRiskContext (backed by a real OrderTracker)', () => {
  it('reads positions, exposure and the active count from the tracker, through real orders', () => {
    const ctx = new TestRiskContext();
    const o = ctx.placeOrder('paper', 'MKT', 'Buy', 10, '0.5');
    expect(ctx.tracker.getOrder(o.id)?.status).toBe('Working');
    ctx.addOpenOrder('paper', 'MKT', 'Sell', 3);
    expect(ctx.activeOrderCount()).toBe(2);
    expect(ctx.openExposure(V, M)).toEqual({
      openOrders: 2,
      buySize: dec(10),
      sellSize: dec(3),
      buyNotional: dec(5),
      sellNotional: 0n,
    });
    ctx.fill(o, 4);
    expect(ctx.position(V, M).netSize).toBe(dec(4));
    expect(ctx.openExposure(V, M).buySize).toBe(dec(6));
    ctx.clearOpenOrders();
    expect(ctx.activeOrderCount()).toBe(0);
    expect([...ctx.openExposures()]).toEqual([]);
    expect(ctx.tracker.getOrder(o.id)?.status).toBe('Cancelled');
  });

  it('keeps reference prices set by the test only', () => {
    const ctx = new TestRiskContext().setReferencePrice('paper', 'MKT', '0.42');
    expect(ctx.referencePrice(V, M)).toBe(dec('0.42'));
    ctx.setReferencePrice('paper', 'MKT', undefined);
    expect(ctx.referencePrice(V, M)).toBeUndefined();
  });

  it('setPosition reaches any target exactly through trades, from any previous target', () => {
    const target = fc.record({
      net: fc.integer({ min: -500, max: 500 }),
      avg: fc.integer({ min: 1, max: 999 }),
      realized: fc.integer({ min: -1000, max: 1000 }),
      fees: fc.integer({ min: 0, max: 50 }),
    });
    fc.assert(
      fc.property(fc.array(target, { minLength: 1, maxLength: 6 }), (targets) => {
        const ctx = new TestRiskContext();
        for (const t of targets) {
          const avg = `${t.avg / 100}`;
          ctx.setPosition('paper', 'MKT', {
            netSize: t.net,
            avgEntryPrice: avg,
            realizedPnl: t.realized,
            fees: `${t.fees / 10}`,
          });
          const p = ctx.position(V, M);
          expect(fmt(p.netSize)).toBe(String(t.net));
          expect(fmt(p.avgEntryPrice)).toBe(t.net === 0 ? '0' : avg);
          expect(fmt(p.realizedPnl)).toBe(String(t.realized));
          expect(fmt(p.fees)).toBe(`${t.fees / 10}`);
          expect(ctx.activeOrderCount()).toBe(0);
        }
      }),
      { seed: 11, numRuns: 100 },
    );
  });
});
