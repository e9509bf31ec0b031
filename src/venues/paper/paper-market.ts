/**
 * Markets of the paper venue: their definition, the default set, the instrument rules they publish and
 * the venue-side checks of an incoming order against them (the venue's own refusals, with codes).
 */
import {
  asMarketId,
  type Decimal,
  dec,
  type InstrumentRules,
  isMultipleOf,
  type MarketId,
  mul,
  type Order,
  type VenueId,
} from '../../domain/index.ts';

/** A market on the paper venue. Decimal fields take a {@link Decimal} or a decimal string. */
export interface PaperMarket {
  readonly id: string;
  readonly tickSize: Decimal | string;
  readonly sizeStep: Decimal | string;
  readonly minSize?: Decimal | string;
  /** Minimum price × size. */
  readonly minNotional?: Decimal | string;
  readonly minPrice?: Decimal | string;
  readonly maxPrice?: Decimal | string;
  /** Prices must lie strictly inside (minPrice, maxPrice), as on a prediction market. */
  readonly priceBoundsExclusive?: boolean;
  /** Starting reference price of the random walk (a multiple of the tick). */
  readonly initialPrice: Decimal | string;
  /** Liquidity maker size per level on this market (overridden by `liquidity.sizePerLevel`). */
  readonly liquiditySize?: Decimal | string;
  readonly baseAsset?: string;
  readonly quoteAsset?: string;
}

/** The default markets: a prediction market share in (0, 1), BTC-USD near 60000 and ETH-USD near 3000. */
export const DEFAULT_PAPER_MARKETS: readonly PaperMarket[] = [
  {
    id: 'PM-YES',
    tickSize: '0.01',
    sizeStep: '0.01',
    minSize: '1',
    minPrice: '0',
    maxPrice: '1',
    priceBoundsExclusive: true,
    initialPrice: '0.5',
    liquiditySize: '500',
    baseAsset: 'YES',
    quoteAsset: 'USDC',
  },
  {
    id: 'BTC-USD',
    tickSize: '0.01',
    sizeStep: '0.0001',
    minSize: '0.0001',
    minNotional: '5',
    minPrice: '0.01',
    maxPrice: '10000000',
    initialPrice: '60000',
    liquiditySize: '0.5',
    baseAsset: 'BTC',
    quoteAsset: 'USD',
  },
  {
    id: 'ETH-USD',
    tickSize: '0.01',
    sizeStep: '0.001',
    minSize: '0.001',
    minNotional: '5',
    minPrice: '0.01',
    maxPrice: '1000000',
    initialPrice: '3000',
    liquiditySize: '5',
    baseAsset: 'ETH',
    quoteAsset: 'USD',
  },
];

/** A market with every number read into a {@link Decimal}. */
export interface MarketSpec {
  readonly id: MarketId;
  readonly tick: Decimal;
  readonly step: Decimal;
  readonly minSize: Decimal | undefined;
  readonly minNotional: Decimal | undefined;
  readonly minPrice: Decimal | undefined;
  readonly maxPrice: Decimal | undefined;
  readonly exclusive: boolean;
  readonly initialPrice: Decimal;
  readonly liquiditySize: Decimal;
  readonly quoteAsset: string;
  readonly rules: InstrumentRules;
}

const num = (v: Decimal | string): Decimal => (typeof v === 'string' ? dec(v) : v);
const opt = (v: Decimal | string | undefined): Decimal | undefined => (v === undefined ? undefined : num(v));

