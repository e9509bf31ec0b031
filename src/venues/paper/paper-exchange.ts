/**
 * The paper venue's exchange core, synchronous and free of faults and latency: the markets, the shared
 * matching engine, the gateway's account and the liquidity maker. It checks and matches orders, keeps
 * the records, and hands every order / fill event to the `emit` callback as it happens.
 */
import {
  type Clock,
  type Decimal,
  type Fill,
  type InstrumentRules,
  isTerminal,
  type MarketId,
  type Order,
  type OrderId,
  type VenueId,
} from '../../domain/index.ts';
import { type DepthSnapshot, MatchingEngine, type MatchResult } from '../../sim/matching/index.ts';
import { SeededRandom } from '../../sim/seeded-random.ts';
import type {
  CancelOutcome,
  ModifyOutcome,
  PlaceOutcome,
  VenueEvent,
  VenueOrderReport,
} from '../venue-adapter.ts';
import { LIQUIDITY_OWNER, LiquidityMaker, type LiquidityOptions } from './liquidity-maker.ts';
import { PaperAccount, type PaperOrderRecord, paperVenueOrderId, toOrderStatus } from './paper-account.ts';
import {
  type MarketSpec,
  marketSpec,
  orderProblem,
  type PaperMarket,
  priceProblem,
  type Refusal,
  sizeProblem,
} from './paper-market.ts';

/** Settings of a {@link PaperExchange}. */
export interface PaperExchangeConfig {
  readonly venueId: VenueId;
  readonly markets: readonly PaperMarket[];
  readonly clock: Clock;
  readonly seed: number;
  readonly fees: { readonly makerBps: number | string; readonly takerBps: number | string };
  readonly liquidity: LiquidityOptions;
  readonly account: string;
  readonly maxFinishedOrders: number | undefined;
  /** Receives every event; `wantsEvents` lets the core skip building them when nobody listens. */
  readonly emit: (e: VenueEvent) => void;
  readonly wantsEvents: () => boolean;
}

/** Markets, book, account and liquidity maker of one paper venue. */
export class PaperExchange {
  readonly account: PaperAccount;
  /** Refused orders, queryable by id (status Rejected). */
  readonly rejected = new Map<string, VenueOrderReport>();
  /** Ids sent again while an order with that id existed. */
  readonly duplicates: OrderId[] = [];
  private readonly venueId: VenueId;
  private readonly clock: Clock;
  private readonly owner: string;
  private readonly engine: MatchingEngine;
  private readonly markets = new Map<MarketId, MarketSpec>();
  private readonly maker: LiquidityMaker;
  private readonly emit: (e: VenueEvent) => void;
  private readonly wantsEvents: () => boolean;
  private seq = 0;

  constructor(cfg: PaperExchangeConfig) {
    this.venueId = cfg.venueId;
    this.clock = cfg.clock;
    this.owner = cfg.account;
    this.emit = cfg.emit;
    this.wantsEvents = cfg.wantsEvents;
    if (this.owner === LIQUIDITY_OWNER) throw new RangeError(`account id ${LIQUIDITY_OWNER} is reserved`);
    for (const m of cfg.markets) {
      const spec = marketSpec(this.venueId, m);
      this.markets.set(spec.id, spec);
    }
    this.engine = new MatchingEngine({
      clock: this.clock,
      makerFeeBps: cfg.fees.makerBps,
      takerFeeBps: cfg.fees.takerBps,
      tradeIdPrefix: 'PT-',
      retainClosedOrders: false,
      tradeHistory: false,
    });
    this.account = new PaperAccount(
      this.venueId,
      (m) => this.markets.get(m)?.quoteAsset ?? 'USD',
      cfg.maxFinishedOrders,
    );
    this.maker = new LiquidityMaker(
      this.engine,
      this.markets,
      new SeededRandom(cfg.seed),
      cfg.liquidity,
      (r) => this.apply(r, undefined, false),
    );
    this.maker.requote();
  }

  /** Rules of a market. */
  instrument(market: MarketId): InstrumentRules | undefined {
    return this.markets.get(market)?.rules;
  }

  /** The random-walk reference price of a market. */
  reference(market: MarketId): Decimal | undefined {
    return this.maker.reference(market);
  }

  /** Market ids, in definition order. */
  marketIds(): MarketId[] {
    return [...this.markets.keys()];
  }

  /** The whole book of a market. */
  depth(market: MarketId, levels: number): DepthSnapshot {
    return this.engine.depth(market, levels);
  }

  /** One liquidity step: expiry, walk, re-quote. */
  step(): void {
    this.expireDue();
    this.maker.advance();
    this.maker.requote();
  }

