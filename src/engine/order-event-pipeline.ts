/**
 * Where every order event goes once decided: through the OMS's transition table, then to the journal,
 * the audit log, the metrics and the event stream, in that order. Also the engine's clock for event
 * times (never backwards) and its alerts. The engine's submit / cancel / modify paths and the settler all
 * apply events through here, so there is one place that says what "an event happened" means.
 */

import {
  type Clock,
  type Fill,
  fmt,
  isTerminal,
  type Order,
  type OrderEvent,
  OrderStatus,
} from '../domain/index.ts';
import { OrderNotFound } from '../errors/index.ts';
import { MetricName, type Metrics } from '../metrics/index.ts';
import type { Applied, OrderTracker } from '../orders/index.ts';
import type { OrderJournal } from '../store/index.ts';
import type { AuditLogger } from './audit-log.ts';
import type { EventHub } from './engine-events.ts';

/** A copy of an order for callers and listeners (the tracked object keeps changing). */
export const snapshot = (o: Readonly<Order>): Order => ({ ...o });

/** What the pipeline writes to. */
export interface PipelineParts {
  readonly tracker: OrderTracker;
  readonly journal: OrderJournal;
  readonly audit: AuditLogger;
  readonly metrics: Metrics | undefined;
  readonly hub: EventHub;
  readonly clock: Clock;
  /** Called after a fill changed the OMS (risk re-evaluates daily loss and notional). */
  readonly onFill: (fill: Fill) => void;
  /** Called once an order reaches a final status (its venue adapter may release what it keeps). */
  readonly onFinal?: (order: Readonly<Order>) => void;
}

/** Applies order events and tells everyone who needs to know. */
export class OrderEventPipeline {
  private lastTs = 0;
  private readonly journalFailed = (e: unknown): void =>
    this.alert('journal', `journal append failed: ${(e as Error).message}`);

  constructor(private readonly parts: PipelineParts) {}

  /** The time for a new event: the clock, but never earlier than the last one (the OMS drops older events). */
  now(): number {
    const t = this.parts.clock.now();
    if (t > this.lastTs) this.lastTs = t;
    return this.lastTs;
  }

  /** Applies one event through the OMS, then journals, audits, measures and publishes it. */
  apply(event: OrderEvent): Applied {
    const { tracker, journal, audit, hub } = this.parts;
    const applied = tracker.apply(event);
    if (!applied.changed) return applied;
    // The Submitted event is appended (and awaited) by the submit path: write-ahead.
    if (event.type !== 'Submitted') {
      try {
        journal.append(event)?.catch(this.journalFailed);
      } catch (e) {
        this.journalFailed(e);
      }
    }
    const order = applied.order;
    if (audit.isLevelEnabled('info')) {
      audit.info(
        {
          kind: 'order',
          event: event.type,
          orderId: order.id,
          clientOrderId: order.clientOrderId,
          venue: order.venue,
          market: order.market,
          venueOrderId: order.venueOrderId,
          from: applied.from,
          to: applied.to,
          reason: event.reason,
          ...(event.type === 'Filled' || event.type === 'FillReversed'
            ? { tradeId: event.fill.tradeId, price: fmt(event.fill.price), size: fmt(event.fill.size) }
            : {}),
        },
        `${event.type}: ${applied.from} -> ${applied.to}`,
      );
    }
    if (applied.from !== applied.to) {
      this.measure(applied, event);
      if (isTerminal(applied.to) && !isTerminal(applied.from)) this.parts.onFinal?.(order);
    }
    if (hub.active) {
      if (event.type === 'Filled') hub.publish({ type: 'fill', fill: event.fill, order: snapshot(order) });
      else hub.publish({ type: 'order', event, order: snapshot(order) });
    }
    return applied;
  }

  /** Applies a venue fill (de-duplicated by the OMS); risk re-evaluates when it changed something. */
  applyFill(fill: Fill, source: string): Applied {
    if (!this.parts.tracker.getOrder(fill.orderId)) throw new OrderNotFound(fill.orderId);
    const applied = this.apply({
      type: 'Filled',
      orderId: fill.orderId,
      ts: fill.timestamp,
      fill,
      reason: source,
    });
    if (applied.changed) this.parts.onFill(fill);
    return applied;
  }

  /**
   * Takes back a fill the venue reversed (de-duplicated by the OMS) and raises an alert: positions and
   * the order change, and an operator should know why.
   */
  reverseFill(fill: Fill, reason: string): Applied {
    const applied = this.apply({
      type: 'FillReversed',
      orderId: fill.orderId,
      ts: Math.max(fill.timestamp, this.parts.clock.now()),
      fill,
      reason,
    });
    if (applied.changed)
      this.alert(
        'fill_reversed',
        `fill ${fill.tradeId} of ${fill.orderId} taken back: ${reason}`,
        fill.orderId,
      );
    return applied;
  }

  /** Raises an alert: audit log at error level and an `alert` event. */
  alert(kind: string, message: string, orderId?: string): void {
    this.parts.audit.error({ kind, orderId }, message);
    this.parts.hub.publish({ type: 'alert', kind, message, ...(orderId ? { orderId } : {}) });
  }

  /** Counts a metric (when metrics are enabled). */
  count(name: Parameters<Metrics['count']>[0], venue: string, reason?: string): void {
    this.parts.metrics?.count(name, venue, reason);
  }

  private measure(applied: Applied, event: OrderEvent): void {
    const venue = applied.order.venue;
    // placed: the venue took it (however we learnt it: ack, stream or status query)
    if (
      applied.from === OrderStatus.Submitting &&
      applied.to !== OrderStatus.Rejected &&
      applied.to !== OrderStatus.Cancelling
    ) {
      this.count(MetricName.ordersPlaced, venue);
    }
    if (applied.to === OrderStatus.Filled) this.count(MetricName.ordersFilled, venue);
    else if (applied.to === OrderStatus.Cancelled) this.count(MetricName.ordersCancelled, venue);
    else if (applied.to === OrderStatus.Rejected) {
      this.count(MetricName.ordersRejected, venue, event.type === 'Rejected' ? event.code : undefined);
    }
  }
}
