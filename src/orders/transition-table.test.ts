import { describe, expect, it } from 'vitest';
import { makeFill, makeOrder } from '../../test/support/builders.ts';
import {
  dec,
  ORDER_EVENT_TYPES,
  type OrderEvent,
  type OrderEventType,
  type OrderStatus,
  OrderStatus as S,
} from '../domain/index.ts';
import { InvalidOrderState } from '../errors/index.ts';
import {
  canRevive,
  isAllowed,
  nextPreviousStatus,
  nextStatus,
  ORDER_STATUSES,
  REVIVABLE_REJECT_CODE,
  reachableStatuses,
  type Target,
  TRANSITIONS,
  type TransitionInput,
} from './transition-table.ts';

/**
 * The rules as the specification states them, written independently of the table. An amendment is
 * decided by the filled quantity (down to the filled size: Filled); a rejection as "never arrived"
 * (code NOT_FOUND) is revived by a late ack, and late fills after any rejection are recorded.
 */
const SPEC: Record<OrderStatus, Partial<Record<OrderEventType, Target>>> = {
  Pending: { Submitted: S.Submitting, Rejected: S.Rejected },
  Submitting: {
    Submitted: 'same',
    Accepted: S.Working,
    Rejected: S.Rejected,
    Filled: 'fill',
    FillReversed: 'unfill',
    Cancelled: S.Cancelled,
    Expired: S.Expired,
    CancelRequested: S.Cancelling,
  },
  Working: {
    Accepted: 'same',
    Filled: 'fill',
    FillReversed: 'unfill',
    CancelRequested: S.Cancelling,
    Cancelled: S.Cancelled,
    Expired: S.Expired,
    Amended: 'fill',
  },
  PartiallyFilled: {
    Accepted: 'same',
    Filled: 'fill',
    FillReversed: 'unfill',
    CancelRequested: S.Cancelling,
    Cancelled: S.Cancelled,
    Expired: S.Expired,
    Amended: 'fill',
  },
  Cancelling: {
    Filled: 'fill',
    FillReversed: 'unfill',
    CancelRejected: 'previous',
    Cancelled: S.Cancelled,
    Expired: S.Expired,
    Accepted: 'same',
    CancelRequested: 'same',
    Rejected: S.Rejected,
    Amended: 'fill',
  },
  Cancelled: { Filled: 'fill', FillReversed: 'unfill', Cancelled: 'same' },
  Expired: { Filled: 'fill', FillReversed: 'unfill', Expired: 'same' },
  Filled: { Filled: 'fill', FillReversed: 'unfill' },
  Rejected: { Rejected: 'same', Filled: 'fill', FillReversed: 'unfill', Accepted: 'revive' },
};

const ts = 1;
/** An event of `type`; `size` is the fill size of a fill and the new size of an amendment. */
function eventOf(type: OrderEventType, size = '4'): OrderEvent {
  const order = makeOrder();
  switch (type) {
    case 'Submitted':
      return { type, orderId: order.id, ts, order };
    case 'Filled':
    case 'FillReversed':
      return { type, orderId: order.id, ts, fill: makeFill(order, 't1', size) };
    case 'Amended':
      return { type, orderId: order.id, ts, size: dec(size) };
    default:
      return { type, orderId: order.id, ts } as OrderEvent;
  }
}

function orderIn(
  status: OrderStatus,
  filled = '0',
  previousStatus?: OrderStatus,
  rejectCode?: string,
): TransitionInput {
  const o = makeOrder({ status, size: '10' });
  o.filledSize = dec(filled);
  if (previousStatus !== undefined) o.previousStatus = previousStatus;
  return rejectCode === undefined ? o : { ...o, rejectCode };
}

