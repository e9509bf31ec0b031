/**
 * Builders shared by the OMS tests: orders, fills and events with sensible defaults. Not exported
 * from the folder's index.
 */
import {
  asClientOrderId,
  asMarketId,
  asOrderId,
  asTradeId,
  asVenueId,
  type Decimal,
  dec,
  type Fill,
  isTerminal,
  mul,
  type OpenExposure,
  type Order,
  type OrderStatus,
  OrderType,
  Side,
  TimeInForce,
  ZERO,
} from '../domain/index.ts';
import { ZERO_EXPOSURE } from './exposure-index.ts';

/** The venue most tests use. */
export const VENUE = asVenueId('paper');
/** The market most tests use. */
export const MARKET = asMarketId('M1');

/** Overrides for {@link makeOrder}; prices and sizes as decimal strings. */
export interface OrderSpec {
  id?: string;
  side?: Side;
  price?: string | null;
  size?: string;
  status?: OrderStatus;
  venue?: string;
  market?: string;
  strategy?: string;
}

/** A limit order (GTC), Pending, nothing filled. */
export function makeOrder(spec: OrderSpec = {}): Order {
  const id = spec.id ?? 'o1';
  const order: Order = {
    id: asOrderId(id),
    clientOrderId: asClientOrderId(`c-${id}`),
    venue: spec.venue === undefined ? VENUE : asVenueId(spec.venue),
    market: spec.market === undefined ? MARKET : asMarketId(spec.market),
    side: spec.side ?? Side.Buy,
    orderType: OrderType.Limit,
    size: dec(spec.size ?? '10'),
    timeInForce: TimeInForce.GTC,
    status: spec.status ?? 'Pending',
    filledSize: ZERO,
    fees: ZERO,
    createdAt: 0,
    updatedAt: 0,
  };
  if (spec.price !== null) order.price = dec(spec.price ?? '0.5');
  if (spec.strategy !== undefined) (order as { strategy?: string }).strategy = spec.strategy;
  return order;
}

/** A fill of `order` (its venue, market and side) with the given trade id, size and price. */
export function makeFill(order: Order, tradeId: string, size: string, price = '0.5', fee = '0'): Fill {
  return {
    orderId: order.id,
    venue: order.venue,
    market: order.market,
    tradeId: asTradeId(tradeId),
    side: order.side,
    price: dec(price),
    size: dec(size),
    fee: dec(fee),
    timestamp: 0,
  };
}

/** Open exposure recomputed from scratch over `orders` (active ones only), keyed `venue|market`. */
export function bruteForceExposures(orders: Iterable<Readonly<Order>>): Map<string, OpenExposure> {
  const out = new Map<string, OpenExposure>();
  for (const o of orders) {
    if (isTerminal(o.status)) continue;
    const key = `${o.venue}|${o.market}`;
    const e = out.get(key) ?? ZERO_EXPOSURE;
    const remaining = (o.size - o.filledSize) as Decimal;
    const notional = o.price === undefined ? 0n : mul(remaining, o.price, 'up');
    const buy = o.side === Side.Buy;
    out.set(key, {
      openOrders: e.openOrders + 1,
      buySize: (e.buySize + (buy ? remaining : 0n)) as Decimal,
      sellSize: (e.sellSize + (buy ? 0n : remaining)) as Decimal,
      buyNotional: (e.buyNotional + (buy ? notional : 0n)) as Decimal,
      sellNotional: (e.sellNotional + (buy ? 0n : notional)) as Decimal,
    });
  }
  return out;
}
