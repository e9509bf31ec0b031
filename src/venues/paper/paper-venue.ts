/**
 * PaperVenue: an in-process venue on the shared matching engine (see `paper-exchange.ts` for the book,
 * account and liquidity maker). This shell implements the VenueAdapter contract: latency, fault
 * injection, the event stream (events are delivered synchronously as they happen, possibly before the
 * answer, as on real venues), timers and the ledger.
 */
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
import { NetworkError } from '../../errors/index.ts';
import type { DepthSnapshot } from '../../sim/matching/index.ts';
import { SeededRandom } from '../../sim/seeded-random.ts';
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
import { FaultInjector, type FaultOptions, type FiredFault, type PaperFaultKind } from './fault-injector.ts';
import type { LiquidityOptions } from './liquidity-maker.ts';
import { PaperExchange } from './paper-exchange.ts';
import type { PaperLedger, PaperLedgerOrder } from './paper-ledger.ts';
import { DEFAULT_PAPER_MARKETS, type PaperMarket } from './paper-market.ts';
import { type LatencySetting, ResponseDelay } from './response-delay.ts';

/** Options of a {@link PaperVenue}. */
export interface PaperVenueOptions {
  /** Default `paper`. */
  readonly venueId?: string;
  /** Default {@link DEFAULT_PAPER_MARKETS}. */
  readonly markets?: readonly PaperMarket[];
  /** Default the wall clock; GTD expiry and timestamps follow it. */
  readonly clock?: Clock;
  /** Seed of the walk, latency draws and probabilistic faults. Default 1. */
  readonly seed?: number;
  /** Answer latency in ms; 0 (default) answers with already resolved promises, no timers. */
  readonly latencyMs?: LatencySetting;
  readonly fees?: { readonly makerBps: number | string; readonly takerBps: number | string };
  /** Default enabled, 5 levels per side, 1 tick from the reference, 10 bps walk. */
  readonly liquidity?: LiquidityOptions;
  /** Owner id of the gateway's orders in the book. Default `gateway`. */
  readonly account?: string;
  /**
   * Finished orders remembered for status queries and the ledger (oldest forgotten first). Default: all.
   * Set it for long benchmarks; a forgotten order's status is `null`.
   */
  readonly maxFinishedOrders?: number;
}

const PLACE_FAULTS: readonly PaperFaultKind[] = [
  'reject',
  'accept_then_timeout',
  'lost_response',
  'timeout_before_accept',
];
const CANCEL_FAULTS: readonly PaperFaultKind[] = ['cancel_timeout'];
const STATUS_FAULTS: readonly PaperFaultKind[] = ['status_error'];

