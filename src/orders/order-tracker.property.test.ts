import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bruteForceExposures, makeOrder } from '../../test/support/builders.ts';
import {
  asClientOrderId,
  asMarketId,
  asTradeId,
  asVenueId,
  asVenueOrderId,
  type Decimal,
  dec,
  isTerminal,
  ORDER_EVENT_TYPES,
  type Order,
  type OrderEvent,
  type OrderEventType,
  type OrderStatus,
  Side,
} from '../domain/index.ts';
import { InvalidOrderState, ValidationError } from '../errors/index.ts';
import { ZERO_EXPOSURE } from './exposure-index.ts';
import { OrderTracker } from './order-tracker.ts';
import { nextStatus, reachableStatuses, TRANSITIONS } from './transition-table.ts';

const VENUES = ['paper', 'binance'] as const;
const MARKETS = ['A', 'B'] as const;
const REACHABLE = reachableStatuses();

const arbOrder = fc.record({
  venue: fc.constantFrom(...VENUES),
  market: fc.constantFrom(...MARKETS),
  side: fc.constantFrom(Side.Buy, Side.Sell),
  priceTicks: fc.option(fc.integer({ min: 1, max: 999 }), { nil: undefined }),
  sizeLots: fc.integer({ min: 1, max: 3000 }),
  strategy: fc.option(fc.constantFrom('s1', 's2'), { nil: undefined }),
  fine: fc.boolean(),
});

/**
 * One step: which order, which event type, and the numbers an event of that type may need. A `smart`
 * step picks (with `pick`) among the events the table allows from the order's status at that moment, so
 * that runs go deep into the life cycle; the others are any event type at all (mostly illegal).
 */
const arbStep = fc.record({
  order: fc.nat({ max: 5 }),
  smart: fc.integer({ min: 0, max: 9 }).map((n) => n < 7),
  pick: fc.nat({ max: 99 }),
  type: fc.oneof(
    { weight: 3, arbitrary: fc.constant<OrderEventType>('Filled') },
    { weight: 9, arbitrary: fc.constantFrom(...ORDER_EVENT_TYPES) },
  ),
  trade: fc.nat({ max: 11 }),
  lots: fc.integer({ min: 1, max: 800 }),
  ticks: fc.integer({ min: 1, max: 999 }),
  amendPrice: fc.boolean(),
  amendSize: fc.boolean(),
  venueOrderId: fc.nat({ max: 3 }),
  wrongSide: fc.integer({ min: 0, max: 19 }),
  fine: fc.boolean(),
  /** A Rejected event with code NOT_FOUND ("never arrived"), which a late ack may revive. */
  notFound: fc.boolean(),
});

type Step = typeof arbStep extends fc.Arbitrary<infer T> ? T : never;
type OrderSpecArb = typeof arbOrder extends fc.Arbitrary<infer T> ? T : never;

/** n hundredths, plus n × 1e-10 when `fine` (so that products need rounding at 18 places). */
function lots(n: number, fine = false): Decimal {
  return (dec(n) / 100n + (fine ? BigInt(n) * 10n ** 8n : 0n)) as Decimal;
}
/** n thousandths, plus n × 1e-11 when `fine`. */
function ticks(n: number, fine = false): Decimal {
  return (dec(n) / 1000n + (fine ? BigInt(n) * 10n ** 7n : 0n)) as Decimal;
}

/** The event type of a step given the order's current status. */
function typeOf(step: Step, order: Order): OrderEventType {
  if (!step.smart) return step.type;
  const allowed = Object.keys(TRANSITIONS[order.status]) as OrderEventType[];
  // Terminal moves are picked less often than the others, to keep orders alive longer.
  const weighted = allowed.flatMap((t) =>
    t === 'Rejected' || t === 'Expired' || t === 'Cancelled' ? [t] : [t, t, t, t, t, t],
  );
  return weighted[step.pick % weighted.length] ?? step.type;
}

