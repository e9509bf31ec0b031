/**
 * An in-memory {@link RiskContext} for tests: plain data set directly (positions, open-order aggregates,
 * reference prices), shaped like what the OMS keeps incrementally. Not used in production.
 */
import {
  add,
  asMarketId,
  asVenueId,
  type Decimal,
  dec,
  type MarketId,
  mul,
  type OpenExposure,
  type Position,
  Side,
  type VenueId,
  ZERO,
} from '../domain/index.ts';
import type { PolicyViolation } from '../errors/index.ts';
import type { RiskContext, RiskOrder } from './risk-context.ts';

/** A decimal given as a number, a string or an already exact value. */
export type Num = number | string | Decimal;
const d = (v: Num | undefined): Decimal => (v === undefined ? ZERO : typeof v === 'bigint' ? v : dec(v));

const EMPTY: OpenExposure = {
  openOrders: 0,
  buySize: ZERO,
  sellSize: ZERO,
  buyNotional: ZERO,
  sellNotional: ZERO,
};

/** Fields of a test position (all optional but `netSize`). */
export interface TestPosition {
  netSize: Num;
  avgEntryPrice?: Num;
  realizedPnl?: Num;
  fees?: Num;
}

/** A fake {@link RiskContext}: every lookup is a map get, like the OMS aggregates. */
export class TestRiskContext implements RiskContext {
  private readonly pos = new Map<string, Map<string, Position>>();
  private readonly open = new Map<string, Map<string, OpenExposure>>();
  private readonly refs = new Map<string, Map<string, Decimal>>();
  private readonly exposures: { venue: VenueId; market: MarketId; exposure: OpenExposure }[] = [];
  private readonly positionList: Position[] = [];
  private active = 0;

  /** Sets the position on (venue, market). */
  setPosition(venue: string, market: string, p: TestPosition): this {
    const net = d(p.netSize);
    const position: Position = {
      venue: asVenueId(venue),
      market: asMarketId(market),
      netSize: net,
      avgEntryPrice: d(p.avgEntryPrice),
      realizedPnl: d(p.realizedPnl),
      fees: d(p.fees),
      boughtSize: net > 0n ? net : ZERO,
      soldSize: net < 0n ? (-net as Decimal) : ZERO,
    };
    inner(this.pos, venue).set(market, position);
    this.rebuildLists();
    return this;
  }

  /** Adds one open order (remaining `size`, optional limit `price`) to the aggregates of (venue, market). */
  addOpenOrder(venue: string, market: string, side: Side, size: Num, price?: Num): this {
    const cur = this.openExposure(asVenueId(venue), asMarketId(market));
    const s = d(size);
    const notional = price === undefined ? ZERO : mul(d(price), s, 'ceil');
    const next: OpenExposure =
      side === Side.Buy
        ? {
            ...cur,
            openOrders: cur.openOrders + 1,
            buySize: add(cur.buySize, s),
            buyNotional: add(cur.buyNotional, notional),
          }
        : {
            ...cur,
            openOrders: cur.openOrders + 1,
            sellSize: add(cur.sellSize, s),
            sellNotional: add(cur.sellNotional, notional),
          };
    inner(this.open, venue).set(market, next);
    this.active++;
    this.rebuildLists();
    return this;
  }

  /** Sets (or with `undefined`, clears) the reference price of (venue, market). */
  setReferencePrice(venue: string, market: string, price: Num | undefined): this {
    if (price === undefined) inner(this.refs, venue).delete(market);
    else inner(this.refs, venue).set(market, d(price));
    return this;
  }

  /** Removes every open order. */
  clearOpenOrders(): this {
    this.open.clear();
    this.active = 0;
    this.rebuildLists();
    return this;
  }

  position(venue: VenueId, market: MarketId): Position {
    return (
      this.pos.get(venue)?.get(market) ?? {
        venue,
        market,
        netSize: ZERO,
        avgEntryPrice: ZERO,
        realizedPnl: ZERO,
        fees: ZERO,
        boughtSize: ZERO,
        soldSize: ZERO,
      }
    );
  }
  openExposure(venue: VenueId, market: MarketId): OpenExposure {
    return this.open.get(venue)?.get(market) ?? EMPTY;
  }
  openExposures(): Iterable<{ venue: VenueId; market: MarketId; exposure: OpenExposure }> {
    return this.exposures;
  }
  positions(): Iterable<Position> {
    return this.positionList;
  }
  activeOrderCount(): number {
    return this.active;
  }
  referencePrice(venue: VenueId, market: MarketId): Decimal | undefined {
    return this.refs.get(venue)?.get(market);
  }

  private rebuildLists(): void {
    this.exposures.length = 0;
    for (const [venue, m] of this.open) {
      for (const [market, exposure] of m) {
        if (exposure.openOrders > 0)
          this.exposures.push({ venue: asVenueId(venue), market: asMarketId(market), exposure });
      }
    }
    this.positionList.length = 0;
    for (const m of this.pos.values()) for (const p of m.values()) this.positionList.push(p);
  }
}

/** Builds a {@link RiskOrder}: `order('Buy', 10, '0.5')` (venue `paper`, market `MKT` unless given). */
export function order(
  side: Side,
  size: Num,
  price?: Num,
  extra: { venue?: string; market?: string; orderType?: RiskOrder['orderType'] } = {},
): RiskOrder {
  const o: RiskOrder = {
    venue: asVenueId(extra.venue ?? 'paper'),
    market: asMarketId(extra.market ?? 'MKT'),
    side,
    orderType: extra.orderType ?? (price === undefined ? 'Market' : 'Limit'),
    size: d(size),
  };
  if (price !== undefined) o.price = d(price);
  return o;
}

function inner<V>(outer: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let m = outer.get(key);
  if (m === undefined) {
    m = new Map();
    outer.set(key, m);
  }
  return m;
}

/** Runs one policy's `evaluate` and returns what it pushed. */
export function violationsOf(
  policy: { evaluate(o: RiskOrder, c: RiskContext, out: PolicyViolation[]): void },
  o: RiskOrder,
  ctx: RiskContext,
): PolicyViolation[] {
  const out: PolicyViolation[] = [];
  policy.evaluate(o, ctx, out);
  return out;
}
