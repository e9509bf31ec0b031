/**
 * What pre-trade risk reads about the world ({@link RiskContext}, supplied by the execution engine from the
 * OMS), the order it checks ({@link RiskOrder}) and the shape of a usage report line ({@link PolicyUsage}).
 */
import type { Decimal, MarketId, OpenExposure, Order, Position, VenueId } from '../domain/index.ts';

/**
 * What the risk engine reads about the world; supplied by the execution engine. Every method must be cheap
 * (kept incrementally): risk checks never walk the order list.
 */
export interface RiskContext {
  /** The position on one (venue, market); a flat position (all zeros) when there is none. */
  position(venue: VenueId, market: MarketId): Position;
  /** The aggregate of active orders on one (venue, market); all zeros when there are none. */
  openExposure(venue: VenueId, market: MarketId): OpenExposure;
  /** Every (venue, market) with at least one active order (one entry per market, not per order). */
  openExposures(): Iterable<{ venue: VenueId; market: MarketId; exposure: OpenExposure }>;
  /** Every position the gateway knows (flat ones may be included; every non-flat one is). */
  positions(): Iterable<Position>;
  /** Number of active (non-terminal) orders across all venues and markets (Σ `openOrders` of `openExposures()`). */
  activeOrderCount(): number;
  /** The price used to value exposure on a market (mid or last trade), when known. */
  referencePrice(venue: VenueId, market: MarketId): Decimal | undefined;
}

/** The part of an order that pre-trade risk looks at. `price` is the limit (or worst) price, if any. */
export type RiskOrder = Pick<Order, 'venue' | 'market' | 'side' | 'orderType' | 'size'> & { price?: Decimal };

/** One line of a usage report: a policy, its limit and how much of it is in use now (all display text). */
export interface PolicyUsage {
  readonly policy: string;
  readonly limit: string;
  readonly current: string;
}
