/**
 * OrderReader: REST reads of our orders and trades: `GET /api/v3/order` by our current client id,
 * `GET /api/v3/openOrders`, `GET /api/v3/myTrades` (all pages). A -2013 answer is "never placed" only
 * when nothing of ours may still arrive: a submit (or replacement) whose outcome was unknown is proven
 * absent only after its timestamp + recvWindow has passed at the venue (see `provesNeverPlaced`); before
 * that the query throws NetworkError and the engine asks again. A replacement whose answer was lost is
 * settled here: found, it becomes the order's current venue order; proven absent, it is forgotten.
 */
import {
  add,
  asVenueOrderId,
  dec,
  type Fill,
  type MarketId,
  type OrderId,
  type VenueOrderId,
} from '../../domain/index.ts';
import { AuthenticationError, NetworkError, RateLimitExceeded, VenueError } from '../../errors/index.ts';
import type { OrderRef, VenueOrderReport } from '../venue-adapter.ts';
import type { SignedReply } from './binance-http.ts';
import { clientIdOf } from './client-ids.ts';
import { BinanceCode, binanceError, classifyBinanceReply, type ReplyFacts } from './error-classifier.ts';
import type { LiveOrder } from './live-orders.ts';
import { type BinanceOrderRecord, type BinanceTradeRecord, orderReport, tradeFill } from './order-codec.ts';
import { provesNeverPlaced, type VenueParts } from './venue-parts.ts';

/** Throws the gateway error for a failed read. */
export function readFailure(venue: string, r: ReplyFacts): never {
  const c = classifyBinanceReply(r);
  switch (c.kind) {
    case 'auth':
    case 'time':
      throw new AuthenticationError(venue, c.message);
    case 'rate_limited':
    case 'banned':
      throw new RateLimitExceeded(venue, c.message, c.retryAfterMs);
    case 'rejected':
      throw new VenueError(venue, c.message, c.code);
    case 'unknown':
      throw new NetworkError(venue, c.reason);
    default:
      throw new NetworkError(venue, `unexpected reply ${JSON.stringify(r.body)?.slice(0, 200)}`);
  }
}

/** REST reads of our orders and fills. */
export class OrderReader {
  readonly #p: VenueParts;
  /** Venue orderIds whose client id is not ours (not asked again). */
  readonly #foreign = new Set<string>();

  constructor(parts: VenueParts) {
    this.#p = parts;
  }

  /** `GET /api/v3/order` by client id (or venue orderId). */
  async query(symbol: string, by: { clientId?: string; venueOrderId?: string }): Promise<SignedReply> {
    const params: [string, string][] = [['symbol', symbol]];
    if (by.venueOrderId !== undefined) params.push(['orderId', by.venueOrderId]);
    else params.push(['origClientOrderId', by.clientId ?? '']);
    return this.#p.http.signed('GET', '/api/v3/order', params);
  }

  /** One order; null when the venue does not know it and it provably never arrived. */
  async status(ref: OrderRef): Promise<VenueOrderReport | null> {
    const p = this.#p;
    const live = p.live.get(ref.orderId);
    if (live?.replace !== undefined) {
      const settled = await this.#settleReplace(live);
      if (settled !== undefined) return settled;
    }
    const symbol = live?.symbol ?? ref.market;
    const clientId = live?.clientId ?? clientIdOf(ref.orderId);
    const n = live?.n;
    const r = await this.query(symbol, { clientId });
    // a cancelReplace started or finished meanwhile: the answer may be about the replaced venue order
    if (live !== undefined && (live.n !== n || live.replace !== undefined))
      throw new NetworkError(p.venueId, `order ${ref.orderId} is being replaced: asking again`);
    if (r.status === 200) return this.#report(live, ref.orderId, r.body as BinanceOrderRecord);
    if (binanceError(r.body)?.code !== BinanceCode.NoSuchOrder) readFailure(p.venueId, r);
    const w = live?.unknownSubmit;
    if (w === undefined || w.clientId !== clientId) return null;
    if (provesNeverPlaced(w, r.timestamp, p.neverPlacedMarginMs)) return null;
    throw new NetworkError(
      p.venueId,
      `order ${clientId} not found yet, but its submit (timestamp ${w.timestamp}, recvWindow ${w.recvWindow}) may still arrive: asking again`,
    );
  }

