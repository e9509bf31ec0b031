/** `ratelimit/`: GCRA token buckets per venue, linked buckets, FIFO-fair waiting and venue feedback. */

export {
  type BucketUsage,
  type RateCost,
  RateLimiter,
  type RateLimiterStats,
  type WaitOptions,
} from './rate-limiter.ts';
export { type BucketSpec, type RateLimiterBuildOptions, RateLimiterConfig } from './rate-limiter-config.ts';
