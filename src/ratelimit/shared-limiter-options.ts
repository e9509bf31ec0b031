/**
 * Options of a {@link RedisRateLimiter} (where the shared buckets live, the lease, what to do while Redis
 * cannot be reached), their validation and defaults, and the events it reports.
 */
import type { Redis } from 'ioredis';
import type { Clock } from '../domain/index.ts';
import { ValidationError } from '../errors/index.ts';
import type { BucketSpec } from './rate-limiter-config.ts';

/** What a shared limiter does while Redis cannot be reached. */
export type UnavailablePolicy = 'local' | 'fail';

/** Options for {@link buildSharedLimiter}. */
export interface SharedLimiterOptions {
  /**
   * The Redis server: a URL (`redis://127.0.0.1:6379/0`; the limiter opens and closes its own
   * connection) or an ioredis client that the caller owns (never closed by the limiter).
   */
  readonly redis: string | Redis;
  /** Prefix of the Redis key; the venue id follows it. Default `ag-exec:ratelimit:`. */
  readonly keyPrefix?: string;
  /** Units leased from Redis at a time (default 2, at most the smallest bucket's capacity). */
  readonly leaseSize?: number;
  /** Unused leased units are given back after this many ms (default 500). */
  readonly leaseTtlMs?: number;
  /** Lease the next units in the background as soon as the allowance runs out (default true). */
  readonly prefetch?: boolean;
  /**
   * While Redis cannot be reached: `'local'` (default) admits from an in-process limiter holding
   * `fallbackShare` of each bucket; `'fail'` refuses with `RateLimitExceeded`. Leased units are spent first.
   */
  readonly onUnavailable?: UnavailablePolicy;
  /** Fraction (0, 1] of each bucket's capacity and rate used while Redis is down (default 0.25). */
  readonly fallbackShare?: number;
  /** A Redis call that has not answered after this many ms counts as Redis being down (default 500). */
  readonly timeoutMs?: number;
  /** While down, try Redis again every this many ms (default 1000). */
  readonly retryMs?: number;
  /** Told when Redis becomes unreachable and when it is back; default: `process.emitWarning`. */
  readonly onEvent?: (event: SharedLimiterEvent) => void;
  /** Local clock (pauses given by callers, lease expiry, waits). Default: the system clock. */
  readonly clock?: Clock;
}

/** What a shared limiter reports about its link to Redis. */
export type SharedLimiterEvent =
  | {
      readonly type: 'unavailable';
      readonly venue: string;
      /** What it does meanwhile. */
      readonly mode: 'fallback' | 'failClosed';
      readonly error: Error;
    }
  | { readonly type: 'recovered'; readonly venue: string; readonly downMs: number };

/** @internal Options with every default applied. */
export interface ResolvedSharedOptions {
  readonly keyPrefix: string;
  readonly leaseSize: number;
  readonly leaseTtlMs: number;
  readonly prefetch: boolean;
  readonly onUnavailable: UnavailablePolicy;
  readonly fallbackShare: number;
  readonly timeoutMs: number;
  readonly retryMs: number;
}

/** @internal Validates the options against the buckets and fills in defaults. */
export function resolveSharedOptions(
  opts: SharedLimiterOptions,
  buckets: readonly BucketSpec[],
): ResolvedSharedOptions {
  const minCap = Math.min(...buckets.map((b) => b.capacity));
  const r = opts.redis as unknown;
  if (typeof r !== 'string' && (typeof r !== 'object' || r === null)) {
    throw new ValidationError('redis', r, 'urlOrClient', 'redis must be a URL or an ioredis client');
  }
  const leaseSize = opts.leaseSize ?? Math.min(2, minCap);
  if (!(leaseSize >= 1 && leaseSize <= minCap)) {
    throw new ValidationError(
      'leaseSize',
      leaseSize,
      'range',
      `leaseSize must be between 1 and the smallest bucket capacity ${minCap} (got ${leaseSize})`,
    );
  }
  const fallbackShare = opts.fallbackShare ?? 0.25;
  if (!(fallbackShare > 0 && fallbackShare <= 1)) {
    throw new ValidationError('fallbackShare', fallbackShare, 'range', 'fallbackShare must be in (0, 1]');
  }
  const onUnavailable = opts.onUnavailable ?? 'local';
  if (onUnavailable !== 'local' && onUnavailable !== 'fail') {
    throw new ValidationError(
      'onUnavailable',
      onUnavailable,
      'oneOf',
      "onUnavailable must be 'local' or 'fail'",
    );
  }
  return {
    keyPrefix: opts.keyPrefix ?? 'ag-exec:ratelimit:',
    leaseSize,
    leaseTtlMs: positive('leaseTtlMs', opts.leaseTtlMs ?? 500),
    prefetch: opts.prefetch ?? true,
    onUnavailable,
    fallbackShare,
    timeoutMs: positive('timeoutMs', opts.timeoutMs ?? 500),
    retryMs: positive('retryMs', opts.retryMs ?? 1000),
  };
}

/** @internal The default event handler: a process warning (type `RateLimitWarning`). */
export function reportByWarning(e: SharedLimiterEvent): void {
  const text =
    e.type === 'unavailable'
      ? `${e.venue}: shared rate-limit store unreachable (${e.error.message}); ${e.mode === 'fallback' ? 'using the local fallback budget' : 'refusing requests'} until it is back`
      : `${e.venue}: shared rate-limit store reachable again after ${Math.round(e.downMs)} ms`;
  process.emitWarning(text, { type: 'RateLimitWarning', code: `AG_EXEC_RATELIMIT_${e.type.toUpperCase()}` });
}

function positive(field: string, v: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    throw new ValidationError(field, v, 'positive', `${field} must be a finite number > 0 (got ${v})`);
  }
  return v;
}
