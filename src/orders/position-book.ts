/**
 * Positions per (venue, market), built from fills: signed net size, average entry price of the open
 * size, realized PnL, fees and traded volume.
 *
 * The book keeps the exact cost of the open size (price × size products at 36 places, never rounded)
 * rather than a rounded average, so a round trip back to flat realizes exactly proceeds - cost. The
 * only rounding inside is the share of cost released by a partial reduction (half-even at 36 places);
 * closing the whole open size releases the whole cost (no residue). Reported values are rounded
 * half-even to 18 places when read. Realized PnL is gross of fees. Fees are summed by the asset each fill
 * names; when read, `fees` is what was paid in the market's quote currency (the asset `quoteAssetOf` names
 * then, or none named), the only fees {@link netRealizedPnl} may subtract.
 */
import type { Decimal, Fill, MarketId, Position, VenueId } from '../domain/index.ts';
import { divRound, mul, ONE, Side, sub, ZERO } from '../domain/index.ts';

/** A handle on one (venue, market) position, for callers that apply many fills to it (see {@link PositionBook.handle}). */
export type PositionHandle = { readonly __position: never };

/** Mutable per-market state; `cost` (at 36 places) is the non-negative cost of the open |netSize|; `realized` too. */
interface PositionState {
  readonly venue: VenueId;
  readonly market: MarketId;
  net: bigint;
  cost: bigint;
  realized: bigint;
  /** Fees by the asset the fill named (`''`: none named, i.e. the quote currency); undefined until one. */
  fees: Map<string, bigint> | undefined;
  /** The fees as last read, for the quote asset known then (dropped when a fee is added). */
  feeView: FeeView | undefined;
  /** The market's quote asset, once known (it never changes; asked again while unknown). */
  quote: string | undefined;
  bought: bigint;
  sold: bigint;
}

/** A position's fees as read: the quote-currency total and every fee by asset. */
interface FeeView {
  readonly quote: string | undefined;
  readonly fees: Decimal;
  readonly byAsset: Readonly<Record<string, Decimal>>;
}

const NO_FEES: Readonly<Record<string, Decimal>> = Object.freeze({});
const NO_FEE_VIEW: FeeView = { quote: undefined, fees: ZERO, byAsset: NO_FEES };

/** A flat position with nothing traded. */
export function zeroPosition(venue: VenueId, market: MarketId): Position {
  return {
    venue,
    market,
    netSize: ZERO,
    avgEntryPrice: ZERO,
    realizedPnl: ZERO,
    fees: ZERO,
    feesByAsset: NO_FEES,
    boughtSize: ZERO,
    soldSize: ZERO,
  };
}

/**
 * PnL of the open size marked at `markPrice`: netSize × (mark - avgEntryPrice), rounded half-even.
 * Positive when a long is above its entry or a short below it.
 */
export function unrealizedPnl(position: Position, markPrice: Decimal): Decimal {
  if (position.netSize === 0n) return ZERO;
  return mul(position.netSize, sub(markPrice, position.avgEntryPrice), 'half-even');
}

/** Realized PnL net of the fees paid in the quote currency (see `Position.fees`). */
export function netRealizedPnl(position: Position): Decimal {
  return sub(position.realizedPnl, position.fees);
}

/** Positions per (venue, market), updated fill by fill in O(1). */
export class PositionBook {
  private readonly byVenue = new Map<VenueId, Map<MarketId, PositionState>>();

  /** @param quoteAssetOf the quote asset of a market, when known (fees in it count in `fees`). */
  constructor(private readonly quoteAssetOf?: (venue: VenueId, market: MarketId) => string | undefined) {}

  private snapshot(s: PositionState): Position {
    const absNet = s.net < 0n ? -s.net : s.net;
    const fees = this.feeView(s);
    return {
      venue: s.venue,
      market: s.market,
      netSize: s.net as Decimal,
      avgEntryPrice: (absNet === 0n ? 0n : divRound(s.cost, absNet, 'half-even')) as Decimal,
      realizedPnl: divRound(s.realized, ONE, 'half-even') as Decimal,
      fees: fees.fees,
      feesByAsset: fees.byAsset,
      boughtSize: s.bought as Decimal,
      soldSize: s.sold as Decimal,
    };
  }

