/**
 * The parts of one Binance venue that its order placer, canceller, reader, replacer and user stream
 * share, and the proof rule for "never placed" (reference §3).
 */
import type { VenueId } from '../../domain/index.ts';
import type { BinanceHttp } from './binance-http.ts';
import type { LiveOrders, UnknownWrite } from './live-orders.ts';
import type { SymbolCache } from './symbol-cache.ts';
import type { VenueEvents } from './venue-events.ts';

/** What the order parts work with. */
export interface VenueParts {
  readonly venueId: VenueId;
  readonly http: BinanceHttp;
  readonly live: LiveOrders;
  readonly symbols: SymbolCache;
  readonly events: VenueEvents;
  /** Venue database lag allowed after timestamp + recvWindow, ms. */
  readonly neverPlacedMarginMs: number;
}

/** The venue's leeway for a timestamp ahead of its clock (reference §3): `timestamp < serverTime + 1000`. */
export const AHEAD_LEEWAY_MS = 1000;

/**
 * True when a -2013 answer to a signed query stamped `queryTimestamp` proves that the write `w` never
 * reached the matching engine. The venue accepted the query, so its clock was past
 * `queryTimestamp - 1000`; a write stamped T with window W cannot enter the engine after venue time
 * T + W. Both figures are the venue's own checks, so the proof does not depend on our clock offset.
 */
export function provesNeverPlaced(w: UnknownWrite, queryTimestamp: number, marginMs: number): boolean {
  return queryTimestamp - AHEAD_LEEWAY_MS >= w.timestamp + w.recvWindow + marginMs;
}
