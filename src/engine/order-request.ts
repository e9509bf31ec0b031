/**
 * The public shape of a new order and its normalisation: the boundary where JS numbers and strings become
 * exact decimals and enumerations are checked. Every problem is a ValidationError naming the field.
 */
import {
  asClientOrderId,
  asMarketId,
  asStrategyId,
  asVenueId,
  type Decimal,
  decimalProblem,
  type Order,
  type OrderId,
  OrderStatus,
  OrderType,
  Side,
  TimeInForce,
  tryDec,
  ZERO,
} from '../domain/index.ts';
import { ValidationError } from '../errors/index.ts';

/** A new order as callers send it (library, HTTP, CLI). Numbers may be JS numbers or decimal strings. */
export interface OrderRequest {
  venue: string;
  market: string;
  /** `Buy` / `Sell` (case-insensitive). */
  side: string;
  /** `Limit` (default when a price is given), `Market` (default without a price) or `PostOnly`. */
  orderType?: string;
  price?: number | string;
  size: number | string;
  /** `GTC` (default for Limit / PostOnly), `IOC` (default for Market), `FOK`, `GTD` (needs `expireAt`). */
  timeInForce?: string;
  /** GTD expiry: ms since epoch, an ISO-8601 string or a Date. */
  expireAt?: number | string | Date;
  /** Idempotency key: a repeat with the same key returns the first order and is never sent twice. */
  clientOrderId?: string;
  strategy?: string;
  /** Venue-specific parameters, passed to the adapter as text. */
  params?: Record<string, string | number>;
}

const SIDES = new Map<string, Side>([
  ['buy', Side.Buy],
  ['sell', Side.Sell],
]);
const TYPES = new Map<string, OrderType>([
  ['limit', OrderType.Limit],
  ['market', OrderType.Market],
  ['postonly', OrderType.PostOnly],
  ['post_only', OrderType.PostOnly],
]);
const TIFS = new Map<string, TimeInForce>(Object.values(TimeInForce).map((t) => [t.toLowerCase(), t]));
const ID_RE = /^[A-Za-z0-9._:-]{1,64}$/;
const NAME_RE = /^[A-Za-z0-9._:/-]{1,128}$/;

function text(field: string, v: unknown, re: RegExp, rule: string): string {
  if (typeof v !== 'string' || !re.test(v)) throw new ValidationError(field, v, rule);
  return v;
}

function enumOf<T>(field: string, v: unknown, map: Map<string, T>, allowed: string): T {
  const got = typeof v === 'string' ? map.get(v.toLowerCase()) : undefined;
  if (got === undefined) throw new ValidationError(field, v, `must be one of ${allowed}`);
  return got;
}

/** Reads one decimal field of a request; a ValidationError names the field and why. */
export function parseDecimalField(field: string, v: unknown): Decimal {
  const d = tryDec(v);
  if (d === undefined) throw new ValidationError(field, v, decimalProblem(v) ?? 'must be a decimal');
  return d;
}

function expiry(v: unknown): number {
  const ms = v instanceof Date ? v.getTime() : typeof v === 'string' ? Date.parse(v) : v;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw new ValidationError('expireAt', v, 'must be a time (ms since epoch, ISO-8601 text or a Date)');
  }
  return ms;
}

type Draft = { -readonly [K in keyof Order]: Order[K] };

/** Turns a request into a Pending {@link Order}; throws ValidationError naming the first bad field. */
export function normaliseOrderRequest(req: OrderRequest, id: OrderId, now: number): Order {
  if (typeof req !== 'object' || req === null) throw new ValidationError('order', req, 'must be an object');
  const venue = asVenueId(text('venue', req.venue, NAME_RE, 'must be a venue name'));
  const market = asMarketId(text('market', req.market, NAME_RE, 'must be a market id (1-128 chars)'));
  const side = enumOf('side', req.side, SIDES, 'Buy, Sell');
  const price =
    req.price === undefined || req.price === null ? undefined : parseDecimalField('price', req.price);
  const size = parseDecimalField('size', req.size);
  const orderType =
    req.orderType === undefined
      ? price === undefined
        ? OrderType.Market
        : OrderType.Limit
      : enumOf('orderType', req.orderType, TYPES, 'Limit, Market, PostOnly');
  const timeInForce =
    req.timeInForce === undefined
      ? orderType === OrderType.Market
        ? TimeInForce.IOC
        : req.expireAt !== undefined
          ? TimeInForce.GTD
          : TimeInForce.GTC
      : enumOf('timeInForce', req.timeInForce, TIFS, 'GTC, IOC, FOK, GTD');
  const clientOrderId = asClientOrderId(
    req.clientOrderId === undefined
      ? id
      : text('clientOrderId', req.clientOrderId, ID_RE, 'must be 1-64 characters of [A-Za-z0-9._:-]'),
  );
  const order: Draft = {
    id,
    clientOrderId,
    venue,
    market,
    side,
    orderType,
    size,
    timeInForce,
    status: OrderStatus.Pending,
    filledSize: ZERO,
    fees: ZERO,
    createdAt: now,
    updatedAt: now,
  };
  if (price !== undefined) order.price = price;
  if (req.expireAt !== undefined) order.expireAt = expiry(req.expireAt);
  if (req.strategy !== undefined) {
    order.strategy = asStrategyId(text('strategy', req.strategy, NAME_RE, 'must be 1-128 characters'));
  }
  if (req.params !== undefined) order.params = normaliseParams(req.params);
  return order;
}

function normaliseParams(p: unknown): Record<string, string> {
  if (typeof p !== 'object' || p === null || Array.isArray(p))
    throw new ValidationError('params', p, 'must be an object');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(p)) {
    if (typeof v !== 'string' && typeof v !== 'number') {
      throw new ValidationError(`params.${k}`, v, 'must be a string or a number');
    }
    out[k] = String(v);
  }
  return out;
}

/** True when two orders ask for the same thing (idempotency: a reused key must mean the same order). */
export function sameIntent(a: Order, b: Order): boolean {
  return (
    a.venue === b.venue &&
    a.market === b.market &&
    a.side === b.side &&
    a.orderType === b.orderType &&
    a.price === b.price &&
    a.size === b.size &&
    a.timeInForce === b.timeInForce &&
    a.expireAt === b.expireAt
  );
}
