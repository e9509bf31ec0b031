/**
 * A symbol's trading rules from `GET /api/v3/exchangeInfo` (reference §4): PRICE_FILTER, LOT_SIZE,
 * MARKET_LOT_SIZE, NOTIONAL / MIN_NOTIONAL, MAX_NUM_ORDERS and PERCENT_PRICE_BY_SIDE read as exact
 * decimals; the part the validator's {@link InstrumentRules} can express, and {@link checkSymbolRules}
 * for the rest (market quantities, percent price, notional of market orders, symbol status), so that a
 * bad order is refused before it is sent. Prices and quantities go on the wire as the tick / step
 * strings of the symbol (exact, no floats).
 */
import {
  type Decimal,
  dec,
  fmt,
  type InstrumentRules,
  type MarketId,
  ONE,
  placesOf,
  toFixed,
  type VenueId,
  ZERO,
} from '../../domain/index.ts';

/** A decimal range with a step; `undefined` parts are off (the venue's 0). */
export interface StepRange {
  readonly min?: Decimal;
  readonly max?: Decimal;
  readonly step?: Decimal;
}

/** The rules of one symbol. */
export interface SymbolInfo {
  readonly symbol: string;
  readonly status: string;
  readonly baseAsset: string;
  readonly quoteAsset: string;
  readonly orderTypes: readonly string[];
  readonly quoteOrderQtyMarketAllowed: boolean;
  readonly cancelReplaceAllowed: boolean;
  readonly price: StepRange;
  readonly lot: StepRange;
  readonly marketLot: StepRange;
  readonly minNotional?: Decimal;
  readonly maxNotional?: Decimal;
  readonly applyMinToMarket: boolean;
  readonly applyMaxToMarket: boolean;
  readonly maxNumOrders?: number;
  /** PERCENT_PRICE_BY_SIDE multipliers. */
  readonly percentBySide?: {
    readonly bidUp: Decimal;
    readonly bidDown: Decimal;
    readonly askUp: Decimal;
    readonly askDown: Decimal;
  };
}

type Filter = Record<string, unknown> & { filterType?: string };

function d(v: unknown): Decimal | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  const x = dec(String(v));
  return x === ZERO ? undefined : x;
}

function range(f: Filter | undefined, lo: string, hi: string, step: string): StepRange {
  if (f === undefined) return {};
  const min = d(f[lo]);
  const max = d(f[hi]);
  const st = d(f[step]);
  return {
    ...(min === undefined ? {} : { min }),
    ...(max === undefined ? {} : { max }),
    ...(st === undefined ? {} : { step: st }),
  };
}

/** Reads one `symbols[]` entry of exchangeInfo. */
export function parseSymbolInfo(s: Record<string, unknown>): SymbolInfo {
  const filters = (Array.isArray(s.filters) ? s.filters : []) as Filter[];
  const f = (t: string) => filters.find((x) => x.filterType === t);
  const notional = f('NOTIONAL');
  const legacy = f('MIN_NOTIONAL');
  const minNotional = d(notional?.minNotional ?? legacy?.minNotional);
  const maxNotional = d(notional?.maxNotional);
  const pp = f('PERCENT_PRICE_BY_SIDE');
  const mno = f('MAX_NUM_ORDERS');
  const maxNum = mno === undefined ? undefined : Number(mno.maxNumOrders);
  return {
    symbol: String(s.symbol),
    status: String(s.status ?? 'TRADING'),
    baseAsset: String(s.baseAsset ?? ''),
    quoteAsset: String(s.quoteAsset ?? ''),
    orderTypes: Array.isArray(s.orderTypes) ? s.orderTypes.map(String) : [],
    quoteOrderQtyMarketAllowed: s.quoteOrderQtyMarketAllowed !== false,
    cancelReplaceAllowed: s.cancelReplaceAllowed !== false,
    price: range(f('PRICE_FILTER'), 'minPrice', 'maxPrice', 'tickSize'),
    lot: range(f('LOT_SIZE'), 'minQty', 'maxQty', 'stepSize'),
    marketLot: range(f('MARKET_LOT_SIZE'), 'minQty', 'maxQty', 'stepSize'),
    ...(minNotional === undefined ? {} : { minNotional }),
    ...(maxNotional === undefined ? {} : { maxNotional }),
    applyMinToMarket:
      notional === undefined ? legacy?.applyToMarket !== false : notional.applyMinToMarket !== false,
    applyMaxToMarket: notional?.applyMaxToMarket === true,
    ...(maxNum === undefined || !Number.isFinite(maxNum) || maxNum <= 0 ? {} : { maxNumOrders: maxNum }),
    ...(pp === undefined
      ? {}
      : {
          percentBySide: {
            bidUp: dec(String(pp.bidMultiplierUp)),
            bidDown: dec(String(pp.bidMultiplierDown)),
            askUp: dec(String(pp.askMultiplierUp)),
            askDown: dec(String(pp.askMultiplierDown)),
          },
        }),
  };
}

