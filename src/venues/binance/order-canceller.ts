/**
 * OrderCanceller: `DELETE /api/v3/order` by our current client id (`origClientOrderId`) and
 * `DELETE /api/v3/openOrders` for a symbol. A confirmed cancel is reported (Cancelled, with what the order
 * filled); -2011 (already final, or unknown) is a refusal the engine confirms with a status query; an
 * unknown outcome stays unknown.
 */
import { type MarketId, type Order, OrderStatus, type VenueOrderId } from '../../domain/index.ts';
import type { CancelOutcome } from '../venue-adapter.ts';
import { clientIdOf } from './client-ids.ts';
import { classifyBinanceReply } from './error-classifier.ts';
import { type BinanceOrderRecord, orderReport } from './order-codec.ts';
import type { VenueParts } from './venue-parts.ts';

/** Result of cancelling every open order of a symbol. */
export type CancelAllOutcome =
  | { readonly kind: 'done'; readonly canceled: readonly VenueOrderId[] }
  | { readonly kind: 'rejected'; readonly code: string; readonly message: string }
  | { readonly kind: 'unknown'; readonly reason: string };

/** Single and per-symbol cancels. */
export class OrderCanceller {
  readonly #p: VenueParts;

  constructor(parts: VenueParts) {
    this.#p = parts;
  }

  /** Cancels one order by its current client id. */
  async cancel(order: Readonly<Order>): Promise<CancelOutcome> {
    const p = this.#p;
    const live = p.live.get(order.id);
    const symbol = live?.symbol ?? order.market;
    const clientId = live?.clientId ?? clientIdOf(order.id);
    const r = await p.http.signed('DELETE', '/api/v3/order', [
      ['symbol', symbol],
      ['origClientOrderId', clientId],
    ]);
    const c = classifyBinanceReply(r);
    if (c.kind === 'accepted') {
      const rec = r.body as BinanceOrderRecord;
      if (live !== undefined) p.live.markClosed(live);
      p.events.report({
        ...orderReport({ ...rec, status: 'CANCELED' }, order.id, live?.carried),
        status: OrderStatus.Cancelled,
      });
      return { kind: 'cancelled' };
    }
    if (c.kind === 'unknown') return c;
    return { kind: 'rejected', code: c.code, message: c.message };
  }

  /** Cancels every open order of a symbol (nothing open is `done` with an empty list). */
  async cancelAll(market: MarketId): Promise<CancelAllOutcome> {
    const p = this.#p;
    const r = await p.http.signed('DELETE', '/api/v3/openOrders', [['symbol', market]]);
    const c = classifyBinanceReply(r);
    if (c.kind === 'unknown') return c;
    if (c.kind === 'rejected' && c.venueCode === -2011) return { kind: 'done', canceled: [] };
    if (c.kind !== 'accepted') return { kind: 'rejected', code: c.code, message: c.message };
    const rows = (Array.isArray(r.body) ? r.body : []) as BinanceOrderRecord[];
    const canceled: VenueOrderId[] = [];
    for (const rec of rows) {
      if (rec.orderId === undefined) continue;
      const rep = orderReport(rec, undefined);
      if (rep.venueOrderId !== undefined) canceled.push(rep.venueOrderId);
      const mine = p.live.ids.ours(rec.origClientOrderId ?? '');
      if (mine === undefined) continue;
      const live = p.live.get(mine.orderId);
      if (live !== undefined && live.n !== mine.n) continue;
      if (live !== undefined) p.live.markClosed(live);
      p.events.report({ ...orderReport(rec, mine.orderId, live?.carried), status: OrderStatus.Cancelled });
    }
    return { kind: 'done', canceled };
  }
}
