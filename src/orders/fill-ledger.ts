/**
 * The fills the OMS applied, and their de-duplication. A fill is identified by (venue, trade id, order
 * id): both legs of a self-trade share one trade id on the venue (Binance `myTrades` reports both), so a
 * trade id alone does not identify a fill. Also remembers fills the transition table refused, so that
 * their replay is recognised, and applies a fill's quantities to its order ({@link applyToOrder}).
 */
import type { Decimal, Fill, MarketId, OrderId, TradeId, VenueId } from '../domain/index.ts';
import { divRound } from '../domain/index.ts';
import type { OrderEntry } from './order-entries.ts';

/** Filter of {@link FillLedger.list} (and `OrderTracker.getFills`). */
export interface FillFilter {
  readonly orderId?: OrderId;
  readonly venue?: VenueId;
  readonly market?: MarketId;
}

/** Applied fills, in arrival order, with the trade ids seen per venue. */
export class FillLedger {
  /** Trade ids applied per venue (to any order): a quick negative for the per-order check. */
  private readonly tradeIds = new Map<VenueId, Set<TradeId>>();
  private readonly all: Fill[] = [];

  /** True when `entry`'s order already has a fill with this trade id (on its venue). */
  isDuplicate(entry: OrderEntry, tradeId: TradeId): boolean {
    if (this.tradeIds.get(entry.order.venue)?.has(tradeId) !== true)
      return entry.reversedFills?.includes(tradeId) === true; // taken back before it arrived
    return hasTrade(entry, tradeId);
  }

  /** Records an applied fill of `entry`'s order. */
  record(entry: OrderEntry, fill: Fill): void {
    let trades = this.tradeIds.get(fill.venue);
    if (trades === undefined) {
      trades = new Set();
      this.tradeIds.set(fill.venue, trades);
    }
    trades.add(fill.tradeId);
    if (entry.fills === undefined) entry.fills = [fill];
    else entry.fills.push(fill);
    this.all.push(fill);
  }

  /**
   * Takes back the fill `tradeId` of `entry`'s order: removes it from the order's fills and the ledger,
   * and remembers the trade id so that a replay of the fill is a duplicate. Returns the fill, or
   * `undefined` when the order has no such fill.
   */
  reverse(entry: OrderEntry, tradeId: TradeId): Fill | undefined {
    const fills = entry.fills;
    const i = fills === undefined ? -1 : fills.findIndex((f) => f.tradeId === tradeId);
    if (i < 0) return undefined;
    const fill = fills!.splice(i, 1)[0]!;
    const j = this.all.indexOf(fill);
    if (j >= 0) this.all.splice(j, 1);
    this.noteReversed(entry, tradeId);
    return fill;
  }

  /** Remembers that the venue took back the fill `tradeId` of `entry`'s order (once). */
  noteReversed(entry: OrderEntry, tradeId: TradeId): void {
    if (entry.reversedFills === undefined) entry.reversedFills = [tradeId];
    else if (!entry.reversedFills.includes(tradeId)) entry.reversedFills.push(tradeId);
  }

  /**
   * True when a fill with this trade id on this venue was applied: to the order `entry` when given
   * (`null` for an unknown order: false), else to any order.
   */
  has(venue: VenueId, tradeId: TradeId, entry?: OrderEntry | null): boolean {
    if (entry === undefined) return this.tradeIds.get(venue)?.has(tradeId) === true;
    if (entry === null || entry.order.venue !== venue) return false;
    return hasTrade(entry, tradeId);
  }

  /** Applied fills in arrival order, filtered; `orderFills` are the fills of `filter.orderId`. */
  list(filter: FillFilter | undefined, orderFills: readonly Fill[] | undefined): Fill[] {
    const source = filter?.orderId !== undefined ? (orderFills ?? []) : this.all;
    const venue = filter?.venue;
    const market = filter?.market;
    if (venue === undefined && market === undefined) return source.slice();
    return source.filter(
      (f) => (venue === undefined || f.venue === venue) && (market === undefined || f.market === market),
    );
  }

  /** Notes that the table refused the fill `tradeId` at `ts` for `entry`'s order. */
  noteRefused(entry: OrderEntry, tradeId: TradeId, ts: number): void {
    if (wasRefused(entry, tradeId, ts)) return;
    if (entry.refusedFills === undefined) entry.refusedFills = [tradeId, ts];
    else entry.refusedFills.push(tradeId, ts);
  }
}

/**
 * Takes `fill` back from the entry's order: its quantity comes off the over-fill first (if any), then
 * off the filled size and the filled notional at its price; its fee comes off the fees; the average
 * price is recomputed.
 */
export function unapplyFromOrder(entry: OrderEntry, fill: Fill): void {
  const order = entry.order;
  let take = fill.size as bigint;
  const over = order.overfill ?? 0n;
  if (over > 0n) {
    const fromOver = over < take ? over : take;
    take -= fromOver;
    if (over - fromOver > 0n) order.overfill = (over - fromOver) as Decimal;
    else delete order.overfill;
  }
  if (take > order.filledSize) take = order.filledSize;
  order.filledSize = (order.filledSize - take) as Decimal;
  entry.filledNotional -= fill.price * take;
  if (order.filledSize > 0n)
    order.avgFillPrice = divRound(entry.filledNotional, order.filledSize, 'half-even') as Decimal;
  else {
    entry.filledNotional = 0n;
    delete order.avgFillPrice;
  }
  order.fees = (order.fees - fill.fee) as Decimal;
}

/**
 * Applies `fill` to the entry's order: filled size (capped at the size), volume-weighted average price,
 * fees. Returns the excess beyond the size (an over-fill, also added to `order.overfill`), 0 otherwise.
 */
export function applyToOrder(entry: OrderEntry, fill: Fill): Decimal {
  const order = entry.order;
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
  return excess;
}

/** True when this very fill event (trade id and ts) was refused for the entry's order before. */
export function wasRefused(entry: OrderEntry, tradeId: TradeId, ts: number): boolean {
  const r = entry.refusedFills;
  if (r === undefined) return false;
  for (let i = 0; i < r.length; i += 2) if (r[i] === tradeId && r[i + 1] === ts) return true;
  return false;
}

function hasTrade(entry: OrderEntry, tradeId: TradeId): boolean {
  const fills = entry.fills;
  if (fills !== undefined)
    for (let i = 0; i < fills.length; i++) if (fills[i]!.tradeId === tradeId) return true;
  return entry.reversedFills?.includes(tradeId) === true;
}
