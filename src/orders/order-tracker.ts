/**
 * The OMS: `OrderTracker` owns every tracked order, applies events to them through the one transition
 * table, de-duplicates fills and replayed events, and keeps positions, fills, active-order indexes and
 * open-exposure aggregates up to date incrementally (O(1) per event).
 *
 * Replays and stale events: fills are de-duplicated by (venue, trade id). Status events carry the
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
  OrderId,
  OrderStatus,
  Position,
  StrategyId,
  TradeId,
  VenueId,
  VenueOrderId,
} from '../domain/index.ts';
import { divRound, fmt } from '../domain/index.ts';
import { InvalidOrderState, OrderNotFound, ValidationError } from '../errors/index.ts';
import { ExposureIndex, type IndexedOrder } from './exposure-index.ts';
import { PositionBook, type PositionHandle } from './position-book.ts';
import { nextPreviousStatus, resolveFill, restoredStatus, TRANSITIONS } from './transition-table.ts';

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
}

/** Filter of {@link OrderTracker.getActiveOrders}. */
export interface ActiveOrderFilter {
  readonly venue?: VenueId;
  readonly market?: MarketId;
  readonly strategy?: StrategyId;
}

/** Filter of {@link OrderTracker.getFills}. */
export interface FillFilter {
  readonly orderId?: OrderId;
  readonly venue?: VenueId;
  readonly market?: MarketId;
}

/** Everything the tracker keeps per order. */
interface Entry extends IndexedOrder {
  /** Σ price × applied size, exact (36 places). */
  filledNotional: bigint;
  /** Fills applied to this order (allocated on the first). */
  fills: Fill[] | undefined;
  /** This order's position (looked up on the first fill). */
  position: PositionHandle | undefined;
  /** Newest ts of a status event evaluated for this order (applied or refused). */
  statusTs: number;
  /** Bit set of the event types the table refused at exactly `statusTs`. */
  refusedAtTs: number;
  /** (trade id, ts) pairs of fills the table refused. */
  refusedFills: (TradeId | number)[] | undefined;
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
};

/** Tracks orders through their life, with positions and open exposure. */
export class OrderTracker {
  private readonly entries = new Map<OrderId, Entry>();
  private readonly byClientId = new Map<ClientOrderId, Entry>();
  private readonly byVenueId = new Map<VenueId, Map<VenueOrderId, Entry>>();
  private readonly tradeIds = new Map<VenueId, Set<TradeId>>();
  private readonly allFills: Fill[] = [];
  private readonly index = new ExposureIndex();
  private readonly positions = new PositionBook();
  private readonly onOverfill: OrderTrackerOptions['onOverfill'];

