/**
 * The order state machine: the ONE transition table (as data) and the pure functions that read it.
 *
 * Every status change of an order goes through {@link TRANSITIONS}. A cell names what an event does
 * from a status: a status to move to, `'fill'` (decided by the filled quantity against the size, after a
 * fill or an amendment), `'previous'` (restore the status saved when the cancel was requested), `'revive'`
 * (a rejection for an order that "never arrived" is undone: only when the rejection's code was
 * {@link REVIVABLE_REJECT_CODE}), `'unfill'` (a fill taken back by the venue: decided by the filled quantity
 * left, see {@link resolveUnfill}) or `'same'` (an idempotent repeat or a late ack: the status does not
 * change). A missing cell is an illegal move: {@link InvalidOrderState}.
 */
import type { Decimal, Order, OrderEvent, OrderEventType } from '../domain/index.ts';
import { add, max, min, OrderStatus, sub, ZERO } from '../domain/index.ts';
import { InvalidOrderState } from '../errors/index.ts';

/**
 * What an event does from a status:
 * - an {@link OrderStatus}: move there;
 * - `'fill'`: decided by the filled quantity (after a fill, or after an amendment that changed the size):
 *   Filled when it reaches the size, otherwise PartiallyFilled from Submitting / Working /
 *   PartiallyFilled, and stay put from Cancelling, Cancelled, Expired and Rejected (see {@link resolveFill});
 * - `'previous'`: restore `order.previousStatus` (a refused cancel);
 * - `'revive'`: allowed only when the order was rejected with code {@link REVIVABLE_REJECT_CODE} (the
 *   venue did not know it after several status queries, and now shows that it has it): back to Working,
 *   or PartiallyFilled when late fills were recorded meanwhile (see {@link revivedStatus}); any other
 *   rejection makes the cell illegal;
 * - `'unfill'`: a fill the venue took back (see {@link resolveUnfill});
 * - `'same'`: no status change (idempotent repeat, harmless late ack).
 */
export type Target = OrderStatus | 'fill' | 'previous' | 'revive' | 'unfill' | 'same';

/**
 * The rejection code the engine uses for an order the venue did not know after several status queries
 * ("never arrived"). Such a rejection is provisional: a late ack revives the order, late fills are recorded.
 */
