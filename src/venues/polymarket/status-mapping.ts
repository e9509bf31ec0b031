/**
 * Polymarket order statuses to the gateway's nine (reference §11): the `POST /order` reply status
 * (`live` / `matched` / `delayed` / `unmatched`) and the OpenOrder record (`LIVE` / `MATCHED` /
 * `CANCELED`, with `size_matched` against `original_size`). Compared case-insensitively; an unknown
 * status maps to `undefined` (the caller reconciles).
 */
import { type Decimal, OrderStatus } from '../../domain/index.ts';
import type { PolymarketOrderType } from './order-signing.ts';

/** Status right after an accepted `POST /order`. `filled` = shares matched in the reply, `size` = shares ordered. */
export function placeReplyStatus(
  venueStatus: string,
  orderType: PolymarketOrderType,
  filled: Decimal,
  size: Decimal,
): OrderStatus | undefined {
  switch (venueStatus.toLowerCase()) {
    case 'live':
    case 'delayed':
    case 'unmatched':
      return OrderStatus.Working;
    case 'matched':
      if (orderType === 'FOK') return OrderStatus.Filled;
      if (filled >= size) return OrderStatus.Filled;
      // matched without amounts: something traded, how much is settled from the trades
      if (filled === 0n) return OrderStatus.PartiallyFilled;
      if (orderType === 'FAK') return OrderStatus.Cancelled;
      return OrderStatus.PartiallyFilled;
    default:
      return undefined;
  }
}

/** Status of an OpenOrder record (`GET /data/order/{id}`, `/data/orders`). */
export function openOrderStatus(
  venueStatus: string,
  sizeMatched: Decimal,
  originalSize: Decimal,
  expiration: number,
  nowSeconds: number,
): OrderStatus | undefined {
  switch (venueStatus.toUpperCase()) {
    case 'LIVE':
      if (sizeMatched <= 0n) return OrderStatus.Working;
      return sizeMatched >= originalSize ? OrderStatus.Filled : OrderStatus.PartiallyFilled;
    case 'MATCHED':
      // a FAK remainder killed after a partial fill is reported MATCHED with size_matched < original_size
      return sizeMatched >= originalSize ? OrderStatus.Filled : OrderStatus.Cancelled;
    case 'CANCELED':
    case 'CANCELLED':
      if (sizeMatched >= originalSize && originalSize > 0n) return OrderStatus.Filled;
      return expiration > 0 && expiration <= nowSeconds ? OrderStatus.Expired : OrderStatus.Cancelled;
    default:
      return undefined;
  }
}
