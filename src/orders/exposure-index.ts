/**
 * Active-order indexes and open-exposure aggregates per (venue, market), kept incrementally.
 *
 * Each tracked order has one {@link IndexedOrder} slot that remembers what it currently contributes
 * (remaining size and notional); {@link ExposureIndex.refresh} swaps the old contribution for the new
 * one in O(1), so that risk checks and `getActiveOrders` never walk the whole order list.
 */
import type { Decimal, MarketId, OpenExposure, Order, StrategyId, VenueId } from '../domain/index.ts';
import { isTerminal, mul, Side, ZERO } from '../domain/index.ts';

/** The aggregate for one (venue, market), with its active orders. */
export interface ExposureBucket {
  readonly venue: VenueId;
  readonly market: MarketId;
  openOrders: number;
  buySize: bigint;
  sellSize: bigint;
  buyNotional: bigint;
  sellNotional: bigint;
  readonly active: Set<Order>;
}

/** What one order contributes to its bucket right now. */
export interface IndexedOrder {
  readonly order: Order;
  readonly bucket: ExposureBucket;
  active: boolean;
  size: bigint;
  notional: bigint;
}

/** An empty exposure (frozen, shared). */
export const ZERO_EXPOSURE: OpenExposure = Object.freeze({
  openOrders: 0,
  buySize: ZERO,
  sellSize: ZERO,
  buyNotional: ZERO,
  sellNotional: ZERO,
});

/** What an active order contributes: remaining = size - filled, notional = remaining × price rounded up. */
export function remainingOf(order: Order): Decimal {
  const r = order.size - order.filledSize;
  return (r > 0n ? r : 0n) as Decimal;
}

/** Notional of a remaining size at the order's limit price, rounded up (0 without a price). */
export function notionalOf(order: Order, remaining: Decimal): Decimal {
  return order.price === undefined ? ZERO : mul(remaining, order.price, 'up');
}

/** Active-order sets and exposure buckets, updated by {@link refresh} after every change of an order. */
export class ExposureIndex {
  private readonly buckets = new Map<VenueId, Map<MarketId, ExposureBucket>>();
  /** Number of active orders. */
  count = 0;
  private readonly byStrategy = new Map<StrategyId, Set<Order>>();

  /** The bucket of (venue, market), created empty on first use; a new order's slot points at it. */
  bucketFor(venue: VenueId, market: MarketId): ExposureBucket {
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
        active: new Set(),
      };
      markets.set(market, b);
    }
    return b;
  }

  /** Replaces what `slot`'s order contributes with what it contributes now. O(1). */
  refresh(slot: IndexedOrder): void {
    const o = slot.order;
    const b = slot.bucket;
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
    const nowActive = !isTerminal(o.status);
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
      if (nowActive) this.activate(o, b);
      else this.deactivate(o, b);
    }
  }

  /** The aggregate on (venue, market); {@link ZERO_EXPOSURE} when there is none. */
  exposure(venue: VenueId, market: MarketId): OpenExposure {
    const b = this.buckets.get(venue)?.get(market);
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
      if (b !== undefined)
        for (const o of b.active) if (strategy === undefined || o.strategy === strategy) out.push(o);
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
        for (const o of b.active) out.push(o);
      }
    }
    return out;
  }

  private activate(o: Order, b: ExposureBucket): void {
    b.openOrders++;
    b.active.add(o);
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

  private deactivate(o: Order, b: ExposureBucket): void {
    b.openOrders--;
    b.active.delete(o);
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

function snapshot(b: ExposureBucket): OpenExposure {
  return {
    openOrders: b.openOrders,
    buySize: b.buySize as Decimal,
    sellSize: b.sellSize as Decimal,
    buyNotional: b.buyNotional as Decimal,
    sellNotional: b.sellNotional as Decimal,
  };
}