function toEvent(step: Step, order: Order, ts: number, tracker: OrderTracker): OrderEvent {
  const orderId = order.id;
  const type = typeOf(step, order);
  if (type === 'FillReversed') {
    // the venue takes back a fill as it was applied (a fill never applied gets a made-up one)
    const applied = tracker.getFills({ orderId }).find((f) => f.tradeId === `t${step.trade}`);
    if (applied !== undefined) return { type, orderId, ts, fill: applied };
  }
  switch (type) {
    case 'Submitted':
      return { type: 'Submitted', orderId, ts, order: { ...order } };
    case 'Accepted':
      return { type: 'Accepted', orderId, ts, venueOrderId: asVenueOrderId(`v${step.venueOrderId}`) };
    case 'Filled':
    case 'FillReversed': {
      const side = step.wrongSide === 0 ? (order.side === Side.Buy ? Side.Sell : Side.Buy) : order.side;
      return {
        type,
        orderId,
        ts,
        fill: {
          orderId,
          venue: order.venue,
          market: order.market,
          tradeId: asTradeId(`t${step.trade}`),
          side,
          price: ticks(step.ticks, step.fine),
          size: lots(step.lots, step.fine),
          fee: (ticks(step.ticks) / 100n) as Decimal,
          timestamp: ts,
        },
      };
    }
    case 'Amended':
      return {
        type: 'Amended',
        orderId,
        ts,
        ...(step.amendPrice ? { price: ticks(step.ticks, step.fine) } : {}),
        ...(step.amendSize ? { size: lots(step.lots, step.fine) } : {}),
      };
    case 'Rejected':
      return { type, orderId, ts, code: step.notFound ? 'NOT_FOUND' : 'X', reason: `${type} at ${ts}` };
    case 'CancelRejected':
      return { type, orderId, ts, code: 'X', reason: `${type} at ${ts}` };
    default:
      return { type, orderId, ts, reason: `${type} at ${ts}` };
  }
}

/** Applies `e`, tolerating refusals; returns the outcome for the model check. */
function tryApply(tracker: OrderTracker, e: OrderEvent) {
  try {
    return { applied: tracker.apply(e) } as const;
  } catch (err) {
    if (err instanceof InvalidOrderState || err instanceof ValidationError) return { error: err } as const;
    throw err;
  }
}

function checkInvariants(tracker: OrderTracker): void {
  const all = [...tracker.orders()];
  for (const o of all) {
    expect(REACHABLE.has(o.status)).toBe(true);
    expect(o.filledSize >= 0n && o.filledSize <= o.size).toBe(true);
  }
  const brute = bruteForceExposures(all);
  const incremental = new Map(
    [...tracker.openExposures()].map((x) => [`${x.venue}|${x.market}`, x.exposure]),
  );
  expect(incremental).toEqual(brute);
  for (const v of VENUES) {
    for (const m of MARKETS) {
      expect(tracker.openExposure(asVenueId(v), asMarketId(m))).toEqual(
        brute.get(`${v}|${m}`) ?? ZERO_EXPOSURE,
      );
    }
  }
  expect(tracker.activeOrderCount()).toBe(all.filter((o) => !isTerminal(o.status)).length);
  expect(tracker.getActiveOrders().length).toBe(tracker.activeOrderCount());
  const ids = (orders: readonly Readonly<Order>[]) => orders.map((o) => o.id).sort();
  const active = all.filter((o) => !isTerminal(o.status));
  expect(ids(tracker.getActiveOrders())).toEqual(ids(active));
  for (const v of VENUES) {
    for (const m of MARKETS) {
      expect(ids(tracker.getActiveOrders({ venue: asVenueId(v), market: asMarketId(m) }))).toEqual(
        ids(active.filter((o) => o.venue === v && o.market === m)),
      );
    }
  }
}

function snapshot(tracker: OrderTracker) {
  return structuredClone({
    orders: [...tracker.orders()],
    positions: tracker.getPositions(),
    fills: tracker.getFills(),
    exposures: [...tracker.openExposures()],
  });
}

const arbScenario = fc.record({
  orders: fc.array(arbOrder, { minLength: 1, maxLength: 6 }),
  steps: fc.array(arbStep, { maxLength: 80 }),
});

function track(specs: readonly OrderSpecArb[]) {
  const tracker = new OrderTracker();
  const orders = specs.map((s, i) => {
    const made = makeOrder({
      id: `o${i}`,
      venue: s.venue,
      market: s.market,
      side: s.side,
      price: null,
      ...(s.strategy === undefined ? {} : { strategy: s.strategy }),
    });
    // Half the orders use their order id as client order id (as the engine does when given none).
    const o: Order = i % 2 === 0 ? { ...made, clientOrderId: asClientOrderId(made.id) } : made;
    o.size = lots(s.sizeLots, s.fine);
    if (s.priceTicks !== undefined) o.price = ticks(s.priceTicks, s.fine);
    tracker.trackOrder(o);
    return o;
  });
  return { tracker, orders };
}

