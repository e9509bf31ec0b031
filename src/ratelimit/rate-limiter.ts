/**
 * The in-process rate limiter of one venue: GCRA token buckets (one "theoretical arrival time" number per
 * bucket), linked buckets spent all-or-nothing, FIFO-fair waiting with one timer for the head of the queue,
 * and venue feedback (pause after 429/418, sync to the venue's own usage counters).
 */
import type { Clock } from '../domain/index.ts';
import { RateLimitExceeded, ValidationError } from '../errors/index.ts';
import { GcraBuckets, TAKEN } from './gcra-buckets.ts';
import type { Limiter } from './limiter.ts';
import type { BucketSpec } from './rate-limiter-config.ts';
import { type Waiter, WaitQueue } from './wait-queue.ts';

/** Per-bucket amounts for one request, e.g. `{ weight: 1, orders10s: 1, ordersDay: 1 }`. Missing = 0. */
export interface RateCost {
  [bucket: string]: number;
}

/** Options for the waiting checks ({@link RateLimiter.check}, {@link RateLimiter.checkCost}). */
export interface WaitOptions {
  /** Abort the wait; the promise rejects with the signal's reason and nothing is spent. */
  readonly signal?: AbortSignal;
  /** Give up after this many ms with {@link RateLimitExceeded}; nothing is spent. */
  readonly maxWaitMs?: number;
}

/** Counters of one limiter. */
export interface RateLimiterStats {
  /** Requests admitted (at once or after waiting). */
  admitted: number;
  /** Requests refused (fail-fast refusals, timed-out waits). */
  rejected: number;
  /** Requests admitted after waiting in the queue. */
  waited: number;
  /** Total time admitted requests spent waiting, ms. */
  totalWaitMs: number;
}

/** One bucket's state as reported by {@link RateLimiter.usage}. */
export interface BucketUsage {
  readonly bucket: string;
  readonly capacity: number;
  /** Units that could be spent right now (fractional while refilling). */
  readonly available: number;
  readonly refillPerSecond: number;
}

const RESOLVED: Promise<void> = Promise.resolve();

/**
 * Rate limiter of one venue. Build it with {@link RateLimiterConfig.build}.
 *
 * Each bucket keeps its theoretical arrival time `tat` (ms, relative to the limiter's creation): a request
 * spending `w` units with emission interval `T = 1000 / refillPerSecond` is admitted at `now` when
 * `max(tat, now) + w·T <= now + capacity·T`, and then `tat` becomes that left side. In any window of
 * length L at most `capacity + refillPerSecond·L/1000` units are admitted.
 */
export class RateLimiter implements Limiter {
  /** The venue this limiter guards. */
  readonly venue: string;
  private readonly clock: Clock;
  private readonly origin: number;
  private readonly b: GcraBuckets;
  /** Single-bucket fast path: the bucket's state arrays (same objects as in `b`). */
  private readonly tat: Float64Array;
  private readonly iv0: number;
  private readonly lim0: number;
  private readonly single: boolean;
  private readonly minCap: number;
  private pausedUntilRel = Number.NEGATIVE_INFINITY;
  private pauseReason: string | undefined;
  private readonly s: RateLimiterStats = { admitted: 0, rejected: 0, waited: 0, totalWaitMs: 0 };
  private readonly queue: WaitQueue;
  /** Scratch vector for synchronous cost checks (never retained). */
  private readonly scratch: Float64Array;

  /** @internal Use {@link RateLimiterConfig.build}. */
  constructor(venue: string, buckets: readonly BucketSpec[], clock: Clock) {
    this.venue = venue;
    this.clock = clock;
    this.origin = clock.now();
    this.b = new GcraBuckets(buckets);
    this.tat = this.b.tat;
    this.iv0 = this.b.iv[0] as number;
    this.lim0 = this.b.lim[0] as number;
    this.single = this.b.n === 1;
    this.minCap = this.b.minCap;
    this.scratch = new Float64Array(this.b.n);
    this.queue = new WaitQueue(this);
  }

  /** Counters (live object; read-only to callers). */
  get stats(): Readonly<RateLimiterStats> {
    return this.s;
  }

  /** Number of requests waiting in the queue. */
  get pending(): number {
    return this.queue.length;
  }

  /**
   * Spends `weight` (default 1) from every bucket, or throws {@link RateLimitExceeded} naming the bucket
   * and when it frees. Fails fast while others are waiting (they keep their turn) or while paused.
   * @throws ValidationError when `weight` is not > 0 or exceeds a bucket's capacity.
   */
  tryCheck(weight = 1): void {
    const now = this.clock.now() - this.origin;
    if (this.admit(weight, now)) return;
    throw this.refuse(this.b.weightVector(weight), now);
  }

