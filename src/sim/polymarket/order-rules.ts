/**
 * The venue's static order rules, checked on the signed amounts: implied price in range and on the tick,
 * amount precision (limit vs marketable orders, per tick size), minimum size. Each failure yields the
 * venue's reply text.
 */
import {
  type Decimal,
  div,
  fmt,
  fromUnits,
  isMultipleOf,
  ONE,
  placesOf,
  roundTo,
  sub,
} from '../../domain/index.ts';
import type { PolyOrderType } from './order-payload.ts';
import type { SimMarket } from './sim-state.ts';

/** Shares, collateral and implied price of an order. */
export interface OrderTerms {
  /** Shares bought or sold. */
  readonly size: Decimal;
  /** Implied limit price: maker/taker for BUY (rounded down), taker/maker for SELL (rounded up). */
  readonly price: Decimal;
}

/** Shares and implied price from the signed amounts (base units, both > 0). */
export function orderTerms(side: 0 | 1, makerAmount: bigint, takerAmount: bigint): OrderTerms {
  const maker = fromUnits(makerAmount, 6);
  const taker = fromUnits(takerAmount, 6);
  return side === 0
    ? { size: taker, price: div(maker, taker, 'down') }
    : { size: maker, price: div(taker, maker, 'up') };
}

function maxDecimals(units: bigint, dp: number): boolean {
  return units % 10n ** BigInt(6 - dp) === 0n;
}

/** Decimal places allowed for the collateral amount of a limit order on this tick. */
export function amountDecimals(tick: Decimal): number {
  return Math.min(6, placesOf(tick) + 2);
}

/**
 * Why the order breaks the market's rules, as the venue's text, or undefined. `id` is the order hash.
 */
export function ruleProblem(
  id: string,
  market: SimMarket,
  orderType: PolyOrderType,
  side: 0 | 1,
  makerAmount: bigint,
  takerAmount: bigint,
  terms: OrderTerms,
): string | undefined {
  const tick = market.tickSize;
  const marketable = orderType === 'FOK' || orderType === 'FAK';
  const shown = fmt(roundTo(terms.price, 8, 'half-even'));
  const maxPrice = marketable ? ONE : sub(ONE, tick);
  if (terms.price < tick || terms.price > maxPrice) {
    return `order ${id} is invalid. Price (${shown}) breaks minimum tick size rule: ${fmt(tick)}`;
  }
  if (!marketable && !isMultipleOf(terms.price, tick)) {
    return `order ${id} is invalid. Price (${shown}) breaks minimum tick size rule: ${fmt(tick)}`;
  }
  const amountDp = amountDecimals(tick);
  let makerDp: number;
  let takerDp: number;
  if (side === 0) {
    makerDp = marketable ? 2 : amountDp;
    takerDp = marketable ? 4 : 2;
  } else {
    makerDp = 2;
    takerDp = amountDp;
  }
  if (!maxDecimals(makerAmount, makerDp) || !maxDecimals(takerAmount, takerDp)) {
    const kind = `${marketable ? 'market ' : ''}${side === 0 ? 'buy' : 'sell'}`;
    return `invalid amounts, the ${kind} orders maker amount supports a max accuracy of ${makerDp} decimals, taker amount a max of ${takerDp} decimals`;
  }
  if (!marketable && terms.size < market.minOrderSize) {
    return `order ${id} is invalid. Size (${fmt(terms.size)}) lower than the minimum: ${fmt(market.minOrderSize)}`;
  }
  return undefined;
}
