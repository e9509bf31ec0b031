/**
 * JSON views of orders, fills and positions: every price, size and amount as a decimal string, times as
 * ms since epoch. The only place where domain objects become response bodies.
 */
import type { z } from 'zod';
import { type Decimal, type Fill, fmt, type Order, type Position } from '../domain/index.ts';
import type { FillSchema, OrderSchema, PositionSchema } from './schemas.ts';

/** An order as the API returns it. */
export type OrderView = z.infer<typeof OrderSchema>;
/** A fill as the API returns it. */
export type FillView = z.infer<typeof FillSchema>;
/** A position as the API returns it. */
export type PositionView = z.infer<typeof PositionSchema>;

type Loose<T> = { [K in keyof T]: T[K] | undefined };

/**
 * A view whose optional fields may hold undefined: JSON leaves them out (absent, not null), so nothing is
 * deleted (a delete would turn every view into a slow dictionary object).
 */
function asView<T extends object>(o: Loose<T>): T {
  return o as T;
}

const opt = (d: Decimal | undefined): string | undefined => (d === undefined ? undefined : fmt(d));

/** An order as the API returns it. */
export function orderView(o: Readonly<Order>): OrderView {
  return asView<OrderView>({
    id: o.id,
    clientOrderId: o.clientOrderId,
    venue: o.venue,
    market: o.market,
    side: o.side,
    orderType: o.orderType,
    price: opt(o.price),
    size: fmt(o.size),
    timeInForce: o.timeInForce,
    expireAt: o.expireAt,
    strategy: o.strategy,
    params: o.params === undefined ? undefined : { ...o.params },
    status: o.status,
    filledSize: fmt(o.filledSize),
    avgFillPrice: opt(o.avgFillPrice),
    fees: fmt(o.fees),
    venueOrderId: o.venueOrderId,
    reason: o.reason,
    overfill: opt(o.overfill),
    external: o.external,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  });
}

/** A fill as the API returns it. */
export function fillView(f: Fill): FillView {
  return asView<FillView>({
    orderId: f.orderId,
    venue: f.venue,
    market: f.market,
    tradeId: f.tradeId,
    side: f.side,
    price: fmt(f.price),
    size: fmt(f.size),
    fee: fmt(f.fee),
    feeAsset: f.feeAsset,
    liquidity: f.liquidity,
    venueOrderId: f.venueOrderId,
    timestamp: f.timestamp,
  });
}

/** A position as the API returns it. */
export function positionView(p: Position): PositionView {
  return {
    venue: p.venue,
    market: p.market,
    netSize: fmt(p.netSize),
    avgEntryPrice: fmt(p.avgEntryPrice),
    realizedPnl: fmt(p.realizedPnl),
    fees: fmt(p.fees),
    feesByAsset: Object.fromEntries(Object.entries(p.feesByAsset).map(([asset, fee]) => [asset, fmt(fee)])),
    boughtSize: fmt(p.boughtSize),
    soldSize: fmt(p.soldSize),
  };
}
