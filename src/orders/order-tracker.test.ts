import { describe, expect, it } from 'vitest';
import {
  bruteForceExposures,
  MARKET,
  makeFill,
  makeOrder,
  type OrderSpec,
  VENUE,
} from '../../test/support/builders.ts';
import {
  asClientOrderId,
  asMarketId,
  asOrderId,
  asStrategyId,
  asTradeId,
  asVenueId,
  asVenueOrderId,
  type Decimal,
  dec,
  type Fill,
  fmt,
  type Order,
  type OrderStatus,
  Side,
} from '../domain/index.ts';
import { InvalidOrderState, OrderNotFound, ValidationError } from '../errors/index.ts';
import { ZERO_EXPOSURE } from './exposure-index.ts';
import { OrderTracker } from './order-tracker.ts';

/** A tracker with one order moved to `status` through real events (ts 1, 2, ...). */
function setup(status: OrderStatus | 'Pending' = 'Pending', spec: OrderSpec = {}) {
  const overfills: [Order, Fill, Decimal][] = [];
  const tracker = new OrderTracker({ onOverfill: (o, f, x) => overfills.push([o as Order, f, x]) });
  const order = makeOrder(spec);
  tracker.trackOrder(order);
  let ts = 0;
  const id = order.id;
  const ev = {
    submit: () => tracker.apply({ type: 'Submitted', orderId: id, ts: ++ts, order }),
    accept: (venueOrderId = 'v1') =>
      tracker.apply({ type: 'Accepted', orderId: id, ts: ++ts, venueOrderId: asVenueOrderId(venueOrderId) }),
    cancelRequest: () => tracker.apply({ type: 'CancelRequested', orderId: id, ts: ++ts }),
    cancelReject: () => tracker.apply({ type: 'CancelRejected', orderId: id, ts: ++ts, code: 'UNKNOWN' }),
    cancelled: (reason?: string) =>
      tracker.apply({ type: 'Cancelled', orderId: id, ts: ++ts, ...(reason ? { reason } : {}) }),
    expired: () => tracker.apply({ type: 'Expired', orderId: id, ts: ++ts, reason: 'GTD' }),
    reject: (code = '-2010', reason = 'no balance') =>
      tracker.apply({ type: 'Rejected', orderId: id, ts: ++ts, code, reason }),
    fill: (tradeId: string, size: string, price = '0.5', fee = '0') =>
      tracker.apply({
        type: 'Filled',
        orderId: id,
        ts: ++ts,
        fill: makeFill(order, tradeId, size, price, fee),
      }),
    reverse: (tradeId: string, size = '1', price = '0.5', fee = '0') =>
      tracker.apply({
        type: 'FillReversed',
        orderId: id,
        ts: ++ts,
        fill: makeFill(order, tradeId, size, price, fee),
        reason: `trade ${tradeId} FAILED`,
      }),
    amend: (a: { price?: string; size?: string }) =>
      tracker.apply({
        type: 'Amended',
        orderId: id,
        ts: ++ts,
        ...(a.price ? { price: dec(a.price) } : {}),
        ...(a.size ? { size: dec(a.size) } : {}),
      }),
    get ts() {
      return ts;
    },
  };
  if (status !== 'Pending') {
    ev.submit();
    if (status === 'Working' || status === 'PartiallyFilled' || status === 'Cancelling') ev.accept();
    if (status === 'PartiallyFilled') ev.fill('pf', '2');
    if (status === 'Cancelling') ev.cancelRequest();
    if (status === 'Cancelled') ev.cancelled();
    if (status === 'Expired') ev.expired();
    if (status === 'Rejected') ev.reject();
    if (status === 'Filled') ev.fill('all', '10');
  }
  return { tracker, order, ev, overfills, id };
}

function expectExposuresMatch(tracker: OrderTracker): void {
  const brute = bruteForceExposures(tracker.orders());
  const incremental = new Map(
    [...tracker.openExposures()].map((x) => [`${x.venue}|${x.market}`, x.exposure]),
  );
  expect(incremental).toEqual(brute);
}