  /**
   * Like {@link tryCheck} but answers `false` instead of throwing when the limit would be exceeded.
   * @throws ValidationError for an invalid weight (a programming error, not a limit).
   */
  tryAcquire(weight = 1): boolean {
    const now = this.clock.now() - this.origin;
    if (this.admit(weight, now)) return true;
    this.b.checkWeight(weight);
    this.s.rejected++;
    return false;
  }

  /**
   * The fast path of every fail-fast check: spends `weight` from every bucket when nobody waits, no
   * pause holds and every bucket has room (a single bucket is checked inline).
   */
  private admit(weight: number, now: number): boolean {
    if (this.queue.length !== 0 || now < this.pausedUntilRel || !(weight > 0 && weight <= this.minCap))
      return false;
    if (this.single) {
      const next = Math.max(this.tat[0] as number, now) + weight * this.iv0;
      if (next - now > this.lim0) return false;
      this.tat[0] = next;
    } else if (this.b.takeWeight(weight, now) !== TAKEN) {
      return false;
    }
    this.s.admitted++;
    return true;
  }

  /**
   * Spends per-bucket amounts all-or-nothing (linked buckets), or throws {@link RateLimitExceeded}.
   * @throws ValidationError for an unknown bucket or an amount that is negative or above capacity.
   */
  tryCheckCost(cost: RateCost): void {
    const now = this.clock.now() - this.origin;
    const v = this.b.costVector(cost, this.scratch);
    if (this.queue.length === 0 && now >= this.pausedUntilRel && this.b.take(v, now) === TAKEN) {
      this.s.admitted++;
      return;
    }
    throw this.refuse(v, now);
  }

  /** Like {@link tryCheckCost} but answers `false` instead of throwing when a limit would be exceeded. */
  tryAcquireCost(cost: RateCost): boolean {
    const now = this.clock.now() - this.origin;
    const v = this.b.costVector(cost, this.scratch);
    if (this.queue.length === 0 && now >= this.pausedUntilRel && this.b.take(v, now) === TAKEN) {
      this.s.admitted++;
      return true;
    }
    this.s.rejected++;
    return false;
  }

