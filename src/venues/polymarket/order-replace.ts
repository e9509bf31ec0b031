/**
 * Cancel-then-replace, the Polymarket venue's `modifyOrder`: the original is cancelled first; if the
 * cancel is refused or its outcome is unknown, nothing is placed. The replacement (remaining size, new
 * price) is a new signed order with a NEW hash under the SAME OrderId; the returned `venueOrderId` is
 * that new hash. While it runs, the order is in `replacing` (its stream order events are not reported).
 */
import {
  asVenueOrderId,
  type Decimal,
  type Order,
  type OrderId,
  sub,
  type VenueOrderId,
} from '../../domain/index.ts';
import type { ModifyOutcome, VenueAdapter, VenueOrderReport } from '../venue-adapter.ts';
import type { OrderCanceller } from './order-canceller.ts';
import type { OrderIdMap } from './order-id-map.ts';

/** What {@link replaceOrder} works with. */
export interface ReplaceDeps {
  readonly ids: OrderIdMap;
  /** Orders under cancel-then-replace. */
  readonly replacing: Set<OrderId>;
  readonly canceller: OrderCanceller;
  /** The venue's status read and order placement. */
  readonly venue: Pick<VenueAdapter, 'getOrderStatus' | 'placeOrder'>;
}

/** Modifies `order` by cancelling it and placing its remaining size (at `newPrice`, if given). */
export async function replaceOrder(
  deps: ReplaceDeps,
  order: Readonly<Order>,
  newPrice?: Decimal,
  newSize?: Decimal,
): Promise<ModifyOutcome> {
  // the current hash first: after a cancel-then-replace the engine may still hold the old one
  const hash = deps.ids.hashOf(order.id) ?? order.venueOrderId;
  if (hash === undefined)
    return { kind: 'rejected', code: 'unknown_order', message: 'no order hash known for this order' };
  deps.replacing.add(order.id);
  try {
    return await replace(deps, order, hash, newPrice, newSize);
  } finally {
    deps.replacing.delete(order.id);
  }
}

async function replace(
  deps: ReplaceDeps,
  order: Readonly<Order>,
  hash: VenueOrderId,
  newPrice: Decimal | undefined,
  newSize: Decimal | undefined,
): Promise<ModifyOutcome> {
  const cancel = await deps.canceller.cancelOne(order, false);
  if (cancel.kind !== 'cancelled') return cancel;
  // the venue's matched size of the cancelled order (fills may not have reached the gateway yet)
  const refused = (code: string, message: string): ModifyOutcome => {
    deps.canceller.reportCancelled(asVenueOrderId(hash.toLowerCase()));
    return { kind: 'rejected', code, message: `the original order was cancelled; ${message}` };
  };
  let old: VenueOrderReport | null;
  try {
    old = await deps.venue.getOrderStatus({ orderId: order.id, venueOrderId: hash, market: order.market });
  } catch (e) {
    // without the venue's filled size a replacement could be too large: place nothing
    return refused(
      'fill_state_unknown',
      `its filled size could not be read (${(e as Error).message}); nothing was placed`,
    );
  }
  const filled = old !== null && old.filledSize > order.filledSize ? old.filledSize : order.filledSize;
  const price = newPrice ?? order.price;
  const size = sub(newSize ?? order.size, filled);
  if (size <= 0n) return refused('nothing_left', 'nothing remains to replace');
  const placed = await deps.venue.placeOrder({
    ...order,
    ...(price === undefined ? {} : { price }),
    size,
    filledSize: filled,
  });
  if (placed.kind === 'accepted')
    return {
      kind: 'amended',
      ...(newPrice === undefined ? {} : { price: newPrice }),
      ...(newSize === undefined ? {} : { size: newSize }),
      venueOrderId: placed.venueOrderId,
    };
  if (placed.kind === 'unknown') return { kind: 'unknown', reason: `replacement: ${placed.reason}` };
  return refused(placed.code, `its replacement was refused: ${placed.message}`);
}