describe('OrderTracker: tracking and look-ups', () => {
  it('tracks an order and finds it by id, client id and (after the ack) venue id', () => {
    const { tracker, order, ev } = setup();
    expect(tracker.getOrder(order.id)).toBe(order);
    expect(tracker.getByClientOrderId(order.clientOrderId)).toBe(order);
    ev.submit();
    ev.accept('V-9');
    expect(tracker.getByVenueOrderId(VENUE, asVenueOrderId('V-9'))).toBe(order);
    expect(tracker.getByVenueOrderId(asVenueId('other'), asVenueOrderId('V-9'))).toBeUndefined();
    expect([...tracker.orders()]).toEqual([order]);
  });

  it('refuses a duplicate id or client order id', () => {
    const { tracker } = setup();
    expect(() => tracker.trackOrder(makeOrder())).toThrow(ValidationError);
    const sameClient = { ...makeOrder({ id: 'o2' }), clientOrderId: asClientOrderId('c-o1') };
    expect(() => tracker.trackOrder(sameClient)).toThrow(ValidationError);
  });

  it('a Submitted event for an unknown order tracks (a copy of) it', () => {
    const tracker = new OrderTracker();
    const order = makeOrder({ id: 'n1' });
    const r = tracker.apply({ type: 'Submitted', orderId: order.id, ts: 5, order });
    expect(r).toMatchObject({ changed: true, from: 'Pending', to: 'Submitting' });
    expect(tracker.getOrder(order.id)?.status).toBe('Submitting');
    expect(order.status).toBe('Pending');
    expect(tracker.activeOrderCount()).toBe(1);
  });

  it('another event for an unknown order throws OrderNotFound', () => {
    const tracker = new OrderTracker();
    expect(() => tracker.apply({ type: 'Accepted', orderId: asOrderId('nope'), ts: 1 })).toThrow(
      OrderNotFound,
    );
    expect(() => tracker.recordFill(makeFill(makeOrder({ id: 'nope' }), 't', '1'))).toThrow(OrderNotFound);
  });
});

describe('OrderTracker: life cycle', () => {
  it('fills: filled size, VWAP, fees, updatedAt, status by quantity', () => {
    const { tracker, order, ev } = setup('Working');
    const r1 = ev.fill('t1', '3', '0.5', '0.01');
    expect(r1).toMatchObject({ changed: true, from: 'Working', to: 'PartiallyFilled' });
    expect(r1.fill?.tradeId).toBe('t1');
    const r2 = ev.fill('t2', '4', '0.6', '0.02');
    expect(r2.to).toBe('PartiallyFilled');
    expect(fmt(order.avgFillPrice!)).toBe('0.557142857142857143'); // 3.9 / 7, half-even
    const r3 = ev.fill('t3', '3', '0.4');
    expect(r3).toMatchObject({ from: 'PartiallyFilled', to: 'Filled' });
    expect(fmt(order.filledSize)).toBe('10');
    expect(fmt(order.avgFillPrice!)).toBe('0.51');
    expect(fmt(order.fees)).toBe('0.03');
    expect(order.updatedAt).toBe(ev.ts);
    expect(tracker.activeOrderCount()).toBe(0);
    expect(tracker.getFills({ orderId: order.id }).map((f) => f.tradeId)).toEqual(['t1', 't2', 't3']);
  });

  it('Rejected, Cancelled and Expired set the reason', () => {
    expect(setup('Rejected').order.reason).toBe('no balance');
    const c = setup('Working');
    c.ev.cancelled('user asked');
    expect(c.order.reason).toBe('user asked');
    expect(setup('Expired').order.reason).toBe('GTD');
  });

  it('an illegal move throws InvalidOrderState and changes nothing', () => {
    const { tracker, order, ev } = setup('Filled');
    const before = structuredClone(order);
    expect(() => ev.cancelRequest()).toThrow(InvalidOrderState);
    expect(() => ev.accept()).toThrow(/illegal transition from Filled .*on Accepted/);
    expect(order).toEqual(before);
    expect(tracker.getOrder(order.id)).toEqual(before);
  });

  it('repeats of the event that led to the status are no-ops', () => {
    for (const [status, repeat] of [
      ['Working', 'accept'],
      ['Cancelling', 'cancelRequest'],
      ['Cancelled', 'cancelled'],
      ['Expired', 'expired'],
      ['Rejected', 'reject'],
    ] as const) {
      const { order, ev } = setup(status);
      const before = structuredClone(order);
      const r = ev[repeat]();
      expect(r).toMatchObject({ changed: false, from: status, to: status });
      expect(order).toEqual(before);
    }
  });
});