  #report(live: LiveOrder | undefined, orderId: OrderId, rec: BinanceOrderRecord): VenueOrderReport {
    if (live !== undefined && rec.orderId !== undefined) {
      this.#p.live.setVenueId(live, asVenueOrderId(String(rec.orderId)));
      live.unknownSubmit = undefined;
    }
    const rep = orderReport(rec, orderId, live?.carried, live?.sizeBound);
    if (live !== undefined && rep.status !== 'Working' && rep.status !== 'PartiallyFilled')
      this.#p.live.markClosed(live);
    return rep;
  }

  /** A replacement with a lost answer: adopt it if it exists, forget it if provably absent. */
  async #settleReplace(live: LiveOrder): Promise<VenueOrderReport | undefined> {
    const p = this.#p;
    const rep = live.replace!;
    const r = await this.query(live.symbol, { clientId: rep.clientId });
    if (r.status === 200) {
      // the replacement exists: what the replaced order filled is carried over
      const old = await this.query(live.symbol, { clientId: live.clientId });
      if (old.status !== 200) readFailure(p.venueId, old);
      const oldRec = old.body as BinanceOrderRecord;
      live.carried = add(live.carried, dec(oldRec.executedQty ?? '0'));
      live.n = rep.n;
      live.clientId = rep.clientId;
      live.replace = undefined;
      return this.#report(live, live.orderId, r.body as BinanceOrderRecord);
    }
    if (binanceError(r.body)?.code !== BinanceCode.NoSuchOrder) readFailure(p.venueId, r);
    if (rep.sent !== undefined && provesNeverPlaced(rep.sent, r.timestamp, p.neverPlacedMarginMs)) {
      live.replace = undefined;
      return undefined;
    }
    throw new NetworkError(
      p.venueId,
      `replacement ${rep.clientId} not found yet and may still arrive: asking again`,
    );
  }

  /** Open orders (one symbol, or every symbol: weight 80). */
  async open(market?: MarketId): Promise<readonly VenueOrderReport[]> {
    const p = this.#p;
    const r = await p.http.signed(
      'GET',
      '/api/v3/openOrders',
      market === undefined ? [] : [['symbol', market]],
    );
    if (r.status !== 200) readFailure(p.venueId, r);
    const out: VenueOrderReport[] = [];
    for (const rec of (Array.isArray(r.body) ? r.body : []) as BinanceOrderRecord[]) {
      const mine = p.live.ids.ours(rec.clientOrderId ?? '');
      const live = mine === undefined ? undefined : p.live.get(mine.orderId);
      const carried = live !== undefined && live.n === mine?.n ? live.carried : undefined;
      out.push(orderReport(rec, mine?.orderId, carried, live?.sizeBound));
    }
    return out;
  }

  /** Our fills since `sinceMs` on one symbol, or on every symbol we have placed orders on. */
  async fills(sinceMs: number, market?: MarketId): Promise<readonly Fill[]> {
    const symbols = market === undefined ? this.#p.live.symbols() : [market as string];
    const out: Fill[] = [];
    for (const s of symbols) out.push(...(await this.fillsOf(s, sinceMs)));
    return out;
  }

  /** Every page of `myTrades` of a symbol from `sinceMs`, as our fills (trades of orders not ours skipped). */
  async fillsOf(symbol: string, sinceMs: number): Promise<Fill[]> {
    const p = this.#p;
    const out: Fill[] = [];
    let params: [string, string][] = [
      ['symbol', symbol],
      ['startTime', String(Math.max(0, Math.floor(sinceMs)))],
      ['limit', '1000'],
    ];
    for (;;) {
      const r = await p.http.signed('GET', '/api/v3/myTrades', params);
      if (r.status !== 200) readFailure(p.venueId, r);
      const rows = (Array.isArray(r.body) ? r.body : []) as BinanceTradeRecord[];
      for (const t of rows) {
        const id = await this.#ownerOf(symbol, String(t.orderId));
        if (id !== undefined) out.push(tradeFill(p.venueId, id, t));
      }
      if (rows.length < 1000) return out;
      params = [
        ['symbol', symbol],
        ['fromId', String(rows[rows.length - 1]!.id + 1)],
        ['limit', '1000'],
      ];
    }
  }

  /** Our order behind a venue orderId (asks the venue for its client id once when not known). */
  async #ownerOf(symbol: string, venueOrderId: string): Promise<OrderId | undefined> {
    const p = this.#p;
    const known = p.live.byVenueId(symbol, venueOrderId);
    if (known !== undefined) return known;
    const key = `${symbol}:${venueOrderId}`;
    if (this.#foreign.has(key)) return undefined;
    const r = await this.query(symbol, { venueOrderId });
    if (r.status !== 200) readFailure(p.venueId, r);
    const mine = p.live.ids.ours((r.body as BinanceOrderRecord).clientOrderId ?? '');
    if (mine === undefined) {
      this.#foreign.add(key);
      return undefined;
    }
    const live = p.live.ensure(mine.orderId, symbol);
    if (live.n === mine.n) p.live.setVenueId(live, asVenueOrderId(venueOrderId) as VenueOrderId);
    return mine.orderId;
  }
}