/** Reads a {@link PaperMarket} and builds its instrument rules. */
export function marketSpec(venue: VenueId, m: PaperMarket): MarketSpec {
  const tick = num(m.tickSize);
  const step = num(m.sizeStep);
  if (tick <= 0n || step <= 0n) throw new RangeError(`market ${m.id}: tick and step must be positive`);
  const minSize = opt(m.minSize);
  const rules: { -readonly [K in keyof InstrumentRules]: InstrumentRules[K] } = {
    venue,
    market: asMarketId(m.id),
    tickSize: tick,
    sizeStep: step,
  };
  const spec: MarketSpec = {
    id: asMarketId(m.id),
    tick,
    step,
    minSize,
    minNotional: opt(m.minNotional),
    minPrice: opt(m.minPrice),
    maxPrice: opt(m.maxPrice),
    exclusive: m.priceBoundsExclusive ?? false,
    initialPrice: num(m.initialPrice),
    liquiditySize: opt(m.liquiditySize) ?? (minSize ?? step) * 100n,
    quoteAsset: m.quoteAsset ?? 'USD',
    rules,
  } as MarketSpec;
  if (spec.minSize !== undefined) rules.minSize = spec.minSize;
  if (spec.minNotional !== undefined) rules.minNotional = spec.minNotional;
  if (spec.minPrice !== undefined) rules.minPrice = spec.minPrice;
  if (spec.maxPrice !== undefined) rules.maxPrice = spec.maxPrice;
  if (spec.exclusive) rules.priceBoundsExclusive = true;
  if (m.baseAsset !== undefined) rules.baseAsset = m.baseAsset;
  rules.quoteAsset = spec.quoteAsset;
  Object.freeze(rules);
  return spec;
}

/** A venue refusal: a stable code and a message. */
export interface Refusal {
  readonly code: string;
  readonly message: string;
}

/** Checks a price against the market's tick and bounds. */
export function priceProblem(spec: MarketSpec, price: Decimal): Refusal | undefined {
  if (price <= 0n) return { code: 'INVALID_PRICE', message: 'price must be positive' };
  if (!isMultipleOf(price, spec.tick))
    return { code: 'INVALID_TICK', message: 'price is not a multiple of the tick size' };
  const lo = spec.minPrice;
  const hi = spec.maxPrice;
  const below = lo !== undefined && (spec.exclusive ? price <= lo : price < lo);
  const above = hi !== undefined && (spec.exclusive ? price >= hi : price > hi);
  if (below || above) return { code: 'PRICE_OUT_OF_BOUNDS', message: 'price is outside the allowed range' };
  return undefined;
}

/** Checks a size against the market's step and minimum. */
export function sizeProblem(spec: MarketSpec, size: Decimal): Refusal | undefined {
  if (size <= 0n || !isMultipleOf(size, spec.step)) {
    return { code: 'INVALID_SIZE', message: 'size must be a positive multiple of the size step' };
  }
  if (spec.minSize !== undefined && size < spec.minSize) {
    return { code: 'SIZE_TOO_SMALL', message: 'size is below the minimum order size' };
  }
  return undefined;
}

/** The venue's checks of a new order; `reference` values market orders without a price. */
export function orderProblem(
  spec: MarketSpec,
  order: Readonly<Order>,
  reference: Decimal,
  now: number,
): Refusal | undefined {
  const sizeRefusal = sizeProblem(spec, order.size);
  if (sizeRefusal !== undefined) return sizeRefusal;
  if (order.price === undefined) {
    if (order.orderType !== 'Market') return { code: 'INVALID_PRICE', message: 'a limit price is required' };
  } else {
    const p = priceProblem(spec, order.price);
    if (p !== undefined) return p;
  }
  if (
    spec.minNotional !== undefined &&
    mul(order.price ?? reference, order.size, 'down') < spec.minNotional
  ) {
    return { code: 'MIN_NOTIONAL', message: 'order value is below the minimum notional' };
  }
  if (order.orderType === 'PostOnly' && (order.timeInForce === 'IOC' || order.timeInForce === 'FOK')) {
    return { code: 'INVALID_TIME_IN_FORCE', message: 'a post-only order must be GTC or GTD' };
  }
  if (order.timeInForce === 'GTD' && (order.expireAt === undefined || order.expireAt <= now)) {
    return { code: 'INVALID_EXPIRY', message: 'a GTD order needs an expiry in the future' };
  }
  return undefined;
}
