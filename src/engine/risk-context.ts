/**
 * The risk engine's view of the world: positions and open-order exposure from the OMS, reference prices
 * from the venues, plus the increases of modifications the venue has not answered yet (so that a submit
 * racing a modify is judged on the worst case, like two racing submits).
 */
import {
  add,
  type Decimal,
  type MarketId,
  mul,
  type OpenExposure,
  type Order,
  Side,
  type VenueId,
  ZERO,
} from '../domain/index.ts';
import type { OrderTracker } from '../orders/index.ts';
import type { RiskContext } from '../risk/index.ts';

interface Held {
  buySize: Decimal;
  sellSize: Decimal;
  buyNotional: Decimal;
  sellNotional: Decimal;
}

/** Exposure held back for modifications in flight, per (venue, market). */
export class PendingIncreases {
  private readonly held = new Map<string, Held>();

  /** Number of markets with something held (0 on the hot path: nothing to add). */
  get size(): number {
    return this.held.size;
  }

  /**
   * Holds `increase` more remaining size at `price` on the order's side until the returned function is
   * called (once the venue has answered).
   */
  hold(order: Readonly<Order>, increase: Decimal, price: Decimal | undefined): () => void {
    const key = keyOf(order.venue, order.market);
    const notional = price === undefined ? ZERO : mul(increase, price, 'up');
    const buy = order.side === Side.Buy;
    const change = (sign: 1n | -1n) => {
      const h = this.held.get(key) ?? {
        buySize: ZERO,
        sellSize: ZERO,
        buyNotional: ZERO,
        sellNotional: ZERO,
      };
      if (buy) {
        h.buySize = (h.buySize + sign * increase) as Decimal;
        h.buyNotional = (h.buyNotional + sign * notional) as Decimal;
      } else {
        h.sellSize = (h.sellSize + sign * increase) as Decimal;
        h.sellNotional = (h.sellNotional + sign * notional) as Decimal;
      }
      if (h.buySize === 0n && h.sellSize === 0n) this.held.delete(key);
      else this.held.set(key, h);
    };
    change(1n);
    let released = false;
    return () => {
      if (!released) change(-1n);
      released = true;
    };
  }

  /** `base` plus what is held on (venue, market). */
  addTo(venue: VenueId, market: MarketId, base: OpenExposure): OpenExposure {
    const h = this.held.get(keyOf(venue, market));
    if (h === undefined) return base;
    return {
      openOrders: base.openOrders,
      buySize: add(base.buySize, h.buySize),
      sellSize: add(base.sellSize, h.sellSize),
      buyNotional: add(base.buyNotional, h.buyNotional),
      sellNotional: add(base.sellNotional, h.sellNotional),
    };
  }
}

function keyOf(venue: VenueId, market: MarketId): string {
  return `${venue}\u0000${market}`;
}

/**
 * A {@link RiskContext} reading from `tracker`, with reference prices from `referencePrice` and the
 * exposure held for modifications in flight.
 */
export function riskContextFor(
  tracker: OrderTracker,
  referencePrice: (venue: VenueId, market: MarketId) => Decimal | undefined,
  pending: PendingIncreases = new PendingIncreases(),
): RiskContext {
  return {
    position: (v, m) => tracker.getPosition(v, m),
    openExposure: (v, m) => {
      const base = tracker.openExposure(v, m);
      return pending.size === 0 ? base : pending.addTo(v, m, base);
    },
    openExposures: () => {
      const all = tracker.openExposures();
      if (pending.size === 0) return all;
      // a modified order is active, so its market is always among the tracker's entries
      return [...all].map((e) => ({
        venue: e.venue,
        market: e.market,
        exposure: pending.addTo(e.venue, e.market, e.exposure),
      }));
    },
    positions: () => tracker.getPositions(),
    activeOrderCount: () => tracker.activeOrderCount(),
    referencePrice,
  };
}
