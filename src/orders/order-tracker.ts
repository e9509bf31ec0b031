/**
 * The OMS: `OrderTracker` owns every tracked order, applies events to them through the one transition
 * table, de-duplicates fills and replayed events, and keeps positions, fills, active-order indexes and
 * open-exposure aggregates up to date incrementally (O(1) per event).
 *
 * Replays and stale events: fills are de-duplicated by (venue, trade id, order id) (both legs of a
 * self-trade share a trade id; see {@link FillLedger}). Status events carry the
 * engine's clock (`ts`), which must not go backwards: a status event older than the newest status event
 * already seen for its order is stale (a replay, or a report overtaken by a newer one) and changes
 * nothing (`{ changed: false, duplicate: true, stale: true }`). A repeat of an event the table refused
 * (a status event at the same ts with no change since, or a fill with the same trade id and ts) that the
 * table would now allow is a replay too (`duplicate`). Hence re-applying any event sequence with
 * increasing ts (e.g. a journal tail over a snapshot) changes nothing. Events with equal ts are all
 * evaluated (a frozen test clock works); fills are never judged by their ts (a late fill is a fact).
 *
 * Over-fills: a fill beyond the order's remaining size is applied to the order only up to its size; the
 * excess is recorded in `order.overfill`, reported to `onOverfill` and returned in {@link Applied}. The
 * position book still gets the whole fill: the venue really traded it.
 *
 * Rejections: the code of the rejection that made an order Rejected is kept in the tracker (the domain
 * Order has no field for it); a later `Accepted` revives the order only when that code is
 * {@link REVIVABLE_REJECT_CODE} ("never arrived"), and a later Rejected event with another code replaces it.
 */
import type {
  ClientOrderId,
  Decimal,
  Fill,
  MarketId,
  OpenExposure,
  Order,
  OrderEvent,
  OrderEventType,
  OrderFilled,
  OrderFillReversed,
  OrderId,
  OrderStatus,
  Position,
  StrategyId,
  TradeId,
  VenueId,
  VenueOrderId,
} from '../domain/index.ts';
import { fmt } from '../domain/index.ts';
import { InvalidOrderState, OrderNotFound, ValidationError } from '../errors/index.ts';
import { ExposureIndex, isActiveStatus } from './exposure-index.ts';
import { applyToOrder, type FillFilter, FillLedger, unapplyFromOrder, wasRefused } from './fill-ledger.ts';
import { OrderEntries, type OrderEntry } from './order-entries.ts';
import { PositionBook } from './position-book.ts';
import {
  nextPreviousStatus,
  REVIVABLE_REJECT_CODE,
  resolveFill,
  resolveUnfill,
  restoredStatus,
  revivedStatus,
  TRANSITIONS,
} from './transition-table.ts';

export type { FillFilter } from './fill-ledger.ts';

/** The outcome of applying one event. */
export interface Applied {
  /** The order after the event. */
  readonly order: Readonly<Order>;
  /** False for no-ops: idempotent repeats, duplicate fills, replayed events. */
  readonly changed: boolean;
  readonly from: OrderStatus;
  readonly to: OrderStatus;
  /** The fill applied (absent for status events and duplicates). */
  readonly fill?: Fill;
  /** True when the event is a replay (a fill already applied, an event already refused) or stale: nothing changed. */
  readonly duplicate?: boolean;
  /** True when a status event was older than the newest one already seen for the order (ignored). */
  readonly stale?: boolean;
  /** Quantity filled beyond the order's size by this fill (not applied to the order; flagged). */
  readonly overfill?: Decimal;
}

/** Options of an {@link OrderTracker}. */
export interface OrderTrackerOptions {
  /** Called for every fill that over-fills an order, with the excess quantity. */
  readonly onOverfill?: (order: Readonly<Order>, fill: Fill, excess: Decimal) => void;
  /** The quote asset of a market, when known: a position's `fees` count only fees paid in it. */
  readonly quoteAssetOf?: (venue: VenueId, market: MarketId) => string | undefined;
}

/** Filter of {@link OrderTracker.getActiveOrders}. */
export interface ActiveOrderFilter {
  readonly venue?: VenueId;
  readonly market?: MarketId;
  readonly strategy?: StrategyId;
}

const EVENT_BIT: Readonly<Record<OrderEventType, number>> = {
  Submitted: 1,
  Accepted: 2,
  Rejected: 4,
  Filled: 8,
  CancelRequested: 16,
  CancelRejected: 32,
  Cancelled: 64,
  Expired: 128,
  Amended: 256,
  FillReversed: 512,
};

