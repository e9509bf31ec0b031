/**
 * Active-order indexes and open-exposure aggregates per (venue, market), kept incrementally.
 *
 * Each tracked order has one {@link IndexedOrder} slot that remembers what it currently contributes
 * (remaining size and notional); {@link ExposureIndex.refresh} swaps the old contribution for the new
 * one in O(1), so that risk checks and `getActiveOrders` never walk the whole order list. A bucket's
 * active orders are a list linked through their slots (activation order; O(1) in and out, no hashing),
 * and its aggregate is built once per change and shared by the reads in between.
 */
import type {
  Decimal,
  MarketId,
  OpenExposure,
  Order,
  OrderStatus,
  StrategyId,
  VenueId,
} from '../domain/index.ts';
import { ONE, Side, ZERO } from '../domain/index.ts';

/** The aggregate for one (venue, market), with its active orders. */
export interface ExposureBucket {
  readonly venue: VenueId;
  readonly market: MarketId;
  openOrders: number;
  buySize: bigint;
  sellSize: bigint;
  buyNotional: bigint;
  sellNotional: bigint;
  /** The oldest active order (activation order), head of the list linked through the slots. */
  firstActive: IndexedOrder | undefined;
  /** The newest active order, tail of that list. */
  lastActive: IndexedOrder | undefined;
  /** The aggregate as last read (shared by readers until the bucket changes); `undefined` when stale. */
  snapshot: OpenExposure | undefined;
}

/** What one order contributes to its bucket right now. */
export interface IndexedOrder {
  readonly order: Order;
  readonly bucket: ExposureBucket;
  active: boolean;
  size: bigint;
  notional: bigint;
  /** Previous active order in the bucket's list (while active). */
  prevActive: IndexedOrder | undefined;
  /** Next active order in the bucket's list (while active). */
  nextActive: IndexedOrder | undefined;
}

/** An empty exposure (frozen, shared). */
export const ZERO_EXPOSURE: OpenExposure = Object.freeze({
  openOrders: 0,
  buySize: ZERO,
  sellSize: ZERO,
  buyNotional: ZERO,
  sellNotional: ZERO,
});

/** Statuses in which an order counts as active (the non-terminal ones). */
const ACTIVE: Readonly<Record<OrderStatus, boolean>> = {
  Pending: true,
  Submitting: true,
  Working: true,
  PartiallyFilled: true,
  Cancelling: true,
  Filled: false,
  Cancelled: false,
  Rejected: false,
  Expired: false,
};

/** True for the statuses an order is indexed in (not Filled, Cancelled, Rejected or Expired). */
export function isActiveStatus(status: OrderStatus): boolean {
  return ACTIVE[status];
}

/** What an active order contributes: remaining = size - filled, notional = remaining × price rounded up. */
export function remainingOf(order: Order): Decimal {
  const { size, filledSize } = order;
  if (filledSize === 0n && size > 0n) return size;
  const r = size - filledSize;
  return (r > 0n ? r : 0n) as Decimal;
}

/**
 * Notional of a remaining size at the order's limit price, rounded up (away from zero, as
 * `mul(remaining, price, 'up')`; 0 without a price). One bigint division.
 */
export function notionalOf(order: Order, remaining: Decimal): Decimal {
  const price = order.price;
  if (price === undefined) return ZERO;
  const product = remaining * price;
  const q = product / ONE;
  if (q * ONE === product) return q as Decimal;
  return (product > 0n ? q + 1n : q - 1n) as Decimal;
}

/** Active-order sets and exposure buckets, updated by {@link refresh} after every change of an order. */
export class ExposureIndex {
  private readonly buckets = new Map<VenueId, Map<MarketId, ExposureBucket>>();
  /** Number of active orders. */
  count = 0;
  private readonly byStrategy = new Map<StrategyId, Set<Order>>();
  /** The bucket {@link bucketFor} returned last (orders tend to come in runs on one market). */
  private recent: ExposureBucket | undefined;

  /** The bucket of (venue, market), created empty on first use; a new order's slot points at it. */
  bucketFor(venue: VenueId, market: MarketId): ExposureBucket {
    const recent = this.recent;
    if (recent !== undefined && recent.venue === venue && recent.market === market) return recent;
    let markets = this.buckets.get(venue);
    if (markets === undefined) {
      markets = new Map();
      this.buckets.set(venue, markets);
    }
    let b = markets.get(market);
    if (b === undefined) {
      b = {
        venue,
        market,
        openOrders: 0,
        buySize: 0n,
        sellSize: 0n,
        buyNotional: 0n,
        sellNotional: 0n,
        firstActive: undefined,
        lastActive: undefined,
        snapshot: undefined,
      };
      markets.set(market, b);
    }
    this.recent = b;
    return b;
  }

