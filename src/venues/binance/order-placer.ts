/**
 * OrderPlacer: `POST /api/v3/order` with `newOrderRespType=FULL` and our client id (`newClientOrderId`,
 * see client-ids.ts). The symbol's filters are checked first (a bad order is refused unsent). The reply
 * goes through the classifier: accepted (status + the fills of the ack, emitted once), rejected (nothing
 * at the venue), or unknown (5xx, -1007, timeout): the signed timestamp is kept so that a later -2013
 * can prove the order never arrived; the order is never sent again.
 */
import { asVenueOrderId, type Order, OrderStatus } from '../../domain/index.ts';
import type { PlaceOutcome } from '../venue-adapter.ts';
import { classifyBinanceReply } from './error-classifier.ts';
import { ackFills, type BinanceOrderRecord, orderReport, orderWire, refusal } from './order-codec.ts';
import type { SymbolInfo } from './symbol-rules.ts';
import type { VenueParts } from './venue-parts.ts';

/** Places single orders. */
export class OrderPlacer {
  readonly #p: VenueParts;

  constructor(parts: VenueParts) {
    this.#p = parts;
  }

  /** Checks, sends and classifies one order. */
  async place(order: Readonly<Order>): Promise<PlaceOutcome> {
    const p = this.#p;
    let info: SymbolInfo;
    try {
      info = await p.symbols.prepare(order.market);
    } catch (e) {
      return { kind: 'rejected', code: 'market_lookup_failed', message: (e as Error).message };
    }
    const wire = orderWire(order, info);
    if (!wire.ok) return { kind: 'rejected', code: wire.code, message: wire.message };
    const price = p.symbols.price(info.symbol);
    const bad = refusal(info, wire.rule, {
      ...(price === undefined ? {} : { referencePrice: price }),
      openOrders: p.live.openCount(info.symbol),
    });
    if (bad !== undefined) return { kind: 'rejected', ...bad };
    const live = p.live.ensure(order.id, info.symbol);
    if (wire.rule.quoteOrderQty !== undefined) live.sizeBound = order.size;
    const params: [string, string][] = [
      ['symbol', info.symbol],
      ...wire.params,
      ['newClientOrderId', live.clientId],
      ['newOrderRespType', 'FULL'],
    ];
    const r = await p.http.signed('POST', '/api/v3/order', params);
    const c = classifyBinanceReply(r);
    switch (c.kind) {
      case 'accepted': {
        const rec = r.body as BinanceOrderRecord | undefined;
        if (rec === undefined || typeof rec !== 'object' || rec.orderId === undefined)
          return this.#unknown(live, r, `accepted without an order record: ${JSON.stringify(rec)}`);
        const venueOrderId = asVenueOrderId(String(rec.orderId));
        p.live.setVenueId(live, venueOrderId);
        const rep = orderReport(rec, order.id, live.carried, live.sizeBound);
        const fills = ackFills(p.venueId, order.market, order.id, rec, order.side);
        for (const f of fills) {
          p.symbols.notePrice(info.symbol, f.price);
          p.events.fill(f);
        }
        if (rep.status !== OrderStatus.Working && rep.status !== OrderStatus.PartiallyFilled)
          p.live.markClosed(live);
        return fills.length > 0
          ? { kind: 'accepted', venueOrderId, status: rep.status, fills }
          : { kind: 'accepted', venueOrderId, status: rep.status };
      }
      case 'unknown':
        return this.#unknown(live, r, c.reason);
      case 'rate_limited':
      case 'banned':
        p.live.drop(order.id);
        return c.retryAfterMs === undefined
          ? { kind: 'rejected', code: c.code, message: c.message }
          : { kind: 'rejected', code: c.code, message: c.message, retryAfterMs: c.retryAfterMs };
      default:
        // rejected, time (the re-sent request was refused too) or auth: nothing reached the engine
        p.live.drop(order.id);
        return { kind: 'rejected', code: c.code, message: c.message };
    }
  }

  #unknown(
    live: ReturnType<VenueParts['live']['ensure']>,
    r: { timestamp: number; recvWindow: number },
    reason: string,
  ): PlaceOutcome {
    live.unknownSubmit = { clientId: live.clientId, timestamp: r.timestamp, recvWindow: r.recvWindow };
    return { kind: 'unknown', reason };
  }
}
