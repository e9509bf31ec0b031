/**
 * PolymarketVenue: the Polymarket CLOB V2 adapter (REST). Owns the market cache and the map between our
 * OrderId and the order hash (the venue has no client order id; the hash is recorded BEFORE the order is
 * sent), and wires the parts that do the work: {@link ApiSession} (connect), {@link OrderPlacer},
 * {@link OrderCanceller}, {@link replaceOrder} (`modifyOrder`, cancel-then-replace), {@link OrderReader}
 * (REST reads) and {@link UserChannel} (the user WebSocket channel, started by `connect()` unless
 * `stream: false`). Events come only from what REST answers say and from the user channel.
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
  type VenueOrderId,
} from '../../domain/index.ts';
import type { RateLimiter } from '../../ratelimit/index.ts';
import type {
  CancelOutcome,
  ModifyOutcome,
  OrderRef,
  PlaceOutcome,
  PrepareOutcome,
  VenueAdapter,
  VenueHealth,
  VenueListener,
  VenueOrderReport,
} from '../venue-adapter.ts';
import { VenueListeners } from '../venue-listeners.ts';
import { ApiSession } from './api-session.ts';
import { ClobHttp } from './clob-http.ts';
import { EcdsaSigner } from './ecdsa-signer.ts';
import { errorText } from './error-classifier.ts';
import { MarketCache } from './market-cache.ts';
import { type BookSnapshot, instrumentRules, type MarketInfo } from './market-info.ts';
import { type BulkCancelOutcome, OrderCanceller } from './order-canceller.ts';
import { OrderIdMap } from './order-id-map.ts';
import { OrderPlacer } from './order-placer.ts';
import { OrderReader } from './order-reader.ts';
import { type ReplaceDeps, replaceOrder } from './order-replace.ts';
import { OrderSigner } from './order-signing.ts';
import {
  type PolymarketConfig,
  polymarketConfigFromEnv,
  type ResolvedPolymarketConfig,
  redactConfig,
  resolvePolymarketConfig,
} from './polymarket-config.ts';
import { RequestMeter } from './request-meter.ts';
import { UserChannel } from './user-channel.ts';

export type { BulkCancelOutcome } from './order-canceller.ts';
export { MAX_BATCH_ORDERS } from './order-placer.ts';

/** The Polymarket CLOB V2 venue adapter. */
export class PolymarketVenue implements VenueAdapter {
  readonly venueId: VenueId;
  /** The engine's limiter is charged for placements only: the engine's limiter is the `POST /order` budget; the adapter meters its cancels and reads per endpoint group itself. */
  readonly budgetCost = { cancel: 0, query: 0 } as const;
  readonly #cfg: ResolvedPolymarketConfig;
  readonly #clock: Clock;
  readonly #http: ClobHttp;
  readonly #ecdsa: EcdsaSigner;
  readonly #signer: OrderSigner;
  readonly #session: ApiSession;
  readonly #markets: MarketCache;
  readonly #ids: OrderIdMap;
  readonly #meter: RequestMeter | undefined;
  readonly #listeners = new VenueListeners();
  readonly #reader: OrderReader;
  readonly #channel: UserChannel;
  readonly #placer: OrderPlacer;
  readonly #canceller: OrderCanceller;
  readonly #replace: ReplaceDeps;

