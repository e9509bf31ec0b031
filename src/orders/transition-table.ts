/**
 * The order state machine: the ONE transition table (as data) and the pure functions that read it.
 *
 * Every status change of an order goes through {@link TRANSITIONS}. A cell names what an event does
 * from a status: a status to move to, `'fill'` (decided by the filled quantity), `'previous'` (restore
 * the status saved when the cancel was requested) or `'same'` (an idempotent repeat, a late ack, or an
 * amendment: the status does not change). A missing cell is an illegal move: {@link InvalidOrderState}.
 */
import type { Decimal, Order, OrderEvent, OrderEventType } from '../domain/index.ts';
import { add, min, OrderStatus } from '../domain/index.ts';
import { InvalidOrderState } from '../errors/index.ts';

/**
 * What an event does from a status:
 * - an {@link OrderStatus}: move there;
 * - `'fill'`: Filled when the fill completes the size, otherwise PartiallyFilled from Submitting /
 *   Working / PartiallyFilled, and stay put from Cancelling, Cancelled and Expired (see {@link resolveFill});
 * - `'previous'`: restore `order.previousStatus` (a refused cancel);
 * - `'same'`: no status change (idempotent repeat, harmless late ack, amendment).
 */
export type Target = OrderStatus | 'fill' | 'previous' | 'same';

/** One row of the table: the events allowed from a status and what each does. */
export type TransitionRow = Readonly<Partial<Record<OrderEventType, Target>>>;

const { Pending, Submitting, Working, PartiallyFilled, Filled, Cancelling, Cancelled, Rejected, Expired } =
  OrderStatus;

/**
 * The transition table. Rows are the current status, columns the event type; a missing cell throws.
 *
 * Beyond the obvious moves: a cancel may be requested before the ack (Submitting -> Cancelling); a fill
 * crossing a cancel is recorded and the order stays Cancelling unless fully filled; a venue may still
 * reject an order whose cancel was sent before its ack (Cancelling -> Rejected) or acknowledge an
 * amendment sent before the cancel (Cancelling: Amended -> same); a late fill after Cancelled/Expired is
 * recorded (the order becomes Filled only if it completes the size); Filled and Rejected accept nothing
 * but repeats (a further fill on a Filled order is an over-fill, which the tracker flags).
 */
export const TRANSITIONS: Readonly<Record<OrderStatus, TransitionRow>> = {
  [Pending]: {
    Submitted: Submitting,
    Rejected: Rejected,
  },
  [Submitting]: {
    Submitted: 'same',
    Accepted: Working,
    Rejected: Rejected,
    Filled: 'fill',
    CancelRequested: Cancelling,
    Cancelled: Cancelled,
    Expired: Expired,
  },
  [Working]: {
    Accepted: 'same',
    Filled: 'fill',
    CancelRequested: Cancelling,
    Cancelled: Cancelled,
    Expired: Expired,
    Amended: 'same',
  },
  [PartiallyFilled]: {
    Accepted: 'same',
    Filled: 'fill',
    CancelRequested: Cancelling,
    Cancelled: Cancelled,
    Expired: Expired,
    Amended: 'same',
  },
  [Cancelling]: {
    Accepted: 'same',
    Rejected: Rejected,
    Filled: 'fill',
    CancelRequested: 'same',
    CancelRejected: 'previous',
    Cancelled: Cancelled,
    Expired: Expired,
    Amended: 'same',
  },
  [Cancelled]: {
    Filled: 'fill',
    Cancelled: 'same',
  },
  [Expired]: {
    Filled: 'fill',
    Expired: 'same',
  },
  [Filled]: {
    Filled: 'fill',
  },
  [Rejected]: {
    Rejected: 'same',
  },
};

/** The statuses in a fixed order (for tables and tests). */
export const ORDER_STATUSES: readonly OrderStatus[] = Object.values(OrderStatus);

/** What `eventType` does from `from`, or `undefined` when the move is illegal. */
export function targetOf(from: OrderStatus, eventType: OrderEventType): Target | undefined {
  return TRANSITIONS[from][eventType];
}

/** True when the table has a cell for (`from`, `eventType`). */
export function isAllowed(from: OrderStatus, eventType: OrderEventType): boolean {
  return TRANSITIONS[from][eventType] !== undefined;
}

