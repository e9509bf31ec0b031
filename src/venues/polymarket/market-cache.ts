/**
 * The adapter's per-token market cache: tick size, neg-risk flag, fee rate (when the venue serves
 * `/fee-rate`) and `min_order_size` looked up once per token (concurrent lookups share one request set),
 * and the reference mid refreshed from each `/book` read.
 */
import { tryDec } from '../../domain/index.ts';
import type { ClobHttp } from './clob-http.ts';
import { readFailure } from './error-classifier.ts';
import { type BookSnapshot, bookMid, type MarketInfo } from './market-info.ts';
import { parseTickSize } from './order-amounts.ts';

/** Market facts per token, loaded lazily from the public endpoints. */
export class MarketCache {
  readonly #http: ClobHttp;
  readonly #venue: string;
  readonly #markets = new Map<string, MarketInfo>();
  readonly #loading = new Map<string, Promise<MarketInfo>>();

  constructor(http: ClobHttp, venue: string) {
    this.#http = http;
    this.#venue = venue;
  }

  /** The cached facts of a token, if loaded. */
  get(token: string): MarketInfo | undefined {
    return this.#markets.get(token);
  }

  /** The distinct condition ids of the loaded tokens. */
  conditionIds(): string[] {
    const out = new Set<string>();
    for (const m of this.#markets.values()) if (m.conditionId !== undefined) out.add(m.conditionId);
    return [...out];
  }

  /** Loads a token once; throws the gateway error of a failed lookup (nothing is cached then). */
  prepare(token: string): Promise<MarketInfo> {
    const known = this.#markets.get(token);
    if (known !== undefined) return Promise.resolve(known);
    let p = this.#loading.get(token);
    if (p === undefined) {
      p = this.#load(token).finally(() => this.#loading.delete(token));
      this.#loading.set(token, p);
    }
    return p;
  }

  async #load(token: string): Promise<MarketInfo> {
    const q = `?token_id=${encodeURIComponent(token)}`;
    const [tick, neg, fee, book] = await Promise.all([
      this.#http.get(`/tick-size${q}`),
      this.#http.get(`/neg-risk${q}`),
      this.#http.get(`/fee-rate${q}`),
      this.#http.get(`/book${q}`),
    ]);
    for (const r of [tick, neg]) if (r.status !== 200) readFailure(this.#venue, r);
    const tickSize = parseTickSize(String((tick.body as { minimum_tick_size?: unknown }).minimum_tick_size));
    const negRisk = (neg.body as { neg_risk?: unknown }).neg_risk === true;
    const feeBody = fee.body as { base_fee?: unknown; fee_rate_bps?: unknown } | undefined;
    const feeRate = Number(feeBody?.base_fee ?? feeBody?.fee_rate_bps);
    const b = book.status === 200 ? (book.body as BookSnapshot) : undefined;
    const minOrderSize = tryDec(b?.min_order_size);
    const info: MarketInfo = {
      tokenId: token,
      tickSize,
      negRisk,
      ...(fee.status === 200 && Number.isFinite(feeRate) ? { feeRateBps: feeRate } : {}),
      ...(minOrderSize === undefined ? {} : { minOrderSize }),
      ...(typeof b?.market === 'string' && b.market !== '' ? { conditionId: b.market } : {}),
    };
    if (b !== undefined) info.mid = bookMid(b);
    this.#markets.set(token, info);
    return info;
  }

  /** Reads `/book` for a token, refreshing its reference mid. */
  async fetchBook(token: string): Promise<BookSnapshot> {
    const r = await this.#http.get(`/book?token_id=${encodeURIComponent(token)}`);
    if (r.status !== 200) readFailure(this.#venue, r);
    const book = r.body as BookSnapshot;
    const m = this.#markets.get(token);
    if (m !== undefined) m.mid = bookMid(book);
    return book;
  }
}
