/**
 * BinanceVenue: the Binance Spot adapter (REST `/api/v3` + the WebSocket API user data stream). Owns the
 * configuration, the venue clock offset, the symbols' rules, the request-weight meter and the
 * order-entry limiter (from exchangeInfo, kept in line with the venue's count headers), and wires the
 * parts that do the work: {@link OrderPlacer}, {@link OrderCanceller}, {@link replaceOrder}
 * (`modifyOrder` via cancelReplace), {@link OrderReader} and {@link BinanceUserStream}. A 418 stops the
 * venue: health is not ok, every request is refused locally until the ban ends, and a `connection` /
 * `down` event says why.
 */
import { inspect } from 'node:util';
import {
  asVenueId,
  type Clock,
  type Decimal,
  type Fill,
  type InstrumentRules,
  type MarketId,
  type Order,
  type OrderId,
  systemClock,
  type VenueId,
} from '../../domain/index.ts';
import type { RateLimiter } from '../../ratelimit/index.ts';
import type {
  CancelOutcome,
  ModifyOutcome,
  OrderRef,
  PlaceOutcome,
  VenueAdapter,
  VenueHealth,
  VenueListener,
  VenueOrderReport,
} from '../venue-adapter.ts';
import {
  type BinanceConfig,
  binanceConfigFromEnv,
  type ResolvedBinanceConfig,
  redactConfig,
  resolveBinanceConfig,
} from './binance-config.ts';
import { BinanceHttp } from './binance-http.ts';
import { binanceRateLimits } from './binance-rate-limits.ts';
import { errorText } from './error-classifier.ts';
import { LiveOrders } from './live-orders.ts';
import { type CancelAllOutcome, OrderCanceller } from './order-canceller.ts';
import { OrderPlacer } from './order-placer.ts';
import { OrderReader } from './order-reader.ts';
import { replaceOrder } from './order-replace.ts';
import { WeightMeter } from './request-meter.ts';
import { SymbolCache } from './symbol-cache.ts';
import { instrumentRulesOf, type SymbolInfo } from './symbol-rules.ts';
import { type AssetBalance, BinanceUserStream } from './user-stream.ts';
import { VenueEvents } from './venue-events.ts';
import type { VenueParts } from './venue-parts.ts';

/** Options of {@link BinanceVenue.fromEnv} / the constructor beyond the config. */
export interface BinanceVenueOptions {
  readonly clock?: Clock;
}

/** The Binance Spot venue adapter. */
export class BinanceVenue implements VenueAdapter {
  readonly venueId: VenueId;
  /** The engine's limiter is charged for placements only: Binance counts only new orders (and cancelReplace) in its ORDERS limits; cancels and queries spend request weight, which the adapter meters itself. */
  readonly budgetCost = { cancel: 0, query: 0 } as const;
  readonly #cfg: ResolvedBinanceConfig;
  readonly #clock: Clock;
  readonly #meter: WeightMeter;
  readonly #http: BinanceHttp;
  readonly #events = new VenueEvents();
  readonly #live = new LiveOrders();
  readonly #symbols: SymbolCache;
  readonly #parts: VenueParts;
  readonly #placer: OrderPlacer;
  readonly #canceller: OrderCanceller;
  readonly #reader: OrderReader;
  readonly #stream: BinanceUserStream;
  #orderLimiter: RateLimiter;
  #connected = false;