  /**
   * Replaces what `slot`'s order contributes with what it contributes now. O(1). Call it after every
   * change of the order's status (active or not), size, filled size or price.
   */
  refresh(slot: IndexedOrder): void {
    const o = slot.order;
    const b = slot.bucket;
    b.snapshot = undefined;
    const buy = o.side === Side.Buy;
    if (slot.active) {
      if (buy) {
        b.buySize -= slot.size;
        b.buyNotional -= slot.notional;
      } else {
        b.sellSize -= slot.size;
        b.sellNotional -= slot.notional;
      }
    }
    const nowActive = ACTIVE[o.status];
    if (nowActive) {
      const size = remainingOf(o);
      const notional = notionalOf(o, size);
      slot.size = size;
      slot.notional = notional;
      if (buy) {
        b.buySize += size;
        b.buyNotional += notional;
      } else {
        b.sellSize += size;
        b.sellNotional += notional;
      }
    } else {
      slot.size = 0n;
      slot.notional = 0n;
    }
    if (nowActive !== slot.active) {
      slot.active = nowActive;
      if (nowActive) this.activate(slot);
      else this.deactivate(slot);
    }
  }

  /**
   * The aggregate on (venue, market); {@link ZERO_EXPOSURE} when there is none. Reads between two changes
   * of the bucket return the same (read-only) object.
   */
  exposure(venue: VenueId, market: MarketId): OpenExposure {
    const recent = this.recent;
    const b =
      recent !== undefined && recent.venue === venue && recent.market === market
        ? recent
        : this.buckets.get(venue)?.get(market);
    return b === undefined || b.openOrders === 0 ? ZERO_EXPOSURE : snapshot(b);
  }

  /** Every (venue, market) with at least one active order. */
  *exposures(): Generator<{ venue: VenueId; market: MarketId; exposure: OpenExposure }> {
    for (const markets of this.buckets.values()) {
      for (const b of markets.values()) {
        if (b.openOrders > 0) yield { venue: b.venue, market: b.market, exposure: snapshot(b) };
      }
    }
  }

  /** Active orders matching the filter, using the narrowest index available. */
  activeOrders(filter?: { venue?: VenueId; market?: MarketId; strategy?: StrategyId }): Order[] {
    const venue = filter?.venue;
    const market = filter?.market;
    const strategy = filter?.strategy;
    const out: Order[] = [];
    if (venue !== undefined && market !== undefined) {
      const b = this.buckets.get(venue)?.get(market);
      if (b === undefined) return out;
      for (let s = b.firstActive; s !== undefined; s = s.nextActive) {
        if (strategy === undefined || s.order.strategy === strategy) out.push(s.order);
      }
      return out;
    }
    if (strategy !== undefined) {
      const set = this.byStrategy.get(strategy);
      if (set === undefined) return out;
      for (const o of set) {
        if ((venue === undefined || o.venue === venue) && (market === undefined || o.market === market))
          out.push(o);
      }
      return out;
    }
    for (const [v, markets] of this.buckets) {
      if (venue !== undefined && v !== venue) continue;
      for (const b of markets.values()) {
        if (market !== undefined && b.market !== market) continue;
        for (let s = b.firstActive; s !== undefined; s = s.nextActive) out.push(s.order);
      }
    }
    return out;
  }

  /** Appends the slot to its bucket's active list (and its strategy's set). */
  private activate(slot: IndexedOrder): void {
    const o = slot.order;
    const b = slot.bucket;
    b.openOrders++;
    const tail = b.lastActive;
    slot.prevActive = tail;
    slot.nextActive = undefined;
    if (tail === undefined) b.firstActive = slot;
    else tail.nextActive = slot;
    b.lastActive = slot;
    this.count++;
    if (o.strategy !== undefined) {
      let set = this.byStrategy.get(o.strategy);
      if (set === undefined) {
        set = new Set();
        this.byStrategy.set(o.strategy, set);
      }
      set.add(o);
    }
  }

  /** Unlinks the slot from its bucket's active list (and its strategy's set). */
  private deactivate(slot: IndexedOrder): void {
    const o = slot.order;
    const b = slot.bucket;
    b.openOrders--;
    const { prevActive: prev, nextActive: next } = slot;
    if (prev === undefined) b.firstActive = next;
    else prev.nextActive = next;
    if (next === undefined) b.lastActive = prev;
    else next.prevActive = prev;
    slot.prevActive = undefined;
    slot.nextActive = undefined;
    this.count--;
    if (o.strategy !== undefined) {
      const set = this.byStrategy.get(o.strategy);
      if (set !== undefined) {
        set.delete(o);
        if (set.size === 0) this.byStrategy.delete(o.strategy);
      }
    }
  }
}

/** The bucket's aggregate, built once per change of the bucket. */
function snapshot(b: ExposureBucket): OpenExposure {
  let s = b.snapshot;
  if (s === undefined) {
    s = Object.freeze({
      openOrders: b.openOrders,
      buySize: b.buySize as Decimal,
      sellSize: b.sellSize as Decimal,
      buyNotional: b.buyNotional as Decimal,
      sellNotional: b.sellNotional as Decimal,
    });
    b.snapshot = s;
  }
  return s;
}