  /**
   * Waits (FIFO-fair) until `weight` can be spent from every bucket, then spends it. Rejects with
   * {@link RateLimitExceeded} when `maxWaitMs` passes first, or with the signal's reason on abort;
   * a weight that can never fit is refused at once with ValidationError.
   */
  check(weight = 1, opts?: WaitOptions): Promise<void> {
    let v: Float64Array;
    try {
      v = this.b.weightVector(weight);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.enqueue(v, opts);
  }

  /** Waiting version of {@link tryCheckCost}; see {@link check}. */
  checkCost(cost: RateCost, opts?: WaitOptions): Promise<void> {
    let v: Float64Array;
    try {
      v = this.b.costVector(cost, new Float64Array(this.b.n));
    } catch (e) {
      return Promise.reject(e);
    }
    return this.enqueue(v, opts);
  }

  /**
   * Venue feedback (429 Retry-After, 418 ban): admit nothing until `timeMs` (clock time, ms). A pause
   * only ever extends; an earlier time than the current pause is ignored.
   */
  pauseUntil(timeMs: number, reason?: string): void {
    if (typeof timeMs !== 'number' || Number.isNaN(timeMs))
      throw new ValidationError('timeMs', timeMs, 'number');
    const rel = timeMs - this.origin;
    if (rel <= this.pausedUntilRel) return;
    this.pausedUntilRel = rel;
    this.pauseReason = reason;
    this.queue.reschedule();
  }

  /** Clock time (ms) until which the venue asked us to pause, or undefined when not paused. */
  pausedUntil(): number | undefined {
    const now = this.clock.now() - this.origin;
    return now < this.pausedUntilRel ? this.pausedUntilRel + this.origin : undefined;
  }

  /**
   * Venue feedback: the venue says it has counted `used` units in `bucket` (e.g. Binance
   * `X-MBX-USED-WEIGHT-1M`). Raises our usage to that figure; never lowers it below ours.
   */
  sync(bucket: string, used: number): void {
    const i = this.b.index.get(bucket);
    if (i === undefined) throw new ValidationError('bucket', bucket, 'known', `unknown bucket "${bucket}"`);
    if (typeof used !== 'number' || !Number.isFinite(used) || used < 0) {
      throw new ValidationError(
        'used',
        used,
        'nonNegative',
        `used must be a finite number >= 0 (got ${used})`,
      );
    }
    this.b.raiseUsage(i, used, this.clock.now() - this.origin);
    this.queue.reschedule();
  }

  /** Each bucket's capacity, units available now, and refill rate. */
  usage(): BucketUsage[] {
    const now = this.clock.now() - this.origin;
    return this.b.specs.map((spec, i) => ({
      bucket: spec.name,
      capacity: spec.capacity,
      available: Math.max(0, spec.capacity - this.b.used(i, now)),
      refillPerSecond: spec.refillPerSecond,
    }));
  }

  /** Rejects every waiter with {@link RateLimitExceeded} and stops the timer (for shutdown). */
  close(reason = 'rate limiter closed'): void {
    this.queue.rejectAll(() => new RateLimitExceeded(this.venue, `${this.venue}: ${reason}`));
  }

  // ---- used by the wait queue ----

  /** @internal Time now, ms since the limiter's origin. */
  nowRel(): number {
    return this.clock.now() - this.origin;
  }

  /** @internal ms until `v` could be spent at `now` (0 = now), pause included. */
  waitFor(v: Float64Array, now: number): number {
    return Math.max(this.pausedUntilRel - now, this.b.waitFor(v, now));
  }

  /** @internal Spends `v` if possible now; true when spent. */
  take(v: Float64Array, now: number): boolean {
    return now >= this.pausedUntilRel && this.b.take(v, now) === TAKEN;
  }

  /** @internal Called by the queue when a waiter is admitted or given up. */
  record(admitted: boolean, waitedMs: number): void {
    if (admitted) {
      this.s.admitted++;
      this.s.waited++;
      this.s.totalWaitMs += waitedMs;
    } else {
      this.s.rejected++;
    }
  }

  /** @internal The error for a waiter whose `maxWaitMs` passed. */
  timeoutError(v: Float64Array, maxWaitMs: number): RateLimitExceeded {
    const e = this.describe(v, this.nowRel());
    const text = `${this.venue}: rate limit wait exceeded maxWaitMs ${maxWaitMs} (${e.text})`;
    return new RateLimitExceeded(this.venue, text, e.retryAfterMs);
  }

  private enqueue(v: Float64Array, opts: WaitOptions | undefined): Promise<void> {
    const signal = opts?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const maxWaitMs = opts?.maxWaitMs;
    if (maxWaitMs !== undefined && !(maxWaitMs >= 0)) {
      return Promise.reject(
        new ValidationError('maxWaitMs', maxWaitMs, 'nonNegative', 'maxWaitMs must be >= 0'),
      );
    }
    const now = this.nowRel();
    if (this.queue.length === 0) {
      if (this.take(v, now)) {
        this.s.admitted++;
        return RESOLVED;
      }
      // Nobody is ahead and nothing makes the limiter more permissive than now: fail at once.
      const wait = this.waitFor(v, now);
      if (maxWaitMs !== undefined && wait > maxWaitMs) {
        this.s.rejected++;
        const e = this.describe(v, now);
        const text = `${this.venue}: rate limit wait of ${Math.ceil(wait)} ms exceeds maxWaitMs ${maxWaitMs} (${e.text})`;
        return Promise.reject(new RateLimitExceeded(this.venue, text, e.retryAfterMs));
      }
    }
    return new Promise<void>((resolve, reject) => {
      const w: Waiter = { v, resolve, reject, enqueuedAt: now, signal, maxWaitMs };
      this.queue.push(w);
    });
  }

  /** Builds the refusal for a fail-fast check and counts it. */
  private refuse(v: Float64Array, now: number): RateLimitExceeded {
    this.s.rejected++;
    const ahead = this.queue.length;
    if (ahead > 0) {
      const text = `${this.venue}: rate limited: ${ahead} request${ahead === 1 ? '' : 's'} already waiting in line`;
      return new RateLimitExceeded(this.venue, text, Math.ceil(this.queue.headWait(now)));
    }
    const e = this.describe(v, now);
    return new RateLimitExceeded(this.venue, `${this.venue}: ${e.text}`, e.retryAfterMs);
  }

  /** Why `v` cannot be spent at `now`, naming the pause or the bucket that frees last. */
  private describe(v: Float64Array, now: number): { text: string; retryAfterMs: number } {
    const paused = this.pausedUntilRel - now;
    const { bucket, waitMs } = this.b.worst(v, now);
    if (paused > 0 && paused >= waitMs) {
      const why = this.pauseReason === undefined ? '' : ` (${this.pauseReason})`;
      const ms = Math.ceil(paused);
      return { text: `paused by venue feedback${why}; resumes in ${ms} ms`, retryAfterMs: ms };
    }
    const spec = this.b.specs[bucket];
    if (spec === undefined) return { text: 'rate limited', retryAfterMs: 0 };
    const ms = Math.ceil(waitMs);
    return {
      text: `rate limit bucket '${spec.name}' exhausted (capacity ${spec.capacity}, refill ${spec.refillPerSecond}/s); frees in ${ms} ms`,
      retryAfterMs: ms,
    };
  }
}
