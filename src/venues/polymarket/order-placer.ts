/**
 * OrderPlacer: the Polymarket venue's `POST /order` and `POST /orders`. Each order is built and signed
 * into an envelope; its hash is recorded (under our OrderId) BEFORE it is sent, so an unknown outcome is
 * settled by asking for that hash, never by signing again; a definite refusal forgets the hash. Each
 * reply goes through `classifyReply`; the trades of a matched post are read back by trade id and
 * emitted as fills.
 */
import { dec, type Fill, type Order, type OrderId, type VenueOrderId } from '../../domain/index.ts';
import { ValidationError } from '../../errors/index.ts';
import type { PlaceOutcome, PrepareOutcome } from '../venue-adapter.ts';
import type { L2Authenticator } from './auth-headers.ts';
import type { ClobHttp, ClobReply } from './clob-http.ts';
import { classifyReply, RejectCode, rejectCodeOf } from './error-classifier.ts';
import type { BookSnapshot, MarketInfo } from './market-info.ts';
import { buildEnvelope, needsBook, type OrderEnvelope, orderShares } from './order-envelope.ts';
import type { OrderIdMap } from './order-id-map.ts';
import type { OrderReader } from './order-reader.ts';
import { type OrderSigner, postOrderBody, postOrdersBody } from './order-signing.ts';
import { placeReplyStatus } from './status-mapping.ts';

/** Most orders in one `POST /orders`. */
export const MAX_BATCH_ORDERS = 15;

/** What an {@link OrderPlacer} places with. */
export interface OrderPlacerDeps {
  readonly http: ClobHttp;
  readonly ids: OrderIdMap;
  readonly signer: OrderSigner;
  readonly reader: OrderReader;
  /** L2 credentials (connecting first when needed). */
  readonly l2: () => Promise<L2Authenticator>;
  /** The token's market facts (loaded once). */
  readonly prepareMarket: (token: string) => Promise<MarketInfo>;
  /** The token's current book (for market orders). */
  readonly fetchBook: (token: string) => Promise<BookSnapshot>;
  /** Emits a fill unless already emitted. */
  readonly emitFill: (f: Fill, advancesMark: boolean) => void;
}

/** Single and batch order posts. */
export class OrderPlacer {
  readonly #d: OrderPlacerDeps;
  /** Envelopes signed by {@link prepare}, not yet sent. */
  readonly #prepared = new Map<OrderId, OrderEnvelope>();

  /** Places through the given dependencies. */
  constructor(deps: OrderPlacerDeps) {
    this.#d = deps;
  }

  /**
   * Builds and signs one order and records its hash, without sending it: the hash is then journaled
   * with the order, and {@link place} sends this very envelope.
   */
  async prepare(order: Readonly<Order>): Promise<PrepareOutcome> {
    const env = await this.#envelope(order);
    if ('kind' in env) return env.kind === 'rejected' ? env : { kind: 'prepared' };
    this.#prepared.set(order.id, env);
    return { kind: 'prepared', venueOrderId: this.#remember(order, env.signed.orderId) };
  }

  /** Drops a prepared envelope that will not be sent. */
  discard(orderId: OrderId): void {
    this.#prepared.delete(orderId);
  }

  /** Posts one order: the envelope {@link prepare} made, else a new one built and signed now. */
  async place(order: Readonly<Order>): Promise<PlaceOutcome> {
    let auth: L2Authenticator;
    try {
      auth = await this.#d.l2();
    } catch (e) {
      this.#prepared.delete(order.id);
      return { kind: 'rejected', code: 'auth_failed', message: (e as Error).message };
    }
    const prepared = this.#prepared.get(order.id);
    this.#prepared.delete(order.id);
    const env = prepared ?? (await this.#envelope(order));
    if ('kind' in env) return env;
    const hash = this.#remember(order, env.signed.orderId);
    const body = postOrderBody(env.signed, auth.apiKey, env.orderType, env.postOnly);
    const reply = await this.#d.http.private_(auth, 'POST', '/order', body);
    return this.#placeOutcome(order, env, hash, reply.status, reply.body, reply);
  }

  /**
   * Posts up to {@link MAX_BATCH_ORDERS} orders in one `POST /orders`; one outcome per order, in order.
   * Orders that cannot be built are rejected locally and not sent.
   */
  async postMany(orders: readonly Readonly<Order>[]): Promise<PlaceOutcome[]> {
    if (orders.length > MAX_BATCH_ORDERS)
      throw new ValidationError('orders', orders.length, `must hold at most ${MAX_BATCH_ORDERS} orders`);
    const auth = await this.#d.l2();
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
    const reply = await this.#d.http.private_(auth, 'POST', '/orders', body);
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

  #remember(order: Readonly<Order>, hash: string): VenueOrderId {
    return this.#d.ids.remember(order.id, order.market, hash, order.filledSize);
  }

  async #envelope(order: Readonly<Order>): Promise<OrderEnvelope | PlaceOutcome> {
    try {
      const m = await this.#d.prepareMarket(order.market);
      const book = needsBook(order) ? await this.#d.fetchBook(order.market) : undefined;
      return buildEnvelope(this.#d.signer, order, m, book);
    } catch (e) {
      if (e instanceof ValidationError)
        return { kind: 'rejected', code: 'invalid_order', message: e.message };
      return { kind: 'rejected', code: 'market_lookup_failed', message: (e as Error).message };
    }
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
        const fills = tradeIds.length === 0 ? [] : await this.#d.reader.fillsOfTrades(hash, tradeIds);
        for (const f of fills) this.#d.emitFill(f, false);
        return fills.length > 0
          ? { kind: 'accepted', venueOrderId: hash, status: st, fills }
          : { kind: 'accepted', venueOrderId: hash, status: st };
      }
      case 'unknown':
        return { kind: 'unknown', reason: c.reason };
      case 'rate_limited':
        this.#d.ids.forgetHash(order.id, hash);
        return c.retryAfterMs === undefined
          ? { kind: 'rejected', code: c.code, message: c.message }
          : { kind: 'rejected', code: c.code, message: c.message, retryAfterMs: c.retryAfterMs };
      default:
        this.#d.ids.forgetHash(order.id, hash);
        return { kind: 'rejected', code: c.code, message: c.message };
    }
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
}