/** Tracks orders through their life, with positions and open exposure. */
export class OrderTracker {
  private readonly entries = new OrderEntries();
  private readonly ledger = new FillLedger();
  private readonly index = new ExposureIndex();
  private readonly positions: PositionBook;
  private readonly onOverfill: OrderTrackerOptions['onOverfill'];

  constructor(opts: OrderTrackerOptions = {}) {
    this.onOverfill = opts.onOverfill;
    this.positions = new PositionBook(opts.quoteAssetOf);
  }

  /**
   * Starts tracking `order` (any status, usually Pending). The tracker keeps and updates this very
   * object from now on: treat it as read-only. Throws ValidationError when its id or client order id
   * is already tracked, or its size / filled size is impossible.
   */
  trackOrder(order: Order): void {
    this.track(order);
  }

  /**
   * THE single entry point: applies one event through the transition table. A `Submitted` event for an
   * unknown order tracks `event.order` first. Throws OrderNotFound for another event on an unknown order,
   * InvalidOrderState for a move the table does not allow, ValidationError for an inconsistent event.
   */
  apply(event: OrderEvent): Applied {
    if (event.type === 'Filled') {
      if (event.fill.orderId !== event.orderId) {
        throw new ValidationError(
          'fill.orderId',
          event.fill.orderId,
          `must match the event's order ${event.orderId}`,
        );
      }
      return this.applyFill(event.fill, event.ts);
    }
    if (event.type === 'FillReversed') return this.reverseFill(event.fill, event.ts, event.reason);
    let entry = this.entries.get(event.orderId);
    if (entry === undefined) {
      if (event.type !== 'Submitted') throw new OrderNotFound(event.orderId);
      if (event.order.id !== event.orderId) {
        throw new ValidationError(
          'order.id',
          event.order.id,
          `must match the event's order ${event.orderId}`,
        );
      }
      entry = this.track({ ...event.order });
    }
    return this.applyStatus(entry, event);
  }

  /** Same as {@link apply}, for status events. */
  updateStatus(event: Exclude<OrderEvent, OrderFilled | OrderFillReversed>): Applied {
    return this.apply(event);
  }

  /**
   * Same as `apply({ type: 'Filled', orderId: fill.orderId, ts, fill, reason })`; `ts` defaults to the
   * fill's time. The reason is for the caller's audit log: the tracker does not store it.
   */
  recordFill(fill: Fill, ts: number = fill.timestamp, _reason?: string): Applied {
    return this.applyFill(fill, ts);
  }

  /** The order with this id. */
  getOrder(id: OrderId): Readonly<Order> | undefined {
    return this.entries.get(id)?.order;
  }

  /** The order with this client order id. */
  getByClientOrderId(id: ClientOrderId): Readonly<Order> | undefined {
    return this.entries.byClient(id)?.order;
  }

  /** The order the venue knows by this id (earlier ids of an amended order still find it). */
  getByVenueOrderId(venue: VenueId, id: VenueOrderId): Readonly<Order> | undefined {
    return this.entries.byVenue(venue, id)?.order;
  }

  /** Active (non-terminal) orders, optionally filtered; from the indexes, not a scan of every order. */
  getActiveOrders(filter?: ActiveOrderFilter): Readonly<Order>[] {
    return this.index.activeOrders(filter);
  }

  /** Number of active (non-terminal) orders. O(1). */
  activeOrderCount(): number {
    return this.index.count;
  }

  /** Aggregate of the active orders on (venue, market), kept incrementally. O(1). */
  openExposure(venue: VenueId, market: MarketId): OpenExposure {
    return this.index.exposure(venue, market);
  }

  /** Every (venue, market) with active orders, and its aggregate. */
  openExposures(): Iterable<{ venue: VenueId; market: MarketId; exposure: OpenExposure }> {
    return this.index.exposures();
  }

  /** The position on (venue, market): a zero position when nothing traded there. */
  getPosition(venue: VenueId, market: MarketId): Position {
    return this.positions.get(venue, market);
  }

  /** Every position that has seen a fill. */
  getPositions(): Position[] {
    return this.positions.all();
  }

  /** Fills applied (duplicates excluded), in arrival order, optionally filtered. */
  getFills(filter?: FillFilter): readonly Fill[] {
    const orderFills = filter?.orderId !== undefined ? this.entries.get(filter.orderId)?.fills : undefined;
    return this.ledger.list(filter, orderFills);
  }

  /**
   * True when a fill with this trade id on this venue was applied: to the order `orderId` when given,
   * else to any order (a trade id alone may stand for both legs of a self-trade).
   */
  hasFill(venue: VenueId, tradeId: TradeId, orderId?: OrderId): boolean {
    if (orderId === undefined) return this.ledger.has(venue, tradeId);
    return this.ledger.has(venue, tradeId, this.entries.get(orderId) ?? null);
  }