  constructor(opts: OrderTrackerOptions = {}) {
    this.onOverfill = opts.onOverfill;
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
  updateStatus(event: Exclude<OrderEvent, OrderFilled>): Applied {
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
    return this.byClientId.get(id)?.order;
  }

  /** The order the venue knows by this id (earlier ids of an amended order still find it). */
  getByVenueOrderId(venue: VenueId, id: VenueOrderId): Readonly<Order> | undefined {
    return this.byVenueId.get(venue)?.get(id)?.order;
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
    const source =
      filter?.orderId !== undefined ? (this.entries.get(filter.orderId)?.fills ?? []) : this.allFills;
    const venue = filter?.venue;
    const market = filter?.market;
    if (venue === undefined && market === undefined) return source.slice();
    return source.filter(
      (f) => (venue === undefined || f.venue === venue) && (market === undefined || f.market === market),
    );
  }

  /** True when a fill with this trade id on this venue was applied. */
  hasFill(venue: VenueId, tradeId: TradeId): boolean {
    return this.tradeIds.get(venue)?.has(tradeId) === true;
  }

  /** Every tracked order, active or not. */
  *orders(): Generator<Readonly<Order>> {
    for (const e of this.entries.values()) yield e.order;
  }

  private track(input: Order): Entry {
    if (this.entries.has(input.id)) throw new ValidationError('order.id', input.id, 'is already tracked');
    if (this.byClientId.has(input.clientOrderId)) {
      throw new ValidationError('order.clientOrderId', input.clientOrderId, 'is already tracked');
    }
    if (input.size <= 0n) throw new ValidationError('order.size', fmt(input.size), 'must be positive');
    if (input.filledSize < 0n || input.filledSize > input.size) {
      throw new ValidationError('order.filledSize', fmt(input.filledSize), 'must be between 0 and the size');
    }
    const order = input;
    const entry: Entry = {
      order,
      bucket: this.index.bucketFor(order.venue, order.market),
      active: false,
      size: 0n,
      notional: 0n,
      filledNotional: order.avgFillPrice === undefined ? 0n : order.avgFillPrice * order.filledSize,
      fills: undefined,
      position: undefined,
      statusTs: Number.NEGATIVE_INFINITY,
      refusedAtTs: 0,
      refusedFills: undefined,
    };
    this.entries.set(order.id, entry);
    this.byClientId.set(order.clientOrderId, entry);
    if (order.venueOrderId !== undefined) this.indexVenueId(entry, order.venueOrderId);
    this.index.refresh(entry);
    return entry;
  }

  private applyStatus(entry: Entry, event: Exclude<OrderEvent, OrderFilled>): Applied {
    const order = entry.order;
    const from = order.status;
    const ts = event.ts;
    const bit = EVENT_BIT[event.type];
    if (ts < entry.statusTs) return { order, changed: false, from, to: from, duplicate: true, stale: true };
    if (ts > entry.statusTs) {
      entry.statusTs = ts;
      entry.refusedAtTs = 0;
    }
    const target = TRANSITIONS[from][event.type];
    if (target === undefined || target === 'fill') {
      entry.refusedAtTs |= bit;
      throw new InvalidOrderState(order.id, from, event.type);
    }
    // The same event, refused at this very ts while nothing changed since: a replay, not news.
    if ((entry.refusedAtTs & bit) !== 0) return { order, changed: false, from, to: from, duplicate: true };
    const to = target === 'same' ? from : target === 'previous' ? restoredStatus(order) : target;
    let changed = false;
    if (event.type === 'Amended') {
      changed = this.amend(entry, event.price, event.size, event.venueOrderId);
    } else if (
      event.type === 'Accepted' &&
      event.venueOrderId !== undefined &&
      order.venueOrderId === undefined
    ) {
      this.indexVenueId(entry, event.venueOrderId);
      changed = true;
    }
    const prev = nextPreviousStatus(order, event.type, to);
    if (prev !== undefined && prev !== order.previousStatus) {
      order.previousStatus = prev;
      changed = true;
    }
    if (to !== from) {
      order.status = to;
      changed = true;
      if (event.type === 'Rejected' || event.type === 'Cancelled' || event.type === 'Expired') {
        const reason =
          event.reason ?? (event.type === 'Rejected' && event.code !== undefined ? event.code : undefined);
        if (reason !== undefined) order.reason = reason;
      }
    }
    if (!changed) return { order, changed, from, to };
    entry.refusedAtTs = 0;
    if (ts > order.updatedAt) order.updatedAt = ts;
    this.index.refresh(entry);
    return { order, changed, from, to };
  }

  /** Validates, then applies an amendment; true when something changed. */
  private amend(entry: Entry, price?: Decimal, size?: Decimal, venueOrderId?: VenueOrderId): boolean {
    const order = entry.order;
    if (price !== undefined && price <= 0n)
      throw new ValidationError('price', fmt(price), 'must be positive');
    if (size !== undefined && (size <= 0n || size < order.filledSize)) {
      throw new ValidationError(
        'size',
        fmt(size),
        `may not be below the filled size ${fmt(order.filledSize)}`,
      );
    }
    let changed = false;
    if (price !== undefined && price !== order.price) {
      order.price = price;
      changed = true;
    }
    if (size !== undefined && size !== order.size) {
      order.size = size;
      changed = true;
    }
    if (venueOrderId !== undefined && venueOrderId !== order.venueOrderId) {
      this.indexVenueId(entry, venueOrderId);
      changed = true;
    }
    return changed;
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
    if (fill.size <= 0n) throw new ValidationError('fill.size', fmt(fill.size), 'must be positive');
    if (fill.price < 0n) throw new ValidationError('fill.price', fmt(fill.price), 'must not be negative');
    let trades = this.tradeIds.get(fill.venue);
    if (trades?.has(fill.tradeId) === true) return { order, changed: false, from, to: from, duplicate: true };
    const target = TRANSITIONS[from].Filled;
    if (target === undefined) {
      if (!wasRefused(entry, fill.tradeId, ts)) {
        if (entry.refusedFills === undefined) entry.refusedFills = [fill.tradeId, ts];
        else entry.refusedFills.push(fill.tradeId, ts);
      }
      throw new InvalidOrderState(order.id, from, 'Filled');
    }
    // This very fill event was refused before the order could trade: a replay, not news.
    if (wasRefused(entry, fill.tradeId, ts))
      return { order, changed: false, from, to: from, duplicate: true };
    if (trades === undefined) {
      trades = new Set();
      this.tradeIds.set(fill.venue, trades);
    }
    trades.add(fill.tradeId);

    const remaining = order.size - order.filledSize;
    const applied = fill.size > remaining ? (remaining > 0n ? remaining : 0n) : fill.size;
    const excess = (fill.size - applied) as Decimal;
    if (applied > 0n) {
      entry.filledNotional += fill.price * applied;
      order.filledSize = (order.filledSize + applied) as Decimal;
      order.avgFillPrice = divRound(entry.filledNotional, order.filledSize, 'half-even') as Decimal;
    }
    order.fees = (order.fees + fill.fee) as Decimal;
    if (excess > 0n) order.overfill = ((order.overfill ?? 0n) + excess) as Decimal;
    if (fill.venueOrderId !== undefined && order.venueOrderId === undefined)
      this.indexVenueId(entry, fill.venueOrderId);
    const to = target === 'fill' ? resolveFill(from, order.filledSize, order.size) : from;
    const prev = nextPreviousStatus(order, 'Filled', to);
    if (prev !== undefined) order.previousStatus = prev;
    order.status = to;
    if (ts > order.updatedAt) order.updatedAt = ts;
    if (entry.fills === undefined) entry.fills = [fill];
    else entry.fills.push(fill);
    this.allFills.push(fill);
    if (entry.position === undefined) entry.position = this.positions.handle(order.venue, order.market);
    this.positions.applyTo(entry.position, fill);
    if (entry.active) this.index.refresh(entry);
    if (excess > 0n) {
      this.onOverfill?.(order, fill, excess);
      return { order, changed: true, from, to, fill, overfill: excess };
    }
    return { order, changed: true, from, to, fill };
  }

  private indexVenueId(entry: Entry, id: VenueOrderId): void {
    entry.order.venueOrderId = id;
    let ids = this.byVenueId.get(entry.order.venue);
    if (ids === undefined) {
      ids = new Map();
      this.byVenueId.set(entry.order.venue, ids);
    }
    ids.set(id, entry);
  }
}

function wasRefused(entry: Entry, tradeId: TradeId, ts: number): boolean {
  const r = entry.refusedFills;
  if (r === undefined) return false;
  for (let i = 0; i < r.length; i += 2) if (r[i] === tradeId && r[i + 1] === ts) return true;
  return false;
}
