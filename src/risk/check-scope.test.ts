import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { riskOrder } from '../../test/support/builders.ts';
import { TestRiskContext } from '../../test/support/risk-context.ts';
import {
  asMarketId,
  asVenueId,
  dec,
  ManualClock,
  type MarketId,
  type OpenExposure,
  type Order,
  type Position,
  type VenueId,
} from '../domain/index.ts';
import type { PolicyViolation } from '../errors/index.ts';
import { CheckScope } from './check-scope.ts';
import { DailyLossLimit } from './policies/daily-loss-limit.ts';
import { DailyNotionalLimit } from './policies/daily-notional-limit.ts';
import { InventoryLimit } from './policies/inventory-limit.ts';
import { PositionLimit } from './policies/position-limit.ts';
import type { RiskContext } from './risk-context.ts';
import { RiskEngine } from './risk-engine.ts';

type Entry = { venue: VenueId; market: MarketId; exposure: OpenExposure };

const key = (e: Entry): string =>
  `${e.venue}|${e.market}|${e.exposure.openOrders}|${e.exposure.buySize}|${e.exposure.sellSize}|${e.exposure.buyNotional}|${e.exposure.sellNotional}`;
const keys = (it: Iterable<Entry>): string[] => [...it].map(key).sort();

/** A random edit of the test context: open orders placed, cancelled, partly filled; positions set. */
const editArb = fc.oneof(
  fc.record({
    kind: fc.constant('open' as const),
    m: fc.integer({ min: 0, max: 3 }),
    buy: fc.boolean(),
    size: fc.integer({ min: 1, max: 20 }),
    price: fc.integer({ min: 1, max: 9 }),
  }),
  fc.record({ kind: fc.constant('cancel' as const), i: fc.nat() }),
  fc.record({ kind: fc.constant('fill' as const), i: fc.nat() }),
  fc.record({
    kind: fc.constant('pos' as const),
    m: fc.integer({ min: 0, max: 3 }),
    net: fc.integer({ min: -20, max: 20 }),
  }),
  fc.constant({ kind: 'clear' as const }),
);

describe('CheckScope', () => {
  it('lists exactly the context’s open exposures, check after check, whatever changes', () => {
    fc.assert(
      fc.property(fc.array(editArb, { minLength: 1, maxLength: 30 }), (edits) => {
        const ctx = new TestRiskContext();
        const scope = new CheckScope();
        const live: Order[] = [];
        for (const e of edits) {
          if (e.kind === 'open') {
            live.push(ctx.placeOrder('v', `M${e.m}`, e.buy ? 'Buy' : 'Sell', e.size, e.price));
          } else if (e.kind === 'cancel' && live.length > 0) {
            ctx.cancel(live.splice(e.i % live.length, 1)[0]!);
          } else if (e.kind === 'fill' && live.length > 0) {
            const o = live[e.i % live.length]!;
            if (o.size - o.filledSize > dec(1)) ctx.fill(o, 1);
          } else if (e.kind === 'pos') {
            ctx.setPosition('v', `M${e.m}`, { netSize: e.net, avgEntryPrice: 1 });
          } else if (e.kind === 'clear') {
            ctx.clearOpenOrders();
            live.length = 0;
          }
          scope.begin(ctx);
          expect(keys(scope.openExposures())).toEqual(keys(ctx.openExposures()));
          expect(keys(scope.openExposures())).toEqual(keys(ctx.openExposures())); // read once, same list
          expect([...scope.positions()]).toEqual([...ctx.positions()]);
          scope.end();
        }
      }),
      { seed: 11, numRuns: 200 },
    );
  });

  it('gives the policies, through RiskEngine, exactly what they find on the context itself', () => {
    fc.assert(
      fc.property(
        fc.array(editArb, { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 0, max: 4 }),
        (edits, om) => {
          const ctx = new TestRiskContext();
          for (let m = 0; m < 4; m += 2) ctx.setReferencePrice('v', `M${m}`, m + 1);
          const clock = new ManualClock(0);
          // Tiny limits: every exposure policy reports its exact total.
          const make = () => [
            new InventoryLimit({ maxValueUsd: dec('0.000000000000000001') }),
            new DailyNotionalLimit({ maxNotional: dec('0.000000000000000001'), clock }),
            new DailyLossLimit({ maxLoss: dec('0.000000000000000001'), clock }),
            new PositionLimit({ maxSize: dec('0.000000000000000001') }),
          ];
          const engine = new RiskEngine(make());
          const direct = make();
          const live: Order[] = [];
          for (const e of edits) {
            if (e.kind === 'open') {
              live.push(ctx.placeOrder('v', `M${e.m}`, e.buy ? 'Buy' : 'Sell', e.size, e.price));
            } else if (e.kind === 'cancel' && live.length > 0) {
              ctx.cancel(live.splice(e.i % live.length, 1)[0]!);
            } else if (e.kind === 'pos') {
              ctx.setPosition('v', `M${e.m}`, { netSize: e.net, avgEntryPrice: 2, realizedPnl: -e.net });
            } else if (e.kind === 'clear') {
              ctx.clearOpenOrders();
              live.length = 0;
            }
            const order = riskOrder('Buy', 3, 4, { venue: 'v', market: `M${om}` });
            const expected: PolicyViolation[] = [];
            for (const p of direct) p.evaluate(order, ctx, expected);
            expect(engine.evaluate(order, ctx)).toEqual(expected);
          }
        },
      ),
      { seed: 5, numRuns: 150 },
    );
  });

  it('copies the entries, so a context may reuse the object it yields', () => {
    const venue = asVenueId('v');
    const exposure = (n: number): OpenExposure => ({
      openOrders: n,
      buySize: dec(n),
      sellSize: dec(0),
      buyNotional: dec(n),
      sellNotional: dec(0),
    });
    const books = new Map([
      [asMarketId('A'), exposure(1)],
      [asMarketId('B'), exposure(2)],
    ]);
    const flat = (market: MarketId): Position => ({
      venue,
      market,
      netSize: dec(0),
      avgEntryPrice: dec(0),
      realizedPnl: dec(0),
      fees: dec(0),
      feesByAsset: {},
      boughtSize: dec(0),
      soldSize: dec(0),
    });
    const ctx: RiskContext = {
      position: (_v, m) => flat(m),
      openExposure: (_v, m) => books.get(m) ?? exposure(0),
      *openExposures() {
        const shared = { venue, market: asMarketId(''), exposure: exposure(0) };
        for (const [market, x] of books) {
          shared.market = market;
          shared.exposure = x;
          yield shared;
        }
      },
      positions: () => [],
      activeOrderCount: () => [...books.values()].reduce((s, x) => s + x.openOrders, 0),
      referencePrice: () => undefined,
    };
    const scope = new CheckScope();
    expect([...scope.begin(ctx).openExposures()].map((e) => e.market)).toEqual(['A', 'B']);
    scope.end();
    // A market appears: the re-read of the known markets no longer holds every active order.
    books.set(asMarketId('C'), exposure(3));
    expect([...scope.begin(ctx).openExposures()].map((e) => e.market)).toEqual(['A', 'B', 'C']);
    scope.end();
    // A market empties: it is dropped.
    books.set(asMarketId('A'), exposure(0));
    books.delete(asMarketId('A'));
    expect([...scope.begin(ctx).openExposures()].map((e) => [e.market, e.exposure.openOrders])).toEqual([
      ['B', 2],
      ['C', 3],
    ]);
    scope.end();
  });

  it('refuses to be read outside a check', () => {
    expect(() => new CheckScope().activeOrderCount()).toThrow(/outside a check/);
  });
});
