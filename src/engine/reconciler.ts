/**
 * Recovery and reconciliation. At start the OMS is rebuilt from the journal ({@link Reconciler.replay});
 * then each venue is reconciled ({@link Reconciler.reconcileVenue}) before new orders are taken: every
 * active order is asked about (in-flight ones settled, ones the venue no longer knows closed), open
 * orders on the account that the journal does not know are adopted as `external` (tracked, never
 * cancelled by surprise), and fills the gateway missed are applied from the venue's trade history
 * (de-duplicated by trade id). The same runs on an interval and after stream reconnects. Every correction
 * goes through the pipeline with a `reconciliation (...)` reason: journaled, audited and published.
 */

import {
  asClientOrderId,
  type Fill,
  type IdGenerator,
  isInFlight,
  isTerminal,
  type Order,
  type OrderEvent,
  type OrderId,
  OrderStatus,
  OrderType,
  TimeInForce,
  type VenueId,
  ZERO,
} from '../domain/index.ts';
import type { Applied, OrderTracker } from '../orders/index.ts';
import type { OrderJournal } from '../store/index.ts';
import type { VenueAdapter, VenueOrderReport } from '../venues/venue-adapter.ts';
import type { AuditLogger } from './audit-log.ts';
import { snapshot } from './order-event-pipeline.ts';
import { eventsForReport } from './venue-report.ts';

/** What one reconciliation of a venue did. */
export interface ReconcileReport {
  readonly venue: string;
  readonly reason: string;
  /** When it finished (ms). */
  readonly at: number;
  readonly durationMs: number;
  /** Active orders asked about. */
  readonly checked: number;
  /** Missed fills applied. */
  readonly fillsApplied: number;
  /** Open orders on the account that the gateway did not know, now tracked as external. */
  readonly adopted: number;
  /** Orders the venue no longer knows, closed. */
  readonly closed: number;
  /** Disagreements an operator must look at (also raised as alerts). */
  readonly mismatches: readonly string[];
  /** Set when the reconciliation could not finish (the venue did not answer): it is tried again. */
  readonly error?: string;
}

/** What the start-up replay of the journal found. */
export interface ReplayReport {
  readonly events: number;
  readonly orders: number;
  /** Orders not final after the replay (to be reconciled). */
  readonly active: number;
  /** Events the OMS refused (reported, never silently dropped). */
  readonly refused: readonly { readonly index: number; readonly type: string; readonly message: string }[];
}

/** What the reconciler works with (the engine's parts). */
export interface ReconcilerHost {
  readonly tracker: OrderTracker;
  readonly journal: OrderJournal;
  readonly audit: AuditLogger;
  readonly ids: IdGenerator;
  adapter(venue: VenueId): VenueAdapter | undefined;
  apply(event: OrderEvent): Applied;
  applyFill(fill: Fill, source: string): Applied;
  /** Starts settling an order (status queries); `whenSettled` resolves once it is not in flight. */
  watch(id: OrderId, reason: string): void;
  whenSettled(id: OrderId): Promise<Order>;
  alert(kind: string, message: string, orderId?: string): void;
  now(): number;
  /**
   * Told of each journal record as it is replayed, by its place in the journal (0-based): the order after
   * it (undefined for a record that could not be applied). Optional: most hosts need no history.
   */
  replayed?(event: OrderEvent, ordinal: number, order: Readonly<Order> | undefined): void;
}

/** Options of reconciliation. */
export interface ReconcileOptions {
  /** Longest wait for the active orders of a venue to settle, ms. Default 30,000. */
  readonly settleTimeoutMs: number;
  /** How far before the oldest active order (or the newest fill) trade history is read, ms. Default 300,000. */
  readonly fillLookbackMs: number;
}

const DEFAULTS: ReconcileOptions = { settleTimeoutMs: 30_000, fillLookbackMs: 300_000 };

/** Replays the journal and reconciles venues for one engine. */
export class Reconciler {
  private readonly opts: ReconcileOptions;
  private readonly running = new Map<VenueId, Promise<ReconcileReport>>();
  /** The last report of each venue. */
  readonly last = new Map<VenueId, ReconcileReport>();

  constructor(
    private readonly host: ReconcilerHost,
    opts: Partial<ReconcileOptions> = {},
  ) {
    this.opts = { ...DEFAULTS, ...opts };
  }

