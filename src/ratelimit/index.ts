/** `ratelimit/`: GCRA token buckets per venue, linked buckets, FIFO-fair waiting, venue feedback, and budgets shared across processes through Redis. */

export { buildSharedLimiter } from './build-shared-limiter.ts';
export type { Limiter } from './limiter.ts';
export {
  type BucketUsage,
  type RateCost,
  RateLimiter,
  type RateLimiterStats,
  type WaitOptions,
} from './rate-limiter.ts';
export { type BucketSpec, type RateLimiterBuildOptions, RateLimiterConfig } from './rate-limiter-config.ts';
export {
  RedisRateLimiter,
  type SharedLimiterMode,
  type SharedLimiterStats,
} from './redis-rate-limiter.ts';
export { SHARED_GCRA_LUA, SHARED_GCRA_SHA } from './shared-gcra-script.ts';
export type {
  SharedLimiterEvent,
  SharedLimiterOptions,
  UnavailablePolicy,
} from './shared-limiter-options.ts';
