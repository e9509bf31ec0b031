/**
 * The contract every venue adapter implements (paper, Polymarket, Binance, Uniswap).
 *
 * An adapter speaks one venue's protocol and classifies each answer; the engine decides what to do.
 * Every write returns a typed outcome: `accepted`, `rejected` (a definite refusal: nothing happened at
 * the venue) or `unknown` (the request may or may not have landed: the engine must ask before re-sending).
 * Adapters identify orders to the venue by `order.id` (the gateway's OrderId, used as the venue's client
 * order id where the venue has one) and report the venue's own id as `venueOrderId`.
 */
import type {
  Decimal,
  Fill,
  InstrumentRules,
  MarketId,
  Order,
  OrderId,
  OrderStatus,
  VenueId,
  VenueOrderId,
} from '../domain/index.ts';

/** What the venue says about one order (from a status query, the open-order list or the stream). */
export interface VenueOrderReport {
  /** The gateway's order id as echoed by the venue (its client order id), when the venue knows it. */
  readonly orderId?: OrderId;
  readonly venueOrderId?: VenueOrderId;
  readonly market: MarketId;
  readonly status: OrderStatus;
  readonly filledSize: Decimal;
  readonly avgFillPrice?: Decimal;
  /** Present for orders the gateway may not know (adoption by reconciliation). */
  readonly side?: Order['side'];
  readonly price?: Decimal;
  readonly size?: Decimal;
  /** Venue's reason text for a rejection / expiry, if any. */
  readonly reason?: string;
  /**
   * The venue's status text when the adapter could not map it: the report proves only that the venue
   * knows the order; `status` is a guess the engine does not apply. The engine keeps asking and alerts.
   */
  readonly unrecognised?: string;
  readonly updatedAt?: number;
}

/** Answer to a place. */
export type PlaceOutcome =
  | {
      readonly kind: 'accepted';
      readonly venueOrderId: VenueOrderId;
      /** Status right after the ack: Working, PartiallyFilled, Filled, Cancelled (IOC remainder) or Expired. */
      readonly status: OrderStatus;
      /** Fills the venue reported in the ack itself (they are also streamed; duplicates are dropped). */
      readonly fills?: readonly Fill[];
    }
  | {
      readonly kind: 'rejected';
      readonly code: string;
      readonly message: string;
      readonly retryAfterMs?: number;
    }
  | { readonly kind: 'unknown'; readonly reason: string };

/** Answer to a cancel. */
export type CancelOutcome =
  | { readonly kind: 'cancelled' }
  /** A definite refusal (e.g. already filled / unknown order); the order keeps its previous status. */
  | { readonly kind: 'rejected'; readonly code: string; readonly message: string }
  | { readonly kind: 'unknown'; readonly reason: string };

/**
 * Answer to {@link VenueAdapter.prepareOrder}: what will identify the order at the venue (journaled with
 * the order's intent), or a refusal before anything is sent.
 */
export type PrepareOutcome =
  | { readonly kind: 'prepared'; readonly venueOrderId?: VenueOrderId }
  | { readonly kind: 'rejected'; readonly code: string; readonly message: string };

/** Answer to a modify. A venue without native amend implements cancel-then-replace and says so. */
export type ModifyOutcome =
  | {
      readonly kind: 'amended';
      readonly price?: Decimal;
      readonly size?: Decimal;
      /** The venue may give the amended order a new id. */
      readonly venueOrderId?: VenueOrderId;
    }
  | { readonly kind: 'rejected'; readonly code: string; readonly message: string }
  | { readonly kind: 'unknown'; readonly reason: string };

/** Venue health as seen by the adapter. */
export interface VenueHealth {
  readonly ok: boolean;
  /** Round-trip time of the health probe, ms. */
  readonly latencyMs?: number;
  readonly message?: string;
}

/** Something the venue pushed (stream) or the adapter observed. */
export type VenueEvent =
  | { readonly type: 'order'; readonly report: VenueOrderReport }
  | { readonly type: 'fill'; readonly fill: Fill }
  /** The venue took back a fill it reported (a Polymarket trade that FAILED on chain); `fill` as reported. */
  | { readonly type: 'fill_reversed'; readonly fill: Fill; readonly reason: string }
  | { readonly type: 'connection'; readonly state: 'up' | 'down' | 'reconnected'; readonly reason?: string };

/** Listener for {@link VenueEvent}s. */
export type VenueListener = (event: VenueEvent) => void;

/** How the engine identifies an order to the adapter when asking about it. */
export interface OrderRef {
  readonly orderId: OrderId;
  readonly venueOrderId?: VenueOrderId;
  readonly market: MarketId;
}

/** One venue, spoken in its own protocol. */
export interface VenueAdapter {
  /** The venue's name in the gateway (unique per engine). */
  readonly venueId: VenueId;
  /** Rules for a market, for the validator; `undefined` when the market is unknown to the adapter. */
  instrument(market: MarketId): InstrumentRules | undefined;
  /** A reference (mid / last) price for risk checks and valuation, when the adapter has one. */
  referencePrice(market: MarketId): Decimal | undefined;
  /**
   * What the engine's limiter for this venue (its order-entry budget) is charged per request other than
   * a placement (which costs 1): an adapter that meters its cancels and status queries itself against
   * the venue's own limits says 0 for them. Default 1 each.
   */
  readonly budgetCost?: { readonly cancel: number; readonly query: number };
  /**
   * Fixes what identifies the order at the venue before its intent is journaled (a signed order's hash):
   * the engine records it with the order, so that after a crash the order is found by it. `placeOrder`
   * then sends exactly what was prepared. Optional: a venue that echoes our client order id needs none.
   */
  prepareOrder?(order: Readonly<Order>): Promise<PrepareOutcome>;
  /** Sends a new order. Never throws for venue answers: classifies them into an outcome. */
  placeOrder(order: Readonly<Order>): Promise<PlaceOutcome>;
  /** Cancels an order. */
  cancelOrder(order: Readonly<Order>): Promise<CancelOutcome>;
  /** Changes price and / or size of a working order. */
  modifyOrder(order: Readonly<Order>, newPrice?: Decimal, newSize?: Decimal): Promise<ModifyOutcome>;
  /** Asks the venue about one order: `null` when the venue does not know it (it never arrived). */
  getOrderStatus(ref: OrderRef): Promise<VenueOrderReport | null>;
  /** The account's open orders on the venue (optionally one market). */
  getOpenOrders(market?: MarketId): Promise<readonly VenueOrderReport[]>;
  /** Fills since a time (ms since epoch), for reconciliation and gap-fill. */
  getFills(sinceMs: number, market?: MarketId): Promise<readonly Fill[]>;
  /** Probes the venue. */
  healthCheck(): Promise<VenueHealth>;
  /** Subscribes to order / fill / connection events; returns an unsubscribe function. */
  subscribe(listener: VenueListener): () => void;
  /**
   * The engine is done with this order (it reached a final status): the adapter may drop what it keeps
   * for it, after a retention of its own for late fills.
   */
  release?(orderId: OrderId): void;
  /**
   * The engine recovered this order from its journal at start: the adapter re-learns how to recognise it
   * (e.g. its order hash) before reconciliation asks about it.
   */
  restoreOrder?(order: Readonly<Order>): void;
  /** Releases connections and timers. */
  close(): Promise<void>;
}