/** An in-process venue with a real order book, a liquidity maker and fault injection. */
export class PaperVenue implements VenueAdapter {
  /** The venue's name in the gateway. */
  readonly venueId: VenueId;
  private readonly clock: Clock;
  private readonly exchange: PaperExchange;
  private readonly faults: FaultInjector;
  private readonly delay: ResponseDelay;
  private readonly listeners = new Set<VenueListener>();
  private readonly neverArrived: OrderId[] = [];
  private readonly faultLog: { kind: PaperFaultKind; orderId: OrderId; at: number }[] = [];
  private closed = false;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: PaperVenueOptions = {}) {
    this.venueId = asVenueId(options.venueId ?? 'paper');
    this.clock = options.clock ?? systemClock;
    const seed = options.seed ?? 1;
    this.faults = new FaultInjector(new SeededRandom(seed ^ 0x5bd1e995));
    this.delay = new ResponseDelay(options.latencyMs ?? 0, new SeededRandom(seed ^ 0x27d4eb2f));
    this.exchange = new PaperExchange({
      venueId: this.venueId,
      markets: options.markets ?? DEFAULT_PAPER_MARKETS,
      clock: this.clock,
      seed,
      fees: options.fees ?? { makerBps: 0, takerBps: 0 },
      liquidity: options.liquidity ?? { enabled: true },
      account: options.account ?? 'gateway',
      maxFinishedOrders: options.maxFinishedOrders,
      emit: (e) => this.emit(e),
      wantsEvents: () => this.listeners.size > 0,
    });
  }

  /** Rules of a market, `undefined` when unknown. */
  instrument(market: MarketId): InstrumentRules | undefined {
    return this.exchange.instrument(market);
  }

  /** The liquidity maker's random-walk reference price. */
  referencePrice(market: MarketId): Decimal | undefined {
    return this.exchange.reference(market);
  }

  /** Markets of this venue. */
  marketIds(): MarketId[] {
    return this.exchange.marketIds();
  }

  /** The book of a market (everyone's orders). */
  depth(market: MarketId, levels = 10): DepthSnapshot {
    return this.exchange.depth(market, levels);
  }

  placeOrder(order: Readonly<Order>): Promise<PlaceOutcome> {
    try {
      return this.place(order);
    } catch (e) {
      return Promise.resolve({ kind: 'unknown', reason: `paper venue internal error: ${String(e)}` });
    }
  }

  cancelOrder(order: Readonly<Order>): Promise<CancelOutcome> {
    if (this.closed) return this.delay.answer(closedRefusal());
    this.exchange.expireDue();
    const fault = this.fire(CANCEL_FAULTS, order.id);
    const outcome = this.exchange.cancel(order);
    return this.delay.answer(fault === undefined ? outcome : { kind: 'unknown', reason: 'timeout' });
  }

  modifyOrder(order: Readonly<Order>, newPrice?: Decimal, newSize?: Decimal): Promise<ModifyOutcome> {
    if (this.closed) return this.delay.answer(closedRefusal());
    this.exchange.expireDue();
    return this.delay.answer(this.exchange.modify(order, newPrice, newSize));
  }

  getOrderStatus(ref: OrderRef): Promise<VenueOrderReport | null> {
    if (this.fire(STATUS_FAULTS, ref.orderId) !== undefined) {
      return this.delay.fail(new NetworkError(this.venueId, 'simulated status query failure'));
    }
    this.exchange.expireDue();
    return this.delay.answer(this.exchange.status(ref.orderId, ref.venueOrderId));
  }

  getOpenOrders(market?: MarketId): Promise<readonly VenueOrderReport[]> {
    this.exchange.expireDue();
    return this.delay.answer(this.exchange.openOrders(market));
  }

  getFills(sinceMs: number, market?: MarketId): Promise<readonly Fill[]> {
    this.exchange.expireDue();
    return this.delay.answer(this.exchange.fills(sinceMs, market));
  }

  healthCheck(): Promise<VenueHealth> {
    const h: VenueHealth = this.closed
      ? { ok: false, message: 'venue closed' }
      : { ok: true, latencyMs: this.delay.minMs };
    return this.delay.answer(h);
  }

  subscribe(listener: VenueListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  async close(): Promise<void> {
    this.stop();
    this.closed = true;
    this.delay.flush();
  }

  /** Advances the reference walk one step, expires due GTD orders and re-quotes (deterministic). */
  step(): void {
    this.exchange.step();
  }

  /** Runs {@link step} every `intervalMs` until {@link stop} or {@link close}. */
  start(intervalMs = 1000): void {
    this.stop();
    this.timer = setInterval(() => this.step(), intervalMs);
    this.timer.unref?.();
  }

  /** Stops the timer started by {@link start}. */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Arms a fault (see {@link PaperFaultKind}). */
  injectFault(kind: PaperFaultKind, opts?: FaultOptions): void {
    this.faults.inject(kind, opts);
  }

  /** Disarms every fault. */
  clearFaults(): void {
    this.faults.clear();
  }

  /** The venue's own record, for comparing with the gateway's view. */
  ledger(): PaperLedger {
    const account = this.exchange.account;
    const orders: PaperLedgerOrder[] = [];
    for (const rec of account.all()) {
      orders.push({
        ...account.report(rec),
        orderType: rec.orderType,
        timeInForce: rec.timeInForce,
        fees: rec.fees,
        createdAt: rec.createdAt,
      });
    }
    return {
      orders,
      fills: account.fills().slice(),
      rejected: [...this.exchange.rejected.values()],
      neverArrived: this.neverArrived.slice(),
      duplicates: this.exchange.duplicates.slice(),
      faults: this.faultLog.slice(),
    };
  }

  private place(order: Readonly<Order>): Promise<PlaceOutcome> {
    if (this.closed) return this.delay.answer(closedRefusal());
    this.exchange.expireDue();
    const fired = this.fire(PLACE_FAULTS, order.id);
    const fault = fired?.kind;
    if (fault === 'reject') {
      const refusal = { code: 'SIMULATED_REJECT', message: 'simulated rejection' };
      return this.delay.answer(this.exchange.refuse(order, refusal));
    }
    if (fault === 'timeout_before_accept') {
      this.neverArrived.push(order.id);
      return this.delay.answer({ kind: 'unknown', reason: 'timeout' });
    }
    const outcome = this.exchange.place(order, fault === 'lost_response');
    if (fault === undefined) return this.delay.answer(outcome);
    if (fault === 'accept_then_timeout') return this.delay.answer({ kind: 'unknown', reason: 'timeout' });
    this.emit({ type: 'connection', state: 'down', reason: 'simulated connection loss' });
    return this.delay.after(fired?.delayMs ?? 0, () => {
      this.emit({ type: 'connection', state: 'reconnected' });
      return { kind: 'unknown', reason: 'connection lost' } as const;
    });
  }

  private fire(kinds: readonly PaperFaultKind[], orderId: OrderId): FiredFault | undefined {
    if (this.faults.idle) return undefined;
    const f = this.faults.take(kinds);
    if (f !== undefined) this.faultLog.push({ kind: f.kind, orderId, at: this.clock.now() });
    return f;
  }

  private emit(e: VenueEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch (err) {
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }
}

function closedRefusal(): { kind: 'rejected'; code: string; message: string } {
  return { kind: 'rejected', code: 'VENUE_CLOSED', message: 'the paper venue is closed' };
}
