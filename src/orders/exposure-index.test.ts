import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bruteForceExposures, MARKET, makeOrder, VENUE } from '../../test/support/builders.ts';
import { asMarketId, type Decimal, dec, mul, type Order, OrderStatus, Side } from '../domain/index.ts';
import {
  ExposureIndex,
  type IndexedOrder,
  notionalOf,
  remainingOf,
  ZERO_EXPOSURE,
} from './exposure-index.ts';

/** A slot for `order` in `index`, not yet indexed (as the tracker creates one). */
function slotOf(index: ExposureIndex, order: Order): IndexedOrder {
  return {
    order,
    bucket: index.bucketFor(order.venue, order.market),
    active: false,
    size: 0n,
    notional: 0n,
    prevActive: undefined,
    nextActive: undefined,
  };
}

describe('notionalOf / remainingOf', () => {
  it('notional = remaining × price rounded up (away from zero), as mul(..., "up"), for any values', () => {
    const arbDecimal = fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map((n) => n as Decimal);
    fc.assert(
      fc.property(arbDecimal, arbDecimal, (remaining, price) => {
        const order = makeOrder({ price });
        expect(notionalOf(order, remaining)).toBe(mul(remaining, price, 'up'));
      }),
      { seed: 11, numRuns: 2000 },
    );
    expect(notionalOf(makeOrder({ price: '0.333' }), dec('1.234567'))).toBe(dec('0.411110811'));
    expect(notionalOf(makeOrder({ price: 1n as Decimal }), 1n as Decimal)).toBe(1n);
    expect(notionalOf(makeOrder({ price: -1n as Decimal }), 1n as Decimal)).toBe(-1n);
    expect(notionalOf(makeOrder({ price: null }), dec(5))).toBe(0n);
  });

  it('remaining = size - filled, never below 0', () => {
    const order = makeOrder({ size: '10' });
    expect(remainingOf(order)).toBe(dec(10));
    order.filledSize = dec('2.5');
    expect(remainingOf(order)).toBe(dec('7.5'));
    order.filledSize = dec(11);
    expect(remainingOf(order)).toBe(0n);
  });
});

describe('ExposureIndex', () => {
  it('active orders of a bucket come in activation order, through any (de)activations', () => {
    const arbStep = fc.record({ order: fc.nat({ max: 7 }), terminal: fc.boolean() });
    fc.assert(
      fc.property(fc.array(arbStep, { maxLength: 60 }), (steps) => {
        const index = new ExposureIndex();
        const orders = Array.from({ length: 8 }, (_, i) =>
          makeOrder({ id: `o${i}`, market: i % 3 === 0 ? 'M2' : 'MKT', side: i % 2 ? Side.Sell : Side.Buy }),
        );
        const slots = orders.map((o) => slotOf(index, o));
        // Model: a Set keeps insertion order, and re-adding after a delete appends.
        const model = new Set<Order>();
        for (const slot of slots) {
          index.refresh(slot);
          model.add(slot.order);
        }
        for (const step of steps) {
          const slot = slots[step.order] as IndexedOrder;
          slot.order.status = step.terminal ? OrderStatus.Cancelled : OrderStatus.Working;
          index.refresh(slot);
          if (step.terminal) model.delete(slot.order);
          else model.add(slot.order);
        }
        const active = [...model];
        expect(index.count).toBe(active.length);
        // Buckets in creation order: o0 opened M2.
        expect(index.activeOrders()).toEqual([
          ...active.filter((o) => o.market !== MARKET),
          ...active.filter((o) => o.market === MARKET),
        ]);
        expect(index.activeOrders({ venue: VENUE, market: MARKET })).toEqual(
          active.filter((o) => o.market === MARKET),
        );
        expect(index.activeOrders({ venue: VENUE, market: asMarketId('M2') })).toEqual(
          active.filter((o) => o.market !== MARKET),
        );
        for (const m of [MARKET, asMarketId('M2')]) {
          expect(index.exposure(VENUE, m)).toEqual(
            bruteForceExposures(orders).get(`${VENUE}|${m}`) ?? ZERO_EXPOSURE,
          );
        }
      }),
      { seed: 5, numRuns: 300 },
    );
  });

  it('reads between two changes share one frozen aggregate; a change makes a new one', () => {
    const index = new ExposureIndex();
    const a = slotOf(index, makeOrder({ id: 'a', size: '4', price: '0.5' }));
    expect(index.exposure(VENUE, MARKET)).toBe(ZERO_EXPOSURE);
    index.refresh(a);
    const first = index.exposure(VENUE, MARKET);
    expect(first).toEqual({
      openOrders: 1,
      buySize: dec(4),
      sellSize: 0n,
      buyNotional: dec(2),
      sellNotional: 0n,
    });
    expect(Object.isFrozen(first)).toBe(true);
    expect(index.exposure(VENUE, MARKET)).toBe(first);
    expect([...index.exposures()][0]?.exposure).toBe(first);
    const b = slotOf(index, makeOrder({ id: 'b', side: Side.Sell, size: '2', price: '0.25' }));
    index.refresh(b);
    const second = index.exposure(VENUE, MARKET);
    expect(second).not.toBe(first);
    expect(second).toEqual({
      openOrders: 2,
      buySize: dec(4),
      sellSize: dec(2),
      buyNotional: dec(2),
      sellNotional: dec('0.5'),
    });
    expect(first.openOrders).toBe(1);
    a.order.status = OrderStatus.Cancelled;
    index.refresh(a);
    b.order.status = OrderStatus.Expired;
    index.refresh(b);
    expect(index.exposure(VENUE, MARKET)).toBe(ZERO_EXPOSURE);
    expect(index.activeOrders()).toEqual([]);
  });
});