  /**
   * The code of the rejection that made the order Rejected (e.g. {@link REVIVABLE_REJECT_CODE}), while it
   * is Rejected; `undefined` otherwise or when the rejection had no code.
   */
  rejectCodeOf(id: OrderId): string | undefined {
    const e = this.entries.get(id);
    return e?.order.status === 'Rejected' ? e.rejectCode : undefined;
  }

  /** Every tracked order, active or not. */
  *orders(): Generator<Readonly<Order>> {
    for (const e of this.entries.values()) yield e.order;
  }

  private track(order: Order): OrderEntry {
    this.entries.checkNew(order);
    const entry: OrderEntry = {
      order,
      bucket: this.index.bucketFor(order.venue, order.market),
      active: false,
      size: 0n,
      notional: 0n,
      prevActive: undefined,
      nextActive: undefined,
      filledNotional: order.avgFillPrice === undefined ? 0n : order.avgFillPrice * order.filledSize,
      fills: undefined,
      position: undefined,
      statusTs: Number.NEGATIVE_INFINITY,
      refusedAtTs: 0,
      refusedFills: undefined,
      rejectCode: undefined,
    };
    this.entries.add(entry);
    this.index.refresh(entry);
    return entry;
  }

  private applyStatus(
    entry: OrderEntry,
    event: Exclude<OrderEvent, OrderFilled | OrderFillReversed>,
  ): Applied {
    const order = entry.order;
    const from = order.status;
    const ts = event.ts;
    if (ts < entry.statusTs) return { order, changed: false, from, to: from, duplicate: true, stale: true };
    if (ts > entry.statusTs) {
      entry.statusTs = ts;
      entry.refusedAtTs = 0;
    }
    const target = TRANSITIONS[from][event.type];
    if (
      target === undefined ||
      (target === 'fill' && event.type !== 'Amended') ||
      target === 'unfill' ||
      (target === 'revive' && entry.rejectCode !== REVIVABLE_REJECT_CODE)
    ) {
      entry.refusedAtTs |= EVENT_BIT[event.type];
      throw new InvalidOrderState(order.id, from, event.type);
    }
    // The same event, refused at this very ts while nothing changed since: a replay, not news.
    if (entry.refusedAtTs !== 0 && (entry.refusedAtTs & EVENT_BIT[event.type]) !== 0)
      return { order, changed: false, from, to: from, duplicate: true };
    let changed = false;
    if (event.type === 'Amended') {
      changed = this.entries.amend(entry, event.price, event.size, event.venueOrderId);
    } else if (
      event.type === 'Accepted' &&
      event.venueOrderId !== undefined &&
      order.venueOrderId === undefined
    ) {
      this.entries.setVenueId(entry, event.venueOrderId);
      changed = true;
    }
    const to =
      target === 'same'
        ? from
        : target === 'previous'
          ? restoredStatus(order)
          : target === 'revive'
            ? revivedStatus(order)
            : target === 'fill'
              ? resolveFill(from, order.filledSize, order.size)
              : target;
    const prev = nextPreviousStatus(order, event.type, to);
    if (prev !== undefined && prev !== order.previousStatus) {
      order.previousStatus = prev;
      changed = true;
    }
    if (event.type === 'Rejected' && this.noteRejection(entry, event.code, event.reason, to !== from))
      changed = true;
    if (to !== from) {
      order.status = to;
      changed = true;
      if (target === 'revive') {
        entry.rejectCode = undefined;
        delete order.reason;
      } else if (event.type === 'Cancelled' || event.type === 'Expired') {
        if (event.reason !== undefined) order.reason = event.reason;
      }
    }
    if (!changed) return { order, changed, from, to };
    entry.refusedAtTs = 0;
    if (ts > order.updatedAt) order.updatedAt = ts;
    // A status event moves the exposure only when the order enters or leaves the active set, or is amended.
    if (event.type === 'Amended' || isActiveStatus(to) !== entry.active) this.index.refresh(entry);
    return { order, changed, from, to };
  }

  /**
   * Keeps the code (and reason) of a rejection: always when the order becomes Rejected, and when an
   * already Rejected order is rejected again with another code. True when something changed.
   */
  private noteRejection(entry: OrderEntry, code?: string, reason?: string, entering = false): boolean {
    if (!entering && (code === undefined || code === entry.rejectCode)) return false;
    entry.rejectCode = code;
    const why = reason ?? code;
    if (why !== undefined) entry.order.reason = why;
    return !entering;
  }