describe('OrderTracker: cancels', () => {
  it('a refused cancel restores Working', () => {
    const { order, ev } = setup('Working');
    expect(ev.cancelRequest()).toMatchObject({ from: 'Working', to: 'Cancelling' });
    expect(order.previousStatus).toBe('Working');
    expect(ev.cancelReject()).toMatchObject({ changed: true, from: 'Cancelling', to: 'Working' });
  });

  it('a second cancel request does not overwrite the saved status', () => {
    const { order, ev } = setup('PartiallyFilled');
    ev.cancelRequest();
    ev.cancelRequest();
    expect(order.previousStatus).toBe('PartiallyFilled');
    expect(ev.cancelReject().to).toBe('PartiallyFilled');
  });

  it('a cancel sent before the ack: refused -> Submitting; ack meanwhile -> Working', () => {
    const a = setup('Submitting');
    a.ev.cancelRequest();
    expect(a.ev.cancelReject().to).toBe('Submitting');
    const b = setup('Submitting');
    b.ev.cancelRequest();
    b.ev.accept('V2');
    expect(b.order.status).toBe('Cancelling');
    expect(b.tracker.getByVenueOrderId(VENUE, asVenueOrderId('V2'))).toBe(b.order);
    expect(b.ev.cancelReject().to).toBe('Working');
  });

  it('a fill crossing the cancel is recorded; a refused cancel then restores PartiallyFilled', () => {
    const { tracker, order, ev } = setup('Cancelling');
    expect(ev.fill('x1', '4')).toMatchObject({ changed: true, from: 'Cancelling', to: 'Cancelling' });
    expect(fmt(order.filledSize)).toBe('4');
    expect(order.previousStatus).toBe('PartiallyFilled');
    expect(fmt(tracker.openExposure(VENUE, MARKET).buySize)).toBe('6');
    expect(ev.cancelReject().to).toBe('PartiallyFilled');
  });

  it('a fill completing the order while Cancelling makes it Filled', () => {
    const { tracker, ev } = setup('Cancelling');
    expect(ev.fill('x1', '10').to).toBe('Filled');
    expect(tracker.activeOrderCount()).toBe(0);
  });

  it('a late fill after Cancelled is recorded; the order stays Cancelled unless it completes', () => {
    const { tracker, order, ev } = setup('Working');
    ev.fill('a', '4');
    ev.cancelled();
    const late = ev.fill('b', '3', '0.7');
    expect(late).toMatchObject({ changed: true, from: 'Cancelled', to: 'Cancelled' });
    expect(fmt(order.filledSize)).toBe('7');
    expect(fmt(tracker.getPosition(VENUE, MARKET).netSize)).toBe('7');
    expect(tracker.openExposure(VENUE, MARKET)).toEqual(ZERO_EXPOSURE);
    expect(ev.fill('c', '3').to).toBe('Filled');
  });

  it('a late fill after Expired is recorded too', () => {
    const { order, ev } = setup('Expired');
    expect(ev.fill('late', '2').to).toBe('Expired');
    expect(fmt(order.filledSize)).toBe('2');
  });
});