  /**
   * Rebuilds the OMS from the journal's events (straight into the tracker: nothing is re-journaled or
   * re-published), streaming them when the journal can. Refused events are listed in the report and
   * raised as one alert; a record that cannot be read rejects (StoreError).
   */
  async replay(journal: OrderJournal): Promise<ReplayReport> {
    const { tracker } = this.host;
    const refused: { index: number; type: string; message: string }[] = [];
    let index = 0;
    const replayed = this.host.replayed?.bind(this.host);
    const visit = (e: OrderEvent): void => {
      let order: Readonly<Order> | undefined;
      try {
        order = tracker.apply(e).order;
      } catch (err) {
        refused.push({ index, type: e.type, message: (err as Error).message });
      }
      replayed?.(e, index, order);
      index++;
    };
    if (journal.forEach !== undefined) await journal.forEach(visit);
    else for (const e of await journal.load()) visit(e);
    const events = index;
    let orders = 0;
    let active = 0;
    for (const o of tracker.orders()) {
      orders++;
      if (!isTerminal(o.status)) active++;
      const adapter = this.host.adapter(o.venue);
      adapter?.restoreOrder?.(o);
      // final orders stay attributable for the adapter's retention only
      if (isTerminal(o.status)) adapter?.release?.(o.id);
    }
    if (refused.length > 0)
      this.host.alert(
        'journal_replay',
        `${refused.length} journal events could not be applied on replay (first: #${refused[0]!.index} ${refused[0]!.type}: ${refused[0]!.message})`,
      );
    this.host.audit.info({ kind: 'journal_replayed', events, orders, active, refused }, 'journal replayed');
    return { events, orders, active, refused };
  }

  /** Reconciles one venue (one run at a time per venue: a second call joins the running one). */
  reconcileVenue(venue: VenueId, reason: string): Promise<ReconcileReport> {
    const running = this.running.get(venue);
    if (running !== undefined) return running;
    const run = this.run(venue, reason).finally(() => this.running.delete(venue));
    this.running.set(venue, run);
    return run;
  }

  private async run(venue: VenueId, reason: string): Promise<ReconcileReport> {
    const started = this.host.now();
    const why = `reconciliation (${reason})`;
    const counts = { checked: 0, fillsApplied: 0, adopted: 0, closed: 0 };
    const mismatches: string[] = [];
    const adapter = this.host.adapter(venue);
    const finish = (error?: string): ReconcileReport => {
      const at = this.host.now();
      const report: ReconcileReport = {
        venue,
        reason,
        at,
        durationMs: at - started,
        ...counts,
        mismatches,
        ...(error === undefined ? {} : { error }),
      };
      this.last.set(venue, report);
      const level = error !== undefined || mismatches.length > 0 ? 'warn' : 'info';
      this.host.audit[level]({ kind: 'reconciliation', ...report }, `reconciled ${venue}`);
      return report;
    };
    if (adapter === undefined) return finish('venue not registered');
    try {
      // 1. every active order is asked about; the in-flight ones are settled
      const active = this.host.tracker.getActiveOrders({ venue });
      counts.checked = active.length;
      const since = this.fillsSince(venue, active);
      for (const o of active) this.host.watch(o.id, why);
      await this.settleAll(active.map((o) => o.id));

      // 2. open orders on the account that the gateway does not know are adopted as external
      const open = await adapter.getOpenOrders();
      const openIds = new Set<OrderId>();
      for (const r of open) {
        const known = this.find(venue, r);
        if (known !== undefined) {
          openIds.add(known.id);
          if (isTerminal(known.status)) {
            const m = `${known.id} is ${known.status} here but open at the venue (${r.status})`;
            mismatches.push(m);
            this.host.alert('reconcile_mismatch', m, known.id);
          }
          continue;
        }
        const adopted = await this.adopt(venue, r, why);
        if (adopted === undefined) {
          mismatches.push(
            `an open order at the venue (${r.venueOrderId ?? '?'}) could not be adopted: no side or size`,
          );
          continue;
        }
        counts.adopted++;
        openIds.add(adopted.id);
        adapter.restoreOrder?.(adopted);
      }

      // 3. fills the gateway missed
      if (since !== undefined) {
        for (const f of await adapter.getFills(since)) {
          const order =
            this.host.tracker.getOrder(f.orderId) ??
            (f.venueOrderId === undefined
              ? undefined
              : this.host.tracker.getByVenueOrderId(venue, f.venueOrderId));
          if (order === undefined) continue; // another account's, or an order closed long ago
          const fill = order.id === f.orderId ? f : { ...f, orderId: order.id };
          if (this.host.applyFill(fill, `${why}: missed fill`).changed) counts.fillsApplied++;
        }
      }

      // 4. active orders the venue no longer lists as open: asked once more; unknown ones are closed
      for (const o of this.host.tracker.getActiveOrders({ venue })) {
        if (openIds.has(o.id) || isInFlight(o.status)) continue;
        const r = await adapter.getOrderStatus({
          orderId: o.id,
          market: o.market,
          ...(o.venueOrderId === undefined ? {} : { venueOrderId: o.venueOrderId }),
        });
        if (r === null) {
          this.host.apply({
            type: 'Cancelled',
            orderId: o.id,
            ts: this.host.now(),
            reason: `${why}: the venue no longer knows the order`,
          });
          counts.closed++;
        } else {
          for (const e of eventsForReport(o, r, this.host.now(), why)) this.host.apply(e);
        }
      }
      return finish();
    } catch (e) {
      const message = (e as Error).message;
      this.host.alert('reconcile_failed', `reconciliation of ${venue} did not finish: ${message}`);
      return finish(message);
    }
  }

