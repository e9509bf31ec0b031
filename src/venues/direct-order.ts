/**
 * An order for an adapter used directly, outside the engine (a liquidity account in the demo and the
 * crash harness): a GTC limit with a fresh id, ready for `adapter.placeOrder`.
 */
import {
  asClientOrderId,
  asOrderId,
  type Decimal,
  type MarketId,
  type Order,
  OrderStatus,
  type Side,
  ZERO,
} from '../domain/index.ts';
import type { VenueAdapter } from './venue-adapter.ts';

let counter = 0;

/** A GTC limit order of `size` at `price`, id `lp-<time>-<n>`, for `adapter.placeOrder`. */
export function directOrder(
  adapter: Pick<VenueAdapter, 'venueId'>,
  market: MarketId,
  side: Side,
  price: Decimal,
  size: Decimal,
): Order {
  const now = Date.now();
  const id = asOrderId(`lp-${now.toString(36)}-${(counter++).toString(36)}`);
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
    status: OrderStatus.Submitting,
    filledSize: ZERO,
    fees: ZERO,
    createdAt: now,
    updatedAt: now,
  };
}
