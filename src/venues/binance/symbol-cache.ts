/**
 * SymbolCache: the symbols' rules from `GET /api/v3/exchangeInfo` (all, or the configured ones), loaded by
 * `connect()` and on demand for a symbol not yet known; also the exchangeInfo `rateLimits`, and the last
 * trade price seen per symbol (the reference for PERCENT_PRICE_BY_SIDE and market notional checks).
 */
import type { Decimal } from '../../domain/index.ts';
import { NetworkError, VenueError } from '../../errors/index.ts';
import type { BinanceHttp } from './binance-http.ts';
import type { BinanceRateLimit } from './binance-rate-limits.ts';
import { errorText } from './error-classifier.ts';
import { parseSymbolInfo, type SymbolInfo } from './symbol-rules.ts';

/** The exchangeInfo facts the adapter keeps. */
export interface ExchangeInfoFacts {
  readonly rateLimits: readonly BinanceRateLimit[];
  readonly symbols: readonly SymbolInfo[];
}

/** The symbols' rules of one venue. */
export class SymbolCache {
  readonly #http: BinanceHttp;
  readonly #venueId: string;
  readonly #symbols = new Map<string, SymbolInfo>();
  readonly #prices = new Map<string, Decimal>();
  #loading = new Map<string, Promise<SymbolInfo>>();

  constructor(http: BinanceHttp, venueId: string) {
    this.#http = http;
    this.#venueId = venueId;
  }

  /** Loads exchangeInfo (all symbols, or `symbols`). @throws NetworkError / VenueError. */
  async load(symbols?: readonly string[]): Promise<ExchangeInfoFacts> {
    const params: [string, string][] =
      symbols === undefined || symbols.length === 0 ? [] : [['symbols', JSON.stringify(symbols)]];
    const r = await this.#http.get('/api/v3/exchangeInfo', params);
    if (r.status !== 200) {
      if (r.status === undefined || r.status >= 500)
        throw new NetworkError(
          this.#venueId,
          `exchangeInfo: ${r.notSent ?? r.networkError ?? errorText(r.body)}`,
        );
      throw new VenueError(this.#venueId, `exchangeInfo: ${errorText(r.body)}`, String(r.status));
    }
    const b = r.body as { rateLimits?: BinanceRateLimit[]; symbols?: Record<string, unknown>[] };
    const list = (b.symbols ?? []).map(parseSymbolInfo);
    for (const s of list) this.#symbols.set(s.symbol, s);
    return { rateLimits: b.rateLimits ?? [], symbols: list };
  }

  /** A known symbol's rules. */
  get(symbol: string): SymbolInfo | undefined {
    return this.#symbols.get(symbol);
  }

  /** A symbol's rules, loading them once if needed. */
  prepare(symbol: string): Promise<SymbolInfo> {
    const s = this.#symbols.get(symbol);
    if (s !== undefined) return Promise.resolve(s);
    let p = this.#loading.get(symbol);
    if (p === undefined) {
      p = this.load([symbol]).then(
        (f) => {
          this.#loading.delete(symbol);
          const got = f.symbols.find((x) => x.symbol === symbol);
          if (got === undefined) throw new VenueError(this.#venueId, `unknown symbol ${symbol}`, '-1121');
          return got;
        },
        (e: unknown) => {
          this.#loading.delete(symbol);
          throw e;
        },
      );
      this.#loading.set(symbol, p);
    }
    return p;
  }

  /** Records a trade price (reference price of the symbol). */
  notePrice(symbol: string, price: Decimal): void {
    this.#prices.set(symbol, price);
  }

  /** The last trade price seen on a symbol. */
  price(symbol: string): Decimal | undefined {
    return this.#prices.get(symbol);
  }
}
