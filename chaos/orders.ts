/** Order builder of the crash harness's liquidity account (which trades through an adapter directly). */
import {
  asClientOrderId,
  asOrderId,
  type Decimal,
  type MarketId,
  type Order,
  type Side,
  ZERO,
} from '../src/domain/index.ts';
import type { VenueAdapter } from '../src/venues/venue-adapter.ts';

let counter = 0;

/** A GTC limit order of the liquidity account, ready for `adapter.placeOrder`. */
export function liquidityOrder(
  adapter: VenueAdapter,
  market: MarketId,
  side: Side,
  price: Decimal,
  size: Decimal,
): Order {
  const id = asOrderId(`lp${Date.now().toString(36)}${(++counter).toString(36)}`);
  const now = Date.now();
  return {
    id,
    clientOrderId: asClientOrderId(id),
    venue: adapter.venueId,
    market,
    side,
    orderType: 'Limit',
    price,
    size,
    timeInForce: 'GTC',
    status: 'Submitting',
    filledSize: ZERO,
    fees: ZERO,
    createdAt: now,
    updatedAt: now,
  };
}
