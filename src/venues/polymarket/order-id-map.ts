/**
 * Our OrderId <-> the venue's order hash (the EIP-712 digest, lowercase), plus each hash's market. The
 * venue has no client order id, so this map is how reports and fills are attributed to our orders. A
 * cancel-then-replace points the OrderId at the new hash while the old hash still resolves to it.
 *
 * Bounded: an order the engine has finished with ({@link OrderIdMap.finish}) stays resolvable for a
 * retention period (late fills, a trade that FAILED after the order ended) and is then dropped; past
 * `maxFinished` finished orders the oldest are dropped early.
 */
import {
  asVenueOrderId,
  type Decimal,
  type MarketId,
  type OrderId,
  type VenueOrderId,
  ZERO,
} from '../../domain/index.ts';

/** How long finished orders stay in an {@link OrderIdMap}. */
export interface IdRetention {
  /** Kept this long after {@link OrderIdMap.finish} (ms). Default one hour. */
  readonly retentionMs?: number;
  /** At most this many finished orders kept. Default 100,000. */
  readonly maxFinished?: number;
}

/** Two-way map between our order ids and order hashes. */
export class OrderIdMap {
  readonly #retentionMs: number;
  readonly #maxFinished: number;
  /** Finished orders, oldest first: (order id, finished at ms). */
  readonly #finished: [OrderId, number][] = [];
  #head = 0;

  constructor(retention: IdRetention = {}) {
    this.#retentionMs = retention.retentionMs ?? 3_600_000;
    this.#maxFinished = retention.maxFinished ?? 100_000;
  }

  readonly #hashOf = new Map<OrderId, VenueOrderId>();
  /** Every hash an order has had (cancel-then-replace gives it several). */
  readonly #hashesOf = new Map<OrderId, VenueOrderId[]>();
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
    const all = this.#hashesOf.get(orderId);
    if (all === undefined) this.#hashesOf.set(orderId, [h]);
    else if (!all.includes(h)) all.push(h);
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
    const all = this.#hashesOf.get(orderId);
    if (all !== undefined) {
      const rest = all.filter((x) => x !== h);
      if (rest.length === 0) this.#hashesOf.delete(orderId);
      else this.#hashesOf.set(orderId, rest);
    }
  }

  /** Drops an order and every hash that resolves to it. */
  forget(orderId: OrderId): void {
    this.#hashOf.delete(orderId);
    for (const h of this.#hashesOf.get(orderId) ?? []) this.#idOf.delete(h);
    this.#hashesOf.delete(orderId);
  }

  /**
   * Notes that the engine is done with `orderId` at `nowMs`; drops the finished orders past their
   * retention (or beyond `maxFinished`).
   */
  finish(orderId: OrderId, nowMs: number): void {
    if (!this.#hashOf.has(orderId)) return;
    this.#finished.push([orderId, nowMs]);
    this.sweep(nowMs);
  }

  /** Drops finished orders older than the retention, and the oldest beyond `maxFinished`. */
  sweep(nowMs: number): void {
    const q = this.#finished;
    while (this.#head < q.length) {
      const [id, at] = q[this.#head]!;
      if (nowMs - at < this.#retentionMs && q.length - this.#head <= this.#maxFinished) break;
      this.forget(id);
      this.#head++;
    }
    if (this.#head > 1024 && this.#head * 2 > q.length) {
      q.splice(0, this.#head);
      this.#head = 0;
    }
  }

  /** Number of hashes known. */
  get size(): number {
    return this.#idOf.size;
  }
}
