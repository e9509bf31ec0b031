/**
 * Plain-data types of the matching engine: order requests, results, trades, order views and depth.
 * Everything here is data; the behaviour lives in `order-book.ts` and `matching-engine.ts`.
 */
import type { Clock, Decimal, OrderType, Side, TimeInForce } from '../../domain/index.ts';

/**
 * What happens when an incoming order would trade with a resting order of the same owner:
 * `cancel-taker` cancels the incoming remainder (default), `cancel-maker` removes the resting order and
 * keeps matching, `allow` lets them trade.
 */
export type StpMode = 'cancel-taker' | 'cancel-maker' | 'allow';

/**
 * State of a book order after a call: `open` (resting, nothing filled), `partially_filled` (resting, some
 * filled), `filled`, `cancelled` (remainder will not trade; `filled` may be > 0), `expired` (GTD time
 * passed) or `rejected` (refused before touching the book).
 */
export type MatchStatus = 'open' | 'filled' | 'partially_filled' | 'cancelled' | 'expired' | 'rejected';

/** A new order for {@link MatchingEngine.place}. */
export interface NewOrder {
  /** Engine-unique id; assigned (`<orderIdPrefix><n>`) when absent. A duplicate live id is rejected. */
  readonly id?: string;
  /** The account placing it (self-trade prevention compares owners). */
  readonly owner: string;
  readonly market: string;
  readonly side: Side;
  /** Limit (default), Market or PostOnly. */
  readonly type?: OrderType;
  /** Limit price; for a market order an optional worst price. */
  readonly price?: Decimal | undefined;
  readonly size: Decimal;
  /** GTC (default), IOC, FOK or GTD. Market orders never rest (a GTC/GTD market order acts as IOC). */
  readonly timeInForce?: TimeInForce;
  /** Expiry (ms since epoch) for GTD orders. */
  readonly expireAt?: number | undefined;
}

/** One execution between an incoming (taker) and a resting (maker) order, at the maker's price. */
export interface Trade {
  /** Unique trade id: `<tradeIdPrefix><seq>`. */
  readonly id: string;
  /** Sequential number (1, 2, ...) within the engine. */
  readonly seq: number;
  readonly market: string;
  readonly price: Decimal;
  readonly size: Decimal;
  readonly takerOrderId: string;
  readonly makerOrderId: string;
  readonly takerOwner: string;
  readonly makerOwner: string;
  /** Side of the taker (the maker is on the other side). */
  readonly takerSide: Side;
  /** Fees in quote currency: notional × bps / 10000, rounded up. */
  readonly takerFee: Decimal;
  readonly makerFee: Decimal;
  /** Engine clock time of the trade (ms). */
  readonly ts: number;
}

/** A snapshot of one order in the engine. `filled + remaining === size` always. */
export interface OrderView {
  readonly id: string;
  readonly owner: string;
  readonly market: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  readonly price?: Decimal;
  readonly size: Decimal;
  readonly filled: Decimal;
  /** Unfilled quantity (`size - filled`); it only trades while the status is open / partially_filled. */
  readonly remaining: Decimal;
  readonly status: MatchStatus;
  readonly expireAt?: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly reason?: string;
}

/** Answer to place / amend / cancel. `filled + remaining === size` of the order. */
export interface MatchResult {
  readonly orderId: string;
  readonly status: MatchStatus;
  readonly filled: Decimal;
  /** Unfilled quantity (`size - filled`), whether or not it is still resting. */
  readonly remaining: Decimal;
  /** Trades made by this call (empty for a cancel). */
  readonly trades: Trade[];
  /** Why the order was rejected, cancelled or expired. */
  readonly reason?: string;
  /** Resting orders removed by `cancel-maker` self-trade prevention during this call. */
  readonly cancelledMakers?: OrderView[];
}

/** Changes for {@link MatchingEngine.amend}: a new price and / or a new total size. */
export interface AmendRequest {
  readonly price?: Decimal;
  /** New total size (filled included); must exceed the filled quantity. */
  readonly size?: Decimal;
}

/** Aggregated quantity at one price. */
export interface DepthLevel {
  readonly price: Decimal;
  readonly size: Decimal;
  /** Number of resting orders at the level. */
  readonly orders: number;
}

/** The top levels of one market, best first on both sides. */
export interface DepthSnapshot {
  readonly market: string;
  readonly bids: DepthLevel[];
  readonly asks: DepthLevel[];
}

/** Options of a {@link MatchingEngine}. */
export interface MatchingEngineOptions {
  /** Maker fee in basis points (may be negative for a rebate, may be fractional). Default 0. */
  readonly makerFeeBps?: number | string;
  /** Taker fee in basis points. Default 0. */
  readonly takerFeeBps?: number | string;
  /** Self-trade prevention. Default `cancel-taker`. */
  readonly stp?: StpMode;
  /** Time source for timestamps and GTD checks on entry. Default: the wall clock. */
  readonly clock?: Clock;
  /** Prefix of trade ids. Default `T`. */
  readonly tradeIdPrefix?: string;
  /** Prefix of engine-assigned order ids. Default `O`. */
  readonly orderIdPrefix?: string;
  /** Keep finished orders for {@link MatchingEngine.lookup}. Default true; false saves memory. */
  readonly retainClosedOrders?: boolean;
  /** Keep per-owner trade history for {@link MatchingEngine.trades}. Default true. */
  readonly tradeHistory?: boolean;
}