  /** Validates the configuration (ValidationError naming the field). Call `connect()` before trading. */
  constructor(config: BinanceConfig) {
    this.#cfg = resolveBinanceConfig(config);
    this.venueId = asVenueId(this.#cfg.venueId);
    this.#clock = config.clock ?? systemClock;
    const limits = binanceRateLimits();
    this.#orderLimiter = limits.orders.build(this.#cfg.venueId, { clock: this.#clock });
    this.#meter = new WeightMeter(this.#cfg.venueId, limits.weight, this.#clock, this.#cfg.meterMaxWaitMs);
    this.#http = new BinanceHttp({
      baseUrl: this.#cfg.baseUrl,
      apiKey: this.#cfg.apiKey,
      apiSecret: this.#cfg.apiSecret,
      recvWindow: this.#cfg.recvWindow,
      timeoutMs: this.#cfg.timeoutMs,
      maxSockets: this.#cfg.maxSockets,
      clock: this.#clock,
      meter: this.#meter,
      onOrderCount: (bucket, n) => {
        try {
          this.#orderLimiter.sync(bucket, n);
        } catch {
          // an interval the limiter does not have
        }
      },
      onOrderPause: (ms, reason) => this.#orderLimiter.pauseUntil(this.#clock.now() + ms, reason),
      onBan: (reason, ms) => {
        this.#orderLimiter.pauseUntil(this.#clock.now() + ms, reason);
        this.#events.emit({
          type: 'connection',
          state: 'down',
          reason: `VENUE STOPPED: ${reason}; every request is refused locally for ${Math.ceil(ms / 1000)} s`,
        });
      },
    });
    this.#symbols = new SymbolCache(this.#http, this.#cfg.venueId);
    this.#parts = {
      venueId: this.venueId,
      http: this.#http,
      live: this.#live,
      symbols: this.#symbols,
      events: this.#events,
      neverPlacedMarginMs: this.#cfg.neverPlacedMarginMs,
    };
    this.#placer = new OrderPlacer(this.#parts);
    this.#canceller = new OrderCanceller(this.#parts);
    this.#reader = new OrderReader(this.#parts);
    this.#stream = new BinanceUserStream({
      parts: this.#parts,
      reader: this.#reader,
      wsUrl: this.#cfg.wsApiUrl,
      apiKey: this.#cfg.apiKey,
      apiSecret: this.#cfg.apiSecret,
      backoff: this.#cfg.streamBackoff,
      random: config.streamRandom ?? Math.random,
      silenceMs: 70_000,
    });
  }

  /** Builds and connects (clock, exchangeInfo, user data stream). */
  static async create(config: BinanceConfig): Promise<BinanceVenue> {
    const v = new BinanceVenue(config);
    await v.connect();
    return v;
  }

  /**
   * A venue configured from `BINANCE_API_KEY`, `BINANCE_API_SECRET`, `BINANCE_BASE_URL`,
   * `BINANCE_WS_API_URL`, `BINANCE_RECV_WINDOW`; `overrides` win. Not yet connected.
   */
  static fromEnv(
    env: Readonly<Record<string, string | undefined>> = process.env,
    overrides: Partial<BinanceConfig> = {},
  ): BinanceVenue {
    return new BinanceVenue(binanceConfigFromEnv(env, overrides));
  }

  /**
   * Measures the venue clock, reads exchangeInfo (symbols' rules and rate limits: the order-entry
   * limiter and the weight meter are rebuilt from them) and starts the user data stream (unless
   * `stream: false`). Idempotent. @throws NetworkError / VenueError when the venue cannot be read.
   */
  async connect(): Promise<void> {
    if (this.#connected) return;
    await this.#http.syncTime();
    const info = await this.#symbols.load(this.#cfg.symbols);
    const limits = binanceRateLimits(info);
    this.#orderLimiter = limits.orders.build(this.#cfg.venueId, { clock: this.#clock });
    this.#meter.reconfigure(limits.weight);
    this.#connected = true;
    if (this.#cfg.stream) {
      this.#stream.start();
      await this.#stream.whenOpen(this.#cfg.timeoutMs).catch(() => undefined);
    }
  }

  /**
   * The order-entry limiter (ORDERS per 10 s and per day from exchangeInfo, corrected by the venue's
   * `X-MBX-ORDER-COUNT-*` headers): pass it to `engine.registerAdapter(venue, venue.orderLimiter)`.
   * Rebuilt by `connect()`: read it after connecting.
   */
  get orderLimiter(): RateLimiter {
    return this.#orderLimiter;
  }

  /** The adapter's request-weight limiter (REQUEST_WEIGHT per minute). */
  get weightLimiter(): RateLimiter {
    return this.#meter.limiter;
  }

  /** True while the user data stream is subscribed. */
  get streaming(): boolean {
    return this.#stream.isOpen;
  }

  /** Venue clock minus ours, ms (measured by `GET /api/v3/time`, re-measured on -1021). */
  get clockOffsetMs(): number {
    return this.#http.offsetMs;
  }

  /** Balances reported by the user data stream (`outboundAccountPosition`). */
  balances(): ReadonlyMap<string, AssetBalance> {
    return this.#stream.balances;
  }

  /** A symbol's rules as read from exchangeInfo. */
  symbolInfo(symbol: string): SymbolInfo | undefined {
    return this.#symbols.get(symbol);
  }

  /** Loads a symbol's rules (once). */
  prepareMarket(symbol: string): Promise<SymbolInfo> {
    return this.#symbols.prepare(symbol);
  }

  instrument(market: MarketId): InstrumentRules | undefined {
    const s = this.#symbols.get(market);
    return s === undefined ? undefined : instrumentRulesOf(this.venueId, market, s);
  }

  referencePrice(market: MarketId): Decimal | undefined {
    return this.#symbols.price(market);
  }

  placeOrder(order: Readonly<Order>): Promise<PlaceOutcome> {
    return this.#placer.place(order);
  }

  /**
   * Cancels by the order's current client id. A replacement whose answer was lost is settled first (so
   * that the cancel names the venue order that is live); if it cannot be, the cancel names the old one
   * and the engine's status query re-sends it as needed.
   */
  async cancelOrder(order: Readonly<Order>): Promise<CancelOutcome> {
    if (this.#live.get(order.id)?.replace?.sent !== undefined)
      await this.#reader.status({ orderId: order.id, market: order.market }).catch(() => null);
    return this.#canceller.cancel(order);
  }

  /** Cancels every open order on one symbol (`DELETE /api/v3/openOrders`). */
  cancelAll(market: MarketId): Promise<CancelAllOutcome> {
    return this.#canceller.cancelAll(market);
  }

  modifyOrder(order: Readonly<Order>, newPrice?: Decimal, newSize?: Decimal): Promise<ModifyOutcome> {
    return replaceOrder(this.#parts, order, newPrice, newSize);
  }

  getOrderStatus(ref: OrderRef): Promise<VenueOrderReport | null> {
    return this.#reader.status(ref);
  }

  getOpenOrders(market?: MarketId): Promise<readonly VenueOrderReport[]> {
    return this.#reader.open(market);
  }

  getFills(sinceMs: number, market?: MarketId): Promise<readonly Fill[]> {
    return this.#reader.fills(sinceMs, market);
  }

  /** The venue's wire client id of one of our orders (its current replacement). */
  clientIdOf(orderId: OrderId): string | undefined {
    return this.#live.get(orderId)?.clientId;
  }

  async healthCheck(): Promise<VenueHealth> {
    const ban = this.#meter.banned();
    if (ban !== undefined) return { ok: false, message: `VENUE STOPPED: ${ban}` };
    const r = await this.#http.get('/api/v3/ping');
    if (r.status === 200) {
      if (this.#cfg.stream && this.#connected && !this.#stream.isOpen)
        return { ok: false, latencyMs: r.latencyMs, message: 'user data stream not connected' };
      return { ok: true, latencyMs: r.latencyMs };
    }
    return {
      ok: false,
      latencyMs: r.latencyMs,
      message:
        r.notSent ??
        (r.status === undefined ? `no response: ${r.networkError}` : `${r.status} ${errorText(r.body)}`),
    };
  }

  subscribe(listener: VenueListener): () => void {
    return this.#events.subscribe(listener);
  }

  release(orderId: OrderId): void {
    this.#live.finish(orderId, this.#clock.now());
  }

  async close(): Promise<void> {
    this.#events.clear();
    await this.#stream.stop();
    this.#meter.close();
    this.#orderLimiter.close('venue closed');
    this.#http.close();
  }

  /** Safe to print: no API secret, the key masked. */
  toJSON(): Record<string, unknown> {
    return { venueId: this.venueId, config: redactConfig(this.#cfg) };
  }

  [inspect.custom](): string {
    return `BinanceVenue ${JSON.stringify(this.toJSON())}`;
  }
}
