/**
 * Symbol filters enforced on a new order (reference §4, exact arithmetic): PRICE_FILTER,
 * PERCENT_PRICE_BY_SIDE, LOT_SIZE, MARKET_LOT_SIZE, NOTIONAL / MIN_NOTIONAL and MAX_NUM_ORDERS. Returns
 * the name of the first filter that fails, in that order.
 */
import { type Decimal, mul } from '../../domain/index.ts';
import type { SimSymbol } from './symbols.ts';

/** What the filters look at in a new order. */
export interface FilterInput {
  readonly type: 'LIMIT' | 'LIMIT_MAKER' | 'MARKET';
  readonly side: 'BUY' | 'SELL';
  readonly price?: Decimal | undefined;
  readonly quantity?: Decimal | undefined;
  readonly quoteOrderQty?: Decimal | undefined;
}

function bounded(v: Decimal, lo: Decimal, hi: Decimal, step: Decimal): boolean {
  if (lo > 0n && v < lo) return false;
  if (hi > 0n && v > hi) return false;
  if (step > 0n && (v - lo) % step !== 0n) return false;
  return true;
}

/**
 * The first failing filter's name, or undefined. `avgPrice` is the reference / average price (undefined:
 * the price-band and market-notional checks are skipped); `openOrders` the account's open orders on the
 * symbol before this one.
 */
export function failingFilter(
  s: SimSymbol,
  o: FilterInput,
  avgPrice: Decimal | undefined,
  openOrders: number,
): string | undefined {
  const market = o.type === 'MARKET';
  if (!market && o.price !== undefined) {
    if (!bounded(o.price, s.minPrice, s.maxPrice, s.tick)) return 'PRICE_FILTER';
    if (avgPrice !== undefined) {
      const lo = mul(avgPrice, s.down, 'ceil');
      const hi = mul(avgPrice, s.up, 'floor');
      if (o.price < lo || o.price > hi) return 'PERCENT_PRICE_BY_SIDE';
    }
  }
  if (o.quantity !== undefined) {
    if (!bounded(o.quantity, s.minQty, s.maxQty, s.step)) return 'LOT_SIZE';
    if (market && !bounded(o.quantity, s.mktMinQty, s.mktMaxQty, s.mktStep)) return 'MARKET_LOT_SIZE';
  }
  let notional: Decimal | undefined;
  if (!market && o.price !== undefined && o.quantity !== undefined)
    notional = mul(o.price, o.quantity, 'down');
  else if (market && o.quoteOrderQty !== undefined) notional = o.quoteOrderQty;
  else if (market && o.quantity !== undefined && avgPrice !== undefined) {
    notional = mul(o.quantity, avgPrice, 'down');
  }
  if (notional !== undefined) {
    if (notional < s.minNotional) return s.notionalFilter;
    if (s.notionalFilter === 'NOTIONAL' && !market && s.maxNotional > 0n && notional > s.maxNotional) {
      return 'NOTIONAL';
    }
  }
  if (openOrders + 1 > s.maxNumOrders) return 'MAX_NUM_ORDERS';
  return undefined;
}
