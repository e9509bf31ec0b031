/**
 * The factory of shared (Redis) limiters: a {@link RateLimiterConfig}'s buckets, one venue, and where
 * the budget is kept.
 */
import type { RateLimiterConfig } from './rate-limiter-config.ts';
import { RedisRateLimiter } from './redis-rate-limiter.ts';
import type { SharedLimiterOptions } from './shared-limiter-options.ts';

/**
 * Builds a limiter for `venueId` whose buckets are shared, through Redis, with every other process
 * that builds one for the same venue with the same `keyPrefix` (and the same buckets):
 *
 * ```ts
 * const limiter = buildSharedLimiter(RateLimiterConfig.polymarketDefault(), 'polymarket', {
 *   redis: 'redis://127.0.0.1:6379',
 * });
 * engine.registerAdapter(adapter, limiter);
 * ```
 * @throws ValidationError naming the option that is invalid (e.g. `leaseSize`, `fallbackShare`).
 */
export function buildSharedLimiter(
  config: RateLimiterConfig,
  venueId: string,
  opts: SharedLimiterOptions,
): RedisRateLimiter {
  return new RedisRateLimiter(venueId, config.buckets, opts);
}