describe('OrderTracker: fills', () => {
  it('a repeated trade id is a duplicate and changes nothing', () => {
    const { tracker, order, ev } = setup('Working');
    ev.fill('t1', '3', '0.5', '0.01');
    const before = structuredClone(order);
    const pos = tracker.getPosition(VENUE, MARKET);
    const r = tracker.recordFill(makeFill(order, 't1', '3', '0.5', '0.01'), 99);
    expect(r).toMatchObject({
      changed: false,
      duplicate: true,
      from: 'PartiallyFilled',
      to: 'PartiallyFilled',
    });
    expect(r.fill).toBeUndefined();
    expect(order).toEqual(before);
    expect(tracker.getPosition(VENUE, MARKET)).toEqual(pos);
    expect(tracker.getFills()).toHaveLength(1);
    expect(tracker.hasFill(VENUE, asTradeId('t1'))).toBe(true);
    expect(tracker.hasFill(VENUE, asTradeId('t2'))).toBe(false);
  });

  it('both legs of a self-trade share a trade id: each is recorded once, on its own order', () => {
    const { tracker, order: buy, ev } = setup('Working');
    const sell = makeOrder({ id: 'o2', side: Side.Sell });
    tracker.apply({ type: 'Submitted', orderId: sell.id, ts: 1, order: sell });
    expect(ev.fill('self-1', '4').changed).toBe(true);
    const leg = tracker.recordFill(makeFill(sell, 'self-1', '4'), 5);
    expect(leg).toMatchObject({ changed: true, to: 'PartiallyFilled' });
    expect(fmt(tracker.getPosition(VENUE, MARKET).netSize)).toBe('0');
    expect(tracker.getFills().map((f) => [f.orderId, f.tradeId])).toEqual([
      ['o1', 'self-1'],
      ['o2', 'self-1'],
    ]);
    // A venue reporting both legs again (myTrades) changes nothing.
    expect(tracker.recordFill(makeFill(sell, 'self-1', '4'), 6)).toMatchObject({ duplicate: true });
    expect(tracker.recordFill(makeFill(buy, 'self-1', '4'), 6)).toMatchObject({ duplicate: true });
    expect(tracker.getFills()).toHaveLength(2);
    expect(tracker.hasFill(VENUE, asTradeId('self-1'))).toBe(true);
    expect(tracker.hasFill(VENUE, asTradeId('self-1'), buy.id)).toBe(true);
    expect(tracker.hasFill(VENUE, asTradeId('self-1'), sell.id)).toBe(true);
    expect(tracker.hasFill(VENUE, asTradeId('self-1'), asOrderId('o3'))).toBe(false);
    expect(tracker.hasFill(asVenueId('binance'), asTradeId('self-1'), buy.id)).toBe(false);
  });

  it('hasFill with an order id answers for that order only', () => {
    const { tracker, order, ev } = setup('Working');
    const other = makeOrder({ id: 'o2' });
    tracker.apply({ type: 'Submitted', orderId: other.id, ts: 1, order: other });
    ev.fill('t1', '1');
    expect(tracker.hasFill(VENUE, asTradeId('t1'), order.id)).toBe(true);
    expect(tracker.hasFill(VENUE, asTradeId('t1'), other.id)).toBe(false);
    expect(tracker.hasFill(VENUE, asTradeId('t2'), order.id)).toBe(false);
  });

  it('the same trade id on another venue is another trade', () => {
    const { tracker, ev } = setup('Working');
    ev.fill('t1', '1');
    const other = makeOrder({ id: 'o2', venue: 'binance' });
    tracker.trackOrder(other);
    tracker.apply({ type: 'Submitted', orderId: other.id, ts: 1, order: other });
    expect(tracker.recordFill(makeFill(other, 't1', '1')).changed).toBe(true);
  });

  it('an over-fill is applied up to the size, flagged, reported and returned', () => {
    const { tracker, order, ev, overfills } = setup('Working');
    ev.fill('a', '8');
    const r = ev.fill('b', '5');
    expect(r.to).toBe('Filled');
    expect(r.overfill).toBe(dec('3'));
    expect(fmt(order.filledSize)).toBe('10');
    expect(order.overfill).toBe(dec('3'));
    expect(overfills).toHaveLength(1);
    expect(overfills[0]?.[2]).toBe(dec('3'));
    expect(overfills[0]?.[1].tradeId).toBe('b');
    // The venue really traded 13: the position says so.
    expect(fmt(tracker.getPosition(VENUE, MARKET).netSize)).toBe('13');
    // A further fill on the Filled order is all over-fill.
    const r2 = ev.fill('c', '1');
    expect(r2).toMatchObject({ changed: true, from: 'Filled', to: 'Filled' });
    expect(order.overfill).toBe(dec('4'));
    expect(overfills).toHaveLength(2);
  });

  it('refuses a fill whose side, market or venue differs from the order', () => {
    const { tracker, order } = setup('Working');
    const base = makeFill(order, 'z', '1');
    expect(() => tracker.recordFill({ ...base, side: Side.Sell })).toThrow(ValidationError);
    expect(() => tracker.recordFill({ ...base, market: asMarketId('M2') })).toThrow(ValidationError);
    expect(() => tracker.recordFill({ ...base, venue: asVenueId('x') })).toThrow(ValidationError);
    expect(() => tracker.recordFill({ ...base, size: dec(0) })).toThrow(ValidationError);
    expect(tracker.getFills()).toHaveLength(0);
    expect(tracker.hasFill(VENUE, asTradeId('z'))).toBe(false);
  });

  it('a fill before submission is refused, and its replay once submitted changes nothing', () => {
    const { tracker, order, ev } = setup();
    const f = makeFill(order, 'early', '1');
    expect(() => tracker.recordFill(f, 1)).toThrow(InvalidOrderState);
    ev.submit();
    expect(tracker.recordFill(f, 1)).toMatchObject({ changed: false, duplicate: true });
    expect(tracker.recordFill(f, 50).changed).toBe(true);
  });

  it('getFills filters by order, venue and market', () => {
    const { tracker, ev } = setup('Working');
    ev.fill('a', '1');
    const o2 = makeOrder({ id: 'o2', market: 'M2', side: Side.Sell });
    tracker.trackOrder(o2);
    tracker.apply({ type: 'Submitted', orderId: o2.id, ts: 1, order: o2 });
    tracker.recordFill(makeFill(o2, 'b', '2'));
    expect(tracker.getFills().map((f) => f.tradeId)).toEqual(['a', 'b']);
    expect(tracker.getFills({ market: asMarketId('M2') }).map((f) => f.tradeId)).toEqual(['b']);
    expect(tracker.getFills({ orderId: o2.id, market: MARKET })).toEqual([]);
    expect(tracker.getFills({ venue: asVenueId('x') })).toEqual([]);
    expect(tracker.getPositions().map((p) => fmt(p.netSize))).toEqual(['1', '-2']);
  });
});

