/**
 * The matching engine every simulator and the paper venue share: one price-time-priority book per market,
 * limit / market / post-only orders, GTC / IOC / FOK / GTD, partial fills at the maker's price, sequential
 * trade ids, maker / taker fees, self-trade prevention, cancel, amend, expiry, depth and per-owner history.
 * Time only enters through the injected clock (timestamps, GTD entry check) and {@link MatchingEngine.expire}.
 */
import { type Clock, type Decimal, min, systemClock, ZERO } from '../../domain/index.ts';
import { ExpiryQueue } from './expiry-queue.ts';
import { bps, tradeFee } from './fees.ts';
import { BookOrder, type BookSide, OrderBook } from './order-book.ts';
import { canFillEntirely, crosses, entryProblem } from './order-checks.ts';
import type {
  AmendRequest,
  DepthSnapshot,
  MatchingEngineOptions,
  MatchResult,
  MatchStatus,
  NewOrder,
  OrderView,
  StpMode,
  Trade,
} from './types.ts';

/** A multi-market limit order book with price-time priority. Synchronous; every answer is plain data. */
export class MatchingEngine {
  private readonly books = new Map<string, OrderBook>();
  private readonly orders = new Map<string, BookOrder>();
  private readonly history = new Map<string, Trade[]>();
  private readonly expiries = new ExpiryQueue();
  private readonly clock: Clock;
  private readonly tradePrefix: string;
  private readonly orderPrefix: string;
  private readonly retainClosed: boolean;
  private readonly keepHistory: boolean;
  private makerBps: Decimal;
  private takerBps: Decimal;
  private stp: StpMode;
  private tradeSeq = 0;
  private orderSeq = 0;
  private entrySeq = 0;
  /** Orders removed by cancel-maker STP during the current call. */
  private stpCancelled: OrderView[] | undefined;

  constructor(options: MatchingEngineOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.tradePrefix = options.tradeIdPrefix ?? 'T';
    this.orderPrefix = options.orderIdPrefix ?? 'O';
    this.retainClosed = options.retainClosedOrders ?? true;
    this.keepHistory = options.tradeHistory ?? true;
    this.makerBps = bps(options.makerFeeBps);
    this.takerBps = bps(options.takerFeeBps);
    this.stp = options.stp ?? 'cancel-taker';
  }

  /** Changes the fee rates for later trades. */
  setFees(makerFeeBps: number | string, takerFeeBps: number | string): void {
    this.makerBps = bps(makerFeeBps);
    this.takerBps = bps(takerFeeBps);
  }

  /** Changes the self-trade prevention mode for later orders. */
  setSelfTradePrevention(mode: StpMode): void {
    this.stp = mode;
  }

  /** Sequence number of the last trade (0 before any). */
  get lastTradeSeq(): number {
    return this.tradeSeq;
  }

  /** Markets that have a book (created on first order). */
  markets(): string[] {
    return [...this.books.keys()];
  }

  /** Earliest GTD expiry still queued (finished orders included), or undefined: nothing to expire before it. */
  get nextExpiry(): number | undefined {
    return this.expiries.peekTime();
  }

  /**
   * Matches a new order, then rests, cancels or rejects its remainder according to its type and TIF.
   * `now` is the time of the call (default: the engine clock), for a caller that has just read it.
   */
  place(req: NewOrder, now: number = this.clock.now()): MatchResult {
    const type = req.type ?? 'Limit';
    const tif =
      type === 'Market' && (req.timeInForce ?? 'GTC') !== 'FOK' ? 'IOC' : (req.timeInForce ?? 'GTC');
    let id = req.id;
    let duplicate = false;
    if (id === undefined) {
      do id = `${this.orderPrefix}${++this.orderSeq}`;
      while (this.orders.has(id));
    } else duplicate = this.orders.has(id);
    const o = new BookOrder(
      id,
      req.owner,
      req.market,
      req.side,
      type,
      tif,
      req.price,
      req.size,
      req.expireAt,
      now,
      ++this.entrySeq,
    );
    const problem = duplicate ? 'duplicate order id' : entryProblem(o, req.timeInForce, now);
    if (problem !== undefined) {
      o.status = 'rejected';
      o.reason = problem;
      if (this.retainClosed && !duplicate) this.orders.set(id, o);
      return this.result(o, []);
    }
    const book = this.bookFor(o.market);
    const opp = book.oppositeOf(o.side);
    if (type === 'PostOnly') {
      const best = opp.best();
      if (best !== undefined && crosses(o.side, best.price, o.price)) {
        return this.refuse(o, 'rejected', 'post-only order would cross the book', now);
      }
    }
    if (tif === 'FOK' && !canFillEntirely(o, opp, this.stp)) {
      return this.refuse(o, 'cancelled', 'FOK order cannot be filled in full', now);
    }
    this.stpCancelled = undefined;
    const trades: Trade[] = [];
    const stopped = this.match(o, opp, trades, now);
    this.settle(o, book, stopped, now);
    if (o.live || this.retainClosed) this.orders.set(id, o);
    return this.result(o, trades);
  }

