/**
 * Instrument rules: what a venue says an order on one market must satisfy. Venues supply them
 * (Binance exchangeInfo filters, Polymarket tick size and minimum size, token decimals); the validator
 * enforces them before anything is sent.
 */
import type { Decimal } from './decimal.ts';
import type { MarketId, VenueId } from './ids.ts';
import type { OrderType, TimeInForce } from './order.ts';

/** Rules for one market. Every field is optional: a missing rule is not checked. */
export interface InstrumentRules {
  readonly venue: VenueId;
  readonly market: MarketId;
  /** Prices must be multiples of this. */
  readonly tickSize?: Decimal;
  /** Sizes must be multiples of this. */
  readonly sizeStep?: Decimal;
  readonly minSize?: Decimal;
  readonly maxSize?: Decimal;
  /** Minimum price × size (in the quote currency). */
  readonly minNotional?: Decimal;
  readonly maxNotional?: Decimal;
  /** Lowest allowed price. */
  readonly minPrice?: Decimal;
  /** Highest allowed price. */
  readonly maxPrice?: Decimal;
  /** When true, prices must lie strictly inside (minPrice, maxPrice), as on prediction markets' (0, 1). */
  readonly priceBoundsExclusive?: boolean;
  /** Order types the venue honours on this market; absent = every one. */
  readonly orderTypes?: readonly OrderType[];
  /** Times in force the venue honours on this market; absent = every one. */
  readonly timesInForce?: readonly TimeInForce[];
  /** Why the venue honours only those, for the refusal's message (e.g. `a swap cannot rest on an AMM`). */
  readonly kindsNote?: string;
  /** Base and quote asset names, for display and inventory valuation. */
  readonly baseAsset?: string;
  readonly quoteAsset?: string;
}