describe('OrderTracker: amendments', () => {
  it('changes price and size and the exposure', () => {
    const { tracker, order, ev } = setup('Working');
    ev.fill('a', '2');
    const r = ev.amend({ price: '0.45', size: '6' });
    expect(r).toMatchObject({ changed: true, from: 'PartiallyFilled', to: 'PartiallyFilled' });
    expect([fmt(order.price!), fmt(order.size)]).toEqual(['0.45', '6']);
    expect(tracker.openExposure(VENUE, MARKET)).toMatchObject({ buySize: dec(4), buyNotional: dec('1.8') });
    expectExposuresMatch(tracker);
    expect(ev.amend({ price: '0.45' }).changed).toBe(false);
  });

  it('refuses a size below the filled size', () => {
    const { order, ev } = setup('Working');
    ev.fill('a', '4');
    expect(() => ev.amend({ size: '3' })).toThrow(ValidationError);
    expect(fmt(order.size)).toBe('10');
    expect(ev.amend({ size: '4' }).changed).toBe(true);
  });

  it('an amendment down to the filled size (a race with a fill) makes the order Filled', () => {
    const { tracker, order, ev } = setup('Working');
    ev.fill('a', '4');
    const r = ev.amend({ size: '4' });
    expect(r).toMatchObject({ changed: true, from: 'PartiallyFilled', to: 'Filled' });
    expect(order.status).toBe('Filled');
    expect(tracker.activeOrderCount()).toBe(0);
    expect(tracker.openExposure(VENUE, MARKET)).toBe(ZERO_EXPOSURE);
    // While a cancel is in flight too.
    const c = setup('Cancelling');
    c.ev.fill('b', '6');
    expect(c.ev.amend({ size: '6' })).toMatchObject({ from: 'Cancelling', to: 'Filled' });
    // An amendment above the filled size keeps the status.
    const w = setup('Working');
    w.ev.fill('c', '2');
    expect(w.ev.amend({ size: '3' }).to).toBe('PartiallyFilled');
  });

  it('a new venue id is indexed, the old one still finds the order', () => {
    const { tracker, order, id } = setup('Working');
    tracker.apply({ type: 'Amended', orderId: id, ts: 100, venueOrderId: asVenueOrderId('v2') });
    expect(order.venueOrderId).toBe('v2');
    expect(tracker.getByVenueOrderId(VENUE, asVenueOrderId('v2'))).toBe(order);
    expect(tracker.getByVenueOrderId(VENUE, asVenueOrderId('v1'))).toBe(order);
  });
});

