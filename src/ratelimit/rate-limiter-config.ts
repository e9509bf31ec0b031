/**
 * Rate-limit configuration: the buckets a venue imposes (burst capacity and refill rate), validated once,
 * and the factory that builds a {@link RateLimiter} for one venue from them.
 */
import { type Clock, systemClock } from '../domain/index.ts';
import { ValidationError } from '../errors/index.ts';
import { RateLimiter } from './rate-limiter.ts';

/** One token bucket: up to `capacity` units at once (the burst), refilled at `refillPerSecond` units/s. */
export interface BucketSpec {
  /** Name used in costs, venue feedback and messages (e.g. `requests`, `weight`, `orders10s`). */
  readonly name: string;
  /** Burst size: the most units that may be spent at one instant (>= 1). */
  readonly capacity: number;
  /** Sustained rate in units per second (> 0). */
  readonly refillPerSecond: number;
}

/** Options for {@link RateLimiterConfig.build}. */
export interface RateLimiterBuildOptions {
  /** Source of time (default: the system clock). */
  readonly clock?: Clock;
}

/** The buckets of one venue. Create with {@link RateLimiterConfig.new}, `polymarketDefault` or `linked`. */
export class RateLimiterConfig {
  /** The buckets, in the order given; every request may spend from each of them. */
  readonly buckets: readonly BucketSpec[];

  private constructor(buckets: readonly BucketSpec[]) {
    this.buckets = Object.freeze(buckets.map((b) => Object.freeze({ ...b })));
  }

  /**
   * One bucket named `requests`: `requestsPerSecond` sustained, `burstSize` at once.
   * @throws ValidationError naming `requestsPerSecond` or `burstSize` when either is invalid.
   */
  static new(requestsPerSecond: number, burstSize: number): RateLimiterConfig {
    checkRate('requestsPerSecond', requestsPerSecond);
    checkCapacity('burstSize', burstSize);
    return new RateLimiterConfig([
      { name: 'requests', capacity: burstSize, refillPerSecond: requestsPerSecond },
    ]);
  }

  /** Polymarket CLOB default: 10 requests/s with a burst of 20. */
  static polymarketDefault(): RateLimiterConfig {
    return RateLimiterConfig.new(10, 20);
  }

  /**
   * Several buckets that one request may spend from (e.g. Binance request weight per minute, orders per
   * 10 s and orders per day). Names must be unique and non-empty.
   * @throws ValidationError naming the offending field, e.g. `buckets[1].refillPerSecond`.
   */
  static linked(buckets: readonly BucketSpec[]): RateLimiterConfig {
    if (!Array.isArray(buckets) || buckets.length === 0) {
      throw new ValidationError('buckets', buckets, 'nonEmpty', 'buckets must list at least one bucket');
    }
    const seen = new Set<string>();
    buckets.forEach((b, i) => {
      const at = `buckets[${i}]`;
      if (typeof b?.name !== 'string' || b.name.length === 0) {
        throw new ValidationError(`${at}.name`, b?.name, 'nonEmpty', `${at}.name must be a non-empty string`);
      }
      if (seen.has(b.name)) {
        throw new ValidationError(`${at}.name`, b.name, 'unique', `${at}.name "${b.name}" is used twice`);
      }
      seen.add(b.name);
      checkRate(`${at}.refillPerSecond`, b.refillPerSecond);
      checkCapacity(`${at}.capacity`, b.capacity);
    });
    return new RateLimiterConfig(buckets);
  }

  /** Builds a limiter for `venueId` (fresh, full buckets). */
  build(venueId: string, opts: RateLimiterBuildOptions = {}): RateLimiter {
    return new RateLimiter(venueId, this.buckets, opts.clock ?? systemClock);
  }
}

function checkRate(field: string, v: number): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    throw new ValidationError(
      field,
      v,
      'positive',
      `${field} must be a finite number > 0 (got ${String(v)})`,
    );
  }
}

function checkCapacity(field: string, v: number): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 1) {
    throw new ValidationError(
      field,
      v,
      'atLeastOne',
      `${field} must be a finite number >= 1 (got ${String(v)})`,
    );
  }
}