/**
 * What the validator can check (price range and tick, LOT_SIZE, NOTIONAL for priced orders). The
 * venue's tick is relative to `minPrice` ((p - min) % tick); on every listed symbol min is a multiple
 * of the tick, so `p % tick` is the same test.
 */
export function instrumentRulesOf(venue: VenueId, market: MarketId, s: SymbolInfo): InstrumentRules {
  return {
    venue,
    market,
    baseAsset: s.baseAsset,
    quoteAsset: s.quoteAsset,
    ...(s.price.step === undefined ? {} : { tickSize: s.price.step }),
    ...(s.price.min === undefined ? {} : { minPrice: s.price.min }),
    ...(s.price.max === undefined ? {} : { maxPrice: s.price.max }),
    ...(s.lot.step === undefined ? {} : { sizeStep: s.lot.step }),
    ...(s.lot.min === undefined ? {} : { minSize: s.lot.min }),
    ...(s.lot.max === undefined ? {} : { maxSize: s.lot.max }),
    ...(s.minNotional === undefined ? {} : { minNotional: s.minNotional }),
    ...(s.maxNotional === undefined ? {} : { maxNotional: s.maxNotional }),
  };
}

/** One order as the symbol rules see it. */
export interface RuleInput {
  readonly side: 'BUY' | 'SELL';
  readonly type: 'LIMIT' | 'LIMIT_MAKER' | 'MARKET';
  readonly price?: Decimal;
  readonly quantity?: Decimal;
  readonly quoteOrderQty?: Decimal;
}

/** A local refusal: `filter` names the venue filter (as in `Filter failure: <NAME>`). */
export interface RuleRefusal {
  readonly filter: string;
  readonly message: string;
}

function stepFail(v: Decimal, r: StepRange, what: string, filter: string): RuleRefusal | undefined {
  if (r.min !== undefined && v < r.min)
    return { filter, message: `${what} ${fmt(v)} is below the minimum ${fmt(r.min)}` };
  if (r.max !== undefined && v > r.max)
    return { filter, message: `${what} ${fmt(v)} is above the maximum ${fmt(r.max)}` };
  if (r.step !== undefined && (v - (r.min ?? ZERO)) % r.step !== 0n)
    return { filter, message: `${what} ${fmt(v)} is not a multiple of ${fmt(r.step)}` };
  return undefined;
}

/**
 * Every filter of the symbol for one order, in the venue's order (reference §4; the simulator's order):
 * status, order type, PRICE_FILTER, PERCENT_PRICE_BY_SIDE (with a reference price), LOT_SIZE,
 * MARKET_LOT_SIZE, NOTIONAL / MIN_NOTIONAL, MAX_NUM_ORDERS (with our count of open orders). Returns the
 * first refusal, or undefined.
 */
