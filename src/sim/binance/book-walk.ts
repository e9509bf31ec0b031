/**
 * Walking a book snapshot for MARKET orders: the quantity a `quoteOrderQty` buys or sells in LOT_SIZE
 * steps, and what a MARKET BUY of a quantity costs (the amount it reserves).
 */
import { type Decimal, div, min, mul, ZERO } from '../../domain/index.ts';
import type { DepthSnapshot } from '../matching/index.ts';
import type { SimSymbol } from './symbols.ts';

/** Quantity a MARKET order of `quote` buys (asks) or sells (bids) now, in whole LOT_SIZE steps. */
export function qtyForQuote(book: DepthSnapshot, s: SimSymbol, buy: boolean, quote: Decimal): Decimal {
  let left = quote;
  let qty = ZERO;
  for (const level of buy ? book.asks : book.bids) {
    const most = div(left, level.price, 'down');
    const can = most < s.minQty ? ZERO : ((s.minQty + ((most - s.minQty) / s.step) * s.step) as Decimal);
    const take = min(level.size, can);
    qty = (qty + take) as Decimal;
    left = (left - mul(take, level.price, 'ceil')) as Decimal;
    if (take < level.size) break;
  }
  return qty;
}

/** Quote a MARKET BUY of `qty` costs against the asks (what is available of it). */
export function costOf(book: DepthSnapshot, qty: Decimal): Decimal {
  let left = qty;
  let cost = ZERO;
  for (const level of book.asks) {
    const take = min(level.size, left);
    cost = (cost + mul(take, level.price, 'ceil')) as Decimal;
    left = (left - take) as Decimal;
    if (left === 0n) break;
  }
  return cost;
}

/** The snapshot without the given resting orders (an account's own, which self-trade prevention skips). */
export function withoutOrders(
  book: DepthSnapshot,
  own: ReadonlyArray<{ side: 'BUY' | 'SELL'; price: Decimal; remaining: Decimal }>,
): DepthSnapshot {
  if (own.length === 0) return book;
  const strip = (levels: DepthSnapshot['bids'], side: 'BUY' | 'SELL'): DepthSnapshot['bids'] =>
    levels
      .map((l) => {
        let size = l.size;
        for (const o of own)
          if (o.side === side && o.price === l.price) size = (size - o.remaining) as Decimal;
        return { ...l, size };
      })
      .filter((l) => l.size > 0n);
  return { market: book.market, bids: strip(book.bids, 'BUY'), asks: strip(book.asks, 'SELL') };
}