export const REVIVABLE_REJECT_CODE = 'NOT_FOUND';

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
 * amendment sent before the cancel (Cancelling: Amended -> fill); an amendment that brings the size down
 * to the filled size (a race with a fill) makes the order Filled; a late fill after Cancelled, Expired or
 * Rejected is recorded (the order becomes Filled only if it completes the size: a request that the engine
 * settled as "never arrived" may land later); a late ack revives an order rejected as never arrived
 * (`'revive'`); Filled accepts nothing but fills (a further fill is an over-fill, which the tracker flags) and
 * reversals; a fill can be taken back (`FillReversed`) wherever a fill can land.
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
    FillReversed: 'unfill',
    CancelRequested: Cancelling,
    Cancelled: Cancelled,
    Expired: Expired,
  },
  [Working]: {
    Accepted: 'same',
    Filled: 'fill',
    FillReversed: 'unfill',
    CancelRequested: Cancelling,
    Cancelled: Cancelled,
    Expired: Expired,
    Amended: 'fill',
  },
  [PartiallyFilled]: {
    Accepted: 'same',
    Filled: 'fill',
    FillReversed: 'unfill',
    CancelRequested: Cancelling,
    Cancelled: Cancelled,
    Expired: Expired,
    Amended: 'fill',
  },
  [Cancelling]: {
    Accepted: 'same',
    Rejected: Rejected,
    Filled: 'fill',
    FillReversed: 'unfill',
    CancelRequested: 'same',
    CancelRejected: 'previous',
    Cancelled: Cancelled,
    Expired: Expired,
    Amended: 'fill',
  },
  [Cancelled]: {
    Filled: 'fill',
    FillReversed: 'unfill',
    Cancelled: 'same',
  },
  [Expired]: {
    Filled: 'fill',
    FillReversed: 'unfill',
    Expired: 'same',
  },
  [Filled]: {
    Filled: 'fill',
    FillReversed: 'unfill',
  },
  [Rejected]: {
    Accepted: 'revive',
    Rejected: 'same',
    Filled: 'fill',
    FillReversed: 'unfill',
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
 * The status once the filled quantity is `filledAfter` (capped at `size`) against the order's `size`:
 * after a fill, or after an amendment of the size. Filled when complete; otherwise PartiallyFilled from
 * Submitting/Working/PartiallyFilled (Working while nothing is filled), and unchanged from Cancelling (the
 * cancel is still in flight) and from Cancelled/Expired/Rejected (a late partial fill).
 */
export function resolveFill(from: OrderStatus, filledAfter: Decimal, size: Decimal): OrderStatus {
  if (filledAfter >= size) return Filled;
  if (from === Cancelling || from === Cancelled || from === Expired || from === Rejected || from === Filled)
    return from;
  return filledAfter > 0n ? PartiallyFilled : from;
}

/**
 * The status after a fill was taken back, with `filledAfter` left of `size`: from Filled, Cancelled when
 * the size is no longer complete (the venue consumed the size in a trade that then failed: nothing is
 * left to trade; the operator reconciles), from Working / PartiallyFilled, PartiallyFilled or Working by
 * what is left filled (Submitting stays Submitting when nothing is left); unchanged from Cancelling,
 * Cancelled, Expired and Rejected.
 */
export function resolveUnfill(from: OrderStatus, filledAfter: Decimal, size: Decimal): OrderStatus {
  if (from === Filled) return filledAfter >= size ? Filled : Cancelled;
  if (from === Working || from === PartiallyFilled) return filledAfter > 0n ? PartiallyFilled : Working;
  if (from === Submitting) return filledAfter > 0n ? PartiallyFilled : Submitting;
  return from;
}

/** The fields of an order that the state machine reads. */
export type TransitionInput = Pick<Order, 'id' | 'status' | 'size' | 'filledSize' | 'overfill'> & {
  readonly previousStatus?: OrderStatus | undefined;
  /**
   * The code of the rejection that made the order Rejected (kept by the tracker, not on the order);
   * `'revive'` is allowed only when it is {@link REVIVABLE_REJECT_CODE}.
   */
  readonly rejectCode?: string | undefined;
};

/** True when a `'revive'` cell applies to `order`: it is Rejected with {@link REVIVABLE_REJECT_CODE}. */
export function canRevive(order: TransitionInput): boolean {
  return order.status === Rejected && order.rejectCode === REVIVABLE_REJECT_CODE;
}

/** The status a revived order returns to: PartiallyFilled when late fills were recorded, else Working. */
export function revivedStatus(order: TransitionInput): OrderStatus {
  return order.filledSize > 0n ? PartiallyFilled : Working;
}

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
    case 'revive':
      if (!canRevive(order)) throw new InvalidOrderState(order.id, from, event.type);
      return revivedStatus(order);
    case 'unfill': {
      if (event.type !== 'FillReversed') return from;
      // the reversed quantity comes off the over-fill first (as the tracker takes it back)
      const over = order.overfill ?? ZERO;
      const taken = sub(event.fill.size, min(over, event.fill.size));
      return resolveUnfill(from, max(sub(order.filledSize, taken), ZERO), order.size);
    }
    case 'fill': {
      if (event.type === 'Filled')
        return resolveFill(from, min(add(order.filledSize, event.fill.size), order.size), order.size);
      if (event.type === 'Amended' && event.size !== undefined)
        return resolveFill(from, order.filledSize, event.size);
      return from;
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
 * `previous` is the saved status when starting from Cancelling. A `'revive'` cell counts as allowed (the
 * rejection may have been a "never arrived" one): from Rejected, Working and what follows are reachable.
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
      else if (target === 'revive') tos = [Working, PartiallyFilled];
      else if (target === 'unfill')
        tos = [
          resolveUnfill(status, 0n as Decimal, 2n as Decimal),
          resolveUnfill(status, 1n as Decimal, 2n as Decimal),
        ];
      else tos = [target];
      for (const to of tos) todo.push([to, nextPreviousStatus(order, type, to)]);
    }
  }
  return out;
}
