/**
 * Orders, fills and their enumerations: the shared vocabulary of every module.
 */
import type { Decimal } from './decimal.ts';
import type { ClientOrderId, MarketId, OrderId, StrategyId, TradeId, VenueId, VenueOrderId } from './ids.ts';

/** Buy or Sell. */
export const Side = { Buy: 'Buy', Sell: 'Sell' } as const;
/** Buy or Sell. */
export type Side = (typeof Side)[keyof typeof Side];

/** Limit, Market or PostOnly (a limit order that must rest; refused if it would take liquidity). */
export const OrderType = { Limit: 'Limit', Market: 'Market', PostOnly: 'PostOnly' } as const;
/** Limit, Market or PostOnly. */
export type OrderType = (typeof OrderType)[keyof typeof OrderType];

/** GTC (until cancelled), IOC (fill what you can now), FOK (all now or nothing), GTD (until `expireAt`). */
export const TimeInForce = { GTC: 'GTC', IOC: 'IOC', FOK: 'FOK', GTD: 'GTD' } as const;
/** GTC, IOC, FOK or GTD. */
export type TimeInForce = (typeof TimeInForce)[keyof typeof TimeInForce];

/** The nine order statuses. Every change goes through the one transition table in `orders/`. */
export const OrderStatus = {
  /** Created in the gateway; not yet durable, nothing sent. */
  Pending: 'Pending',
  /** Durable intent; being sent, or sent without an answer yet (in flight). */
  Submitting: 'Submitting',
  /** Acknowledged by the venue and resting. */
  Working: 'Working',
  PartiallyFilled: 'PartiallyFilled',
  Filled: 'Filled',
  /** A cancel was sent; the answer is not in yet (in flight). */
  Cancelling: 'Cancelling',
  Cancelled: 'Cancelled',
  Rejected: 'Rejected',
  Expired: 'Expired',
} as const;
/** One of the nine order statuses. */
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];

/** Statuses from which an order can no longer trade (a late fill may still be recorded). */
export const TERMINAL_STATUSES: ReadonlySet<OrderStatus> = new Set<OrderStatus>([
  OrderStatus.Filled,
  OrderStatus.Cancelled,
  OrderStatus.Rejected,
  OrderStatus.Expired,
]);

/** True for Filled, Cancelled, Rejected and Expired. */
export function isTerminal(status: OrderStatus): boolean {
  return TERMINAL_STATUSES.has(status);
}

/** Statuses whose outcome is not known yet: the venue must be asked before anything is re-sent. */
export function isInFlight(status: OrderStatus): boolean {
  return status === OrderStatus.Submitting || status === OrderStatus.Cancelling;
}

/** An order as the gateway tracks it. Prices and sizes are exact {@link Decimal}s. */
export interface Order {
  readonly id: OrderId;
  readonly clientOrderId: ClientOrderId;
  readonly venue: VenueId;
  readonly market: MarketId;
  readonly side: Side;
  readonly orderType: OrderType;
  /** Limit price; absent for market orders (a worst price may be given as `price` too). */
  price?: Decimal;
  size: Decimal;
  readonly timeInForce: TimeInForce;
  /** Expiry (ms since epoch) for GTD orders. */
  readonly expireAt?: number;
  readonly strategy?: StrategyId;
  /** Venue-specific order parameters (e.g. `slippageBps` on Uniswap), passed through as text. */
  readonly params?: Readonly<Record<string, string>>;
  status: OrderStatus;
  /** The status before a pending cancel, restored if the venue refuses the cancel. */
  previousStatus?: OrderStatus;
  filledSize: Decimal;
  /** Volume-weighted average fill price. */
  avgFillPrice?: Decimal;
  /** Total fees paid on fills (in the fill's fee currency; quote currency unless the venue says otherwise). */
  fees: Decimal;
  venueOrderId?: VenueOrderId;
  /** Why the venue (or reconciliation) rejected / closed it. */
  reason?: string;
  /** Quantity the venue reported filled beyond `size`: never applied, flagged for a human. */
  overfill?: Decimal;
  /** Adopted from the venue by reconciliation: not placed by this gateway. */
  readonly external?: boolean;
  readonly createdAt: number;
  updatedAt: number;
}

/** Liquidity side of a fill. */
export type Liquidity = 'maker' | 'taker';

/** One execution of (part of) an order. */
export interface Fill {
  readonly orderId: OrderId;
  readonly venue: VenueId;
  readonly market: MarketId;
  readonly tradeId: TradeId;
  readonly side: Side;
  readonly price: Decimal;
  readonly size: Decimal;
  /** Fee paid, in `feeAsset` (quote currency when absent). Negative for a rebate. */
  readonly fee: Decimal;
  readonly feeAsset?: string;
  readonly liquidity?: Liquidity;
  readonly venueOrderId?: VenueOrderId;
  readonly timestamp: number;
}

/** A position per (venue, market). */
export interface Position {
  readonly venue: VenueId;
  readonly market: MarketId;
  /** Signed: positive long, negative short. */
  readonly netSize: Decimal;
  /** Average entry price of the open net size (0 when flat). */
  readonly avgEntryPrice: Decimal;
  readonly realizedPnl: Decimal;
  /**
   * Fees in the quote currency: fills whose fee names no asset or the market's quote asset (what
   * realized PnL net of fees subtracts). Fees in other assets (a Binance commission in BNB or in the
   * base asset, Uniswap gas in ETH) are in {@link feesByAsset} only: adding them here would mix units.
   */
  readonly fees: Decimal;
  /** Every fee paid, by asset (a fee naming no asset is in the quote asset, `quote` when that is unknown). */
  readonly feesByAsset: Readonly<Record<string, Decimal>>;
  /** Total bought and sold volume. */
  readonly boughtSize: Decimal;
  readonly soldSize: Decimal;
}

/**
 * Aggregate of the active (non-terminal) orders on one (venue, market), kept incrementally by the OMS so
 * that risk checks never walk the order list. Sizes are remaining (size - filled).
 */
export interface OpenExposure {
  readonly openOrders: number;
  readonly buySize: Decimal;
  readonly sellSize: Decimal;
  /** Σ remaining × limit price over buy orders that have a price. */
  readonly buyNotional: Decimal;
  /** Σ remaining × limit price over sell orders that have a price. */
  readonly sellNotional: Decimal;
}
