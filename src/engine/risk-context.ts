/**
 * The risk engine's view of the world, backed by the OMS (positions, open-order exposure) and a source of
 * reference prices (the venues).
 */
import type { Decimal, MarketId, VenueId } from '../domain/index.ts';
import type { OrderTracker } from '../orders/index.ts';
import type { RiskContext } from '../risk/index.ts';

/** A {@link RiskContext} reading from `tracker`, with reference prices from `referencePrice`. */
export function riskContextFor(
  tracker: OrderTracker,
  referencePrice: (venue: VenueId, market: MarketId) => Decimal | undefined,
): RiskContext {
  return {
    position: (v, m) => tracker.getPosition(v, m),
    openExposure: (v, m) => tracker.openExposure(v, m),
    openExposures: () => tracker.openExposures(),
    positions: () => tracker.getPositions(),
    activeOrderCount: () => tracker.activeOrderCount(),
    referencePrice,
  };
}
