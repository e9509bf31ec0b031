/**
 * PolymarketVenue: the Polymarket CLOB V2 adapter (REST). Owns the market cache, the map between our
 * OrderId and the order hash (the venue has no client order id; the hash is recorded as venueOrderId
 * BEFORE the order is sent, so an unknown outcome is settled by asking for that hash, never by signing
 * again), and the REST calls of the VenueAdapter contract plus batch and bulk-cancel helpers. Every
 * reply goes through `classifyReply`; events are emitted only from what REST answers say (cancels, and
 * the trades of a matched post, read back by trade id) and from the user WebSocket channel (see
 * {@link UserStream}; started by `connect()` unless `stream: false`): order events become order reports,
 * trade events our fills (counted at MATCHED; the CONFIRMED repeat has the same ids and is dropped, as is
 * any fill already emitted by the place ack or a gap-fill). After each reconnect a REST gap-fill re-reads
 * our open orders and the trades since the last trade seen. A FAILED trade is not reversed (the contract
 * has no reversal event): each of our orders in it is re-read and reported with a reason starting
 * `trade <id> FAILED`, for the operator and reconciliation.
 *
 * `modifyOrder` is cancel-then-replace: the original is cancelled first; if the cancel is refused or its
 * outcome is unknown, nothing is placed. The replacement (remaining size, new price) is a new signed
 * order with a NEW hash under the SAME OrderId; the returned `venueOrderId` is that new hash.
 */
import { inspect } from 'node:util';
import {
  asVenueId,
  asVenueOrderId,
  type Clock,
  type Decimal,
  dec,
  type Fill,
  type InstrumentRules,
  type MarketId,
  type Order,
  type OrderId,
  OrderStatus,
  sub,
  systemClock,
  tryDec,
  type VenueId,
  type VenueOrderId,
  ZERO,
} from '../../domain/index.ts';
import { ValidationError } from '../../errors/index.ts';
import type {
  CancelOutcome,
  ModifyOutcome,
  OrderRef,
  PlaceOutcome,
  VenueAdapter,
  VenueEvent,
  VenueHealth,
  VenueListener,
  VenueOrderReport,
} from '../venue-adapter.ts';
import { createOrDeriveApiKey } from './api-key.ts';
import { type ApiCredentials, L2Authenticator } from './auth-headers.ts';
import { ClobHttp, type ClobReply } from './clob-http.ts';
import { readAllPages } from './clob-pages.ts';
import { type OpenOrderRecord, openOrderReport, type TradeRecord, tradeFills } from './clob-records.ts';
import { EcdsaSigner } from './ecdsa-signer.ts';
import { classifyReply, errorText, RejectCode, readFailure, rejectCodeOf } from './error-classifier.ts';
import { MarketCache } from './market-cache.ts';
import { type BookSnapshot, instrumentRules, type MarketInfo } from './market-info.ts';
import { buildEnvelope, needsBook, type OrderEnvelope, orderShares } from './order-envelope.ts';
import { OrderIdMap } from './order-id-map.ts';
import { OrderSigner, postOrderBody, postOrdersBody } from './order-signing.ts';
import {
  type PolymarketConfig,
  polymarketConfigFromEnv,
  type ResolvedPolymarketConfig,
  redactConfig,
  resolvePolymarketConfig,
} from './polymarket-config.ts';
import { placeReplyStatus } from './status-mapping.ts';
import { orderEventRecord, RecentKeys, tradeEventRecord, tradeOrderHashes } from './stream-events.ts';
import { UserStream } from './user-stream.ts';

/** Result of a bulk cancel (`DELETE /orders`, `/cancel-all`, `/cancel-market-orders`). */
export type BulkCancelOutcome =
  | {
      readonly kind: 'done';
      readonly canceled: readonly VenueOrderId[];
      readonly notCanceled: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'rejected'; readonly code: string; readonly message: string }
  | { readonly kind: 'unknown'; readonly reason: string };

/** Most orders in one `POST /orders`. */
export const MAX_BATCH_ORDERS = 15;