describe('OrderTracker: orders that "never arrived" (rejected NOT_FOUND)', () => {
  const neverArrived = () => {
    const t = setup('Submitting');
    t.ev.reject('NOT_FOUND', 'venue does not know the order after 3 queries');
    return t;
  };

  it('keeps the rejection code while Rejected', () => {
    const { tracker, order } = neverArrived();
    expect(order.status).toBe('Rejected');
    expect(tracker.rejectCodeOf(order.id)).toBe('NOT_FOUND');
    expect(tracker.rejectCodeOf(asOrderId('nope'))).toBeUndefined();
  });

  it('records late fills: stays Rejected unless the fill completes the size, then Filled', () => {
    const { tracker, order, ev } = neverArrived();
    expect(ev.fill('late1', '4')).toMatchObject({ changed: true, from: 'Rejected', to: 'Rejected' });
    expect(fmt(order.filledSize)).toBe('4');
    expect(fmt(tracker.getPosition(VENUE, MARKET).netSize)).toBe('4');
    expect(tracker.activeOrderCount()).toBe(0);
    expect(ev.fill('late2', '6')).toMatchObject({ from: 'Rejected', to: 'Filled' });
  });

  it('a late ack revives it: Working (or PartiallyFilled after late fills), active again, reason cleared', () => {
    const a = neverArrived();
    const r = a.ev.accept('V-late');
    expect(r).toMatchObject({ changed: true, from: 'Rejected', to: 'Working' });
    expect(a.order.reason).toBeUndefined();
    expect(a.tracker.rejectCodeOf(a.order.id)).toBeUndefined();
    expect(a.tracker.getByVenueOrderId(VENUE, asVenueOrderId('V-late'))).toBe(a.order);
    expect(a.tracker.activeOrderCount()).toBe(1);
    expect(a.tracker.openExposure(VENUE, MARKET)).toMatchObject({ openOrders: 1, buySize: dec(10) });
    expect(a.ev.accept('V-late')).toMatchObject({ changed: false, to: 'Working' });
    const b = neverArrived();
    b.ev.fill('late', '3');
    expect(b.ev.accept()).toMatchObject({ from: 'Rejected', to: 'PartiallyFilled' });
    expect(b.tracker.openExposure(VENUE, MARKET)).toMatchObject({ buySize: dec(7) });
    expectExposuresMatch(b.tracker);
  });

  it('a real rejection cannot be revived, and replaces a NOT_FOUND code', () => {
    const real = setup('Rejected');
    expect(() => real.ev.accept()).toThrow(/illegal transition from Rejected .*on Accepted/);
    expect(real.order.status).toBe('Rejected');
    const later = neverArrived();
    expect(later.ev.reject('-2010', 'insufficient balance')).toMatchObject({ changed: true, to: 'Rejected' });
    expect(later.tracker.rejectCodeOf(later.order.id)).toBe('-2010');
    expect(later.order.reason).toBe('insufficient balance');
    expect(() => later.ev.accept()).toThrow(InvalidOrderState);
  });
});