/**
 * The status after a fill that brings the filled quantity to `filledAfter` (already capped at `size`).
 * Filled when complete; otherwise PartiallyFilled from Submitting/Working/PartiallyFilled, and unchanged
 * from Cancelling (the cancel is still in flight) and from Cancelled/Expired (a late partial fill).
 */
export function resolveFill(from: OrderStatus, filledAfter: Decimal, size: Decimal): OrderStatus {
  if (filledAfter >= size) return Filled;
  if (from === Cancelling || from === Cancelled || from === Expired || from === Filled) return from;
  return filledAfter > 0n ? PartiallyFilled : from;
}

/** The fields of an order that the state machine reads. */
export type TransitionInput = Pick<Order, 'id' | 'status' | 'size' | 'filledSize'> & {
  readonly previousStatus?: OrderStatus | undefined;
};

/** The status a refused cancel restores: the saved one, else inferred from the filled quantity. */
export function restoredStatus(order: TransitionInput): OrderStatus {
  if (order.previousStatus !== undefined) return order.previousStatus;
  return order.filledSize > 0n ? PartiallyFilled : Working;
}

/**
 * The status `order` moves to on `event` (pure). Throws {@link InvalidOrderState} naming the order, the
 * current status and the event when the table has no cell for them.
 */
export function nextStatus(order: TransitionInput, event: OrderEvent): OrderStatus {
  const from = order.status;
  const target = TRANSITIONS[from][event.type];
  if (target === undefined) throw new InvalidOrderState(order.id, from, event.type);
  switch (target) {
    case 'same':
      return from;
    case 'previous':
      return restoredStatus(order);
    case 'fill': {
      if (event.type !== 'Filled') return from;
      return resolveFill(from, min(add(order.filledSize, event.fill.size), order.size), order.size);
    }
    default:
      return target;
  }
}

/**
 * The `previousStatus` the order keeps after moving from its status to `to` on `eventType` (pure):
 * saved on entering Cancelling and never overwritten by a second cancel request; while Cancelling,
 * a partial fill updates it to PartiallyFilled and a late ack of an unacknowledged order to Working,
 * so that a refused cancel restores the right state. Left as is otherwise: after the order leaves
 * Cancelling it still tells the status before the last cancel request (read only while Cancelling).
 */
export function nextPreviousStatus(
  order: TransitionInput,
  eventType: OrderEventType,
  to: OrderStatus,
): OrderStatus | undefined {
  const from = order.status;
  if (to !== Cancelling) return order.previousStatus;
  if (from !== Cancelling) return from;
  const prev = order.previousStatus;
  if (eventType === 'Filled') return PartiallyFilled;
  if (eventType === 'Accepted' && (prev === Submitting || prev === undefined)) return Working;
  return prev;
}

/**
 * The statuses reachable from `from` (itself included) by any sequence of events the table allows,
 * following the saved `previousStatus` exactly (a refused cancel returns only where the order was).
 * `previous` is the saved status when starting from Cancelling.
 */
export function reachableStatuses(
  from: OrderStatus = Pending,
  previous?: OrderStatus,
): ReadonlySet<OrderStatus> {
  const out = new Set<OrderStatus>();
  const seen = new Set<string>();
  const todo: [OrderStatus, OrderStatus | undefined][] = [[from, previous]];
  for (let item = todo.pop(); item !== undefined; item = todo.pop()) {
    const [status, prev] = item;
    const key = `${status}|${prev ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.add(status);
    const order: TransitionInput = {
      id: '' as Order['id'],
      status,
      previousStatus: prev,
      size: 2n as Decimal,
      filledSize: 0n as Decimal,
    };
    for (const [type, target] of Object.entries(TRANSITIONS[status]) as [OrderEventType, Target][]) {
      let tos: OrderStatus[];
      if (target === 'same') tos = [status];
      else if (target === 'previous') tos = prev !== undefined ? [prev] : [Working, PartiallyFilled];
      else if (target === 'fill') tos = [resolveFill(status, 1n as Decimal, 2n as Decimal), Filled];
      else tos = [target];
      for (const to of tos) todo.push([to, nextPreviousStatus(order, type, to)]);
    }
  }
  return out;
}
