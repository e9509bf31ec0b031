/**
 * The `Limiter` contract: what the engine and the venue adapters need from a venue's rate limiter,
 * whether its budget lives in this process ({@link RateLimiter}) or is shared with other processes
 * through Redis ({@link RedisRateLimiter}).
 */
import type { RateLimiterStats, WaitOptions } from './rate-limiter.ts';

/**
 * A venue's rate limiter as the engine and the adapters use it. Implemented by {@link RateLimiter}
 * (in-process buckets) and {@link RedisRateLimiter} (buckets shared by several processes).
 */
export interface Limiter {
  /** The venue this limiter guards (used in errors and stats). */
  readonly venue: string;
  /** Counters: admitted, rejected, waited, total wait (live object; read-only to callers). */
  readonly stats: Readonly<RateLimiterStats>;
  /** Number of requests waiting in this limiter's FIFO line. */
  readonly pending: number;
  /**
   * Spends `weight` (default 1) at once, synchronously, or answers `false` (nothing spent).
   * @throws ValidationError for an invalid weight (a programming error, not a limit).
   */
  tryAcquire(weight?: number): boolean;
  /** Like {@link tryAcquire} but throws `RateLimitExceeded` (naming why, and when to retry) instead of `false`. */
  tryCheck(weight?: number): void;
  /**
   * Waits in FIFO order until `weight` can be spent, then spends it. Rejects with `RateLimitExceeded`
   * when `maxWaitMs` passes first, or with the signal's reason on abort; nothing is spent then.
   */
  check(weight?: number, opts?: WaitOptions): Promise<void>;
  /** Venue feedback (429 Retry-After, 418 ban): admit nothing until `timeMs` (clock ms). Only extends. */
  pauseUntil(timeMs: number, reason?: string): void;
  /** Clock time (ms) until which admission is paused, or undefined when not paused. */
  pausedUntil(): number | undefined;
  /** Venue feedback: the venue has counted `used` units in `bucket`; raise our usage to it (never lower). */
  sync(bucket: string, used: number): void;
  /**
   * Rejects every waiter with `RateLimitExceeded` and releases what the limiter holds (shutdown). A shared
   * limiter returns a promise that settles once its leases are given back and its connection is closed.
   */
  close(reason?: string): void | Promise<void>;
}
