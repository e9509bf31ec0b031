/**
 * The simulator's symbols: their specification (assets, status, filter values, initial reference price),
 * the parsed form the exchange works with, the default set (BTCUSDT, ETHUSDT, BNBUSDT, ETHBTC with
 * production-like filters) and the `exchangeInfo` view of a symbol.
 */
import { type Decimal, dec, toFixed } from '../../domain/index.ts';

/** Trading status of a symbol; only TRADING accepts orders. */
export type SymbolStatus = 'TRADING' | 'END_OF_DAY' | 'HALT' | 'BREAK' | 'CANCEL_ONLY';

/** A symbol to list (decimal strings; "0" disables a filter bound as on the venue). */
export interface SymbolSpec {
  readonly symbol: string;
  readonly baseAsset: string;
  readonly quoteAsset: string;
  readonly status?: SymbolStatus;
  readonly tickSize: string;
  readonly minPrice?: string;
  readonly maxPrice?: string;
  readonly stepSize: string;
  readonly minQty: string;
  readonly maxQty: string;
  /** MARKET_LOT_SIZE; default all "0" (disabled) but maxQty. */
  readonly marketMinQty?: string;
  readonly marketMaxQty?: string;
  readonly marketStepSize?: string;
  readonly minNotional: string;
  readonly maxNotional?: string;
  /** `NOTIONAL` (default) or the legacy `MIN_NOTIONAL` filter. */
  readonly notionalFilter?: 'NOTIONAL' | 'MIN_NOTIONAL';
  /** MAX_NUM_ORDERS; default 200. */
  readonly maxNumOrders?: number;
  /** PERCENT_PRICE_BY_SIDE multipliers; default up 5, down 0.2 on both sides. */
  readonly multiplierUp?: string;
  readonly multiplierDown?: string;
  /** Initial reference price of the liquidity maker (none = no quotes until `POST /_sim/prices`). */
  readonly price?: string;
}

/** A parsed symbol. */
export interface SimSymbol {
  readonly spec: SymbolSpec;
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  status: SymbolStatus;
  readonly tick: Decimal;
  readonly minPrice: Decimal;
  readonly maxPrice: Decimal;
  readonly step: Decimal;
  readonly minQty: Decimal;
  readonly maxQty: Decimal;
  readonly mktMinQty: Decimal;
  readonly mktMaxQty: Decimal;
  readonly mktStep: Decimal;
  readonly minNotional: Decimal;
  readonly maxNotional: Decimal;
  readonly notionalFilter: 'NOTIONAL' | 'MIN_NOTIONAL';
  readonly maxNumOrders: number;
  readonly up: Decimal;
  readonly down: Decimal;
}

/** Symbols listed by default. */
export const DEFAULT_SYMBOLS: readonly SymbolSpec[] = [
  {
    symbol: 'BTCUSDT',
    baseAsset: 'BTC',
    quoteAsset: 'USDT',
    tickSize: '0.01',
    minPrice: '0.01',
    maxPrice: '1000000',
    stepSize: '0.00001',
    minQty: '0.00001',
    maxQty: '9000',
    marketMaxQty: '120',
    minNotional: '5',
    maxNotional: '9000000',
    price: '60000',
  },
  {
    symbol: 'ETHUSDT',
    baseAsset: 'ETH',
    quoteAsset: 'USDT',
    tickSize: '0.01',
    minPrice: '0.01',
    maxPrice: '1000000',
    stepSize: '0.0001',
    minQty: '0.0001',
    maxQty: '9000',
    marketMaxQty: '2500',
    minNotional: '5',
    maxNotional: '9000000',
    price: '3000',
  },
  {
    symbol: 'BNBUSDT',
    baseAsset: 'BNB',
    quoteAsset: 'USDT',
    tickSize: '0.01',
    minPrice: '0.01',
    maxPrice: '100000',
    stepSize: '0.001',
    minQty: '0.001',
    maxQty: '9000',
    marketMaxQty: '10000',
    minNotional: '5',
    maxNotional: '9000000',
    price: '600',
  },
  {
    symbol: 'ETHBTC',
    baseAsset: 'ETH',
    quoteAsset: 'BTC',
    tickSize: '0.00001',
    minPrice: '0.00001',
    maxPrice: '922327',
    stepSize: '0.0001',
    minQty: '0.0001',
    maxQty: '100000',
    marketMaxQty: '2000',
    minNotional: '0.0001',
    maxNotional: '9000000',
    price: '0.05',
  },
];

