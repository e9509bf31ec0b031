/**
 * Builders shared by the unit tests of `orders/`, `risk/` and `validation/`: orders, fills and the
 * order shape pre-trade risk reads, with sensible defaults. Test-only: nothing under `src/` that ships
 * imports this file.
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
} from '../../src/domain/index.ts';
import { ZERO_EXPOSURE } from '../../src/orders/index.ts';
import type { RiskOrder } from '../../src/risk/index.ts';

/** The venue most tests use. */
export const VENUE = asVenueId('paper');
/** The market most tests use. */
export const MARKET = asMarketId('MKT');

/** A decimal given as a number, a decimal string or an already exact value. */
export type Num = number | string | Decimal;

/** Reads a {@link Num} exactly (`undefined` reads as 0). */
export function num(v: Num | undefined): Decimal {
  return v === undefined ? ZERO : typeof v === 'bigint' ? v : dec(v);
}

/** Overrides for {@link makeOrder}; prices and sizes as decimals (`price: null` for no price). */
export interface OrderSpec {
  id?: string;
  side?: Side;
  price?: Num | null;
  size?: Num;
  status?: OrderStatus;
  venue?: string;
  market?: string;
  strategy?: string;
  orderType?: OrderType;
  timeInForce?: TimeInForce;
}

/** A limit order (GTC, Buy 10 at 0.5 on {@link VENUE} / {@link MARKET}), Pending, nothing filled. */
export function makeOrder(spec: OrderSpec = {}): Order {
  const id = spec.id ?? 'o1';
  const order: Order = {
    id: asOrderId(id),
    clientOrderId: asClientOrderId(`c-${id}`),
    venue: spec.venue === undefined ? VENUE : asVenueId(spec.venue),
    market: spec.market === undefined ? MARKET : asMarketId(spec.market),
    side: spec.side ?? Side.Buy,
    orderType: spec.orderType ?? OrderType.Limit,
    size: num(spec.size ?? '10'),
    timeInForce: spec.timeInForce ?? TimeInForce.GTC,
    status: spec.status ?? 'Pending',
    filledSize: ZERO,
    fees: ZERO,
    createdAt: 0,
    updatedAt: 0,
  };
  if (spec.price !== null) order.price = num(spec.price ?? '0.5');
  if (spec.strategy !== undefined) (order as { strategy?: string }).strategy = spec.strategy;
  return order;
}

/** A fill of `order` (its id, venue, market and side) with the given trade id, size, price and fee. */
export function makeFill(
  order: Pick<Order, 'id' | 'venue' | 'market' | 'side'>,
  tradeId: string,
  size: Num,
  price: Num = '0.5',
  fee: Num = '0',
): Fill {
  return {
    orderId: order.id,
    venue: order.venue,
    market: order.market,
    tradeId: asTradeId(tradeId),
    side: order.side,
    price: num(price),
    size: num(size),
    fee: num(fee),
    timestamp: 0,
  };
}

/** Extra fields of {@link riskOrder}. */
export interface RiskOrderExtra {
  venue?: string;
  market?: string;
  orderType?: RiskOrder['orderType'];
}

/**
 * The order shape pre-trade risk reads: `riskOrder('Buy', 10, '0.5')` on {@link VENUE} / {@link MARKET}
 * unless given; a Limit order with a price, a Market order without one (unless `orderType` says).
 */
export function riskOrder(side: Side, size: Num, price?: Num, extra: RiskOrderExtra = {}): RiskOrder {
  const o: RiskOrder = {
    venue: extra.venue === undefined ? VENUE : asVenueId(extra.venue),
    market: extra.market === undefined ? MARKET : asMarketId(extra.market),
    side,
    orderType: extra.orderType ?? (price === undefined ? OrderType.Market : OrderType.Limit),
    size: num(size),
  };
  if (price !== undefined) o.price = num(price);
  return o;
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
