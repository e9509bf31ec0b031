/**
 * OrderReader: the Polymarket venue's REST reads of our orders and trades (`GET /data/order/<hash>`,
 * `/data/orders`, `/data/trades`, all pages), reported in terms of our orders: a replacement's sizes
 * include what was filled under the hashes it replaced (see {@link OrderIdMap}).
 */
import {
  type Decimal,
  type Fill,
  type MarketId,
  OrderStatus,
  type VenueId,
  type VenueOrderId,
  ZERO,
} from '../../domain/index.ts';
import type { OrderRef, VenueOrderReport } from '../venue-adapter.ts';
import type { L2Authenticator } from './auth-headers.ts';
import type { ClobHttp } from './clob-http.ts';
import { readAllPages } from './clob-pages.ts';
import {
  isFailedTrade,
  type OpenOrderRecord,
  openOrderReport,
  type TradeRecord,
  tradeFills,
} from './clob-records.ts';
import { readFailure } from './error-classifier.ts';
import type { OrderIdMap } from './order-id-map.ts';

/** What an {@link OrderReader} reads with. */
export interface OrderReaderDeps {
  readonly http: ClobHttp;
  readonly ids: OrderIdMap;
  readonly venueId: VenueId;
  /** The order maker (our side of a trade). */
  readonly makerAddress: string;
  /** L2 credentials (connecting first when needed). */
  readonly l2: () => Promise<L2Authenticator>;
}

/** REST reads of our orders and fills. */
export class OrderReader {
  readonly #http: ClobHttp;
  readonly #ids: OrderIdMap;
  readonly #venueId: VenueId;
  readonly #maker: string;
  readonly #l2: () => Promise<L2Authenticator>;

  /** Reads through the given HTTP client, id map and credentials. */
  constructor(deps: OrderReaderDeps) {
    this.#http = deps.http;
    this.#ids = deps.ids;
    this.#venueId = deps.venueId;
    this.#maker = deps.makerAddress;
    this.#l2 = deps.l2;
  }

  /** One order by its current hash (else the ref's); null when the venue does not know it. */
  async status(ref: OrderRef): Promise<VenueOrderReport | null> {
    // the current hash first: after a cancel-then-replace the engine may still hold the old one
    const hash = this.#ids.hashOf(ref.orderId) ?? ref.venueOrderId;
    if (hash === undefined) return null;
    const auth = await this.#l2();
    const r = await this.#http.private_(auth, 'GET', `/data/order/${hash}`);
    if (r.status === 404) return null;
    if (r.status !== 200) readFailure(this.#venueId, r);
    const o = r.body as OpenOrderRecord | null | undefined;
    if (o === null || o === undefined || typeof o !== 'object' || typeof o.id !== 'string') return null;
    return this.report(o, this.#http.venueSeconds());
  }

  /** The account's open orders (optionally on one token). */
  async open(market?: MarketId): Promise<readonly VenueOrderReport[]> {
    const rows = await this.pages<OpenOrderRecord>(
      '/data/orders',
      market === undefined ? {} : { asset_id: market },
    );
    const now = this.#http.venueSeconds();
    return rows.map((o) => this.report(o, now));
  }

  /** Our fills in the trades since `sinceMs` (optionally on one token); FAILED trades yield none. */
  async fills(sinceMs: number, market?: MarketId): Promise<readonly Fill[]> {
    return (await this.tradesSince(sinceMs, market)).fills;
  }

  /**
   * Our fills in the trades since `sinceMs`, split into live ones and those of FAILED trades (to be
   * taken back): what a gap-fill needs.
   */
  async tradesSince(sinceMs: number, market?: MarketId): Promise<{ fills: Fill[]; reversed: Fill[] }> {
    const q: Record<string, string> = {};
    if (market !== undefined) q.asset_id = market;
    if (sinceMs > 0) q.after = String(Math.floor(sinceMs / 1000) - 1);
    const trades = await this.pages<TradeRecord>('/data/trades', q);
    const fills: Fill[] = [];
    const reversed: Fill[] = [];
    for (const t of trades)
      tradeFills(t, this.#venueId, this.#maker, this.#ids.ours, isFailedTrade(t) ? reversed : fills);
    return { fills, reversed };
  }

  /** Our fills of one order in the given trades (read back by trade id; failures leave them to reconciliation). */
  async fillsOfTrades(hash: VenueOrderId, tradeIds: readonly string[]): Promise<Fill[]> {
    const out: Fill[] = [];
    try {
      for (const id of tradeIds) {
        const trades = await this.pages<TradeRecord>('/data/trades', { id });
        for (const t of trades)
          if (!isFailedTrade(t)) tradeFills(t, this.#venueId, this.#maker, this.#ids.ours, out);
      }
    } catch {
      return [];
    }
    return out.filter((f) => f.venueOrderId?.toLowerCase() === hash);
  }

  /** Every page of an authenticated list endpoint. */
  async pages<T>(path: string, query: Record<string, string>): Promise<T[]> {
    return readAllPages<T>(this.#http, await this.#l2(), this.#venueId, path, query);
  }

  /** A report of the venue's order, in terms of our order (sizes include fills under earlier hashes). */
  report(o: OpenOrderRecord, nowSeconds: number): VenueOrderReport {
    const r = openOrderReport(o, this.#ids.ours, nowSeconds);
    const carried = this.#ids.carriedOf(o.id);
    if (carried === ZERO || r.orderId === undefined) return r;
    const filledSize = (r.filledSize + carried) as Decimal;
    return {
      ...r,
      filledSize,
      ...(r.size === undefined ? {} : { size: (r.size + carried) as Decimal }),
      status: r.status === OrderStatus.Working ? OrderStatus.PartiallyFilled : r.status,
    };
  }
}
