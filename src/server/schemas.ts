/**
 * The zod schemas of the HTTP API: request validation and the OpenAPI document share them. Money fields
 * accept a decimal string or a JS number and are normalised (exactly) by the engine; responses carry
 * decimal strings.
 */
import { z } from 'zod';

const money = z.union([z.string().max(64), z.number()]);
const name = z.string().min(1).max(128);

/** Body of `POST /v1/orders`. */
export const OrderRequestBody = z
  .object({
    venue: name,
    market: name,
    side: z.string().max(16).describe('Buy or Sell (case-insensitive)'),
    orderType: z.string().max(16).optional().describe('Limit, Market or PostOnly'),
    price: money.optional(),
    size: money,
    timeInForce: z.string().max(8).optional().describe('GTC, IOC, FOK or GTD'),
    expireAt: z
      .union([z.number(), z.string().max(64)])
      .optional()
      .describe('GTD expiry: ms or ISO-8601'),
    clientOrderId: z.string().min(1).max(64).optional().describe('idempotency key'),
    strategy: name.optional(),
    params: z.record(z.string().max(64), z.union([z.string().max(256), z.number()])).optional(),
  })
  .strict();

/** Body of `PATCH /v1/orders/:id`. */
export const ModifyBody = z
  .object({ price: money.optional(), size: money.optional() })
  .strict()
  .refine((b) => b.price !== undefined || b.size !== undefined, { message: 'give price and/or size' });

/** `:id` of the order routes: a gateway order id or a client order id. */
export const OrderIdParams = z.object({ id: z.string().min(1).max(128) });

const limit = z.coerce.number().int().min(1).max(1000).default(100);
const cursor = z.string().min(1).max(512).optional().describe('opaque; from nextCursor');

/** Order statuses (the filter of `GET /v1/orders`). */
export const ORDER_STATUSES = [
  'Pending',
  'Submitting',
  'Working',
  'PartiallyFilled',
  'Filled',
  'Cancelling',
  'Cancelled',
  'Rejected',
  'Expired',
] as const;

/** Query of `GET /v1/orders`. */
export const OrderListQuery = z
  .object({
    status: z
      .string()
      .max(200)
      .optional()
      .describe(`comma-separated: ${ORDER_STATUSES.join(', ')}, or "active"`),
    venue: name.optional(),
    market: name.optional(),
    strategy: name.optional(),
    limit,
    cursor,
  })
  .strict();

/** Body of `POST /v1/orders/cancel-all` (every filter optional; none cancels every active order). */
export const CancelAllBody = z
  .object({ venue: name.optional(), market: name.optional(), strategy: name.optional() })
  .strict();

/** Query of `GET /v1/fills`. */
export const FillListQuery = z
  .object({
    venue: name.optional(),
    market: name.optional(),
    orderId: z.string().min(1).max(128).optional(),
    limit,
    cursor,
  })
  .strict();

/** Query of `GET /v1/positions`. */
export const PositionQuery = z.object({ venue: name.optional(), market: name.optional() }).strict();

/** Body of `POST /v1/risk/state`. */
export const RiskStateBody = z
  .object({
    state: z.enum(['ACTIVE', 'REDUCING', 'HALTED']),
    reason: z.string().min(1).max(256).optional(),
  })
  .strict();

/** Query of the `GET /v1/stream` WebSocket. */
export const StreamQuery = z
  .object({
    types: z.string().max(100).optional().describe('comma-separated: order, fill, risk, venue, alert'),
    venue: name.optional(),
    market: name.optional(),
    since: z.coerce.number().int().min(0).optional().describe('last sequence number received'),
  })
  .strict();

/** The error shape (documentation of every 4xx / 5xx). */
export const ErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()) }),
});

/** An order as returned. */
export const OrderSchema = z.object({
  id: z.string(),
  clientOrderId: z.string(),
  venue: z.string(),
  market: z.string(),
  side: z.string(),
  orderType: z.string(),
  price: z.string().optional(),
  size: z.string(),
  timeInForce: z.string(),
  expireAt: z.number().optional(),
  strategy: z.string().optional(),
  params: z.record(z.string(), z.string()).optional(),
  status: z.enum(ORDER_STATUSES),
  filledSize: z.string(),
  avgFillPrice: z.string().optional(),
  fees: z.string(),
  venueOrderId: z.string().optional(),
  reason: z.string().optional(),
  overfill: z.string().optional().describe('size reported filled beyond the order size (never applied)'),
  external: z.boolean().optional().describe('adopted from the venue by reconciliation'),
  createdAt: z.number(),
  updatedAt: z.number(),
});

/** A fill as returned. */
export const FillSchema = z.object({
  orderId: z.string(),
  venue: z.string(),
  market: z.string(),
  tradeId: z.string(),
  side: z.string(),
  price: z.string(),
  size: z.string(),
  fee: z.string(),
  feeAsset: z.string().optional(),
  liquidity: z.enum(['maker', 'taker']).optional(),
  venueOrderId: z.string().optional(),
  timestamp: z.number(),
});

/** A position as returned. */
export const PositionSchema = z.object({
  venue: z.string(),
  market: z.string(),
  netSize: z.string(),
  avgEntryPrice: z.string(),
  realizedPnl: z.string(),
  fees: z.string().describe('fees paid in the quote currency (what realized PnL net of fees subtracts)'),
  feesByAsset: z
    .record(z.string(), z.string())
    .describe('every fee paid, by asset (e.g. {"USDT":"0.12","BNB":"0.0003"}; Uniswap gas under ETH)'),
  boughtSize: z.string(),
  soldSize: z.string(),
});

/** A page of results (documentation). */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
