import { describe, expect, it } from 'vitest';
import {
  dec,
  ORDER_EVENT_TYPES,
  type OrderEvent,
  type OrderEventType,
  type OrderStatus,
  OrderStatus as S,
} from '../domain/index.ts';
import { InvalidOrderState } from '../errors/index.ts';
import { makeFill, makeOrder } from './test-support.ts';
import {
  isAllowed,
  nextPreviousStatus,
  nextStatus,
  ORDER_STATUSES,
  reachableStatuses,
  type Target,
  TRANSITIONS,
  type TransitionInput,
} from './transition-table.ts';

/** The rules as the specification states them, written independently of the table. */
const SPEC: Record<OrderStatus, Partial<Record<OrderEventType, Target>>> = {
  Pending: { Submitted: S.Submitting, Rejected: S.Rejected },
  Submitting: {
    Submitted: 'same',
    Accepted: S.Working,
    Rejected: S.Rejected,
    Filled: 'fill',
    Cancelled: S.Cancelled,
    Expired: S.Expired,
    CancelRequested: S.Cancelling,
  },
  Working: {
    Accepted: 'same',
    Filled: 'fill',
    CancelRequested: S.Cancelling,
    Cancelled: S.Cancelled,
    Expired: S.Expired,
    Amended: 'same',
  },
  PartiallyFilled: {
    Accepted: 'same',
    Filled: 'fill',
    CancelRequested: S.Cancelling,
    Cancelled: S.Cancelled,
    Expired: S.Expired,
    Amended: 'same',
  },
  Cancelling: {
    Filled: 'fill',
    CancelRejected: 'previous',
    Cancelled: S.Cancelled,
    Expired: S.Expired,
    Accepted: 'same',
    CancelRequested: 'same',
    Rejected: S.Rejected,
    Amended: 'same',
  },
  Cancelled: { Filled: 'fill', Cancelled: 'same' },
  Expired: { Filled: 'fill', Expired: 'same' },
  Filled: { Filled: 'fill' },
  Rejected: { Rejected: 'same' },
};

const ts = 1;
function eventOf(type: OrderEventType, fillSize = '4'): OrderEvent {
  const order = makeOrder();
  switch (type) {
    case 'Submitted':
      return { type, orderId: order.id, ts, order };
    case 'Filled':
      return { type, orderId: order.id, ts, fill: makeFill(order, 't1', fillSize) };
    default:
      return { type, orderId: order.id, ts } as OrderEvent;
  }
}

function orderIn(status: OrderStatus, filled = '0', previousStatus?: OrderStatus): TransitionInput {
  const o = makeOrder({ status, size: '10' });
  o.filledSize = dec(filled);
  if (previousStatus !== undefined) o.previousStatus = previousStatus;
  return o;
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
    const to = nextStatus(order, eventOf(type));
    if (cell === 'same') expect(to).toBe(status);
    else if (cell === 'previous') expect(to).toBe(S.Working);
    else if (cell === 'fill') {
      const partial: OrderStatus[] = [S.Cancelling, S.Cancelled, S.Expired, S.Filled];
      expect(to).toBe(partial.includes(status) ? status : S.PartiallyFilled);
      expect(nextStatus(order, eventOf(type, '10'))).toBe(S.Filled);
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
    expect([...reachableStatuses(S.Filled)]).toEqual([S.Filled]);
    expect([...reachableStatuses(S.Rejected)]).toEqual([S.Rejected]);
    expect([...reachableStatuses(S.Cancelled)].sort()).toEqual([S.Cancelled, S.Filled]);
    expect([...reachableStatuses(S.Expired)].sort()).toEqual([S.Expired, S.Filled]);
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
