/**
 * Binance rate limits (reference §7): the `rateLimits` of exchangeInfo as linked token buckets, the
 * REQUEST_WEIGHT of each endpoint (reference §4), and the header names that report the venue's counts.
 *
 * Two limiters per venue:
 * - order entry (`binanceRateLimits(info).orders`): ORDERS per 10 s and per day, for the engine's
 *   `registerAdapter(venue, limiter)`; `BinanceVenue.orderLimiter` is one built from the venue's own
 *   exchangeInfo and kept in line with `X-MBX-ORDER-COUNT-10S` / `-1D`;
 * - request weight (`binanceRateLimits(info).weight`): REQUEST_WEIGHT per minute, spent by the adapter
 *   itself before each request with the endpoint's weight, kept in line with `X-MBX-USED-WEIGHT-1M`.
 *
 * Each limit becomes a bucket of `capacity = limit`, refilled at `limit / interval`: the venue's windows
 * are fixed and clock-aligned, so the venue's own counts (headers) raise our usage when they are higher.
 */
import { RateLimiterConfig } from '../../ratelimit/index.ts';

/** One `rateLimits[]` entry of exchangeInfo. */
export interface BinanceRateLimit {
  readonly rateLimitType: string;
  readonly interval: string;
  readonly intervalNum: number;
  readonly limit: number;
}

/** The production limits (used until exchangeInfo has been read). */
export const BINANCE_DEFAULT_LIMITS: readonly BinanceRateLimit[] = [
  { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
  { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
  { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 200000 },
  { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 300000 },
];

const UNIT_MS: Readonly<Record<string, number>> = {
  SECOND: 1000,
  MINUTE: 60_000,
  HOUR: 3_600_000,
  DAY: 86_400_000,
};

/** The bucket / header suffix of a limit: intervalNum + S / M / H / D (`10S`, `1M`, `1D`). */
export function intervalTag(l: BinanceRateLimit): string {
  return `${l.intervalNum}${l.interval.charAt(0).toUpperCase()}`;
}

/** Bucket name of an ORDERS limit (`orders10S`) or the REQUEST_WEIGHT limit (`weight1M`). */
export function bucketName(l: BinanceRateLimit): string {
  return `${l.rateLimitType === 'ORDERS' ? 'orders' : 'weight'}${intervalTag(l)}`;
}

function spec(l: BinanceRateLimit) {
  const ms = (UNIT_MS[l.interval.toUpperCase()] ?? 60_000) * l.intervalNum;
  return { name: bucketName(l), capacity: l.limit, refillPerSecond: (l.limit * 1000) / ms };
}

/** The order-entry and request-weight limiters' configurations of an exchangeInfo reply. */
export function binanceRateLimits(exchangeInfo?: { readonly rateLimits?: readonly BinanceRateLimit[] }): {
  readonly orders: RateLimiterConfig;
  readonly weight: RateLimiterConfig;
  readonly limits: readonly BinanceRateLimit[];
} {
  const limits =
    exchangeInfo?.rateLimits !== undefined && exchangeInfo.rateLimits.length > 0
      ? exchangeInfo.rateLimits
      : BINANCE_DEFAULT_LIMITS;
  const orders = limits.filter((l) => l.rateLimitType === 'ORDERS').map(spec);
  const weight = limits.filter((l) => l.rateLimitType === 'REQUEST_WEIGHT').map(spec);
  return {
    orders: RateLimiterConfig.linked(
      orders.length > 0 ? orders : BINANCE_DEFAULT_LIMITS.slice(1, 3).map(spec),
    ),
    weight: RateLimiterConfig.linked(
      weight.length > 0 ? weight : BINANCE_DEFAULT_LIMITS.slice(0, 1).map(spec),
    ),
    limits,
  };
}

/**
 * REQUEST_WEIGHT of one request (reference §4). Order writes cost 1 (0 when successful: the venue gives
 * it back; we keep the 1, which errs on the safe side).
 */
export function endpointWeight(
  method: string,
  path: string,
  params?: ReadonlyArray<readonly [string, string]>,
): number {
  const has = (k: string) => params?.some(([n]) => n === k) === true;
  switch (`${method} ${path}`) {
    case 'GET /api/v3/ping':
    case 'GET /api/v3/time':
      return 1;
    case 'GET /api/v3/exchangeInfo':
    case 'GET /api/v3/account':
    case 'GET /api/v3/allOrders':
      return 20;
    case 'GET /api/v3/order':
      return 4;
    case 'GET /api/v3/openOrders':
      return has('symbol') ? 6 : 80;
    case 'GET /api/v3/myTrades':
      return has('orderId') ? 5 : 20;
    case 'GET /api/v3/rateLimit/order':
      return 40;
    default:
      return 1;
  }
}
