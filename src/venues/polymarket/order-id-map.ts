/**
 * Our OrderId <-> the venue's order hash (the EIP-712 digest, lowercase), plus each hash's market. The
 * venue has no client order id, so this map is how reports and fills are attributed to our orders. A
 * cancel-then-replace points the OrderId at the new hash while the old hash still resolves to it.
 */
import {
  asVenueOrderId,
  type Decimal,
  type MarketId,
  type OrderId,
  type VenueOrderId,
  ZERO,
} from '../../domain/index.ts';

/** Two-way map between our order ids and order hashes. */
export class OrderIdMap {
  readonly #hashOf = new Map<OrderId, VenueOrderId>();
  readonly #idOf = new Map<
    string,
    { readonly orderId: OrderId; readonly market: MarketId; readonly carried: Decimal }
  >();
  /** Resolves a hash (any case) to our OrderId. */
  readonly ours = (hash: string): OrderId | undefined => this.#idOf.get(hash.toLowerCase())?.orderId;

  /**
   * Records that `orderId` is (now) the order with `hash`; returns the lowercase hash. `carried` is the
   * size our order had filled under earlier hashes (a replacement after a partial fill).
   */
  remember(orderId: OrderId, market: MarketId, hash: string, carried: Decimal = ZERO): VenueOrderId {
    const h = asVenueOrderId(hash.toLowerCase());
    this.#hashOf.set(orderId, h);
    this.#idOf.set(h, { orderId, market, carried });
    return h;
  }

  /** Size filled under earlier hashes of the order that `hash` replaced (0 for an original). */
  carriedOf(hash: string): Decimal {
    return this.#idOf.get(hash.toLowerCase())?.carried ?? ZERO;
  }

  /** The current hash of one of our orders. */
  hashOf(orderId: OrderId): VenueOrderId | undefined {
    return this.#hashOf.get(orderId);
  }

  /** The market of a hash we placed. */
  marketOf(hash: string): MarketId | undefined {
    return this.#idOf.get(hash.toLowerCase())?.market;
  }

  /** Drops one hash (and the OrderId's link when it is the current one). */
  forgetHash(orderId: OrderId, hash: string): void {
    const h = hash.toLowerCase();
    if (this.#hashOf.get(orderId) === h) this.#hashOf.delete(orderId);
    this.#idOf.delete(h);
  }

  /** Drops an order and every hash that resolves to it. */
  forget(orderId: OrderId): void {
    this.#hashOf.delete(orderId);
    for (const [h, v] of this.#idOf) if (v.orderId === orderId) this.#idOf.delete(h);
  }

  /** Number of hashes known. */
  get size(): number {
    return this.#idOf.size;
  }
}