describe('OrderTracker: replays and timing', () => {
  it('a status event older than the newest one seen is stale and ignored', () => {
    const { tracker, order, id } = setup('Working');
    tracker.apply({ type: 'CancelRequested', orderId: id, ts: 10 });
    tracker.apply({ type: 'CancelRejected', orderId: id, ts: 11 });
    const r = tracker.apply({ type: 'CancelRequested', orderId: id, ts: 10 });
    expect(r).toMatchObject({ changed: false, duplicate: true, stale: true });
    expect(order.status).toBe('Working');
  });

  it('with a frozen clock (equal ts) every event is still evaluated', () => {
    const { tracker, order, id } = setup('Working');
    tracker.apply({ type: 'CancelRequested', orderId: id, ts: 7 });
    tracker.apply({ type: 'CancelRejected', orderId: id, ts: 7 });
    expect(tracker.apply({ type: 'CancelRequested', orderId: id, ts: 7 }).to).toBe('Cancelling');
    tracker.apply({ type: 'Cancelled', orderId: id, ts: 7 });
    expect(order.status).toBe('Cancelled');
  });

  it('updatedAt never moves backwards (a late fill stamped with venue time)', () => {
    const { tracker, order, ev } = setup('Working');
    const t = ev.ts;
    tracker.recordFill(makeFill(order, 'old', '1'), 0);
    expect(order.updatedAt).toBe(t);
  });
});

describe('OrderTracker: active orders and exposure', () => {
  it('indexes active orders by venue, market and strategy, and keeps exposure equal to a recomputation', () => {
    const tracker = new OrderTracker();
    const specs: OrderSpec[] = [
      { id: 'a', side: Side.Buy, price: '0.33', size: '7', strategy: 's1' },
      { id: 'b', side: Side.Sell, price: '0.61', size: '3', strategy: 's2' },
      { id: 'c', side: Side.Buy, price: null, size: '5', market: 'M2' },
      { id: 'd', side: Side.Sell, price: '1.234567', size: '0.333', venue: 'binance', strategy: 's1' },
    ];
    const orders = specs.map((s) => makeOrder(s));
    let ts = 0;
    for (const o of orders) {
      tracker.trackOrder(o);
      tracker.apply({ type: 'Submitted', orderId: o.id, ts: ++ts, order: o });
    }
    expect(tracker.activeOrderCount()).toBe(4);
    expectExposuresMatch(tracker);
    expect(tracker.getActiveOrders({ venue: VENUE }).map((o) => o.id)).toEqual(['a', 'b', 'c']);
    expect(tracker.getActiveOrders({ venue: VENUE, market: MARKET }).map((o) => o.id)).toEqual(['a', 'b']);
    expect(tracker.getActiveOrders({ strategy: asStrategyId('s1') }).map((o) => o.id)).toEqual(['a', 'd']);
    expect(
      tracker
        .getActiveOrders({ strategy: asStrategyId('s1'), venue: VENUE, market: MARKET })
        .map((o) => o.id),
    ).toEqual(['a']);
    // 0.333 × 1.234567 = 0.411110811 exactly; 7 × 0.33 = 2.31.
    expect(tracker.openExposure(asVenueId('binance'), MARKET)).toEqual({
      openOrders: 1,
      buySize: 0n,
      sellSize: dec('0.333'),
      buyNotional: 0n,
      sellNotional: dec('0.411110811'),
    });
    const [a, b, c] = orders as [Order, Order, Order];
    tracker.recordFill(makeFill(a, 'f1', '2', '0.33'), ++ts);
    tracker.apply({ type: 'Cancelled', orderId: b.id, ts: ++ts });
    tracker.recordFill(makeFill(c, 'f2', '5', '0.9'), ++ts);
    expectExposuresMatch(tracker);
    expect(tracker.activeOrderCount()).toBe(2);
    expect(tracker.openExposure(VENUE, MARKET)).toMatchObject({
      openOrders: 1,
      buySize: dec(5),
      sellSize: 0n,
    });
    expect(tracker.openExposure(VENUE, asMarketId('M2'))).toBe(ZERO_EXPOSURE);
    expect(tracker.getActiveOrders({ strategy: asStrategyId('s2') })).toEqual([]);
  });
});