  private applyFill(fill: Fill, ts: number): Applied {
    const entry = this.entries.get(fill.orderId);
    if (entry === undefined) throw new OrderNotFound(fill.orderId);
    const order = entry.order;
    const from = order.status;
    if (fill.venue !== order.venue || fill.market !== order.market || fill.side !== order.side) {
      throw new ValidationError(
        'fill',
        `${fill.venue}/${fill.market}/${fill.side}`,
        `must match the order's venue/market/side ${order.venue}/${order.market}/${order.side}`,
      );
    }
    checkFillShape(fill);
    if (fill.size <= 0n) throw new ValidationError('fill.size', fmt(fill.size), 'must be positive');
    if (fill.price < 0n) throw new ValidationError('fill.price', fmt(fill.price), 'must not be negative');
    const ledger = this.ledger;
    if (ledger.isDuplicate(entry, fill.tradeId))
      return { order, changed: false, from, to: from, duplicate: true };
    const target = TRANSITIONS[from].Filled;
    if (target === undefined) {
      ledger.noteRefused(entry, fill.tradeId, ts);
      throw new InvalidOrderState(order.id, from, 'Filled');
    }
    // This very fill event was refused before the order could trade: a replay, not news.
    if (wasRefused(entry, fill.tradeId, ts))
      return { order, changed: false, from, to: from, duplicate: true };

    const excess = applyToOrder(entry, fill);
    if (fill.venueOrderId !== undefined && order.venueOrderId === undefined)
      this.entries.setVenueId(entry, fill.venueOrderId);
    const to = target === 'fill' ? resolveFill(from, order.filledSize, order.size) : from;
    const prev = nextPreviousStatus(order, 'Filled', to);
    if (prev !== undefined) order.previousStatus = prev;
    order.status = to;
    if (ts > order.updatedAt) order.updatedAt = ts;
    ledger.record(entry, fill);
    if (entry.position === undefined) entry.position = this.positions.handle(order.venue, order.market);
    this.positions.applyTo(entry.position, fill);
    if (entry.active) this.index.refresh(entry);
    if (excess > 0n) {
      this.onOverfill?.(order, fill, excess);
      return { order, changed: true, from, to, fill, overfill: excess };
    }
    return { order, changed: true, from, to, fill };
  }

  /**
   * Takes back a fill the venue reversed (a trade that failed): the order's quantities, its status (by
   * the table's `unfill` cell) and the position are recomputed without it. A fill this order never had
   * is a no-op (`duplicate`); its trade id is remembered so that a late replay is never applied.
   */
  private reverseFill(fill: Fill, ts: number, reason: string | undefined): Applied {
    const entry = this.entries.get(fill.orderId);
    if (entry === undefined) throw new OrderNotFound(fill.orderId);
    const order = entry.order;
    const from = order.status;
    if (fill.venue !== order.venue)
      throw new ValidationError('fill.venue', fill.venue, `must be ${order.venue}`);
    const target = TRANSITIONS[from].FillReversed;
    const taken = target === undefined ? undefined : this.ledger.reverse(entry, fill.tradeId);
    if (taken === undefined) {
      // never applied (or not applicable now): remembered, so that the fill is never applied later
      this.ledger.noteReversed(entry, fill.tradeId);
      if (target === undefined) throw new InvalidOrderState(order.id, from, 'FillReversed');
      return { order, changed: false, from, to: from, duplicate: true };
    }
    unapplyFromOrder(entry, taken);
    const to = target === 'unfill' ? resolveUnfill(from, order.filledSize, order.size) : from;
    order.status = to;
    if (reason !== undefined) order.reason = reason;
    if (ts > order.updatedAt) order.updatedAt = ts;
    this.positions.rebuild(
      order.venue,
      order.market,
      this.ledger.list({ venue: order.venue, market: order.market }, undefined),
    );
    if (entry.active || isActiveStatus(to) !== entry.active) this.index.refresh(entry);
    return { order, changed: true, from, to, fill: taken };
  }
}

/** Refuses a malformed fill before anything is changed before anything is changed (a venue's bad data must not half-apply). */
function checkFillShape(fill: Fill): void {
  if (typeof fill.tradeId !== 'string' || fill.tradeId.length === 0) {
    throw new ValidationError('fill.tradeId', fill.tradeId, 'must be a non-empty string');
  }
  for (const field of ['price', 'size', 'fee'] as const) {
    if (typeof fill[field] !== 'bigint')
      throw new ValidationError(`fill.${field}`, fill[field], 'must be an exact Decimal');
  }
  if (!Number.isFinite(fill.timestamp))
    throw new ValidationError('fill.timestamp', fill.timestamp, 'must be a time in ms');
}