  /** Where to read trade history from: before the oldest active order and the newest known fill. */
  private fillsSince(venue: VenueId, active: readonly Readonly<Order>[]): number | undefined {
    let since = Number.POSITIVE_INFINITY;
    for (const o of active) since = Math.min(since, o.createdAt);
    const fills = this.host.tracker.getFills({ venue });
    if (fills.length > 0) since = Math.min(since, fills[fills.length - 1]!.timestamp);
    if (since === Number.POSITIVE_INFINITY) return undefined;
    return Math.max(0, since - this.opts.fillLookbackMs);
  }

  /** Waits (bounded) for orders to leave flight; those still in flight stay watched by the settler. */
  private async settleAll(ids: readonly OrderId[]): Promise<void> {
    if (ids.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.opts.settleTimeoutMs);
    });
    await Promise.race([Promise.all(ids.map((id) => this.host.whenSettled(id))), timeout]);
    clearTimeout(timer);
  }

  private find(venue: VenueId, r: VenueOrderReport): Readonly<Order> | undefined {
    const t = this.host.tracker;
    return (
      (r.orderId === undefined ? undefined : t.getOrder(r.orderId)) ??
      (r.venueOrderId === undefined ? undefined : t.getByVenueOrderId(venue, r.venueOrderId))
    );
  }

  /** Tracks an open order the journal does not know, as external (journaled, like any order). */
  private async adopt(venue: VenueId, r: VenueOrderReport, why: string): Promise<Order | undefined> {
    const size = r.size;
    if (r.side === undefined || size === undefined || r.venueOrderId === undefined) return undefined;
    const now = this.host.now();
    const order: Order = {
      id: this.host.ids.next(now),
      clientOrderId: asClientOrderId(`ext-${r.venueOrderId}`),
      venue,
      market: r.market,
      side: r.side,
      orderType: r.price === undefined ? OrderType.Market : OrderType.Limit,
      ...(r.price === undefined ? {} : { price: r.price }),
      size,
      timeInForce: TimeInForce.GTC,
      status: OrderStatus.Pending,
      filledSize: ZERO,
      fees: ZERO,
      venueOrderId: r.venueOrderId,
      external: true,
      createdAt: r.updatedAt ?? now,
      updatedAt: now,
    };
    const submitted: OrderEvent = {
      type: 'Submitted',
      orderId: order.id,
      ts: now,
      order: snapshot(order),
      reason: `${why}: adopted, open at the venue but not in the journal`,
    };
    this.host.tracker.trackOrder(order);
    this.host.apply(submitted);
    await this.host.journal.append(submitted);
    this.host.apply({
      type: 'Accepted',
      orderId: order.id,
      ts: now,
      venueOrderId: r.venueOrderId,
      reason: `${why}: adopted`,
    });
    this.host.alert(
      'order_adopted',
      `adopted ${r.venueOrderId} on ${venue} as external order ${order.id}`,
      order.id,
    );
    return order;
  }
}
