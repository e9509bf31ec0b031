/**
 * The simulated Binance Spot exchange: places orders on the shared matching engine (LIMIT GTC / IOC / FOK,
 * MARKET by quantity or quoteOrderQty, LIMIT_MAKER), reserves and moves balances exactly (commission in
 * the asset received), records orders and per-account trades with per-symbol ids, cancels, and tells a
 * listener of every order change and balance move (the user data stream).
 */
import { type Decimal, min, mul, roundTo, ZERO } from '../../domain/index.ts';
import type { DepthSnapshot, MatchingEngine, StpMode, Trade } from '../matching/index.ts';
import { balanceOf, type SimAccount } from './accounts.ts';
import { costOf, qtyForQuote, withoutOrders } from './book-walk.ts';
import { MSG, rejected } from './errors.ts';
import { type ExecType, isOpen, type OrderKind, type SimOrder, type SimTrade } from './records.ts';
import type { SimSymbol } from './symbols.ts';

/** Engine owner of the liquidity maker's orders. */
export const MAKER_OWNER = '__liquidity_maker__';

/** A checked new order. */
export interface NewOrderRequest {
  readonly symbol: SimSymbol;
  readonly side: 'BUY' | 'SELL';
  readonly type: OrderKind;
  readonly timeInForce: 'GTC' | 'IOC' | 'FOK';
  readonly price?: Decimal | undefined;
  readonly quantity?: Decimal | undefined;
  readonly quoteOrderQty?: Decimal | undefined;
  readonly clientOrderId: string;
  readonly stp: string;
}

/** Told of order changes, balance moves and first fills. */
export interface ExchangeListener {
  onExecution(order: SimOrder, x: ExecType, trade: SimTrade | undefined, cancelClientId?: string): void;
  onBalances(account: SimAccount, assets: ReadonlySet<string>): void;
  onFirstFill(account: SimAccount): void;
}

/** Commission rates (fractions, e.g. 0.001 = 0.1 %). */
export interface CommissionRates {
  readonly maker: Decimal;
  readonly taker: Decimal;
}

const STP: Record<string, StpMode> = {
  NONE: 'allow',
  EXPIRE_TAKER: 'cancel-taker',
  EXPIRE_MAKER: 'cancel-maker',
};

/** Orders, trades and books of every symbol. */
export class BinanceExchange {
  readonly orders = new Map<string, SimOrder>();
  readonly trades: SimTrade[] = [];
  readonly lastPrice = new Map<string, Decimal>();
  readonly refPrice = new Map<string, Decimal>();
  listener: ExchangeListener | undefined;
  /** Increases with every book change (`lastUpdateId` of `depth`). */
  updateId = 1;
  /** Called after a call in which the liquidity maker traded. */
  onMakerTraded: ((symbol: SimSymbol) => void) | undefined;
  private readonly orderSeq = new Map<string, number>();
  private readonly tradeSeq = new Map<string, number>();
  private touched = new Map<SimAccount, Set<string>>();

  constructor(
    readonly engine: MatchingEngine,
    readonly rates: CommissionRates,
  ) {}

  /** The reference price if set, else the last trade price. */
  avgPrice(symbol: string): Decimal | undefined {
    return this.refPrice.get(symbol) ?? this.lastPrice.get(symbol);
  }

  /** Next order id of a symbol (ids are per symbol, as on the venue). */
  nextOrderId(symbol: string): number {
    const n = (this.orderSeq.get(symbol) ?? 0) + 1;
    this.orderSeq.set(symbol, n);
    return n;
  }

  /** The account's open orders (one symbol or all), oldest first. */
  openOrders(account: SimAccount, symbol?: string): SimOrder[] {
    const out: SimOrder[] = [];
    for (const o of this.orders.values()) {
      if (o.account === account && isOpen(o) && (symbol === undefined || o.symbol.symbol === symbol))
        out.push(o);
    }
    return out;
  }

  /** Every order of the account on a symbol, by order id. */
  allOrders(account: SimAccount, symbol: string): SimOrder[] {
    const out: SimOrder[] = [];
    for (const o of this.orders.values())
      if (o.account === account && o.symbol.symbol === symbol) out.push(o);
    return out.sort((a, b) => a.orderId - b.orderId);
  }

  /** An order by id (and the client id must match when both are given), or by client id (latest). */
  find(account: SimAccount, symbol: string, orderId?: number, clientId?: string): SimOrder | undefined {
    if (orderId !== undefined) {
      const o = this.orders.get(`${symbol}:${orderId}`);
      if (o === undefined || o.account !== account) return undefined;
      return clientId === undefined || o.clientOrderId === clientId ? o : undefined;
    }
    let found: SimOrder | undefined;
    for (const o of this.orders.values()) {
      if (o.account === account && o.symbol.symbol === symbol && o.clientOrderId === clientId) found = o;
    }
    return found;
  }

