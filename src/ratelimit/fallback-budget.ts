/**
 * The local budget a shared limiter admits from while Redis cannot be reached: an in-process
 * {@link RateLimiter} holding a share of each bucket's capacity and rate, kept told of pauses and venue
 * usage so that it is ready when needed.
 */
import type { Clock } from '../domain/index.ts';
import { RateLimitExceeded } from '../errors/index.ts';
import { RateLimiter } from './rate-limiter.ts';
import type { BucketSpec } from './rate-limiter-config.ts';

/** @internal `share` of each bucket, in process. */
export class FallbackBudget {
  private readonly limiter: RateLimiter;
  private readonly minCap: number;

  constructor(
    private readonly venue: string,
    buckets: readonly BucketSpec[],
    private readonly share: number,
    clock: Clock,
  ) {
    const specs = buckets.map((b) => ({
      name: b.name,
      capacity: Math.max(1, b.capacity * share),
      refillPerSecond: b.refillPerSecond * share,
    }));
    this.limiter = new RateLimiter(venue, specs, clock);
    this.minCap = Math.min(...specs.map((x) => x.capacity));
  }

  /** Spends `weight` now if the share has room (a weight above its capacity never does). */
  tryAcquire(weight: number): boolean {
    return weight <= this.minCap && this.limiter.tryAcquire(weight);
  }

  /** ms until `weight` could be spent (its pause included; +Infinity above its capacity). */
  waitFor(weight: number): number {
    if (weight > this.minCap) return Number.POSITIVE_INFINITY;
    let wait = 0;
    for (const u of this.limiter.usage()) {
      wait = Math.max(wait, ((weight - u.available) * 1000) / u.refillPerSecond);
    }
    return Math.max(1, wait);
  }

  /** The refusal while the share is spent. */
  refusal(weight: number): RateLimitExceeded {
    const ms = Math.ceil(this.waitFor(weight));
    return new RateLimitExceeded(
      this.venue,
      `${this.venue}: shared rate-limit store unreachable; local fallback budget (${this.share} of each bucket) exhausted; frees in ${ms} ms`,
      Number.isFinite(ms) ? ms : undefined,
    );
  }

  pauseUntil(untilMs: number, reason: string): void {
    this.limiter.pauseUntil(untilMs, reason);
  }

  /** The venue's count for the whole account, scaled to the share. */
  sync(bucket: string, used: number): void {
    this.limiter.sync(bucket, used * this.share);
  }

  close(reason: string): void {
    this.limiter.close(reason);
  }
}
