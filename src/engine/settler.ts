/**
 * Settles orders whose outcome is unknown. An order left `Submitting` or `Cancelling` (timeout, reset,
 * lost answer), or whose fills the venue reports but the gateway has not seen, is queried at the venue
 * with exponential back-off until the venue's answer decides it. A submit is never re-sent: an order the
 * venue does not know after several queries over a grace period is marked Rejected (it never arrived).
 * A cancel may be re-sent, because cancelling twice is harmless.
 */

import {
  type Fill,
  fmt,
  isInFlight,
  isTerminal,
  type Order,
  type OrderEvent,
  type OrderId,
  OrderStatus,
  type VenueId,
} from '../domain/index.ts';
import { type Applied, type OrderTracker, REVIVABLE_REJECT_CODE } from '../orders/index.ts';
import type { Limiter } from '../ratelimit/index.ts';
import type { VenueAdapter, VenueOrderReport } from '../venues/venue-adapter.ts';
import type { AuditLogger } from './audit-log.ts';
import { eventsForReport } from './venue-report.ts';

/** Back-off and give-up rules for status queries. */
export interface SettleOptions {
  /** First query this long after the unknown outcome (ms). */
  initialDelayMs: number;
  /** Back-off doubles up to this (ms). */
  maxDelayMs: number;
  /** "Not found" answers needed before concluding an order never arrived... */
  notFoundStrikes: number;
  /** ...and at least this long after the outcome became unknown (ms), so a slow request can still land. */
  notFoundGraceMs: number;
}

/** Refusals of a re-sent cancel (with the order still live at the venue) before the refusal is believed. */
const MAX_CANCEL_REFUSALS = 3;

/** Queries spent waiting for fills the venue reports but has not yet listed, before raising an alert. */
const MAX_FILL_ATTEMPTS = 20;

const DEFAULTS: SettleOptions = {
  initialDelayMs: 20,
  maxDelayMs: 2_000,
  notFoundStrikes: 3,
  notFoundGraceMs: 1_000,
};

/** What the settler needs from the engine. */
export interface SettleHost {
  readonly tracker: OrderTracker;
  readonly audit: AuditLogger;
  slotOf(order: Readonly<Order>): {
    readonly adapter: VenueAdapter;
    readonly limiter: Limiter | undefined;
  };
  apply(event: OrderEvent): Applied;
  applyFill(fill: Fill, source: string): Applied;
  now(): number;
  alert(kind: string, message: string, orderId?: string): void;
}

interface Watch {
  reason: string;
  /** Consecutive "the venue does not know it" answers. */
  strikes: number;
  /** Refusals of a re-sent cancel while the venue still showed the order live. */
  cancelRefusals: number;
  waiters: Array<(o: Order) => void>;
}