/** Parses and checks a spec; throws on a bad value. */
export function parseSymbol(spec: SymbolSpec): SimSymbol {
  if (!/^[A-Z0-9-_.]{1,20}$/.test(spec.symbol)) throw new Error(`bad symbol ${spec.symbol}`);
  const d = (v: string | undefined, fallback: string): Decimal => dec(v ?? fallback);
  const s: SimSymbol = {
    spec,
    symbol: spec.symbol,
    base: spec.baseAsset,
    quote: spec.quoteAsset,
    status: spec.status ?? 'TRADING',
    tick: d(spec.tickSize, '0'),
    minPrice: d(spec.minPrice, '0'),
    maxPrice: d(spec.maxPrice, '0'),
    step: d(spec.stepSize, '0'),
    minQty: d(spec.minQty, '0'),
    maxQty: d(spec.maxQty, '0'),
    mktMinQty: d(spec.marketMinQty, '0'),
    mktMaxQty: d(spec.marketMaxQty, '0'),
    mktStep: d(spec.marketStepSize, '0'),
    minNotional: d(spec.minNotional, '0'),
    maxNotional: d(spec.maxNotional, '0'),
    notionalFilter: spec.notionalFilter ?? 'NOTIONAL',
    maxNumOrders: spec.maxNumOrders ?? 200,
    up: d(spec.multiplierUp, '5'),
    down: d(spec.multiplierDown, '0.2'),
  };
  if (s.tick <= 0n || s.step <= 0n) throw new Error(`${spec.symbol}: tickSize and stepSize must be positive`);
  return s;
}

/** Venue text of an amount: 8 decimals. */
export function f8(d: Decimal): string {
  return toFixed(d, 8, 'down');
}

/** Order types the simulator lists (and accepts). */
export const ORDER_TYPES = ['LIMIT', 'LIMIT_MAKER', 'MARKET'] as const;
/** Self-trade prevention modes the simulator accepts. */
export const STP_MODES = ['NONE', 'EXPIRE_TAKER', 'EXPIRE_MAKER'] as const;

/** The `exchangeInfo` entry of a symbol. */
export function symbolView(s: SimSymbol): Record<string, unknown> {
  const notional =
    s.notionalFilter === 'NOTIONAL'
      ? {
          filterType: 'NOTIONAL',
          minNotional: f8(s.minNotional),
          applyMinToMarket: true,
          maxNotional: f8(s.maxNotional),
          applyMaxToMarket: false,
          avgPriceMins: 5,
        }
      : { filterType: 'MIN_NOTIONAL', minNotional: f8(s.minNotional), applyToMarket: true, avgPriceMins: 5 };
  return {
    symbol: s.symbol,
    status: s.status,
    baseAsset: s.base,
    baseAssetPrecision: 8,
    quoteAsset: s.quote,
    quotePrecision: 8,
    quoteAssetPrecision: 8,
    baseCommissionPrecision: 8,
    quoteCommissionPrecision: 8,
    orderTypes: [...ORDER_TYPES],
    icebergAllowed: false,
    ocoAllowed: false,
    otoAllowed: false,
    quoteOrderQtyMarketAllowed: true,
    allowTrailingStop: false,
    cancelReplaceAllowed: true,
    amendAllowed: false,
    pegInstructionsAllowed: false,
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: false,
    filters: [
      {
        filterType: 'PRICE_FILTER',
        minPrice: f8(s.minPrice),
        maxPrice: f8(s.maxPrice),
        tickSize: f8(s.tick),
      },
      { filterType: 'LOT_SIZE', minQty: f8(s.minQty), maxQty: f8(s.maxQty), stepSize: f8(s.step) },
      {
        filterType: 'MARKET_LOT_SIZE',
        minQty: f8(s.mktMinQty),
        maxQty: f8(s.mktMaxQty),
        stepSize: f8(s.mktStep),
      },
      notional,
      {
        filterType: 'PERCENT_PRICE_BY_SIDE',
        bidMultiplierUp: String(s.spec.multiplierUp ?? '5'),
        bidMultiplierDown: String(s.spec.multiplierDown ?? '0.2'),
        askMultiplierUp: String(s.spec.multiplierUp ?? '5'),
        askMultiplierDown: String(s.spec.multiplierDown ?? '0.2'),
        avgPriceMins: 5,
      },
      { filterType: 'MAX_NUM_ORDERS', maxNumOrders: s.maxNumOrders },
    ],
    permissions: [],
    permissionSets: [['SPOT']],
    defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
    allowedSelfTradePreventionModes: [...STP_MODES],
  };
}