describe('fills taken back by the venue (FillReversed)', () => {
  it('recomputes filled size, average price, fees and the position without the fill', () => {
    const { tracker, order, ev } = setup('Working', { size: '10' });
    ev.fill('t1', '4', '0.4', '0.01');
    ev.fill('t2', '2', '0.7', '0.02');
    const other = setup('Working', { size: '10' }); // the position a book with only t1 would show
    other.ev.fill('t1', '4', '0.4', '0.01');
    const r = ev.reverse('t2', '2', '0.7', '0.02');
    expect(r.changed).toBe(true);
    expect([r.from, r.to]).toEqual(['PartiallyFilled', 'PartiallyFilled']);
    expect(fmt(order.filledSize)).toBe('4');
    expect(fmt(order.avgFillPrice!)).toBe('0.4');
    expect(fmt(order.fees)).toBe('0.01');
    expect(order.reason).toBe('trade t2 FAILED');
    expect(tracker.getFills().map((f) => f.tradeId)).toEqual(['t1']);
    expect(tracker.getPosition(VENUE, MARKET)).toEqual(other.tracker.getPosition(VENUE, MARKET));
  });

  it('uses the fill as applied, whatever numbers the reversal carries', () => {
    const { order, ev } = setup('Working', { size: '10' });
    ev.fill('t1', '3', '0.5');
    ev.reverse('t1', '99', '0.9');
    expect(fmt(order.filledSize)).toBe('0');
    expect(order.avgFillPrice).toBeUndefined();
    expect(order.status).toBe('Working');
  });

  it('a Filled order whose size is no longer complete ends Cancelled; position back to flat', () => {
    const { tracker, order, ev } = setup('Filled', { size: '10' });
    const r = ev.reverse('all', '10');
    expect([r.from, r.to]).toEqual(['Filled', 'Cancelled']);
    expect(fmt(order.filledSize)).toBe('0');
    expect(fmt(tracker.getPosition(VENUE, MARKET).netSize)).toBe('0');
    expect(fmt(tracker.getPosition(VENUE, MARKET).boughtSize)).toBe('0');
    expect(tracker.activeOrderCount()).toBe(0);
  });

  it('an over-fill is taken back first', () => {
    const { order, ev, overfills } = setup('Working', { size: '10' });
    ev.fill('t1', '8');
    ev.fill('t2', '5'); // 3 beyond the size
    expect(overfills).toHaveLength(1);
    const r = ev.reverse('t2', '5');
    expect(fmt(order.filledSize)).toBe('8');
    expect(order.overfill).toBeUndefined();
    expect(r.to).toBe('Cancelled'); // the venue consumed the size; 8 of 10 stay filled
  });

  it('a replay of the reversal or of the fill changes nothing', () => {
    const { tracker, order, ev } = setup('Working', { size: '10' });
    ev.fill('t1', '4');
    ev.reverse('t1', '4');
    const before = structuredClone(order);
    expect(ev.reverse('t1', '4')).toMatchObject({ changed: false, duplicate: true });
    expect(ev.fill('t1', '4')).toMatchObject({ changed: false, duplicate: true });
    expect(order).toEqual(before);
    expect(tracker.getFills()).toEqual([]);
  });

  it('a reversal that arrives before its fill keeps the fill from ever applying', () => {
    const { tracker, order, ev } = setup('Working', { size: '10' });
    expect(ev.reverse('t9', '4')).toMatchObject({ changed: false, duplicate: true });
    expect(ev.fill('t9', '4')).toMatchObject({ changed: false, duplicate: true });
    expect(fmt(order.filledSize)).toBe('0');
    expect(tracker.hasFill(VENUE, asTradeId('t9'))).toBe(false);
  });

  it('Cancelled and Expired stay; the table refuses it before the order was sent', () => {
    const c = setup('Working', { size: '10' });
    c.ev.fill('t1', '4');
    c.ev.cancelled();
    expect(c.ev.reverse('t1', '4').to).toBe('Cancelled');
    expect(fmt(c.order.filledSize)).toBe('0');
    const p = setup('Pending');
    expect(() => p.ev.reverse('t1')).toThrow(InvalidOrderState);
  });
});