  /**
   * Places a checked order for `account` (undefined = the liquidity maker). Throws -2010 when the engine
   * refuses it (duplicate client id, insufficient balance, LIMIT_MAKER that would take).
   */
  place(
    account: SimAccount | undefined,
    req: NewOrderRequest,
    now: number,
  ): { order: SimOrder; fills: SimTrade[] } {
    const s = req.symbol;
    if (account !== undefined) {
      for (const o of this.openOrders(account, s.symbol)) {
        if (o.clientOrderId === req.clientOrderId) throw rejected(MSG.duplicate);
      }
    }
    const buy = req.side === 'BUY';
    let qty = req.quantity ?? ZERO;
    const book = (): DepthSnapshot => {
      const depth = this.engine.depth(s.symbol, 5000);
      if (account === undefined || req.stp === 'NONE') return depth;
      const own = this.openOrders(account, s.symbol).map((o) => ({
        side: o.side,
        price: o.price,
        remaining: (o.origQty - o.executedQty) as Decimal,
      }));
      return withoutOrders(depth, own);
    };
    if (req.type === 'MARKET' && req.quoteOrderQty !== undefined) {
      const levels = book();
      qty = qtyForQuote(levels, s, buy, req.quoteOrderQty);
      if (qty === 0n && account !== undefined) {
        const empty = (buy ? levels.asks : levels.bids).length === 0;
        throw rejected(
          empty
            ? 'Order book liquidity is less than symbol minimum quantity.'
            : 'Order book liquidity is less than LOT_SIZE filter minimum quantity.',
        );
      }
    }
    if (req.type === 'LIMIT_MAKER') {
      const best = buy ? this.engine.bestAsk(s.symbol) : this.engine.bestBid(s.symbol);
      const price = req.price as Decimal;
      if (best !== undefined && (buy ? best <= price : best >= price)) throw rejected(MSG.wouldTake);
    }
    let lock: Decimal;
    if (!buy) lock = qty;
    else if (req.type !== 'MARKET') lock = mul(req.price as Decimal, qty, 'ceil');
    else lock = req.quoteOrderQty ?? costOf(book(), qty);
    const lockAsset = buy ? s.quote : s.base;
    if (account !== undefined) {
      const b = balanceOf(account, lockAsset);
      if (b.free < lock) throw rejected(MSG.insufficient);
      b.free = (b.free - lock) as Decimal;
      b.locked = (b.locked + lock) as Decimal;
      this.touch(account, lockAsset);
    }
    const orderId = this.nextOrderId(s.symbol);
    const order: SimOrder = {
      symbol: s,
      orderId,
      clientOrderId: req.clientOrderId,
      engineId: `${s.symbol}:${orderId}`,
      account,
      side: req.side,
      type: req.type,
      timeInForce: req.timeInForce,
      price: req.type === 'MARKET' ? ZERO : (req.price as Decimal),
      origQty: qty,
      origQuoteOrderQty: req.quoteOrderQty ?? ZERO,
      executedQty: ZERO,
      cummulativeQuoteQty: ZERO,
      status: 'NEW',
      time: now,
      updateTime: now,
      workingTime: now,
      stp: req.stp,
      locked: account === undefined ? ZERO : lock,
      lockAsset,
      filledOnce: false,
    };
    this.orders.set(order.engineId, order);
    this.updateId++;
    this.emit(order, 'NEW', undefined);
    if (qty === 0n) {
      this.finish(order, 'EXPIRED', now);
      return { order, fills: [] };
    }
    this.engine.setSelfTradePrevention(STP[req.stp] ?? 'cancel-maker');
    const r = this.engine.place(
      {
        id: order.engineId,
        owner: account?.id ?? MAKER_OWNER,
        market: s.symbol,
        side: buy ? 'Buy' : 'Sell',
        type: req.type === 'MARKET' ? 'Market' : req.type === 'LIMIT_MAKER' ? 'PostOnly' : 'Limit',
        price: req.type === 'MARKET' ? undefined : req.price,
        size: qty,
        timeInForce: req.timeInForce,
      },
      now,
    );
    const fills: SimTrade[] = [];
    let makerTraded = account === undefined;
    for (const t of r.trades) {
      const maker = this.orders.get(t.makerOrderId);
      if (maker === undefined) continue;
      if (maker.account === undefined) makerTraded = true;
      const id = (this.tradeSeq.get(s.symbol) ?? 0) + 1;
      this.tradeSeq.set(s.symbol, id);
      this.lastPrice.set(s.symbol, t.price);
      this.fill(maker, t, id, true, now);
      const mine = this.fill(order, t, id, false, now);
      if (mine !== undefined) fills.push(mine);
    }
    for (const m of r.cancelledMakers ?? []) {
      const maker = this.orders.get(m.id);
      if (maker !== undefined) this.finish(maker, 'EXPIRED_IN_MATCH', now);
    }
    if (r.status === 'cancelled' || r.status === 'rejected' || r.status === 'expired') {
      this.finish(order, r.reason === 'self-trade prevented' ? 'EXPIRED_IN_MATCH' : 'EXPIRED', now);
    } else this.relock(order);
    this.flushBalances();
    if (makerTraded && account !== undefined) this.onMakerTraded?.(s);
    return { order, fills };
  }

