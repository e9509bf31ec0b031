import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Decimal, dec, ManualClock, type OrderType, type TimeInForce } from '../../domain/index.ts';
import { MatchingEngine } from './matching-engine.ts';
import type { MatchResult, StpMode, Trade } from './types.ts';

const MARKETS = ['A', 'B'] as const;
const OWNERS = ['o1', 'o2', 'o3'] as const;

type Op =
  | {
      kind: 'place';
      owner: number;
      market: number;
      buy: boolean;
      type: OrderType;
      tif: TimeInForce;
      priceTicks: number;
      sizeLots: number;
      ttl: number;
    }
  | { kind: 'cancel'; pick: number }
  | { kind: 'amend'; pick: number; priceTicks: number | null; sizeLots: number | null }
  | { kind: 'advance'; ms: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('place' as const),
      owner: fc.integer({ min: 0, max: 2 }),
      market: fc.integer({ min: 0, max: 1 }),
      buy: fc.boolean(),
      type: fc.constantFrom<OrderType>('Limit', 'Limit', 'Market', 'PostOnly'),
      tif: fc.constantFrom<TimeInForce>('GTC', 'GTC', 'IOC', 'FOK', 'GTD'),
      priceTicks: fc.integer({ min: 90, max: 110 }),
      sizeLots: fc.integer({ min: 1, max: 40 }),
      ttl: fc.integer({ min: 1, max: 50 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('amend' as const),
      pick: fc.nat(),
      priceTicks: fc.option(fc.integer({ min: 90, max: 110 })),
      sizeLots: fc.option(fc.integer({ min: 1, max: 40 })),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 30 }) }),
  },
);

const TICK = dec('0.5');
const LOT = dec('0.25');
const ticks = (n: number): Decimal => (TICK * BigInt(n)) as Decimal;
const lots = (n: number): Decimal => (LOT * BigInt(n)) as Decimal;

describe('MatchingEngine properties', () => {
  it('never leaves a book crossed, fills add up per order, nothing overfills, quantity is conserved', () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { minLength: 1, maxLength: 150, size: 'max' }),
        fc.constantFrom<StpMode>('cancel-taker', 'cancel-maker', 'allow'),
        (ops, stp) => {
          const clock = new ManualClock(0);
          const eng = new MatchingEngine({ clock, stp, makerFeeBps: 1, takerFeeBps: 2 });
          const ids: string[] = [];
          const traded = new Map<string, bigint>();
          const allTrades: Trade[] = [];
          const check = (r: MatchResult, size?: Decimal): void => {
            expect(r.filled >= 0n && r.remaining >= 0n).toBe(true);
            if (size !== undefined && r.status !== 'rejected') expect(r.filled + r.remaining).toBe(size);
            for (const t of r.trades) {
              expect(t.size > 0n).toBe(true);
              allTrades.push(t);
              traded.set(t.takerOrderId, (traded.get(t.takerOrderId) ?? 0n) + t.size);
              traded.set(t.makerOrderId, (traded.get(t.makerOrderId) ?? 0n) + t.size);
            }
            expect(eng.anyBookCrossed()).toBe(false);
          };
          for (const op of ops) {
            if (op.kind === 'place') {
              const size = lots(op.sizeLots);
              const price = ticks(op.priceTicks);
              const r = eng.place({
                owner: OWNERS[op.owner] as string,
                market: MARKETS[op.market] as string,
                side: op.buy ? 'Buy' : 'Sell',
                type: op.type,
                ...(op.type === 'Market' && op.priceTicks % 2 === 0 ? {} : { price }),
                size,
                timeInForce: op.tif,
                ...(op.tif === 'GTD' ? { expireAt: clock.now() + op.ttl } : {}),
              });
              ids.push(r.orderId);
              check(r, size);
              for (const t of r.trades) {
                // the taker never trades through its own limit
                if (op.type !== 'Market' || op.priceTicks % 2 !== 0) {
                  expect(op.buy ? t.price <= price : t.price >= price).toBe(true);
                }
              }
            } else if (op.kind === 'cancel' && ids.length > 0) {
              check(eng.cancel(ids[op.pick % ids.length] as string));
            } else if (op.kind === 'amend' && ids.length > 0) {
              const id = ids[op.pick % ids.length] as string;
              check(
                eng.amend(id, {
                  ...(op.priceTicks === null ? {} : { price: ticks(op.priceTicks) }),
                  ...(op.sizeLots === null ? {} : { size: lots(op.sizeLots) }),
                }),
              );
            } else if (op.kind === 'advance') {
              clock.advance(op.ms);
              for (const o of eng.expire(clock.now())) expect(o.status).toBe('expired');
              expect(eng.anyBookCrossed()).toBe(false);
            }
          }
          // per order: Σ trade sizes = filled; filled <= size; filled + remaining = size
          let buyFilled = 0n;
          let sellFilled = 0n;
          for (const id of new Set(ids)) {
            const v = eng.lookup(id);
            if (v === undefined) continue;
            expect(traded.get(id) ?? 0n).toBe(v.filled);
            expect(v.filled <= v.size).toBe(true);
            expect(v.filled + v.remaining).toBe(v.size);
            if (v.side === 'Buy') buyFilled += v.filled;
            else sellFilled += v.filled;
          }
          const tradedTotal = allTrades.reduce((s, t) => s + t.size, 0n);
          expect(buyFilled).toBe(tradedTotal);
          expect(sellFilled).toBe(tradedTotal);
          expect(new Set(allTrades.map((t) => t.id)).size).toBe(allTrades.length);
          // resting quantity in the book equals the open orders' remaining quantity
          for (const m of MARKETS) {
            const depth = eng.depth(m, 1_000);
            const booked = [...depth.bids, ...depth.asks].reduce((s, l) => s + l.size, 0n);
            const open = OWNERS.flatMap((o) => eng.openOrders(o, m)).reduce((s, o) => s + o.remaining, 0n);
            expect(booked).toBe(open);
            for (const l of [...depth.bids, ...depth.asks]) expect(l.size > 0n && l.orders > 0).toBe(true);
          }
        },
      ),
      { numRuns: 300, seed: 20_240_601 },
    );
  });
});