describe('TRANSITIONS', () => {
  it('has a row for each of the nine statuses', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...ORDER_STATUSES].sort());
    expect(ORDER_STATUSES).toHaveLength(9);
  });

  const pairs = ORDER_STATUSES.flatMap((s) => ORDER_EVENT_TYPES.map((e) => [s, e] as const));
  it.each(pairs)('%s on %s matches the specification', (status, type) => {
    expect(TRANSITIONS[status][type]).toBe(SPEC[status][type]);
    expect(isAllowed(status, type)).toBe(SPEC[status][type] !== undefined);
  });

  it.each(pairs)('nextStatus from %s on %s follows the cell or throws', (status, type) => {
    const cell = TRANSITIONS[status][type];
    const order = orderIn(status, status === S.PartiallyFilled ? '2' : '0', S.Working);
    if (cell === undefined) {
      let err: unknown;
      try {
        nextStatus(order, eventOf(type));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InvalidOrderState);
      const ios = err as InvalidOrderState;
      expect([ios.from, ios.event, ios.orderId]).toEqual([status, type, 'o1']);
      expect(ios.message).toContain(status);
      expect(ios.message).toContain(type);
      return;
    }
    if (cell === 'revive') {
      expect(() => nextStatus(order, eventOf(type))).toThrow(InvalidOrderState);
      expect(() => nextStatus({ ...order, rejectCode: '-2010' }, eventOf(type))).toThrow(InvalidOrderState);
      expect(nextStatus({ ...order, rejectCode: 'NOT_FOUND' }, eventOf(type))).toBe(S.Working);
      return;
    }
    const to = nextStatus(order, eventOf(type));
    if (cell === 'same') expect(to).toBe(status);
    else if (cell === 'previous') expect(to).toBe(S.Working);
    else if (cell === 'fill' && type === 'Amended') {
      expect(to).toBe(status); // the new size 4 is above the filled size
      expect(nextStatus(orderIn(status, '4', S.Working), eventOf(type, '4'))).toBe(S.Filled);
    } else if (cell === 'fill') {
      const partial: OrderStatus[] = [S.Cancelling, S.Cancelled, S.Expired, S.Rejected, S.Filled];
      expect(to).toBe(partial.includes(status) ? status : S.PartiallyFilled);
      expect(nextStatus(order, eventOf(type, '10'))).toBe(S.Filled);
    } else if (cell === 'unfill') {
      // order: PartiallyFilled with 2 filled, else nothing filled; the reversed fill is 4
      const expected: Partial<Record<OrderStatus, OrderStatus>> = {
        [S.Filled]: S.Cancelled,
        [S.PartiallyFilled]: S.Working,
      };
      expect(to).toBe(expected[status] ?? status);
      const fullyFilled = orderIn(status, '10', S.Working);
      const after = nextStatus(fullyFilled, eventOf(type, '4'));
      const wasLive: OrderStatus[] = [S.Submitting, S.Working, S.PartiallyFilled];
      expect(after).toBe(
        status === S.Filled ? S.Cancelled : wasLive.includes(status) ? S.PartiallyFilled : status,
      );
    } else expect(to).toBe(cell);
  });
});

describe('nextStatus', () => {
  it('does not mutate the order', () => {
    const o = orderIn(S.Working);
    const before = structuredClone(o);
    nextStatus(o, eventOf('Filled', '10'));
    expect(o).toEqual(before);
  });

  it('a fill completing the size of a Cancelled or Expired order makes it Filled', () => {
    expect(nextStatus(orderIn(S.Cancelled, '6'), eventOf('Filled', '4'))).toBe(S.Filled);
    expect(nextStatus(orderIn(S.Expired, '6'), eventOf('Filled', '4'))).toBe(S.Filled);
    expect(nextStatus(orderIn(S.Expired, '6'), eventOf('Filled', '3'))).toBe(S.Expired);
    expect(nextStatus(orderIn(S.Cancelled, '6'), eventOf('Filled', '3'))).toBe(S.Cancelled);
  });

  it('a late fill after a rejection is recorded: Rejected stays unless it completes the size', () => {
    expect(nextStatus(orderIn(S.Rejected, '0', undefined, 'NOT_FOUND'), eventOf('Filled', '3'))).toBe(
      S.Rejected,
    );
    expect(nextStatus(orderIn(S.Rejected, '6'), eventOf('Filled', '4'))).toBe(S.Filled);
  });

  it('a late ack revives only a NOT_FOUND rejection: Working, or PartiallyFilled after late fills', () => {
    expect(nextStatus(orderIn(S.Rejected, '0', undefined, 'NOT_FOUND'), eventOf('Accepted'))).toBe(S.Working);
    expect(nextStatus(orderIn(S.Rejected, '3', undefined, 'NOT_FOUND'), eventOf('Accepted'))).toBe(
      S.PartiallyFilled,
    );
    expect(() => nextStatus(orderIn(S.Rejected, '0', undefined, 'X'), eventOf('Accepted'))).toThrow(
      /illegal transition from Rejected on Accepted/,
    );
    expect(canRevive(orderIn(S.Rejected, '0', undefined, REVIVABLE_REJECT_CODE))).toBe(true);
    expect(canRevive(orderIn(S.Working, '0', undefined, REVIVABLE_REJECT_CODE))).toBe(false);
  });

  it('an amendment down to the filled size makes the order Filled; above it the status stays', () => {
    expect(nextStatus(orderIn(S.PartiallyFilled, '3'), eventOf('Amended', '3'))).toBe(S.Filled);
    expect(nextStatus(orderIn(S.Cancelling, '3', S.PartiallyFilled), eventOf('Amended', '3'))).toBe(S.Filled);
    expect(nextStatus(orderIn(S.PartiallyFilled, '3'), eventOf('Amended', '3.5'))).toBe(S.PartiallyFilled);
    const priceOnly: OrderEvent = { type: 'Amended', orderId: makeOrder().id, ts, price: dec('0.4') };
    expect(nextStatus(orderIn(S.Working), priceOnly)).toBe(S.Working);
  });

  it('an over-fill is capped at the size (Filled, not beyond)', () => {
    expect(nextStatus(orderIn(S.Working, '8'), eventOf('Filled', '5'))).toBe(S.Filled);
  });

  it('a refused cancel restores the saved status, else infers it from the filled size', () => {
    expect(nextStatus(orderIn(S.Cancelling, '0', S.Submitting), eventOf('CancelRejected'))).toBe(
      S.Submitting,
    );
    expect(nextStatus(orderIn(S.Cancelling, '3', S.PartiallyFilled), eventOf('CancelRejected'))).toBe(
      S.PartiallyFilled,
    );
    expect(nextStatus(orderIn(S.Cancelling, '3'), eventOf('CancelRejected'))).toBe(S.PartiallyFilled);
    expect(nextStatus(orderIn(S.Cancelling, '0'), eventOf('CancelRejected'))).toBe(S.Working);
  });
});