  /** Cancels an open order; emits CANCELED (with the cancel's client id) and the balance move. */
  cancel(order: SimOrder, cancelClientId: string, now: number): void {
    this.engine.cancel(order.engineId);
    this.updateId++;
    order.status = 'CANCELED';
    order.updateTime = now;
    this.relock(order);
    this.emit(order, 'CANCELED', undefined, cancelClientId);
    this.flushBalances();
  }

  /** Removes every resting order of the liquidity maker on a symbol (no events). */
  cancelMakerOrders(symbol: string): void {
    for (const o of [...this.orders.values()]) {
      if (o.account !== undefined || o.symbol.symbol !== symbol) continue;
      if (isOpen(o)) this.engine.cancel(o.engineId);
      this.orders.delete(o.engineId);
    }
    this.updateId++;
  }

  /** Applies one trade to one side; returns the account's trade record (undefined for the maker). */
  private fill(o: SimOrder, t: Trade, id: number, isMaker: boolean, now: number): SimTrade | undefined {
    const quoteQty = roundTo(mul(t.price, t.size, 'down'), 8, 'down');
    o.executedQty = (o.executedQty + t.size) as Decimal;
    o.cummulativeQuoteQty = (o.cummulativeQuoteQty + quoteQty) as Decimal;
    o.updateTime = now;
    o.status = o.executedQty === o.origQty ? 'FILLED' : 'PARTIALLY_FILLED';
    const a = o.account;
    if (a === undefined) {
      if (o.status === 'FILLED') this.orders.delete(o.engineId);
      return undefined;
    }
    const buy = o.side === 'BUY';
    const rate = isMaker ? this.rates.maker : this.rates.taker;
    const gross = buy ? t.size : quoteQty;
    const commission = roundTo(mul(gross, rate, 'ceil'), 8, 'ceil');
    const spent = buy ? quoteQty : t.size;
    const paid = balanceOf(a, o.lockAsset);
    const take = min(spent, o.locked);
    paid.locked = (paid.locked - take) as Decimal;
    paid.free = (paid.free - (spent - take)) as Decimal;
    o.locked = (o.locked - take) as Decimal;
    const gotAsset = buy ? o.symbol.base : o.symbol.quote;
    const got = balanceOf(a, gotAsset);
    got.free = (got.free + gross - commission) as Decimal;
    this.touch(a, o.lockAsset);
    this.touch(a, gotAsset);
    a.updateTime = now;
    const rec: SimTrade = {
      symbol: o.symbol.symbol,
      id,
      orderId: o.orderId,
      account: a,
      price: t.price,
      qty: t.size,
      quoteQty,
      commission,
      commissionAsset: gotAsset,
      time: now,
      isBuyer: buy,
      isMaker,
    };
    this.trades.push(rec);
    if (!o.filledOnce) {
      o.filledOnce = true;
      this.listener?.onFirstFill(a);
    }
    if (isMaker) this.relock(o);
    this.emit(o, 'TRADE', rec);
    return rec;
  }

  /** Ends an order as EXPIRED / EXPIRED_IN_MATCH and releases what it reserved. */
  private finish(o: SimOrder, status: 'EXPIRED' | 'EXPIRED_IN_MATCH', now: number): void {
    o.status = status;
    o.updateTime = now;
    this.relock(o);
    this.emit(o, status === 'EXPIRED' ? 'EXPIRED' : 'TRADE_PREVENTION', undefined);
  }

  /** Brings the order's reservation to what it still needs (remaining × price, or remaining base). */
  private relock(o: SimOrder): void {
    const a = o.account;
    if (a === undefined) return;
    const remaining = (o.origQty - o.executedQty) as Decimal;
    let need = ZERO;
    if (isOpen(o)) need = o.side === 'BUY' ? mul(remaining, o.price, 'ceil') : remaining;
    if (o.locked <= need) return;
    const b = balanceOf(a, o.lockAsset);
    const excess = (o.locked - need) as Decimal;
    b.locked = (b.locked - excess) as Decimal;
    b.free = (b.free + excess) as Decimal;
    o.locked = need;
    this.touch(a, o.lockAsset);
  }

  private touch(a: SimAccount, asset: string): void {
    let set = this.touched.get(a);
    if (set === undefined) {
      set = new Set();
      this.touched.set(a, set);
    }
    set.add(asset);
  }

  private flushBalances(): void {
    const t = this.touched;
    this.touched = new Map();
    for (const [a, assets] of t) this.listener?.onBalances(a, assets);
  }

  private emit(o: SimOrder, x: ExecType, trade: SimTrade | undefined, cancelClientId?: string): void {
    if (o.account !== undefined) this.listener?.onExecution(o, x, trade, cancelClientId);
  }
}