  /** A position's fees for the quote asset known now (fees that name no asset are listed under it). */
  private feeView(s: PositionState): FeeView {
    if (s.fees === undefined) return NO_FEE_VIEW;
    if (s.quote === undefined) s.quote = this.quoteAssetOf?.(s.venue, s.market);
    const quote = s.quote;
    if (s.feeView !== undefined && s.feeView.quote === quote) return s.feeView;
    let fees = 0n;
    const byAsset: Record<string, Decimal> = {};
    for (const [asset, amount] of s.fees) {
      const key = asset === '' ? (quote ?? 'quote') : asset;
      byAsset[key] = ((byAsset[key] ?? 0n) + amount) as Decimal;
      if (asset === '' || asset === quote) fees += amount;
    }
    s.feeView = { quote, fees: fees as Decimal, byAsset: Object.freeze(byAsset) };
    return s.feeView;
  }

  /**
   * Applies one fill (the whole fill: the venue traded it, even beyond an order's size). Buying adds to
   * a long or reduces a short; a trade larger than the open size closes it and opens the rest the other
   * way at the fill price. Does not de-duplicate: the caller does (by venue and trade id).
   */
  applyFill(fill: Fill): void {
    this.applyTo(this.handle(fill.venue, fill.market), fill);
  }

  /** The handle of (venue, market), created flat on first use: caching it saves the look-ups per fill. */
  handle(venue: VenueId, market: MarketId): PositionHandle {
    return this.state(venue, market) as unknown as PositionHandle;
  }

  /** {@link applyFill} on a position already looked up; `fill` must be on the handle's venue and market. */
  applyTo(handle: PositionHandle, fill: Fill): void {
    const s = handle as unknown as PositionState;
    const q = fill.size as bigint;
    const p = fill.price as bigint;
    if (fill.fee !== 0n) this.addFee(s, fill);
    const buy = fill.side === Side.Buy;
    if (buy) s.bought += q;
    else s.sold += q;
    const net = s.net;
    if (net === 0n || net > 0n === buy) {
      s.cost += p * q;
      s.net = buy ? net + q : net - q;
      return;
    }
    const absNet = net < 0n ? -net : net;
    const closeQty = q < absNet ? q : absNet;
    const released = closeQty === absNet ? s.cost : divRound(s.cost * closeQty, absNet, 'half-even');
    const value = p * closeQty;
    s.realized += net > 0n ? value - released : released - value;
    s.cost -= released;
    const openQty = q - closeQty;
    if (openQty === 0n) {
      s.net = buy ? net + q : net - q;
      return;
    }
    s.cost = p * openQty;
    s.net = buy ? openQty : -openQty;
  }

  /** The position on (venue, market); a zero position when nothing was traded there. */
  get(venue: VenueId, market: MarketId): Position {
    const s = this.byVenue.get(venue)?.get(market);
    return s === undefined ? zeroPosition(venue, market) : this.snapshot(s);
  }

  /**
   * Recomputes the position on (venue, market) from `fills` (its fills in arrival order): after a fill
   * was taken back, since average-cost accounting cannot simply subtract one fill from the middle.
   */
  rebuild(venue: VenueId, market: MarketId, fills: Iterable<Fill>): void {
    const s = this.state(venue, market);
    s.net = s.cost = s.realized = s.bought = s.sold = 0n;
    s.fees = s.feeView = undefined;
    const handle = s as unknown as PositionHandle;
    for (const f of fills) this.applyTo(handle, f);
  }

  /** Every position that has seen a fill (flat ones included). */
  all(): Position[] {
    const out: Position[] = [];
    for (const markets of this.byVenue.values()) for (const s of markets.values()) out.push(this.snapshot(s));
    return out;
  }

  private addFee(s: PositionState, fill: Fill): void {
    const asset = fill.feeAsset ?? '';
    s.fees ??= new Map();
    s.fees.set(asset, (s.fees.get(asset) ?? 0n) + fill.fee);
    s.feeView = undefined;
  }

  private state(venue: VenueId, market: MarketId): PositionState {
    let markets = this.byVenue.get(venue);
    if (markets === undefined) {
      markets = new Map();
      this.byVenue.set(venue, markets);
    }
    let s = markets.get(market);
    if (s === undefined) {
      s = {
        venue,
        market,
        net: 0n,
        cost: 0n,
        realized: 0n,
        fees: undefined,
        feeView: undefined,
        quote: undefined,
        bought: 0n,
        sold: 0n,
      };
      markets.set(market, s);
    }
    return s;
  }
}