describe('nextPreviousStatus', () => {
  it('saves the status on entering Cancelling', () => {
    expect(nextPreviousStatus(orderIn(S.Working), 'CancelRequested', S.Cancelling)).toBe(S.Working);
    expect(nextPreviousStatus(orderIn(S.Submitting), 'CancelRequested', S.Cancelling)).toBe(S.Submitting);
  });
  it('is not overwritten by a second cancel request', () => {
    expect(nextPreviousStatus(orderIn(S.Cancelling, '0', S.Working), 'CancelRequested', S.Cancelling)).toBe(
      S.Working,
    );
  });
  it('becomes PartiallyFilled after a partial fill while Cancelling', () => {
    expect(nextPreviousStatus(orderIn(S.Cancelling, '0', S.Working), 'Filled', S.Cancelling)).toBe(
      S.PartiallyFilled,
    );
    expect(nextPreviousStatus(orderIn(S.Cancelling, '0', S.Submitting), 'Filled', S.Cancelling)).toBe(
      S.PartiallyFilled,
    );
  });
  it('becomes Working when the ack of an order cancelled before its ack arrives', () => {
    expect(nextPreviousStatus(orderIn(S.Cancelling, '0', S.Submitting), 'Accepted', S.Cancelling)).toBe(
      S.Working,
    );
    expect(nextPreviousStatus(orderIn(S.Cancelling, '2', S.PartiallyFilled), 'Accepted', S.Cancelling)).toBe(
      S.PartiallyFilled,
    );
  });
});

describe('reachableStatuses', () => {
  it('from Pending reaches every status', () => {
    expect([...reachableStatuses()].sort()).toEqual([...ORDER_STATUSES].sort());
  });
  it('from terminal statuses reaches only what the table allows', () => {
    // A fill the venue takes back (a failed trade) ends a Filled order as Cancelled.
    expect([...reachableStatuses(S.Filled)].sort()).toEqual([S.Cancelled, S.Filled]);
    // A rejection may be a "never arrived" one, which a late ack revives.
    expect([...reachableStatuses(S.Rejected)].sort()).toEqual(
      [S.Cancelled, S.Cancelling, S.Expired, S.Filled, S.PartiallyFilled, S.Rejected, S.Working].sort(),
    );
    expect([...reachableStatuses(S.Cancelled)].sort()).toEqual([S.Cancelled, S.Filled]);
    // (a late fill may complete an expired order, and a failed trade then end it as Cancelled)
    expect([...reachableStatuses(S.Expired)].sort()).toEqual([S.Cancelled, S.Expired, S.Filled]);
  });
  it('from Working never goes back to Pending or Submitting', () => {
    const r = reachableStatuses(S.Working);
    expect(r.has(S.Pending)).toBe(false);
    expect(r.has(S.Submitting)).toBe(false);
    expect(r.has(S.Working)).toBe(true);
  });
  it('a refused cancel returns only to the saved status', () => {
    expect(reachableStatuses(S.Cancelling, S.Submitting).has(S.Submitting)).toBe(true);
    expect(reachableStatuses(S.Cancelling, S.Working).has(S.Submitting)).toBe(false);
  });
});