  /** What the venue says about an order: `null` when it never arrived (or was forgotten). */
  status(orderId: string, venueOrderId: string | undefined): VenueOrderReport | null {
    const rec = this.find(orderId, venueOrderId);
    if (rec !== undefined) return this.account.report(rec);
    return this.rejected.get(orderId) ?? null;
  }

  /** The account's resting orders. */
  openOrders(market: MarketId | undefined): VenueOrderReport[] {
    const out: VenueOrderReport[] = [];
    for (const v of this.engine.openOrders(this.owner, market)) {
      const rec = this.account.byVenue(v.id);
      if (rec !== undefined) out.push(this.account.report(rec));
    }
    return out;
  }

  /** The account's fills at or after `sinceMs`. */
  fills(sinceMs: number, market: MarketId | undefined): Fill[] {
    return this.account
      .fills()
      .filter((f) => f.timestamp >= sinceMs && (market === undefined || f.market === market));
  }

  /** Checks and matches a new order; `quiet` drops the stream events of this placement. */
  place(order: Readonly<Order>, quiet: boolean): PlaceOutcome {
    const spec = this.markets.get(order.market);
    if (spec === undefined)
      return this.refuse(order, { code: 'UNKNOWN_MARKET', message: `unknown market ${order.market}` });
    if (this.account.get(order.id) !== undefined) {
      this.duplicates.push(order.id);
      return { kind: 'rejected', code: 'DUPLICATE_ORDER', message: 'an order with this id already exists' };
    }
    const now = this.clock.now();
    // Only a market order without a price is valued at the reference.
    const valuation = order.price ?? this.maker.reference(spec.id) ?? spec.initialPrice;
    const problem = orderProblem(spec, order, valuation, now);
    if (problem !== undefined) return this.refuse(order, problem);
    const venueOrderId = paperVenueOrderId(++this.seq);
    const r = this.engine.place(
      {
        id: venueOrderId,
        owner: this.owner,
        market: spec.id,
        side: order.side,
        type: order.orderType,
        price: order.price,
        size: order.size,
        timeInForce: order.timeInForce,
        expireAt: order.expireAt,
      },
      now,
    );
    if (r.status === 'rejected') return this.refuse(order, engineRefusal(r.reason));
    if (this.rejected.size > 0) this.rejected.delete(order.id);
    const rec = this.account.open(order, venueOrderId, 'Working', now);
    const fills = this.apply(r, rec, quiet);
    return fills === undefined
      ? { kind: 'accepted', venueOrderId, status: rec.status }
      : { kind: 'accepted', venueOrderId, status: rec.status, fills };
  }

  /** Cancels an order of the account. */
  cancel(order: Readonly<Order>): CancelOutcome {
    const rec = this.find(order.id, order.venueOrderId);
    if (rec === undefined)
      return { kind: 'rejected', code: 'UNKNOWN_ORDER', message: 'order not known to the venue' };
    if (isTerminal(rec.status))
      return { kind: 'rejected', code: 'ORDER_NOT_OPEN', message: `order is ${rec.status}` };
    const r = this.engine.cancel(rec.venueOrderId);
    if (r.status !== 'cancelled')
      return { kind: 'rejected', code: 'ORDER_NOT_OPEN', message: r.reason ?? 'not open' };
    rec.status = 'Cancelled';
    rec.reason = 'cancelled by request';
    rec.updatedAt = this.clock.now();
    this.report(rec);
    this.account.settled(rec);
    return { kind: 'cancelled' };
  }

  /** Amends an order of the account on the book. */
  modify(order: Readonly<Order>, newPrice?: Decimal, newSize?: Decimal): ModifyOutcome {
    const rec = this.find(order.id, order.venueOrderId);
    if (rec === undefined)
      return { kind: 'rejected', code: 'UNKNOWN_ORDER', message: 'order not known to the venue' };
    if (isTerminal(rec.status))
      return { kind: 'rejected', code: 'ORDER_NOT_OPEN', message: `order is ${rec.status}` };
    if (newPrice === undefined && newSize === undefined) {
      return { kind: 'rejected', code: 'INVALID_AMEND', message: 'nothing to change' };
    }
    const spec = this.markets.get(rec.market) as MarketSpec;
    const problem =
      (newPrice === undefined ? undefined : priceProblem(spec, newPrice)) ??
      (newSize === undefined ? undefined : sizeProblem(spec, newSize));
    if (problem !== undefined) return { kind: 'rejected', ...problem };
    const r = this.engine.amend(rec.venueOrderId, {
      ...(newPrice === undefined ? {} : { price: newPrice }),
      ...(newSize === undefined ? {} : { size: newSize }),
    });
    if (r.status === 'rejected') return { kind: 'rejected', ...engineRefusal(r.reason) };
    if (newPrice !== undefined) rec.price = newPrice;
    if (newSize !== undefined) rec.size = newSize;
    rec.updatedAt = this.clock.now();
    this.apply(r, rec, false);
    return {
      kind: 'amended',
      venueOrderId: rec.venueOrderId,
      ...(newPrice === undefined ? {} : { price: newPrice }),
      ...(newSize === undefined ? {} : { size: newSize }),
    };
  }