export function checkSymbolRules(
  s: SymbolInfo,
  o: RuleInput,
  ctx: { readonly referencePrice?: Decimal; readonly openOrders?: number } = {},
): RuleRefusal | undefined {
  if (s.status !== 'TRADING')
    return { filter: 'STATUS', message: `symbol ${s.symbol} is ${s.status}, not TRADING` };
  if (s.orderTypes.length > 0 && !s.orderTypes.includes(o.type))
    return { filter: 'ORDER_TYPE', message: `${o.type} orders are not allowed on ${s.symbol}` };
  if (o.type === 'MARKET' && o.quoteOrderQty !== undefined && !s.quoteOrderQtyMarketAllowed)
    return {
      filter: 'QUOTE_ORDER_QTY',
      message: `market orders by quote amount are not allowed on ${s.symbol}`,
    };
  if (o.price !== undefined && o.type !== 'MARKET') {
    const bad = stepFail(o.price, s.price, 'price', 'PRICE_FILTER');
    if (bad) return bad;
    const ref = ctx.referencePrice;
    const pp = s.percentBySide;
    if (pp !== undefined && ref !== undefined && ref > 0n) {
      const [up, down] = o.side === 'BUY' ? [pp.bidUp, pp.bidDown] : [pp.askUp, pp.askDown];
      // price * ONE vs ref * mult: both at scale 1e36, exact
      const p36 = o.price * ONE;
      if (p36 > ref * up || p36 < ref * down)
        return {
          filter: 'PERCENT_PRICE_BY_SIDE',
          message: `price ${fmt(o.price)} is outside ${fmt(down)}..${fmt(up)} x the average price ${fmt(ref)}`,
        };
    }
  }
  if (o.quantity !== undefined) {
    const bad = stepFail(o.quantity, s.lot, 'quantity', 'LOT_SIZE');
    if (bad) return bad;
    if (o.type === 'MARKET') {
      const m = stepFail(o.quantity, s.marketLot, 'market quantity', 'MARKET_LOT_SIZE');
      if (m) return m;
    }
  }
  const notional36 =
    o.type === 'MARKET'
      ? o.quoteOrderQty !== undefined
        ? o.quoteOrderQty * ONE
        : ctx.referencePrice !== undefined && o.quantity !== undefined
          ? ctx.referencePrice * o.quantity
          : undefined
      : o.price !== undefined && o.quantity !== undefined
        ? o.price * o.quantity
        : undefined;
  if (notional36 !== undefined) {
    const market = o.type === 'MARKET';
    if (s.minNotional !== undefined && (!market || s.applyMinToMarket) && notional36 < s.minNotional * ONE)
      return {
        filter: 'NOTIONAL',
        message: `notional is below the minimum ${fmt(s.minNotional)} ${s.quoteAsset}`,
      };
    if (s.maxNotional !== undefined && (!market || s.applyMaxToMarket) && notional36 > s.maxNotional * ONE)
      return {
        filter: 'NOTIONAL',
        message: `notional is above the maximum ${fmt(s.maxNotional)} ${s.quoteAsset}`,
      };
  }
  if (
    s.maxNumOrders !== undefined &&
    ctx.openOrders !== undefined &&
    o.type !== 'MARKET' &&
    ctx.openOrders >= s.maxNumOrders
  )
    return {
      filter: 'MAX_NUM_ORDERS',
      message: `${ctx.openOrders} orders already open on ${s.symbol} (max ${s.maxNumOrders})`,
    };
  return undefined;
}

/** Places of a step / tick (`0.01` -> 2); 8 when the step is off. */
export function stepPlaces(step: Decimal | undefined): number {
  return step === undefined ? 8 : placesOf(step);
}

/**
 * A value as wire text with exactly the step's places (`0.5` with tick `0.01` -> `"0.50"`). The value
 * must already be a multiple of the step (checked before): nothing is rounded here.
 */
export function wireDecimal(v: Decimal, step: Decimal | undefined): string {
  const places = Math.max(stepPlaces(step), placesOf(v));
  return toFixed(v, places, 'down');
}
