/**
 * OrderCanceller: the Polymarket venue's cancels (`DELETE /order`, `/orders`, `/cancel-all`,
 * `/cancel-market-orders`). Every reply goes through `classifyReply`; each order the venue reports as
 * cancelled becomes a Cancelled order report (unless the caller, a cancel-then-replace, reports itself).
 */
import {
  asVenueOrderId,
  type Clock,
  type MarketId,
  type Order,
  type OrderId,
  OrderStatus,
  type VenueOrderId,
  ZERO,
} from '../../domain/index.ts';
import type { CancelOutcome } from '../venue-adapter.ts';
import type { EventSink } from '../venue-listeners.ts';
import type { L2Authenticator } from './auth-headers.ts';
import type { ClobHttp } from './clob-http.ts';
import { classifyReply } from './error-classifier.ts';
import type { OrderIdMap } from './order-id-map.ts';

/** Result of a bulk cancel (`DELETE /orders`, `/cancel-all`, `/cancel-market-orders`). */
export type BulkCancelOutcome =
  | {
      readonly kind: 'done';
      readonly canceled: readonly VenueOrderId[];
      readonly notCanceled: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'rejected'; readonly code: string; readonly message: string }
  | { readonly kind: 'unknown'; readonly reason: string };

/** What an {@link OrderCanceller} cancels with. */
export interface OrderCancellerDeps {
  readonly http: ClobHttp;
  readonly ids: OrderIdMap;
  readonly clock: Clock;
  readonly events: EventSink;
  /** L2 credentials (connecting first when needed). */
  readonly l2: () => Promise<L2Authenticator>;
}

/** Single and bulk cancels. */
export class OrderCanceller {
  readonly #http: ClobHttp;
  readonly #ids: OrderIdMap;
  readonly #clock: Clock;
  readonly #events: EventSink;
  readonly #l2: () => Promise<L2Authenticator>;

  /** Cancels through the given HTTP client and credentials; reports to `events`. */
  constructor(deps: OrderCancellerDeps) {
    this.#http = deps.http;
    this.#ids = deps.ids;
    this.#clock = deps.clock;
    this.#events = deps.events;
    this.#l2 = deps.l2;
  }

  /** Cancels one order by its current hash (else its `venueOrderId`); `emit` reports the cancellation. */
  async cancelOne(order: Readonly<Order>, emit: boolean): Promise<CancelOutcome> {
    // the current hash first: after a cancel-then-replace the engine may still hold the old one
    const hash = this.#ids.hashOf(order.id) ?? order.venueOrderId;
    if (hash === undefined)
      return { kind: 'rejected', code: 'unknown_order', message: 'no order hash known for this order' };
    const out = await this.#bulk('DELETE', '/order', JSON.stringify({ orderID: hash }), emit);
    if (out.kind !== 'done') return out;
    const h = hash.toLowerCase();
    if (out.canceled.some((c) => c.toLowerCase() === h)) return { kind: 'cancelled' };
    const reason = Object.entries(out.notCanceled).find(([k]) => k.toLowerCase() === h)?.[1];
    if (reason !== undefined) return { kind: 'rejected', code: 'not_canceled', message: reason };
    return { kind: 'unknown', reason: 'the cancel reply does not mention the order' };
  }

  /** Cancels many orders (by our OrderId or order hash) in one `DELETE /orders`. */
  cancelMany(refs: readonly (OrderId | VenueOrderId)[]): Promise<BulkCancelOutcome> {
    const hashes = refs.map((r) => this.#ids.hashOf(r as OrderId) ?? r);
    return this.#bulk('DELETE', '/orders', JSON.stringify(hashes));
  }

  /** Cancels every open order of the account (`DELETE /cancel-all`). */
  cancelAll(): Promise<BulkCancelOutcome> {
    return this.#bulk('DELETE', '/cancel-all', undefined);
  }

  /** Cancels the account's open orders on one token (`DELETE /cancel-market-orders`). */
  cancelMarket(market: MarketId): Promise<BulkCancelOutcome> {
    return this.#bulk('DELETE', '/cancel-market-orders', JSON.stringify({ market: '', asset_id: market }));
  }

  /** Reports the order with `hash` as cancelled. */
  reportCancelled(hash: VenueOrderId): void {
    const orderId = this.#ids.ours(hash);
    this.#events.emit({
      type: 'order',
      report: {
        ...(orderId === undefined ? {} : { orderId }),
        venueOrderId: hash,
        market: this.#ids.marketOf(hash) ?? ('' as MarketId),
        status: OrderStatus.Cancelled,
        filledSize: ZERO,
        updatedAt: this.#clock.now(),
      },
    });
  }

  async #bulk(
    method: string,
    path: string,
    body: string | undefined,
    emit = true,
  ): Promise<BulkCancelOutcome> {
    let auth: L2Authenticator;
    try {
      auth = await this.#l2();
    } catch (e) {
      return { kind: 'rejected', code: 'auth_failed', message: (e as Error).message };
    }
    const r = await this.#http.private_(auth, method, path, body);
    const c = classifyReply(r);
    if (c.kind === 'unknown') return c;
    if (c.kind !== 'accepted') return { kind: 'rejected', code: c.code, message: c.message };
    const b = (r.body ?? {}) as { canceled?: unknown; not_canceled?: unknown };
    const canceled = (Array.isArray(b.canceled) ? b.canceled : []).map((x) =>
      asVenueOrderId(String(x).toLowerCase()),
    );
    const notCanceled = (b.not_canceled ?? {}) as Record<string, string>;
    if (emit) for (const h of canceled) this.reportCancelled(h);
    return { kind: 'done', canceled, notCanceled };
  }
}