  /** Expires due GTD orders (reported as Expired); reads the clock only when some expiry is queued. */
  expireDue(): void {
    const next = this.engine.nextExpiry;
    if (next === undefined) return;
    const now = this.clock.now();
    if (next > now) return;
    for (const v of this.engine.expire(now)) {
      if (v.owner !== this.owner) continue;
      const rec = this.account.byVenue(v.id);
      if (rec === undefined) continue;
      rec.status = 'Expired';
      rec.reason = v.reason;
      rec.updatedAt = v.updatedAt;
      this.report(rec);
      this.account.settled(rec);
    }
  }

  /** The record of an order, by gateway id or else venue id. */
  find(orderId: string, venueOrderId: string | undefined): PaperOrderRecord | undefined {
    const rec = this.account.get(orderId);
    if (rec !== undefined || venueOrderId === undefined) return rec;
    return this.account.byVenue(venueOrderId);
  }

  /**
   * Turns a match result into fills and reports; `own` is the order the call was about. Returns the fills
   * of `own`, undefined when it had none.
   */
  private apply(r: MatchResult, own: PaperOrderRecord | undefined, quiet: boolean): Fill[] | undefined {
    let ownFills: Fill[] | undefined;
    let touched: PaperOrderRecord[] | undefined;
    for (const t of r.trades) {
      for (let side = 0; side < 2; side++) {
        const isTaker = side === 0;
        if ((isTaker ? t.takerOwner : t.makerOwner) !== this.owner) continue;
        const rec = this.account.byVenue(isTaker ? t.takerOrderId : t.makerOrderId);
        if (rec === undefined) continue;
        const fill = this.account.fill(rec, t, isTaker ? 'taker' : 'maker');
        if (rec === own) {
          if (ownFills === undefined) ownFills = [fill];
          else ownFills.push(fill);
        } else if (touched === undefined) touched = [rec];
        else if (!touched.includes(rec)) touched.push(rec);
        if (!(quiet && rec === own)) this.emit({ type: 'fill', fill });
      }
    }
    if (r.cancelledMakers !== undefined) {
      for (const v of r.cancelledMakers) {
        const rec = v.owner === this.owner ? this.account.byVenue(v.id) : undefined;
        if (rec === undefined) continue;
        rec.status = 'Cancelled';
        rec.reason = v.reason;
        rec.updatedAt = v.updatedAt;
        if (touched === undefined) touched = [rec];
        else touched.push(rec);
      }
    }
    if (touched !== undefined) {
      for (const rec of touched) {
        this.report(rec);
        this.account.settled(rec);
      }
    }
    if (own !== undefined) {
      own.status = toOrderStatus(r.status);
      own.reason = r.reason;
      if (!quiet) this.report(own);
      this.account.settled(own);
    }
    return ownFills;
  }

  /** Records a definite refusal of a new order (queryable by its id). */
  refuse(order: Readonly<Order>, refusal: Refusal): PlaceOutcome {
    if (this.account.get(order.id) === undefined) {
      this.rejected.set(order.id, {
        orderId: order.id,
        market: order.market,
        status: 'Rejected',
        filledSize: 0n as Decimal,
        side: order.side,
        size: order.size,
        ...(order.price === undefined ? {} : { price: order.price }),
        reason: `${refusal.code}: ${refusal.message}`,
        updatedAt: this.clock.now(),
      });
    }
    return { kind: 'rejected', code: refusal.code, message: refusal.message };
  }

  private report(rec: PaperOrderRecord): void {
    if (this.wantsEvents()) this.emit({ type: 'order', report: this.account.report(rec) });
  }
}

function engineRefusal(reason: string | undefined): Refusal {
  if (reason?.startsWith('post-only')) {
    return { code: 'POST_ONLY_WOULD_CROSS', message: reason };
  }
  return { code: 'ORDER_REJECTED', message: reason ?? 'rejected by the book' };
}
