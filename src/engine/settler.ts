/**
 * Settles orders whose outcome is unknown. An order left `Submitting` or `Cancelling` (timeout, reset,
 * lost answer), or whose fills the venue reports but the gateway has not seen, is queried at the venue
 * with exponential back-off until the venue's answer decides it. A submit is never re-sent: an order the
 * venue does not know after several queries over a grace period is marked Rejected (it never arrived).
 * A cancel may be re-sent, because cancelling twice is harmless.
 */
import type { Logger } from 'pino';
import type { Fill, OrderEvent } from '../domain/index.ts';
import {
  isInFlight,
  isTerminal,
  type Order,
  type OrderId,
  OrderStatus,
  type VenueId,
} from '../domain/index.ts';
import type { Applied, OrderTracker } from '../orders/index.ts';
import type { VenueAdapter, VenueOrderReport } from '../venues/venue-adapter.ts';
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

const DEFAULTS: SettleOptions = {
  initialDelayMs: 20,
  maxDelayMs: 2_000,
  notFoundStrikes: 3,
  notFoundGraceMs: 1_000,
};

/** What the settler needs from the engine. */
export interface SettleHost {
  readonly tracker: OrderTracker;
  readonly audit: Logger;
  slotOf(order: Readonly<Order>): { readonly adapter: VenueAdapter };
  apply(event: OrderEvent): Applied;
  applyFill(fill: Fill, source: string): Applied;
  now(): number;
  alert(kind: string, message: string, orderId?: string): void;
}

interface Watch {
  reason: string;
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
    this.watching.set(id, { reason, waiters: [] });
    void this.run(id).catch((e: unknown) =>
      this.host.alert('settle', `settling ${id} failed: ${(e as Error).message}`, id),
    );
  }

  /** Settles every in-flight order of a venue (after a stream reconnect). */
  watchVenue(venue: VenueId, reason: string): void {
    for (const o of this.host.tracker.getActiveOrders({ venue })) {
      if (isInFlight(o.status)) this.watch(o.id, reason);
    }
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
    for (const e of eventsForReport(order, report, this.host.now(), source)) this.host.apply(e);
    if (report.filledSize > order.filledSize) this.watch(order.id, 'venue reports fills not yet received');
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
    let strikes = 0;
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
        const { adapter } = this.host.slotOf(order);
        let report: VenueOrderReport | null;
        try {
          report = await adapter.getOrderStatus({
            orderId: order.id,
            market: order.market,
            ...(order.venueOrderId ? { venueOrderId: order.venueOrderId } : {}),
          });
        } catch (e) {
          this.host.audit.warn(
            { kind: 'status_query_failed', orderId: id, attempt: attempts, error: (e as Error).message },
            'status query failed; will retry',
          );
          continue;
        }
        if (report === null) {
          strikes++;
          if (strikes < this.opts.notFoundStrikes || this.host.now() - started < this.opts.notFoundGraceMs)
            continue;
          if (order.status === OrderStatus.Submitting) {
            this.host.apply({
              type: 'Rejected',
              orderId: id,
              ts: this.host.now(),
              code: 'NOT_FOUND',
              reason: `venue does not know the order after ${strikes} queries: it never arrived (${w.reason})`,
            });
          } else if (order.status === OrderStatus.Cancelling || !isTerminal(order.status)) {
            this.host.apply({
              type: 'Cancelled',
              orderId: id,
              ts: this.host.now(),
              reason: `venue no longer knows the order (${w.reason})`,
            });
          }
          return;
        }
        strikes = 0;
        if (report.filledSize > order.filledSize) await this.fetchFills(order, adapter);
        for (const e of eventsForReport(
          order,
          report,
          this.host.now(),
          `settled by status query (${w.reason})`,
        ))
          this.host.apply(e);
        if (
          order.status === OrderStatus.Cancelling &&
          (report.status === OrderStatus.Working || report.status === OrderStatus.PartiallyFilled)
        ) {
          const outcome = await adapter
            .cancelOrder(order)
            .catch((e: unknown) => ({ kind: 'unknown', reason: (e as Error).message }) as const);
          if (outcome.kind === 'cancelled')
            this.host.apply({
              type: 'Cancelled',
              orderId: id,
              ts: this.host.now(),
              reason: 'cancel re-sent after unknown outcome',
            });
          else if (outcome.kind === 'rejected')
            this.host.apply({
              type: 'CancelRejected',
              orderId: id,
              ts: this.host.now(),
              code: outcome.code,
              reason: outcome.message,
            });
        }
        const fillsMissing = report.filledSize > order.filledSize && attempts < 20;
        if (!isInFlight(order.status) && !fillsMissing) return;
      }
    } finally {
      this.finish(id, w);
    }
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
