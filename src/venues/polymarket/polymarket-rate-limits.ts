/**
 * Rate-limit defaults from Polymarket's published limits (reference §9): per 10 s and per 10 min
 * buckets, linked so that a request spends from both. The order-entry path (`POST /order`) is what the
 * engine meters; the adapter meters the other groups itself (`request-meter.ts`).
 */
import { RateLimiterConfig } from '../../ratelimit/index.ts';

/** Published limits of one endpoint group: requests per 10 s, and per 10 min when published. */
export interface PublishedLimit {
  readonly per10s: number;
  readonly per10min?: number;
}

/** The venue's published per-IP limits (reference §9). */
export const POLYMARKET_PUBLISHED_LIMITS: Readonly<Record<string, PublishedLimit>> = {
  'POST /order': { per10s: 3500, per10min: 36_000 },
  'DELETE /order': { per10s: 3000, per10min: 30_000 },
  'POST /orders': { per10s: 1000, per10min: 15_000 },
  'DELETE /orders': { per10s: 1000, per10min: 15_000 },
  'DELETE /cancel-all': { per10s: 250, per10min: 6000 },
  'GET /data/orders': { per10s: 500 },
  'GET /data/trades': { per10s: 500 },
};

/**
 * Linked buckets for one endpoint group (default `POST /order`): a 10 s bucket (capacity = the 10 s
 * limit, refilled evenly) and, when published, a 10 min bucket.
 */
export function polymarketRateLimits(endpoint = 'POST /order'): RateLimiterConfig {
  const l = POLYMARKET_PUBLISHED_LIMITS[endpoint];
  if (l === undefined) throw new RangeError(`no published limit for ${endpoint}`);
  return limitConfig(l);
}

/** The linked 10 s (and 10 min) buckets of one limit. */
export function limitConfig(l: PublishedLimit): RateLimiterConfig {
  const buckets = [{ name: 'per10s', capacity: l.per10s, refillPerSecond: l.per10s / 10 }];
  if (l.per10min !== undefined)
    buckets.push({ name: 'per10min', capacity: l.per10min, refillPerSecond: l.per10min / 600 });
  return RateLimiterConfig.linked(buckets);
}
