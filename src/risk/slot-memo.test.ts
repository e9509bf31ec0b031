import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { riskOrder } from '../../test/support/builders.ts';
import { TestRiskContext } from '../../test/support/risk-context.ts';
import { dec, ManualClock, type Side } from '../domain/index.ts';
import type { PolicyViolation } from '../errors/index.ts';
import { DailyLossLimit } from './policies/daily-loss-limit.ts';
import { InventoryLimit } from './policies/inventory-limit.ts';
import { SlotMemo } from './slot-memo.ts';

type Row = { market: string; a: bigint; b: bigint };

function walk(memo: SlotMemo, rows: readonly Row[]): bigint {
  memo.begin();
  for (const r of rows) {
    if (!memo.hit('v', r.market, r.a, r.b, 0n, 0n, 0n))
      memo.store('v', r.market, r.a, r.b, 0n, 0n, 0n, r.a * r.b, r.a);
  }
  memo.end();
  return memo.total1;
}

const rowsArb = fc.array(
  fc.record({
    market: fc.constantFrom('A', 'B', 'C', 'D'),
    a: fc.bigInt({ min: -5n, max: 5n }),
    b: fc.bigInt({ min: 0n, max: 3n }),
  }),
  { maxLength: 6 },
);

describe('SlotMemo', () => {
  it('always equals the plain sum, whatever changes, appears, disappears or reorders between walks', () => {
    fc.assert(
      fc.property(fc.array(rowsArb, { minLength: 1, maxLength: 12 }), (walks) => {
        const memo = new SlotMemo();
        for (const rows of walks) {
          expect(walk(memo, rows)).toBe(rows.reduce((s, r) => s + r.a * r.b, 0n));
          expect(memo.total2).toBe(rows.reduce((s, r) => s + r.a, 0n));
        }
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});

/** A random edit of the test context. */
const editArb = fc.oneof(
  fc.record({
    kind: fc.constant('pos' as const),
    m: fc.integer({ min: 0, max: 3 }),
    net: fc.integer({ min: -50, max: 50 }),
    avg: fc.integer({ min: 1, max: 9 }),
    pnl: fc.integer({ min: -100, max: 100 }),
  }),
  fc.record({
    kind: fc.constant('open' as const),
    m: fc.integer({ min: 0, max: 3 }),
    buy: fc.boolean(),
    size: fc.integer({ min: 1, max: 20 }),
    price: fc.integer({ min: 1, max: 9 }),
  }),
  fc.record({
    kind: fc.constant('ref' as const),
    m: fc.integer({ min: 0, max: 3 }),
    ref: fc.option(fc.integer({ min: 1, max: 9 })),
  }),
  fc.constant({ kind: 'clear' as const }),
);

describe('memoized policies agree with a plain recomputation', () => {
  it('InventoryLimit and DailyLossLimit after every random edit', () => {
    fc.assert(
      fc.property(
        fc.array(editArb, { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 0, max: 3 }),
        (edits, om) => {
          const ctx = new TestRiskContext();
          const inv = new InventoryLimit({ maxValueUsd: dec(1_000_000) });
          const tiny = new InventoryLimit({ maxValueUsd: dec('0.000000000000000001') });
          const loss = new DailyLossLimit({ maxLoss: dec(1_000_000), clock: new ManualClock(0) });
          const state = new Map<number, { net: number; avg: number; pnl: number }>();
          const open = new Map<number, { b: number; s: number; bn: number; sn: number }>();
          const refs = new Map<number, number>();
          loss.dailyPnl(ctx); // snapshot: realized 0
          for (const e of edits) {
            if (e.kind === 'pos') {
              ctx.setPosition('v', `M${e.m}`, { netSize: e.net, avgEntryPrice: e.avg, realizedPnl: e.pnl });
              state.set(e.m, { net: e.net, avg: e.avg, pnl: e.pnl });
            } else if (e.kind === 'open') {
              const side: Side = e.buy ? 'Buy' : 'Sell';
              ctx.addOpenOrder('v', `M${e.m}`, side, e.size, e.price);
              const o = open.get(e.m) ?? { b: 0, s: 0, bn: 0, sn: 0 };
              if (e.buy) open.set(e.m, { ...o, b: o.b + e.size, bn: o.bn + e.size * e.price });
              else open.set(e.m, { ...o, s: o.s + e.size, sn: o.sn + e.size * e.price });
            } else if (e.kind === 'ref') {
              ctx.setReferencePrice('v', `M${e.m}`, e.ref ?? undefined);
              if (e.ref === null) refs.delete(e.m);
              else refs.set(e.m, e.ref);
            } else {
              ctx.clearOpenOrders();
              open.clear();
            }
            // Plain recomputation (small integers: exact in floats).
            let value = 0;
            let pnl = 0;
            for (let m = 0; m < 4; m++) {
              const p = state.get(m) ?? { net: 0, avg: 0, pnl: 0 };
              const o = open.get(m) ?? { b: 0, s: 0, bn: 0, sn: 0 };
              const ref = refs.get(m);
              pnl += p.pnl + (p.net !== 0 && ref !== undefined ? p.net * (ref - p.avg) : 0);
              const worst = Math.max(p.net + o.b, o.s - p.net);
              if (p.net !== 0) value += worst * (ref ?? p.avg);
              else if (o.b + o.s > 0) value += ref !== undefined ? worst * ref : Math.max(o.bn, o.sn);
            }
            expect(inv.usage(ctx).current).toBe(`${value} USD`);
            expect(loss.dailyPnl(ctx)).toBe(dec(pnl));
            // With an order: the order's market re-valued with it (the tiny limit makes `actual` the total).
            const out: PolicyViolation[] = [];
            tiny.evaluate(riskOrder('Buy', 5, 3, { venue: 'v', market: `M${om}` }), ctx, out);
            const p = state.get(om) ?? { net: 0, avg: 0, pnl: 0 };
            const o = open.get(om) ?? { b: 0, s: 0, bn: 0, sn: 0 };
            const ref = refs.get(om);
            let base = 0;
            if (p.net !== 0) base = Math.max(p.net + o.b, o.s - p.net) * (ref ?? p.avg);
            else if (o.b + o.s > 0)
              base = ref !== undefined ? Math.max(o.b, o.s) * ref : Math.max(o.bn, o.sn);
            const withOrder = Math.max(p.net + o.b + 5, o.s - p.net) * (ref ?? 3);
            expect(out.map((v) => v.actual)).toEqual([String(value - base + withOrder)]);
          }
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });
});
