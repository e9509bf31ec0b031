/**
 * Order events: the only way an order changes. The OMS applies them through its transition table, the
 * journal appends them, and the engine publishes them. An order's current state is the fold of its events.
 */
import type { Decimal } from './decimal.ts';
import type { OrderId, VenueOrderId } from './ids.ts';
import type { Fill, Order } from './order.ts';

interface EventBase {
  readonly orderId: OrderId;
  /** When it happened (ms since epoch, from the engine's clock). */
  readonly ts: number;
  /** Why, in words, for the audit log (e.g. `settled by status query`, `venue rejected: -2010`). */
  readonly reason?: string;
}

/** The order's intent is durable and it is being sent (Pending -> Submitting). Carries the whole order. */
export interface OrderSubmitted extends EventBase {
  readonly type: 'Submitted';
  readonly order: Order;
}
/** The venue acknowledged the order (Submitting -> Working). */
export interface OrderAccepted extends EventBase {
  readonly type: 'Accepted';
  readonly venueOrderId?: VenueOrderId;
}
/** The venue (or the gateway, before sending) refused the order. */
export interface OrderRejected extends EventBase {
  readonly type: 'Rejected';
  readonly code?: string;
}
/** A fill. De-duplicated by (venue, trade id). */
export interface OrderFilled extends EventBase {
  readonly type: 'Filled';
  readonly fill: Fill;
}
/**
 * A fill the venue took back (a Polymarket trade that FAILED on chain): the order's filled size, average
 * price, fees and the position are recomputed without it; `fill` is the fill as it was applied (same
 * venue, trade id and order id).
 */
export interface OrderFillReversed extends EventBase {
  readonly type: 'FillReversed';
  readonly fill: Fill;
}
/** A cancel request was sent (-> Cancelling; the previous status is kept for a refusal). */
export interface OrderCancelRequested extends EventBase {
  readonly type: 'CancelRequested';
}
/** The venue refused the cancel (Cancelling -> the previous status). */
export interface OrderCancelRejected extends EventBase {
  readonly type: 'CancelRejected';
  readonly code?: string;
}
/** The order is cancelled (remaining size will not trade). */
export interface OrderCancelled extends EventBase {
  readonly type: 'Cancelled';
}
/** The order expired (GTD time passed, IOC/FOK remainder, venue expiry). */
export interface OrderExpired extends EventBase {
  readonly type: 'Expired';
}
/** The venue accepted a modification of price and/or size; the status does not change. */
export interface OrderAmended extends EventBase {
  readonly type: 'Amended';
  readonly price?: Decimal;
  readonly size?: Decimal;
  readonly venueOrderId?: VenueOrderId;
}

/** Every event an order can go through. */
export type OrderEvent =
  | OrderSubmitted
  | OrderAccepted
  | OrderRejected
  | OrderFilled
  | OrderFillReversed
  | OrderCancelRequested
  | OrderCancelRejected
  | OrderCancelled
  | OrderExpired
  | OrderAmended;

/** The `type` of an {@link OrderEvent}. */
export type OrderEventType = OrderEvent['type'];

/** Every event type, in a fixed order (for tables and tests). */
export const ORDER_EVENT_TYPES: readonly OrderEventType[] = [
  'Submitted',
  'Accepted',
  'Rejected',
  'Filled',
  'FillReversed',
  'CancelRequested',
  'CancelRejected',
  'Cancelled',
  'Expired',
  'Amended',
];