/** Runs one status-query loop per unsettled order. */
export class Settler {
  private readonly opts: SettleOptions;
  private readonly watching = new Map<OrderId, Watch>();
  private stopped = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly host: SettleHost,
    opts: Partial<SettleOptions> = {},
  ) {
    this.opts = { ...DEFAULTS, ...opts };
  }

  /** Orders being settled now. */
  get size(): number {
    return this.watching.size;
  }

  /** Starts (or keeps) settling an order. */
  watch(id: OrderId, reason: string): void {
    if (this.stopped || this.watching.has(id)) return;
    this.watching.set(id, { reason, strikes: 0, cancelRefusals: 0, waiters: [] });
    void this.run(id).catch((e: unknown) =>
      this.host.alert('settle', `settling ${id} failed: ${(e as Error).message}`, id),
    );
  }

  /** Asks the venue about every active order of a venue (after a stream reconnect). */
  watchVenue(venue: VenueId, reason: string): void {
    // Every active order, not only those in flight: one cancelled, expired or filled while the stream was
    // down is otherwise not noticed until reconciliation. Each is asked about once (rate-limited).
    for (const o of this.host.tracker.getActiveOrders({ venue })) this.watch(o.id, reason);
  }

  /** Resolves when the order is neither in flight nor being settled. */
  whenSettled(id: OrderId): Promise<Order> {
    const w = this.watching.get(id);
    const order = this.host.tracker.getOrder(id);
    if (!w || !order) return Promise.resolve({ ...(order as Order) });
    return new Promise((resolve) => w.waiters.push(resolve));
  }

  /** Applies a venue's report about an order (from its stream), and settles missing fills. */
  applyReport(venue: VenueId, report: VenueOrderReport, source: string): void {
    const order =
      (report.orderId ? this.host.tracker.getOrder(report.orderId) : undefined) ??
      (report.venueOrderId ? this.host.tracker.getByVenueOrderId(venue, report.venueOrderId) : undefined);
    if (!order) return;
    const revivable = this.host.tracker.rejectCodeOf(order.id) === REVIVABLE_REJECT_CODE;
    for (const e of eventsForReport(order, report, this.host.now(), source, revivable)) this.host.apply(e);
    if (report.unrecognised !== undefined)
      this.watch(order.id, `venue status "${report.unrecognised}" not recognised`);
    else if (report.filledSize > order.filledSize)
      this.watch(order.id, 'venue reports fills not yet received');
  }

  /** Stops every loop (their waiters get the order as it is). */
  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const [id, w] of this.watching) this.finish(id, w);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  private async run(id: OrderId): Promise<void> {
    const started = this.host.now();
    let delay = this.opts.initialDelayMs;
    let attempts = 0;
    const w = this.watching.get(id)!;
    try {
      while (!this.stopped) {
        const order = this.host.tracker.getOrder(id) as Order | undefined;
        if (!order) return;
        await this.sleep(delay);
        if (this.stopped) return;
        delay = Math.min(delay * 2, this.opts.maxDelayMs);
        attempts++;
        try {
          if (await this.attempt(order, w, attempts, started)) return;
        } catch (e) {
          // A failed query (or fill fetch, or re-sent cancel) is retried; it never ends the settling.
          this.host.audit.warn(
            { kind: 'settle_attempt_failed', orderId: id, attempt: attempts, error: (e as Error).message },
            'settling attempt failed; will retry',
          );
        }
      }
    } finally {
      this.finish(id, w);
    }
  }

  /**
   * One status query and what follows from it. Returns true when the order is settled (or nothing more
   * can be learnt), false to query again.
   */
  private async attempt(order: Order, w: Watch, attempts: number, started: number): Promise<boolean> {
    const { adapter, limiter } = this.host.slotOf(order);
    const queryCost = adapter.budgetCost?.query ?? 1;
    if (queryCost > 0) await limiter?.check(queryCost, { maxWaitMs: this.opts.maxDelayMs });
    const report = await adapter.getOrderStatus({
      orderId: order.id,
      market: order.market,
      ...(order.venueOrderId ? { venueOrderId: order.venueOrderId } : {}),
    });
    if (report === null) return this.notFound(order, w, ++w.strikes, started);
    w.strikes = 0;
    if (report.filledSize > order.filledSize) await this.fetchFills(order, adapter);
    for (const e of eventsForReport(
      order,
      report,
      this.host.now(),
      `settled by status query (${w.reason})`,
    )) {
      this.host.apply(e);
    }
    if (report.unrecognised !== undefined) {
      // asked again (a transient status may pass); past the attempts an operator must look
      if (attempts < MAX_FILL_ATTEMPTS) return false;
      this.host.alert(
        'unrecognised_status',
        `venue status "${report.unrecognised}" of ${order.id} is not recognised after ${attempts} queries; the order stays ${order.status} until reconciliation`,
        order.id,
      );
      return true;
    }
    if (
      order.status === OrderStatus.Cancelling &&
      (report.status === OrderStatus.Working || report.status === OrderStatus.PartiallyFilled)
    ) {
      // The cancel did not land; cancelling twice is harmless, so it is sent again.
      const cancelCost = adapter.budgetCost?.cancel ?? 1;
      if (cancelCost > 0) await limiter?.check(cancelCost, { maxWaitMs: this.opts.maxDelayMs });
      const outcome = await adapter.cancelOrder(order);
      const ts = this.host.now();
      if (outcome.kind === 'cancelled') {
        this.host.apply({
          type: 'Cancelled',
          orderId: order.id,
          ts,
          reason: 'cancel re-sent after unknown outcome',
        });
      } else if (outcome.kind === 'rejected') {
        // A refusal of the re-sent cancel often means the first one landed meanwhile ("already
        // canceled") or the order filled: ask again rather than conclude. Only a venue that keeps the
        // order live and keeps refusing gets the refusal applied.
        w.cancelRefusals++;
        if (w.cancelRefusals < MAX_CANCEL_REFUSALS) return false;
        this.host.apply({
          type: 'CancelRejected',
          orderId: order.id,
          ts,
          code: outcome.code,
          reason: outcome.message,
        });
      }
    }
    if (report.filledSize > order.filledSize) {
      if (attempts < MAX_FILL_ATTEMPTS) return false;
      this.host.alert(
        'fills_missing',
        `venue reports ${fmt(report.filledSize)} filled for ${order.id} but only ${fmt(order.filledSize)} was found in its trades after ${attempts} attempts; reconciliation must settle it`,
        order.id,
      );
      return true;
    }
    return !isInFlight(order.status);
  }

  private notFound(order: Order, w: Watch, strikes: number, started: number): boolean {
    if (strikes < this.opts.notFoundStrikes || this.host.now() - started < this.opts.notFoundGraceMs)
      return false;
    const ts = this.host.now();
    // Waiting for its answer, or cancelled before any answer: the venue never had it.
    const neverArrived =
      order.status === OrderStatus.Submitting ||
      (order.status === OrderStatus.Cancelling && order.previousStatus === OrderStatus.Submitting);
    if (neverArrived) {
      this.host.apply({
        type: 'Rejected',
        orderId: order.id,
        ts,
        code: REVIVABLE_REJECT_CODE,
        reason: `venue does not know the order after ${strikes} queries: it never arrived (${w.reason})`,
      });
    } else if (order.status === OrderStatus.Cancelling) {
      this.host.apply({
        type: 'Cancelled',
        orderId: order.id,
        ts,
        reason: `venue no longer knows the order (${w.reason})`,
      });
    } else if (!isTerminal(order.status)) {
      this.host.alert(
        'order_unknown_at_venue',
        `venue no longer knows ${order.id} (${order.status}); reconciliation must settle it`,
        order.id,
      );
    }
    return true;
  }

  private async fetchFills(order: Order, adapter: VenueAdapter): Promise<void> {
    const fills = await adapter.getFills(order.createdAt - 60_000, order.market);
    for (const f of fills) {
      if (
        f.orderId === order.id ||
        (order.venueOrderId !== undefined && f.venueOrderId === order.venueOrderId)
      ) {
        this.host.applyFill(
          f.orderId === order.id ? f : { ...f, orderId: order.id },
          'settled by trade query',
        );
      }
    }
  }

  private finish(id: OrderId, w: Watch): void {
    if (this.watching.get(id) !== w) return;
    this.watching.delete(id);
    const order = this.host.tracker.getOrder(id);
    for (const resolve of w.waiters) resolve({ ...(order as Order) });
  }
}
