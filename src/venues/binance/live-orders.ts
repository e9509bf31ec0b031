/**
 * LiveOrders: what the adapter keeps per order it placed: the symbol, the current wire client id (the
 * n-th replacement, see client-ids.ts), the venue's orderId, the quantity filled under earlier venue
 * orders that a cancelReplace replaced (`carried`), the signed timestamp + recvWindow of a write whose
 * outcome is unknown (to prove "never placed" from a later -2013), and a replacement in flight. Finished
 * orders are dropped after a retention period (late fills are still attributed through the wire id).
 */
import { type Decimal, type OrderId, type VenueOrderId, ZERO } from '../../domain/index.ts';
import { ClientIdBook } from './client-ids.ts';

/** A write whose answer did not come: when it was signed. */
export interface UnknownWrite {
  readonly clientId: string;
  readonly timestamp: number;
  readonly recvWindow: number;
}

/** A cancelReplace in flight (or with an unknown outcome). */
export interface PendingReplace {
  readonly n: number;
  readonly clientId: string;
  readonly price?: Decimal;
  /** Total size asked (ours, fills of earlier venue orders included). */
  readonly size: Decimal;
  /** Set once the request was signed and its answer was lost. */
  sent?: UnknownWrite | undefined;
}

/** One order of ours at the venue. */
export interface LiveOrder {
  readonly orderId: OrderId;
  readonly symbol: string;
  n: number;
  clientId: string;
  venueOrderId?: VenueOrderId;
  carried: Decimal;
  unknownSubmit?: UnknownWrite | undefined;
  replace?: PendingReplace | undefined;
  /** The venue reported a final status (no longer counts toward MAX_NUM_ORDERS). */
  closed?: boolean;
  /** A market order by quote amount: our size bound (done short of it = Expired, see order-codec.ts). */
  sizeBound?: Decimal;
  finishedAt?: number;
}

/** The adapter's orders by OrderId and by the venue's orderId. */
export class LiveOrders {
  readonly ids = new ClientIdBook();
  readonly #byId = new Map<OrderId, LiveOrder>();
  readonly #byVenue = new Map<string, OrderId>();
  readonly #retentionMs: number;
  /** Orders not known to be final, per symbol (MAX_NUM_ORDERS). */
  readonly #open = new Map<string, Set<OrderId>>();
  #lastSweep = 0;

  /** @param retentionMs how long a finished order stays attributable. */
  constructor(retentionMs = 3_600_000) {
    this.#retentionMs = retentionMs;
  }

  /** The record of an order, created on first use (replacement 0). */
  ensure(orderId: OrderId, symbol: string): LiveOrder {
    let o = this.#byId.get(orderId);
    if (o === undefined) {
      o = { orderId, symbol, n: 0, clientId: this.ids.wire(orderId, 0), carried: ZERO };
      this.#byId.set(orderId, o);
      const set = this.#open.get(symbol) ?? new Set<OrderId>();
      this.#open.set(symbol, set);
      set.add(orderId);
    }
    return o;
  }

  /** The record of an order, if any. */
  get(orderId: OrderId): LiveOrder | undefined {
    return this.#byId.get(orderId);
  }

  /** Records the venue's orderId of an order. */
  setVenueId(o: LiveOrder, venueOrderId: VenueOrderId): void {
    o.venueOrderId = venueOrderId;
    this.#byVenue.set(`${o.symbol}:${venueOrderId}`, o.orderId);
  }

  /** Our order behind a venue orderId on a symbol (any of its replacements). */
  byVenueId(symbol: string, venueOrderId: string): OrderId | undefined {
    return this.#byVenue.get(`${symbol}:${venueOrderId}`);
  }

  /** Symbols with orders. */
  symbols(): string[] {
    return [...new Set([...this.#byId.values()].map((o) => o.symbol))];
  }

  /** Open-order count per symbol as far as we know (orders not finished). */
  openCount(symbol: string): number {
    return this.#open.get(symbol)?.size ?? 0;
  }

  /** Orders of a symbol not known to be final. */
  openIds(symbol: string): OrderId[] {
    return [...(this.#open.get(symbol) ?? [])];
  }

  /** The venue reported a final status for the order. */
  markClosed(o: LiveOrder): void {
    o.closed = true;
    this.#open.get(o.symbol)?.delete(o.orderId);
  }

  /** The engine is done with the order; dropped after the retention (and older ones now). */
  finish(orderId: OrderId, now: number): void {
    const o = this.#byId.get(orderId);
    if (o !== undefined) {
      o.finishedAt = now;
      this.markClosed(o);
    }
    if (now - this.#lastSweep < 60_000) return;
    this.#lastSweep = now;
    for (const [id, x] of this.#byId) {
      if (x.finishedAt !== undefined && now - x.finishedAt > this.#retentionMs) {
        this.#byId.delete(id);
        this.ids.forget(id);
        if (x.venueOrderId !== undefined) this.#byVenue.delete(`${x.symbol}:${x.venueOrderId}`);
      }
    }
  }

  /** Drops the record of an order refused by the venue (nothing exists there). */
  drop(orderId: OrderId): void {
    const o = this.#byId.get(orderId);
    if (o !== undefined) this.markClosed(o);
    this.#byId.delete(orderId);
  }
}
