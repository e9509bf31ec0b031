/**
 * The paper venue's own record, returned by `PaperVenue.ledger()` so that tests can compare the
 * gateway's view of its orders and fills with what the venue actually did.
 */
import type { Decimal, Fill, Order, OrderId } from '../../domain/index.ts';
import type { VenueOrderReport } from '../venue-adapter.ts';
import type { PaperFaultKind } from './fault-injector.ts';

/** One order that reached the venue and was accepted, in its current (or final) state. */
export interface PaperLedgerOrder extends VenueOrderReport {
  readonly orderType: Order['orderType'];
  readonly timeInForce: Order['timeInForce'];
  /** Total fees charged on its fills. */
  readonly fees: Decimal;
  readonly createdAt: number;
}

/** Everything the venue knows about the gateway's account. */
export interface PaperLedger {
  /** Accepted orders, oldest first. */
  readonly orders: readonly PaperLedgerOrder[];
  /** Fills of the account, oldest first (trade ids unique). */
  readonly fills: readonly Fill[];
  /** Orders the venue refused (status `Rejected`, reason `<code>: <message>`). */
  readonly rejected: readonly VenueOrderReport[];
  /** Orders lost before reaching the venue (`timeout_before_accept`). */
  readonly neverArrived: readonly OrderId[];
  /** Ids sent again while an order with that id existed (refused as `DUPLICATE_ORDER`). */
  readonly duplicates: readonly OrderId[];
  /** Faults that fired, in order. */
  readonly faults: readonly {
    readonly kind: PaperFaultKind;
    readonly orderId: OrderId;
    readonly at: number;
  }[];
}
