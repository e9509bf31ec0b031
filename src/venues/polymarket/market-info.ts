/**
 * Per-token market facts of the Polymarket adapter (tick size, neg-risk flag, fee rate, minimum order
 * size, last book mid), looked up once per token and cached; the instrument rules derived from them; and
 * market-order pricing from the book the way the official client walks it (best level is the LAST
 * element of each side).
 */
import {
  asMarketId,
  type Decimal,
  dec,
  div,
  type InstrumentRules,
  mul,
  ONE,
  Side,
  tryDec,
  type VenueId,
  ZERO,
} from '../../domain/index.ts';
import type { TickSize } from './order-amounts.ts';

/** What the adapter knows about one outcome token. */
export interface MarketInfo {
  readonly tokenId: string;
  readonly tickSize: TickSize;
  readonly negRisk: boolean;
  /** Fee rate in basis points, when the venue serves `/fee-rate`. */
  readonly feeRateBps?: number;
  readonly minOrderSize?: Decimal;
  /** The market's condition id (from `/book`), which the user channel subscribes by. */
  readonly conditionId?: string;
  /** Mid of the last book fetched (or its last trade price when one side is empty). */
  mid?: Decimal | undefined;
}

/** One price level of `/book` (decimal strings). */
export interface BookLevel {
  readonly price: string;
  readonly size: string;
}

/** The `/book` fields the adapter reads. */
export interface BookSnapshot {
  readonly bids?: readonly BookLevel[];
  readonly asks?: readonly BookLevel[];
  readonly min_order_size?: string;
  readonly last_trade_price?: string;
  /** The condition id. */
  readonly market?: string;
}

const SIZE_STEP = dec('0.01');
const BPS = dec(10_000);

/** Instrument rules of a token: tick, 0.01 size step, minimum size, prices strictly inside (0, 1). */
export function instrumentRules(venue: VenueId, m: MarketInfo): InstrumentRules {
  return {
    venue,
    market: asMarketId(m.tokenId),
    tickSize: dec(m.tickSize),
    sizeStep: SIZE_STEP,
    ...(m.minOrderSize === undefined ? {} : { minSize: m.minOrderSize }),
    minPrice: ZERO,
    maxPrice: ONE,
    priceBoundsExclusive: true,
    quoteAsset: 'pUSD',
  };
}

/** Best bid / ask mid of a book (best = last element), else its last trade price. */
export function bookMid(book: BookSnapshot): Decimal | undefined {
  const bid = tryDec(book.bids?.at(-1)?.price);
  const ask = tryDec(book.asks?.at(-1)?.price);
  if (bid !== undefined && ask !== undefined) return ((bid + ask) / 2n) as Decimal;
  return tryDec(book.last_trade_price);
}

/**
 * The worst price needed to fill `shares` of a market order from the book: BUY walks the asks, SELL the
 * bids, from the best level. When the book is short, FOK gets `undefined` (the official client's
 * `no match`) and FAK the worst level's price.
 */
export function marketPriceFromBook(
  book: BookSnapshot,
  side: Side,
  shares: Decimal,
  fok: boolean,
): Decimal | undefined {
  const levels = (side === Side.Buy ? book.asks : book.bids) ?? [];
  let sum = ZERO;
  for (let i = levels.length - 1; i >= 0; i--) {
    const l = levels[i]!;
    const p = tryDec(l.price);
    const s = tryDec(l.size);
    if (p === undefined || s === undefined) continue;
    sum = (sum + s) as Decimal;
    if (sum >= shares) return p;
  }
  if (fok || levels.length === 0) return undefined;
  return tryDec(levels[0]?.price);
}

/** Fee (quote currency) of a fill: notional × bps / 10000, rounded up. */
export function feeOf(price: Decimal, size: Decimal, feeRateBps: number): Decimal {
  if (!(feeRateBps > 0)) return ZERO;
  return div(mul(mul(price, size, 'up'), dec(feeRateBps), 'up'), BPS, 'up');
}