  /** Cancels a resting order; a request for an unknown or finished order is `rejected` (order unchanged). */
  cancel(orderId: string, reason = 'cancelled'): MatchResult {
    const o = this.orders.get(orderId);
    if (o === undefined) return unknownOrder(orderId);
    if (!o.live) return this.refusal(o, `order is ${o.status}`);
    this.bookFor(o.market).sideOf(o.side).remove(o);
    this.close(o, 'cancelled', reason, this.clock.now());
    return this.result(o, []);
  }

  /**
   * Changes a resting order. A size decrease keeps time priority; a size increase or a price change
   * loses it, and a new price may trade at once (post-only: refused if it would cross). A refused amend
   * answers `rejected` and leaves the order as it was.
   */
  amend(orderId: string, changes: AmendRequest): MatchResult {
    const o = this.orders.get(orderId);
    if (o === undefined) return unknownOrder(orderId);
    if (!o.live) return this.refusal(o, `order is ${o.status}`);
    if (changes.price === undefined && changes.size === undefined) return this.refusal(o, 'nothing to amend');
    const price = changes.price ?? (o.price as Decimal);
    const size = changes.size ?? o.size;
    if (price <= 0n) return this.refusal(o, 'price must be positive');
    if (size <= o.filled) return this.refusal(o, 'size must exceed the filled quantity');
    const now = this.clock.now();
    const book = this.bookFor(o.market);
    const own = book.sideOf(o.side);
    if (price === o.price) {
      if (size <= o.size) {
        const level = o.level;
        if (level !== null) level.total = (level.total - (o.size - size)) as Decimal;
        o.size = size;
      } else {
        own.remove(o);
        o.size = size;
        own.add(o);
      }
      o.updatedAt = now;
      return this.result(o, []);
    }
    const opp = book.oppositeOf(o.side);
    if (o.type === 'PostOnly') {
      const best = opp.best();
      if (best !== undefined && crosses(o.side, best.price, price)) {
        return this.refusal(o, 'post-only order would cross the book');
      }
    }
    own.remove(o);
    o.price = price;
    o.size = size;
    o.updatedAt = now;
    this.stpCancelled = undefined;
    const trades: Trade[] = [];
    const stopped = this.match(o, opp, trades, now);
    this.settle(o, book, stopped, now);
    return this.result(o, trades);
  }

  /** Removes every GTD order whose `expireAt` is at or before `nowMs`; returns them (status `expired`). */
  expire(nowMs: number): OrderView[] {
    const out: OrderView[] = [];
    for (let t = this.expiries.peekTime(); t !== undefined && t <= nowMs; t = this.expiries.peekTime()) {
      const o = this.expiries.pop() as BookOrder;
      if (!o.live) continue;
      this.bookFor(o.market).sideOf(o.side).remove(o);
      this.close(o, 'expired', 'GTD expiry reached', nowMs);
      out.push(o.view());
    }
    return out;
  }

  /** A snapshot of an order (finished orders only while `retainClosedOrders`). */
  lookup(orderId: string): OrderView | undefined {
    return this.orders.get(orderId)?.view();
  }

  /** An owner's resting orders, optionally on one market, in the order they entered the engine. */
  openOrders(owner: string, market?: string): OrderView[] {
    const found: BookOrder[] = [];
    for (const book of market === undefined ? this.books.values() : [this.books.get(market)]) {
      if (book === undefined) continue;
      book.bids.collectOwned(owner, found);
      book.asks.collectOwned(owner, found);
    }
    found.sort((a, b) => a.seq - b.seq);
    return found.map((o) => o.view());
  }

  /** Highest resting bid price. */
  bestBid(market: string): Decimal | undefined {
    return this.books.get(market)?.bids.best()?.price;
  }

  /** Lowest resting ask price. */
  bestAsk(market: string): Decimal | undefined {
    return this.books.get(market)?.asks.best()?.price;
  }

  /** The top `levels` price levels of each side, best first. */
  depth(market: string, levels = 10): DepthSnapshot {
    const book = this.books.get(market);
    if (book === undefined) return { market, bids: [], asks: [] };
    return { market, bids: book.bids.depth(levels), asks: book.asks.depth(levels) };
  }

  /** Trades an owner took part in (either side), oldest first, optionally on one market. */
  trades(owner: string, market?: string): Trade[] {
    const all = this.history.get(owner);
    if (all === undefined) return [];
    return market === undefined ? all.slice() : all.filter((t) => t.market === market);
  }

  /** True when some book has its best bid at or above its best ask (never after a call returns). */
  anyBookCrossed(): boolean {
    for (const b of this.books.values()) if (b.isCrossed()) return true;
    return false;
  }

