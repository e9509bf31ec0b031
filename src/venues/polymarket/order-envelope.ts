/**
 * A gateway Order as a signed Polymarket order and its envelope options. Mapping:
 *
 * - Limit / PostOnly, GTC or GTD -> a limit order (`GTC` / `GTD`, expiration = `expireAt` in seconds);
 *   PostOnly sets `postOnly`.
 * - Limit with IOC / FOK -> `FAK` / `FOK` priced at the limit, with the venue's market-order precision
 *   (BUY spends `size × price` pUSD cut to 2 decimals; SELL sells `size` shares).
 * - Market -> `FOK` (time in force FOK) or `FAK` (otherwise), by amount: SELL sells `size` shares; BUY
 *   spends `params.amount` pUSD when given, else `size × worst price` cut down to 2 decimals (never more
 *   than asked). The worst price is `price` when given, else read from the book as the official client
 *   does.
 */
import { type Decimal, dec, fmt, mul, type Order, roundTo, Side } from '../../domain/index.ts';
import { ValidationError } from '../../errors/index.ts';
import { type BookSnapshot, type MarketInfo, marketPriceFromBook } from './market-info.ts';
import type { OrderSigner, PolymarketOrderType, SignedOrder } from './order-signing.ts';

/** A signed order with its envelope options. */
export interface OrderEnvelope {
  readonly signed: SignedOrder;
  readonly orderType: PolymarketOrderType;
  readonly postOnly: boolean;
}

/** True when the order needs the book to be priced (a market order without a worst price). */
export function needsBook(order: Readonly<Order>): boolean {
  return order.orderType === 'Market' && order.price === undefined;
}

/** The envelope order type of an Order. */
export function envelopeType(order: Readonly<Order>): PolymarketOrderType {
  if (order.orderType === 'Market') return order.timeInForce === 'FOK' ? 'FOK' : 'FAK';
  if (order.timeInForce === 'IOC') return 'FAK';
  if (order.timeInForce === 'FOK') return 'FOK';
  return order.timeInForce === 'GTD' ? 'GTD' : 'GTC';
}

/** Builds and signs; throws a ValidationError when the order cannot be expressed. */
export function buildEnvelope(
  signer: OrderSigner,
  order: Readonly<Order>,
  m: MarketInfo,
  book?: BookSnapshot,
): OrderEnvelope {
  const orderType = envelopeType(order);
  const postOnly = order.orderType === 'PostOnly';
  if (postOnly && (orderType === 'FOK' || orderType === 'FAK'))
    throw new ValidationError('timeInForce', order.timeInForce, 'post-only orders must be GTC or GTD');
  const base = { tokenId: m.tokenId, side: order.side, tickSize: m.tickSize, negRisk: m.negRisk };
  if (orderType === 'GTC' || orderType === 'GTD') {
    if (order.price === undefined)
      throw new ValidationError('price', undefined, 'is required for limit orders');
    let expiration: string | undefined;
    if (orderType === 'GTD') {
      if (order.expireAt === undefined)
        throw new ValidationError('expireAt', undefined, 'is required for GTD orders');
      expiration = String(Math.floor(order.expireAt / 1000));
    }
    const signed = signer.buildLimitOrder({
      ...base,
      price: order.price,
      size: order.size,
      ...(expiration === undefined ? {} : { expiration }),
    });
    return { signed, orderType, postOnly };
  }
  let price: Decimal | undefined = order.price;
  if (price === undefined) {
    price =
      book === undefined ? undefined : marketPriceFromBook(book, order.side, order.size, orderType === 'FOK');
    if (price === undefined)
      throw new ValidationError('price', undefined, 'no match: the book cannot fill the order');
  }
  let amount: Decimal = order.size;
  if (order.side === Side.Buy) {
    const given = order.params?.amount;
    amount = given === undefined ? roundTo(mul(order.size, price, 'down'), 2, 'down') : dec(given);
  }
  if (amount <= 0n) throw new ValidationError('size', fmt(order.size), 'is too small for a market order');
  const signed = signer.buildMarketOrder({ ...base, price, amount });
  return { signed, orderType, postOnly };
}

/** Shares an accepted order is for: the size (limit) or the taker / maker amount (market). */
export function orderShares(e: OrderEnvelope): Decimal {
  const units = e.signed.side === 'BUY' ? e.signed.takerAmount : e.signed.makerAmount;
  return (units * 10n ** 12n) as Decimal;
}