/** The Polymarket CLOB V2 venue adapter. */
export class PolymarketVenue implements VenueAdapter {
  readonly venueId: VenueId;
  readonly #cfg: ResolvedPolymarketConfig;
  readonly #clock: Clock;
  readonly #http: ClobHttp;
  readonly #ecdsa: EcdsaSigner;
  readonly #signer: OrderSigner;
  #auth: L2Authenticator | undefined;
  #connecting: Promise<void> | undefined;
  readonly #markets: MarketCache;
  readonly #ids = new OrderIdMap();
  readonly #listeners = new Set<VenueListener>();
  readonly #ours = this.#ids.ours;
  #creds: ApiCredentials | undefined;
  #stream: UserStream | undefined;
  readonly #seenFills = new RecentKeys();
  /** Match time (ms) of the latest fill seen: the gap-fill reads trades from there. */
  #lastTradeMs = 0;
  #gapFill: Promise<void> = Promise.resolve();
  /** Orders under cancel-then-replace: their stream order events are not reported meanwhile. */
  readonly #replacing = new Set<OrderId>();
  readonly #streamRandom: () => number;

  /** Validates the configuration (ValidationError naming the field). Call `connect()` before trading. */
  constructor(config: PolymarketConfig) {
    this.#cfg = resolvePolymarketConfig(config);
    this.venueId = asVenueId(this.#cfg.venueId);
    this.#clock = config.clock ?? systemClock;
    this.#http = new ClobHttp({
      host: this.#cfg.host,
      timeoutMs: this.#cfg.timeoutMs,
      maxSockets: this.#cfg.maxSockets,
      now: () => this.#clock.now(),
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
    this.#streamRandom = config.streamRandom ?? Math.random;
    if (this.#cfg.creds !== undefined) {
      this.#creds = this.#cfg.creds;
      this.#auth = new L2Authenticator(this.#ecdsa.address, this.#cfg.creds);
    }
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
    return this.#auth !== undefined;
  }

  /**
   * Reads the venue clock (when `useServerTime`) and, without configured credentials, creates an API
   * key with L1 auth (`POST /auth/api-key`), falling back to `GET /auth/derive-api-key`. Idempotent.
   * @throws AuthenticationError when neither works; NetworkError when the venue cannot be reached.
   */
  connect(): Promise<void> {
    this.#connecting ??= this.#connect().catch((e: unknown) => {
      this.#connecting = undefined;
      throw e;
    });
    return this.#connecting;
  }

  async #connect(): Promise<void> {
    if (this.#cfg.useServerTime) {
      const r = await this.#http.get('/time');
      const secs = typeof r.body === 'number' ? r.body : Number(r.body);
      if (r.status === 200 && Number.isFinite(secs)) this.#http.offsetMs = secs * 1000 - this.#clock.now();
    }
    if (this.#auth === undefined) {
      const cfg = this.#cfg;
      const creds = await createOrDeriveApiKey(
        this.#http,
        this.#ecdsa,
        cfg.apiKeyNonce,
        cfg.chainId,
        this.venueId,
      );
      this.#creds = creds;
      this.#auth = new L2Authenticator(this.#ecdsa.address, creds);
    }
    if (this.#cfg.stream) this.startStream();
  }

  // ---- user channel ---------------------------------------------------------------------------------

  /** Starts the user channel (done by `connect()` unless `stream: false`). Idempotent. */
  startStream(): void {
    if (this.#stream !== undefined) return;
    const cfg = this.#cfg;
    if (this.#lastTradeMs === 0) this.#lastTradeMs = this.#http.venueSeconds() * 1000;
    this.#stream = new UserStream({
      url: cfg.wsUrl,
      creds: () => this.#creds,
      markets: () => (cfg.streamMarkets === 'prepared' ? this.#markets.conditionIds() : []),
      pingIntervalMs: cfg.streamPingMs,
      silenceTimeoutMs: cfg.streamSilenceMs,
      backoff: cfg.streamBackoff,
      random: this.#streamRandom,
      now: () => Date.now(),
      onMessage: (m) => this.#onStreamMessage(m),
      onState: (state, reason) => {
        this.#emit({ type: 'connection', state, ...(reason === undefined ? {} : { reason }) });
        if (state === 'reconnected') this.#scheduleGapFill();
      },
    });
    this.#stream.start();
  }

  /** True while the user channel's socket is open. */
  get streaming(): boolean {
    return this.#stream?.isOpen ?? false;
  }

  #onStreamMessage(msg: Record<string, unknown>): void {
    const kind = String(msg.event_type ?? '').toLowerCase();
    if (kind === 'order') {
      const rec = orderEventRecord(msg);
      // matches are reported by the trade events that follow (an order report ahead of its fill would
      // send the engine polling); PLACEMENT is the ack of a resting order, CANCELLATION its end
      if (rec === undefined || String(msg.type).toUpperCase() === 'UPDATE') return;
      if (rec.status !== 'CANCELED' && (tryDec(rec.size_matched) ?? ZERO) !== ZERO) return;
      const h = rec.id.toLowerCase();
      const orderId = this.#ours(h);
      // during cancel-then-replace the modify's answer speaks for the order; a replaced hash never again
      if (orderId !== undefined && (this.#replacing.has(orderId) || this.#ids.hashOf(orderId) !== h)) return;
      this.#emit({ type: 'order', report: this.#report(rec, this.#http.venueSeconds()) });
    } else if (kind === 'trade') {
      const t = tradeEventRecord(msg, this.#auth?.apiKey, this.makerAddress);
      if (t === undefined) return;
      if (t.status.toUpperCase() === 'FAILED') void this.#failedTrade(t);
      else
        for (const f of tradeFills(t, this.venueId, this.makerAddress, this.#ours)) this.#emitFill(f, true);
    }
  }

  /**
   * Emits a fill unless it was emitted already (stream, ack or gap-fill). Only fills read from the stream
   * or the gap-fill advance the gap-fill mark: a fill from a POST reply says nothing about what the
   * stream may have missed before it.
   */
  #emitFill(f: Fill, advancesMark: boolean): void {
    if (advancesMark && f.timestamp > this.#lastTradeMs) this.#lastTradeMs = f.timestamp;
    if (this.#seenFills.add(f.tradeId)) this.#emit({ type: 'fill', fill: f });
  }

  /** Each of our orders in a FAILED trade, re-read and reported with the failure as reason. */
  async #failedTrade(t: TradeRecord): Promise<void> {
    const reason = `trade ${t.id} FAILED at the venue: its fills are reversed; reconcile`;
    for (const hash of tradeOrderHashes(t)) {
      const orderId = this.#ours(hash);
      if (orderId === undefined) continue;
      const market = this.#ids.marketOf(hash) ?? ('' as MarketId);
      const r = await this.getOrderStatus({ orderId, venueOrderId: asVenueOrderId(hash), market }).catch(
        () => null,
      );
      if (r !== null) this.#emit({ type: 'order', report: { ...r, reason } });
    }
  }

  #scheduleGapFill(): void {
    this.#gapFill = this.#gapFill.then(() => this.#runGapFill());
  }

  /** Re-reads open orders and the trades since the last one seen; emits what the stream missed. */
  async #runGapFill(): Promise<void> {
    try {
      const since = this.#lastTradeMs;
      const open = await this.getOpenOrders();
      for (const r of open) this.#emit({ type: 'order', report: r });
      for (const f of await this.getFills(since)) this.#emitFill(f, true);
    } catch (e) {
      this.#emit({
        type: 'connection',
        state: 'reconnected',
        reason: `gap-fill failed (${(e as Error).message}); reconciliation needed`,
      });
    }
  }

  async #l2(): Promise<L2Authenticator> {
    if (this.#auth === undefined) await this.connect();
    return this.#auth!;
  }

  // ---- markets --------------------------------------------------------------------------------------

  /** Loads (once) the token's tick size, neg-risk flag, fee rate and minimum size, and its book mid. */
  prepareMarket(token: string): Promise<MarketInfo> {
    if (this.#cfg.streamMarkets !== 'prepared' || this.#markets.get(token) !== undefined)
      return this.#markets.prepare(token);
    return this.#markets.prepare(token).then((m) => {
      if (m.conditionId !== undefined) this.#stream?.subscribe([m.conditionId]);
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

  #remember(order: Readonly<Order>, hash: string): VenueOrderId {
    return this.#ids.remember(order.id, order.market, hash, order.filledSize);
  }

  /** A report of the venue's order, in terms of our order (sizes include fills under earlier hashes). */
  #report(o: OpenOrderRecord, nowSeconds: number): VenueOrderReport {
    const r = openOrderReport(o, this.#ours, nowSeconds);
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

  /** Forgets an order (call once it is final and reconciled) so that the id map does not grow forever. */
  forgetOrder(orderId: OrderId): void {
    this.#ids.forget(orderId);
  }

  async #envelope(order: Readonly<Order>): Promise<OrderEnvelope | PlaceOutcome> {
    try {
      const m = await this.prepareMarket(order.market);
      const book = needsBook(order) ? await this.fetchBook(order.market) : undefined;
      return buildEnvelope(this.#signer, order, m, book);
    } catch (e) {
      if (e instanceof ValidationError)
        return { kind: 'rejected', code: 'invalid_order', message: e.message };
      return { kind: 'rejected', code: 'market_lookup_failed', message: (e as Error).message };
    }
  }

  async placeOrder(order: Readonly<Order>): Promise<PlaceOutcome> {
    let auth: L2Authenticator;
    try {
      auth = await this.#l2();
    } catch (e) {
      return { kind: 'rejected', code: 'auth_failed', message: (e as Error).message };
    }
    const env = await this.#envelope(order);
    if ('kind' in env) return env;
    const hash = this.#remember(order, env.signed.orderId);
    const body = postOrderBody(env.signed, auth.apiKey, env.orderType, env.postOnly);
    const reply = await this.#http.private_(auth, 'POST', '/order', body);
    return this.#placeOutcome(order, env, hash, reply.status, reply.body, reply);
  }

  async #placeOutcome(
    order: Readonly<Order>,
    env: OrderEnvelope,
    hash: VenueOrderId,
    status: number | undefined,
    body: unknown,
    reply: ClobReply,
  ): Promise<PlaceOutcome> {
    const c = classifyReply({ ...reply, ...(status === undefined ? {} : { status }), body });
    switch (c.kind) {
      case 'accepted': {
        if (typeof body !== 'object' || body === null) {
          return { kind: 'unknown', reason: `accepted status ${String(status)} without an order response` };
        }
        const b = body as {
          status?: unknown;
          makingAmount?: unknown;
          takingAmount?: unknown;
          tradeIDs?: unknown;
        };
        const matched = dec(String((env.signed.side === 'BUY' ? b.takingAmount : b.makingAmount) || '0'));
        const st = placeReplyStatus(String(b.status ?? ''), env.orderType, matched, orderShares(env));
        if (st === undefined)
          return { kind: 'unknown', reason: `unrecognised order status ${String(b.status)}` };
        const tradeIds = Array.isArray(b.tradeIDs) ? b.tradeIDs.filter((x) => typeof x === 'string') : [];
        const fills = tradeIds.length === 0 ? [] : await this.#tradesOf(hash, tradeIds);
        for (const f of fills) this.#emitFill(f, false);
        return fills.length > 0
          ? { kind: 'accepted', venueOrderId: hash, status: st, fills }
          : { kind: 'accepted', venueOrderId: hash, status: st };
      }
      case 'unknown':
        return { kind: 'unknown', reason: c.reason };
      case 'rate_limited':
        this.#forget(order.id, hash);
        return c.retryAfterMs === undefined
          ? { kind: 'rejected', code: c.code, message: c.message }
          : { kind: 'rejected', code: c.code, message: c.message, retryAfterMs: c.retryAfterMs };
      default:
        this.#forget(order.id, hash);
        return { kind: 'rejected', code: c.code, message: c.message };
    }
  }

  #forget(orderId: OrderId, hash: VenueOrderId): void {
    this.#ids.forgetHash(orderId, hash);
  }

  /** Our fills of one order in the given trades (read back by trade id; failures leave them to reconciliation). */
  async #tradesOf(hash: VenueOrderId, tradeIds: readonly string[]): Promise<Fill[]> {
    const out: Fill[] = [];
    try {
      for (const id of tradeIds) {
        const trades = await this.#pages<TradeRecord>('/data/trades', { id });
        for (const t of trades) tradeFills(t, this.venueId, this.makerAddress, this.#ours, out);
      }
    } catch {
      return [];
    }
    return out.filter((f) => f.venueOrderId?.toLowerCase() === hash);
  }

  /**
   * Posts up to {@link MAX_BATCH_ORDERS} orders in one `POST /orders`; one outcome per order, in order.
   * Orders that cannot be built are rejected locally and not sent.
   */
  async postOrders(orders: readonly Readonly<Order>[]): Promise<PlaceOutcome[]> {
    if (orders.length > MAX_BATCH_ORDERS)
      throw new ValidationError('orders', orders.length, `must hold at most ${MAX_BATCH_ORDERS} orders`);
    const auth = await this.#l2();
    const out: PlaceOutcome[] = new Array(orders.length);
    const sent: { i: number; env: OrderEnvelope; hash: VenueOrderId }[] = [];
    for (let i = 0; i < orders.length; i++) {
      const o = orders[i]!;
      const env = await this.#envelope(o);
      if ('kind' in env) out[i] = env;
      else if (env.postOnly)
        out[i] = { kind: 'rejected', code: 'invalid_order', message: 'post-only orders cannot be batched' };
      else sent.push({ i, env, hash: this.#remember(o, env.signed.orderId) });
    }
    if (sent.length === 0) return out;
    const body = postOrdersBody(
      sent.map((s) => ({ order: s.env.signed, orderType: s.env.orderType })),
      auth.apiKey,
    );
    const reply = await this.#http.private_(auth, 'POST', '/orders', body);
    const items = reply.status === 200 && Array.isArray(reply.body) ? (reply.body as unknown[]) : undefined;
    for (let k = 0; k < sent.length; k++) {
      const s = sent[k]!;
      const order = orders[s.i]!;
      out[s.i] =
        items === undefined
          ? await this.#placeOutcome(order, s.env, s.hash, reply.status, reply.body, reply)
          : await this.#batchItem(order, s.env, s.hash, items[k], reply);
    }
    return out;
  }

  #batchItem(o: Readonly<Order>, env: OrderEnvelope, hash: VenueOrderId, item: unknown, r: ClobReply) {
    const b = item as { success?: unknown; errorMsg?: unknown } | undefined;
    const msg = typeof b?.errorMsg === 'string' ? b.errorMsg : '';
    // success:false is a definite refusal only when its text is one of the venue's known refusals
    // (reference §8); any other text leaves the outcome unknown, settled by asking for the hash
    if (
      b?.success === false &&
      msg !== '' &&
      !/Duplicated/i.test(msg) &&
      rejectCodeOf(msg) !== RejectCode.BadRequest
    )
      return this.#placeOutcome(o, env, hash, 400, { error: msg }, r);
    return this.#placeOutcome(o, env, hash, 200, item, r);
  }

  cancelOrder(order: Readonly<Order>): Promise<CancelOutcome> {
    return this.#cancelOne(order, true);
  }

  async #cancelOne(order: Readonly<Order>, emit: boolean): Promise<CancelOutcome> {
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

  /** Cancels many orders (by our OrderId or order hash) in one `DELETE /orders` (<= 1000). */
  cancelOrders(refs: readonly (OrderId | VenueOrderId)[]): Promise<BulkCancelOutcome> {
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
    if (emit) for (const h of canceled) this.#emitCancelled(h);
    return { kind: 'done', canceled, notCanceled };
  }

  #emitCancelled(hash: VenueOrderId): void {
    const orderId = this.#ours(hash);
    this.#emit({
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

  async modifyOrder(order: Readonly<Order>, newPrice?: Decimal, newSize?: Decimal): Promise<ModifyOutcome> {
    // the current hash first: after a cancel-then-replace the engine may still hold the old one
    const hash = this.#ids.hashOf(order.id) ?? order.venueOrderId;
    if (hash === undefined)
      return { kind: 'rejected', code: 'unknown_order', message: 'no order hash known for this order' };
    this.#replacing.add(order.id);
    try {
      return await this.#replace(order, hash, newPrice, newSize);
    } finally {
      this.#replacing.delete(order.id);
    }
  }

  async #replace(
    order: Readonly<Order>,
    hash: VenueOrderId,
    newPrice: Decimal | undefined,
    newSize: Decimal | undefined,
  ): Promise<ModifyOutcome> {
    const cancel = await this.#cancelOne(order, false);
    if (cancel.kind !== 'cancelled') return cancel;
    // the venue's matched size of the cancelled order (fills may not have reached the gateway yet)
    const refused = (code: string, message: string): ModifyOutcome => {
      this.#emitCancelled(asVenueOrderId(hash.toLowerCase()));
      return { kind: 'rejected', code, message: `the original order was cancelled; ${message}` };
    };
    let old: VenueOrderReport | null;
    try {
      old = await this.getOrderStatus({ orderId: order.id, venueOrderId: hash, market: order.market });
    } catch (e) {
      // without the venue's filled size a replacement could be too large: place nothing
      return refused(
        'fill_state_unknown',
        `its filled size could not be read (${(e as Error).message}); nothing was placed`,
      );
    }
    const filled = old !== null && old.filledSize > order.filledSize ? old.filledSize : order.filledSize;
    const price = newPrice ?? order.price;
    const size = sub(newSize ?? order.size, filled);
    if (size <= 0n) return refused('nothing_left', 'nothing remains to replace');
    const placed = await this.placeOrder({
      ...order,
      ...(price === undefined ? {} : { price }),
      size,
      filledSize: filled,
    });
    if (placed.kind === 'accepted')
      return {
        kind: 'amended',
        ...(newPrice === undefined ? {} : { price: newPrice }),
        ...(newSize === undefined ? {} : { size: newSize }),
        venueOrderId: placed.venueOrderId,
      };
    if (placed.kind === 'unknown') return { kind: 'unknown', reason: `replacement: ${placed.reason}` };
    return refused(placed.code, `its replacement was refused: ${placed.message}`);
  }

  async getOrderStatus(ref: OrderRef): Promise<VenueOrderReport | null> {
    // the current hash first: after a cancel-then-replace the engine may still hold the old one
    const hash = this.#ids.hashOf(ref.orderId) ?? ref.venueOrderId;
    if (hash === undefined) return null;
    const auth = await this.#l2();
    const r = await this.#http.private_(auth, 'GET', `/data/order/${hash}`);
    if (r.status === 404) return null;
    if (r.status !== 200) readFailure(this.venueId, r);
    const o = r.body as OpenOrderRecord | null | undefined;
    if (o === null || o === undefined || typeof o !== 'object' || typeof o.id !== 'string') return null;
    return this.#report(o, this.#http.venueSeconds());
  }

  async getOpenOrders(market?: MarketId): Promise<readonly VenueOrderReport[]> {
    const rows = await this.#pages<OpenOrderRecord>(
      '/data/orders',
      market === undefined ? {} : { asset_id: market },
    );
    const now = this.#http.venueSeconds();
    return rows.map((o) => this.#report(o, now));
  }

  async getFills(sinceMs: number, market?: MarketId): Promise<readonly Fill[]> {
    const q: Record<string, string> = {};
    if (market !== undefined) q.asset_id = market;
    if (sinceMs > 0) q.after = String(Math.floor(sinceMs / 1000) - 1);
    const trades = await this.#pages<TradeRecord>('/data/trades', q);
    const out: Fill[] = [];
    for (const t of trades) tradeFills(t, this.venueId, this.makerAddress, this.#ours, out);
    return out;
  }

  async #pages<T>(path: string, query: Record<string, string>): Promise<T[]> {
    return readAllPages<T>(this.#http, await this.#l2(), this.venueId, path, query);
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
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  #emit(e: VenueEvent): void {
    for (const l of [...this.#listeners]) {
      try {
        l(e);
      } catch {
        // a listener's failure is its own
      }
    }
  }

  async close(): Promise<void> {
    this.#listeners.clear();
    const stream = this.#stream;
    this.#stream = undefined;
    if (stream !== undefined) await stream.stop();
    await this.#gapFill;
    this.#http.close();
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