  /** Walks the opposite side; returns true when self-trade prevention stopped the taker. */
  private match(taker: BookOrder, opp: BookSide, trades: Trade[], now: number): boolean {
    const isBuy = taker.side === 'Buy';
    const limit = taker.price;
    while (taker.filled < taker.size) {
      const level = opp.best();
      if (level === undefined) break;
      if (limit !== undefined && (isBuy ? level.price > limit : level.price < limit)) break;
      let maker = level.head;
      while (maker !== null) {
        const next = maker.next;
        if (maker.owner === taker.owner && this.stp !== 'allow') {
          if (this.stp === 'cancel-taker') return true;
          level.unlink(maker);
          this.close(maker, 'cancelled', 'self-trade prevention', now);
          if (this.stpCancelled === undefined) this.stpCancelled = [maker.view()];
          else this.stpCancelled.push(maker.view());
          maker = next;
          continue;
        }
        const qty = min(taker.remaining, maker.remaining);
        trades.push(this.trade(taker, maker, level.price, qty, now));
        maker.filled = (maker.filled + qty) as Decimal;
        taker.filled = (taker.filled + qty) as Decimal;
        level.total = (level.total - qty) as Decimal;
        maker.updatedAt = now;
        if (maker.filled === maker.size) {
          level.unlink(maker);
          this.close(maker, 'filled', undefined, now);
        } else maker.status = 'partially_filled';
        if (taker.filled === taker.size) break;
        maker = next;
      }
      if (level.count === 0) opp.dropLevel(level);
    }
    return false;
  }

  private trade(taker: BookOrder, maker: BookOrder, price: Decimal, size: Decimal, now: number): Trade {
    const seq = ++this.tradeSeq;
    const t: Trade = {
      id: `${this.tradePrefix}${seq}`,
      seq,
      market: taker.market,
      price,
      size,
      takerOrderId: taker.id,
      makerOrderId: maker.id,
      takerOwner: taker.owner,
      makerOwner: maker.owner,
      takerSide: taker.side,
      takerFee: tradeFee(price, size, this.takerBps),
      makerFee: tradeFee(price, size, this.makerBps),
      ts: now,
    };
    if (this.keepHistory) {
      this.record(taker.owner, t);
      if (maker.owner !== taker.owner) this.record(maker.owner, t);
    }
    return t;
  }

  private record(owner: string, t: Trade): void {
    const list = this.history.get(owner);
    if (list === undefined) this.history.set(owner, [t]);
    else list.push(t);
  }

  /** After matching: filled, cancelled (STP / IOC / FOK / market) or rests. */
  private settle(o: BookOrder, book: OrderBook, stopped: boolean, now: number): void {
    if (o.filled === o.size) this.close(o, 'filled', undefined, now);
    else if (stopped) this.close(o, 'cancelled', 'self-trade prevented', now);
    else if (o.timeInForce === 'IOC' || o.timeInForce === 'FOK') {
      this.close(o, 'cancelled', o.type === 'Market' ? 'no more liquidity' : 'IOC remainder cancelled', now);
    } else {
      book.sideOf(o.side).add(o);
      o.status = o.filled > 0n ? 'partially_filled' : 'open';
      o.updatedAt = now;
      if (o.timeInForce === 'GTD') this.expiries.push(o);
    }
  }

  private close(o: BookOrder, status: MatchStatus, reason: string | undefined, now: number): void {
    o.status = status;
    o.reason = reason;
    o.updatedAt = now;
    if (!this.retainClosed) this.orders.delete(o.id);
  }

  /** A new order refused before matching (never rested). */
  private refuse(o: BookOrder, status: MatchStatus, reason: string, now: number): MatchResult {
    o.status = status;
    o.reason = reason;
    o.updatedAt = now;
    if (this.retainClosed) this.orders.set(o.id, o);
    return this.result(o, []);
  }

  /** A refused cancel / amend: the order is unchanged. */
  private refusal(o: BookOrder, reason: string): MatchResult {
    return {
      orderId: o.id,
      status: 'rejected',
      filled: o.filled,
      remaining: o.remaining,
      trades: [],
      reason,
    };
  }

  private result(o: BookOrder, trades: Trade[]): MatchResult {
    const r: { -readonly [K in keyof MatchResult]: MatchResult[K] } = {
      orderId: o.id,
      status: o.status,
      filled: o.filled,
      remaining: o.remaining,
      trades,
    };
    if (o.reason !== undefined) r.reason = o.reason;
    if (this.stpCancelled !== undefined) {
      r.cancelledMakers = this.stpCancelled;
      this.stpCancelled = undefined;
    }
    return r;
  }

  private bookFor(market: string): OrderBook {
    let b = this.books.get(market);
    if (b === undefined) {
      b = new OrderBook(market);
      this.books.set(market, b);
    }
    return b;
  }
}

function unknownOrder(orderId: string): MatchResult {
  return { orderId, status: 'rejected', filled: ZERO, remaining: ZERO, trades: [], reason: 'unknown order' };
}