describe('OrderTracker properties', () => {
  it('any event sequence: statuses follow the table, stay reachable, filled <= size, exposure = brute force', () => {
    fc.assert(
      fc.property(arbScenario, ({ orders: specs, steps }) => {
        const { tracker, orders } = track(specs);
        // Model: the code of the rejection that made each order Rejected, and the fills applied, keyed
        // (venue, trade id, order id).
        const codes = new Map<string, string | undefined>();
        const fillKeys = new Set<string>();
        steps.forEach((step, i) => {
          const order = orders[step.order % orders.length] as Order;
          const event = toEvent(step, order, i + 1, tracker);
          const before = structuredClone(order);
          let expected: OrderStatus | 'illegal';
          try {
            expected = nextStatus({ ...before, rejectCode: codes.get(order.id) }, event);
          } catch {
            expected = 'illegal';
          }
          const r = tryApply(tracker, event);
          if (event.type === 'Filled' && r.applied !== undefined) {
            const key = `${event.fill.venue}|${event.fill.tradeId}|${event.orderId}`;
            expect(r.applied.duplicate === true).toBe(fillKeys.has(key));
            fillKeys.add(key);
          }
          // after a reversal (applied or not) a fill with that trade id is never applied again
          if (
            event.type === 'FillReversed' &&
            (r.applied !== undefined || r.error instanceof InvalidOrderState)
          )
            fillKeys.add(`${event.fill.venue}|${event.fill.tradeId}|${event.orderId}`);
          if (r.applied !== undefined && r.applied.duplicate !== true) {
            if (event.type === 'Rejected' && (before.status !== 'Rejected' || event.code !== undefined))
              codes.set(order.id, event.code);
            if (event.type === 'Accepted' && before.status === 'Rejected') codes.delete(order.id);
          }
          expect(tracker.rejectCodeOf(order.id)).toBe(
            order.status === 'Rejected' ? codes.get(order.id) : undefined,
          );
          if (r.error instanceof InvalidOrderState) {
            expect(expected).toBe('illegal');
            expect(order).toEqual(before);
          } else if (r.error !== undefined) {
            expect(order).toEqual(before);
          } else if (r.applied.duplicate === true) {
            expect(r.applied.changed).toBe(false);
            expect(order).toEqual(before);
          } else {
            expect(r.applied.from).toBe(before.status);
            expect(r.applied.to).toBe(expected);
            expect(order.status).toBe(expected);
          }
          checkInvariants(tracker);
        });
      }),
      { seed: 20240611, numRuns: 300 },
    );
  });

  it('applying the same event sequence again changes nothing', () => {
    fc.assert(
      fc.property(arbScenario, ({ orders: specs, steps }) => {
        const { tracker, orders } = track(specs);
        const events: OrderEvent[] = [];
        steps.forEach((step, i) => {
          const e = toEvent(step, orders[step.order % orders.length] as Order, i + 1, tracker);
          events.push(e);
          tryApply(tracker, e);
        });
        const first = snapshot(tracker);
        for (const e of events) {
          const r = tryApply(tracker, e);
          if (r.applied !== undefined) expect(r.applied.changed).toBe(false);
        }
        expect(snapshot(tracker)).toEqual(first);
        checkInvariants(tracker);
      }),
      { seed: 7, numRuns: 400 },
    );
  });

  it('any event applied twice in a row changes nothing the second time', () => {
    fc.assert(
      fc.property(arbScenario, ({ orders: specs, steps }) => {
        const { tracker, orders } = track(specs);
        steps.forEach((step, i) => {
          const e = toEvent(step, orders[step.order % orders.length] as Order, i + 1, tracker);
          tryApply(tracker, e);
          const s = snapshot(tracker);
          const again = tryApply(tracker, e);
          if (again.applied !== undefined) expect(again.applied.changed).toBe(false);
          expect(snapshot(tracker)).toEqual(s);
        });
      }),
      { seed: 99, numRuns: 150 },
    );
  });
});