  /** Validates the configuration (ValidationError naming the field). Call `connect()` before trading. */
  constructor(config: PolymarketConfig) {
    this.#cfg = resolvePolymarketConfig(config);
    this.venueId = asVenueId(this.#cfg.venueId);
    this.#clock = config.clock ?? systemClock;
    this.#ids = new OrderIdMap({ retentionMs: this.#cfg.idRetentionMs });
    this.#meter = this.#cfg.meterRequests
      ? new RequestMeter(this.#cfg.venueId, this.#clock, this.#cfg.meterMaxWaitMs, this.#cfg.meterLimits)
      : undefined;
    this.#http = new ClobHttp({
      host: this.#cfg.host,
      timeoutMs: this.#cfg.timeoutMs,
      maxSockets: this.#cfg.maxSockets,
      now: () => this.#clock.now(),
      ...(this.#meter === undefined ? {} : { meter: this.#meter }),
    });
    this.#markets = new MarketCache(this.#http, this.venueId);
    this.#ecdsa = new EcdsaSigner(this.#cfg.privateKey);
    this.#signer = new OrderSigner(this.#ecdsa, {
      chainId: this.#cfg.chainId,
      signatureType: this.#cfg.signatureType,
      ...(this.#cfg.funderAddress === undefined ? {} : { funderAddress: this.#cfg.funderAddress }),
      ...(config.random === undefined ? {} : { random: config.random }),
      now: () => this.#clock.now(),
    });
    const session = new ApiSession({
      cfg: this.#cfg,
      http: this.#http,
      ecdsa: this.#ecdsa,
      clock: this.#clock,
      venueId: this.venueId,
      onConnected: () => {
        if (this.#cfg.stream) this.startStream();
      },
    });
    this.#session = session;
    const http = this.#http;
    const ids = this.#ids;
    const l2 = () => session.l2();
    const makerAddress = this.#signer.makerAddress;
    this.#reader = new OrderReader({ http, ids, venueId: this.venueId, makerAddress, l2 });
    this.#channel = new UserChannel({
      cfg: this.#cfg,
      http,
      markets: this.#markets,
      ids,
      reader: this.#reader,
      events: this.#listeners,
      venueId: this.venueId,
      makerAddress,
      random: config.streamRandom ?? Math.random,
      session,
      venue: this,
    });
    this.#placer = new OrderPlacer({
      http,
      ids,
      signer: this.#signer,
      reader: this.#reader,
      l2,
      prepareMarket: (token) => this.prepareMarket(token),
      fetchBook: (token) => this.fetchBook(token),
      emitFill: (f, advancesMark) => this.#channel.emitFill(f, advancesMark),
    });
    this.#canceller = new OrderCanceller({ http, ids, clock: this.#clock, events: this.#listeners, l2 });
    this.#replace = { ids, replacing: this.#channel.replacing, canceller: this.#canceller, venue: this };
  }

  /** Builds and connects (server time, API key create-or-derive). */
  static async create(config: PolymarketConfig): Promise<PolymarketVenue> {
    const v = new PolymarketVenue(config);
    await v.connect();
    return v;
  }

  /** A venue configured from `POLYMARKET_*` variables (see `polymarketConfigFromEnv`); not yet connected. */
  static fromEnv(
    env: Readonly<Record<string, string | undefined>> = process.env,
    overrides: Partial<PolymarketConfig> = {},
  ): PolymarketVenue {
    return new PolymarketVenue(polymarketConfigFromEnv(env, overrides));
  }

  /** The signing EOA. */
  get address(): string {
    return this.#ecdsa.address;
  }

  /** The order maker (EOA, proxy, safe or deposit wallet). */
  get makerAddress(): string {
    return this.#signer.makerAddress;
  }

  /** True once API credentials are known. */
  get connected(): boolean {
    return this.#session.connected;
  }

  /**
   * Reads the venue clock (when `useServerTime`) and, without configured credentials, creates an API
   * key with L1 auth (`POST /auth/api-key`), falling back to `GET /auth/derive-api-key`. Idempotent.
   * @throws AuthenticationError when neither works; NetworkError when the venue cannot be reached.
   */
  connect(): Promise<void> {
    return this.#session.connect();
  }

  /** Starts the user channel (done by `connect()` unless `stream: false`). Idempotent. */
  startStream(): void {
    this.#channel.start();
  }

  /** True while the user channel's socket is open. */
  get streaming(): boolean {
    return this.#channel.isOpen;
  }

  // ---- markets --------------------------------------------------------------------------------------

  /** Loads (once) the token's tick size, neg-risk flag, fee rate and minimum size, and its book mid. */
  prepareMarket(token: string): Promise<MarketInfo> {
    if (this.#cfg.streamMarkets !== 'prepared' || this.#markets.get(token) !== undefined)
      return this.#markets.prepare(token);
    return this.#markets.prepare(token).then((m) => {
      if (m.conditionId !== undefined) this.#channel.subscribe([m.conditionId]);
      return m;
    });
  }

  /** Reads `/book` for a token, refreshing its reference mid. */
  fetchBook(token: string): Promise<BookSnapshot> {
    return this.#markets.fetchBook(token);
  }

  instrument(market: MarketId): InstrumentRules | undefined {
    const m = this.#markets.get(market);
    return m === undefined ? undefined : instrumentRules(this.venueId, m);
  }

  referencePrice(market: MarketId): Decimal | undefined {
    return this.#markets.get(market)?.mid;
  }

  // ---- orders ---------------------------------------------------------------------------------------

  /** The order hash recorded for one of our orders (set before the order is sent). */
  venueOrderIdOf(orderId: OrderId): VenueOrderId | undefined {
    return this.#ids.hashOf(orderId);
  }

  /**
   * The engine is done with the order: its hash stays attributable for `idRetentionMs` (late fills, a
   * trade that FAILED later), then the id map drops it, so that the map does not grow forever.
   */
  release(orderId: OrderId): void {
    this.#placer.discard(orderId);
    this.#ids.finish(orderId, this.#clock.now());
  }

  /** Signs the order and records its hash (the engine journals it) without sending it. */
  prepareOrder(order: Readonly<Order>): Promise<PrepareOutcome> {
    return this.#placer.prepare(order);
  }

  /** Re-learns a recovered order's hash (and the size it had filled under earlier hashes: none known). */
  restoreOrder(order: Readonly<Order>): void {
    if (order.venueOrderId !== undefined) this.#ids.remember(order.id, order.market, order.venueOrderId);
  }

  placeOrder(order: Readonly<Order>): Promise<PlaceOutcome> {
    return this.#placer.place(order);
  }

  /**
   * Posts up to {@link MAX_BATCH_ORDERS} orders in one `POST /orders`; one outcome per order, in order.
   * Orders that cannot be built are rejected locally and not sent.
   */
  postOrders(orders: readonly Readonly<Order>[]): Promise<PlaceOutcome[]> {
    return this.#placer.postMany(orders);
  }

  cancelOrder(order: Readonly<Order>): Promise<CancelOutcome> {
    return this.#canceller.cancelOne(order, true);
  }

  /** Cancels many orders (by our OrderId or order hash) in one `DELETE /orders` (<= 1000). */
  cancelOrders(refs: readonly (OrderId | VenueOrderId)[]): Promise<BulkCancelOutcome> {
    return this.#canceller.cancelMany(refs);
  }

  /** Cancels every open order of the account (`DELETE /cancel-all`). */
  cancelAll(): Promise<BulkCancelOutcome> {
    return this.#canceller.cancelAll();
  }

  /** Cancels the account's open orders on one token (`DELETE /cancel-market-orders`). */
  cancelMarket(market: MarketId): Promise<BulkCancelOutcome> {
    return this.#canceller.cancelMarket(market);
  }

  modifyOrder(order: Readonly<Order>, newPrice?: Decimal, newSize?: Decimal): Promise<ModifyOutcome> {
    return replaceOrder(this.#replace, order, newPrice, newSize);
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

  async healthCheck(): Promise<VenueHealth> {
    const r = await this.#http.get('/ok');
    if (r.status === 200) return { ok: true, latencyMs: r.latencyMs };
    return {
      ok: false,
      latencyMs: r.latencyMs,
      message: r.status === undefined ? `no response: ${r.networkError}` : `${r.status} ${errorText(r.body)}`,
    };
  }

  subscribe(listener: VenueListener): () => void {
    return this.#listeners.subscribe(listener);
  }

  async close(): Promise<void> {
    this.#listeners.clear();
    await this.#channel.stop();
    this.#meter?.close();
    this.#http.close();
  }

  /** The limiter of one of the adapter's own endpoint groups (`DELETE /order`, `GET /data/orders`, ...). */
  requestLimiter(group: string): RateLimiter | undefined {
    return this.#meter?.limiter(group);
  }

  /** Safe to print: no private key, API secret or passphrase. */
  toJSON(): Record<string, unknown> {
    return {
      venueId: this.venueId,
      address: this.address,
      maker: this.makerAddress,
      config: redactConfig(this.#cfg),
    };
  }

  [inspect.custom](): string {
    return `PolymarketVenue ${JSON.stringify(this.toJSON())}`;
  }
}
