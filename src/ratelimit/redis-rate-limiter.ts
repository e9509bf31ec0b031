/**
 * A venue's rate limiter whose budget is shared by every process using the same Redis key: the GCRA
 * buckets live in Redis and are decided there by one Lua script; each process leases a few units at a
 * time into a local allowance that the synchronous checks spend; waits are FIFO within the process;
 * pauses are shared; while Redis cannot be reached it falls back to a local share of the budget (or
 * fails closed). See README.md, "Shared budgets (Redis)".
 */
import type { Clock } from '../domain/index.ts';
import { systemClock } from '../domain/index.ts';
import { RateLimitExceeded, ValidationError } from '../errors/index.ts';
import { FallbackBudget } from './fallback-budget.ts';
import { GcraBuckets } from './gcra-buckets.ts';
import { type Lease, LeaseLedger } from './lease-ledger.ts';
import type { Limiter } from './limiter.ts';
import type { BucketUsage, RateLimiterStats, WaitOptions } from './rate-limiter.ts';
import type { BucketSpec } from './rate-limiter-config.ts';
import { RedisLink } from './redis-link.ts';
import {
  type ResolvedSharedOptions,
  reportByWarning,
  resolveSharedOptions,
  type SharedLimiterEvent,
  type SharedLimiterOptions,
} from './shared-limiter-options.ts';
import { type SharedWaiter, SharedWaitLine } from './shared-wait-line.ts';

/** The longest pause stored in Redis (7 days); a longer one (even Infinity) holds in this process. */
const MAX_SHARED_PAUSE_MS = 7 * 24 * 3600 * 1000;

/** Where a shared limiter takes its decisions from. */
export type SharedLimiterMode = 'shared' | 'fallback' | 'failClosed' | 'closed';

/** Counters of the Redis side of a {@link RedisRateLimiter}. */
export interface SharedLimiterStats {
  /** Leases granted, and the units they held. */
  leases: number;
  leasedUnits: number;
  /** Leased units spent, and units that expired unspent (given back to Redis as far as still useful). */
  spentUnits: number;
  expiredUnits: number;
  /** Script calls answered, and failed (each failure puts the limiter in its unavailable mode). */
  redisCalls: number;
  redisErrors: number;
  /** Requests admitted from the local fallback budget while Redis was down. */
  fallbackAdmitted: number;
}

/**
 * Rate limiter sharing one venue account's budget with other processes through Redis. Build it with
 * {@link buildSharedLimiter}. Same GCRA buckets, weights and linked buckets as {@link RateLimiter}.
 */
export class RedisRateLimiter implements Limiter {
  /** The venue this limiter guards. */
  readonly venue: string;
  /** The Redis key of the venue's buckets (pauses are published on `<key>:pause`). */
  readonly key: string;
  private readonly clock: Clock;
  private readonly o: ResolvedSharedOptions;
  private readonly b: GcraBuckets;
  private readonly specArgs: string[];
  private readonly link: RedisLink;
  private readonly fallback: FallbackBudget;
  private readonly onEvent: (e: SharedLimiterEvent) => void;
  private readonly ledger = new LeaseLedger();
  private readonly line: SharedWaitLine;
  private readonly s: RateLimiterStats = { admitted: 0, rejected: 0, waited: 0, totalWaitMs: 0 };
  private readonly ss: SharedLimiterStats = {
    leases: 0,
    leasedUnits: 0,
    spentUnits: 0,
    expiredUnits: 0,
    redisCalls: 0,
    redisErrors: 0,
    fallbackAdmitted: 0,
  };
  private m: SharedLimiterMode = 'shared';
  private downSince = 0;
  private pausedUntilMs = Number.NEGATIVE_INFINITY;
  private pauseReason = '';
  /** The lease request in flight, if any (one at a time). */
  private inflight: Promise<LeaseAnswer> | undefined;
  private lastWaitMs = 0;
  /** After a refused lease, no background lease is tried before this local time. */
  private retryAt = 0;
  private closing = false;
  private probeTimer: ReturnType<typeof setTimeout> | undefined;
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly background = new Set<Promise<unknown>>();

  /** @internal Use {@link buildSharedLimiter}. */
  constructor(venue: string, buckets: readonly BucketSpec[], opts: SharedLimiterOptions) {
    this.venue = venue;
    this.o = resolveSharedOptions(opts, buckets);
    this.clock = opts.clock ?? systemClock;
    this.b = new GcraBuckets(buckets);
    this.key = `${this.o.keyPrefix}${venue}`;
    this.specArgs = [String(this.b.n)];
    buckets.forEach((spec, i) => {
      this.specArgs.push(spec.name, String(this.b.iv[i]), String(this.b.lim[i]));
    });
    this.fallback = new FallbackBudget(venue, buckets, this.o.fallbackShare, this.clock);
    this.onEvent = opts.onEvent ?? reportByWarning;
    this.line = new SharedWaitLine(this);
    this.link = new RedisLink(opts.redis, this.key, this.o.timeoutMs, this.o.retryMs, {
      onReady: () => {
        if (this.m === 'fallback' || this.m === 'failClosed') this.probe();
      },
      onPause: (ms, reason) => this.applyPause(this.clock.now() + ms, reason),
    });
  }

  /** Counters (live object; read-only to callers). */
  get stats(): Readonly<RateLimiterStats> {
    return this.s;
  }

  /** Counters of leases, Redis calls and fallback admissions (live object). */
  get sharedStats(): Readonly<SharedLimiterStats> {
    return this.ss;
  }

  /** Number of requests waiting in this process's line. */
  get pending(): number {
    return this.line.length;
  }

  /** `shared` (Redis decides), `fallback` / `failClosed` (Redis unreachable), or `closed`. */
  get mode(): SharedLimiterMode {
    return this.m;
  }

  /** Units leased and not yet spent by this process. */
  get allowance(): number {
    return this.ledger.total;
  }

  /**
   * Spends `weight` from the leased allowance (or, while Redis is down, from the local fallback) at once,
   * or answers `false`. A refusal starts a lease in the background, so a retry moments later may pass;
   * use {@link check} to wait for Redis instead.
   */
  tryAcquire(weight = 1): boolean {
    const now = this.clock.now();
    if (this.admitNow(weight, now)) {
      this.s.admitted++;
      return true;
    }
    this.b.checkWeight(weight);
    this.s.rejected++;
    this.prefetch(weight);
    return false;
  }

  /** Like {@link tryAcquire} but throws {@link RateLimitExceeded} saying why. */
  tryCheck(weight = 1): void {
    if (!this.tryAcquire(weight)) throw this.refusal(weight);
  }

  /**
   * Waits (FIFO within this process) until `weight` can be spent, leasing from Redis as needed. Rejects
   * with {@link RateLimitExceeded} when `maxWaitMs` passes first (or, once Redis has said how long the
   * wait is, as soon as it is known to be longer), or with the signal's reason on abort.
   */
  check(weight = 1, opts?: WaitOptions): Promise<void> {
    try {
      this.b.checkWeight(weight);
    } catch (e) {
      return Promise.reject(e);
    }
    const signal = opts?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const maxWaitMs = opts?.maxWaitMs;
    if (maxWaitMs !== undefined && !(maxWaitMs >= 0)) {
      return Promise.reject(
        new ValidationError('maxWaitMs', maxWaitMs, 'nonNegative', 'maxWaitMs must be >= 0'),
      );
    }
    if (this.m === 'closed' || this.closing) return Promise.reject(this.closedError('rate limiter closed'));
    const now = this.clock.now();
    if (this.admitNow(weight, now)) {
      this.s.admitted++;
      return Promise.resolve();
    }
    return this.line.push(weight, now, signal, maxWaitMs);
  }

  /**
   * Venue feedback: admit nothing until `timeMs` (local clock), in every process sharing the key. The
   * pause is stored in Redis as a duration from the server's clock, and published to the other processes.
   */
  pauseUntil(timeMs: number, reason?: string): void {
    if (typeof timeMs !== 'number' || Number.isNaN(timeMs))
      throw new ValidationError('timeMs', timeMs, 'number');
    const ms = Math.min(timeMs - this.clock.now(), MAX_SHARED_PAUSE_MS);
    if (!this.applyPause(timeMs, reason ?? '') || ms <= 0 || this.m === 'closed') return;
    this.track(this.call(['pause', String(ms), reason ?? '']));
  }

  /** Local clock time until which admission is paused (as far as this process knows), or undefined. */
  pausedUntil(): number | undefined {
    return this.clock.now() < this.pausedUntilMs ? this.pausedUntilMs : undefined;
  }

  /**
   * Venue feedback: the venue has counted `used` units in `bucket` for the account. Raises the shared
   * usage in Redis (in the background; never lowers it), and the local fallback's in proportion.
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
    this.fallback.sync(bucket, used);
    if (this.m !== 'closed') this.track(this.call(['sync', String(i + 1), String(used)]));
  }

  /** Each shared bucket's capacity, units available now in Redis, and refill rate (one Redis call). */
  async sharedUsage(): Promise<BucketUsage[]> {
    const r = await this.link.call([...this.opArgs('peek')]);
    return this.b.specs.map((spec, i) => ({
      bucket: spec.name,
      capacity: spec.capacity,
      available: Math.max(0, spec.capacity - Math.max(0, Number(r[i + 2]))),
      refillPerSecond: spec.refillPerSecond,
    }));
  }

  /** Resolves when the Redis calls started so far (pause, sync, refunds) have finished. */
  async flush(): Promise<void> {
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
  }

  /**
   * Rejects every waiter with {@link RateLimitExceeded}, gives unspent leased units back to Redis, and
   * closes the connection it opened (a client passed in stays open). Resolves when that is done.
   */
  async close(reason = 'rate limiter closed'): Promise<void> {
    if (this.m === 'closed' || this.closing) return;
    this.closing = true;
    this.line.rejectAll(() => this.closedError(reason));
    clearTimeout(this.probeTimer);
    clearTimeout(this.expiryTimer);
    await this.inflight?.catch(() => {}); // a grant in flight lands in the ledger and is given back below
    const leases = this.ledger.drain();
    const wasUp = this.m === 'shared';
    this.m = 'closed';
    if (wasUp && leases.length > 0) await Promise.allSettled(leases.map((l) => this.refund(l)));
    await this.flush();
    this.fallback.close(reason);
    await this.link.close();
  }

  // ---- used by the wait line ----

  /** @internal Local clock. */
  now(): number {
    return this.clock.now();
  }

  /** @internal Counts a waiter admitted (after waiting for budget when `held`) or given up. */
  record(admitted: boolean, waitedMs: number, held: boolean): void {
    if (admitted) {
      this.s.admitted++;
      if (!held) return;
      this.s.waited++;
      this.s.totalWaitMs += waitedMs;
    } else {
      this.s.rejected++;
    }
  }

  /**
   * @internal One step for the head of the line: `0` when it was admitted now, a number of ms to wait
   * before trying again, or a promise that settles once a lease request was answered.
   */
  step(h: SharedWaiter, now: number): number | Promise<LeaseAnswer> {
    if (this.m === 'closed') throw this.closedError('rate limiter closed');
    if (now < this.pausedUntilMs) return this.pausedUntilMs - now;
    if (this.spend(h.weight, now)) return 0;
    if (this.m === 'fallback') {
      if (this.fallback.tryAcquire(h.weight)) {
        this.ss.fallbackAdmitted++;
        return 0;
      }
      return Math.min(this.fallback.waitFor(h.weight), this.o.retryMs);
    }
    if (this.m === 'failClosed') throw this.unavailableError();
    return this.lease(h.weight);
  }

  /** @internal The error for a waiter whose `maxWaitMs` passed. */
  timeoutError(weight: number, maxWaitMs: number, knownWaitMs?: number): RateLimitExceeded {
    const why = this.refusal(weight, false);
    const wait =
      knownWaitMs === undefined ? '' : ` (needs ${Math.ceil(knownWaitMs)} ms more: ${why.message})`;
    return new RateLimitExceeded(
      this.venue,
      `${this.venue}: rate limit wait exceeded maxWaitMs ${maxWaitMs}${wait}`,
      why.retryAfterMs,
    );
  }

  // ---- internals ----

  /** The synchronous admission: nobody waiting, no pause, and the allowance (or fallback) covers it. */
  private admitNow(weight: number, now: number): boolean {
    if (this.line.length !== 0 || now < this.pausedUntilMs || !(weight > 0 && weight <= this.b.minCap))
      return false;
    if (this.spend(weight, now)) return true;
    if (this.m === 'fallback' && this.fallback.tryAcquire(weight)) {
      this.ss.fallbackAdmitted++;
      return true;
    }
    return false;
  }

  /** Spends from the leased allowance (after giving back expired leases). */
  private spend(weight: number, now: number): boolean {
    if (now >= this.ledger.nextExpiry) this.expire(now);
    if (!this.ledger.take(weight)) return false;
    this.ss.spentUnits += weight;
    if (this.ledger.total < 1) this.prefetch(1);
    return true;
  }

  /** Leases in the background so that the next synchronous check may pass. */
  private prefetch(need: number): void {
    if (!this.o.prefetch || this.m !== 'shared' || this.closing || this.inflight !== undefined) return;
    if (this.clock.now() < this.retryAt) return;
    this.lease(need).catch(() => {});
  }

  /** Asks Redis for a lease of at least `weight` units on hand (one request in flight at a time). */
  private lease(weight: number): Promise<LeaseAnswer> {
    if (this.inflight !== undefined) return this.inflight;
    const have = this.ledger.total;
    const need = Math.max(0, weight - have);
    const want = Math.max(this.o.leaseSize, weight) - have;
    const p = this.call(['lease', String(need), String(want)]).then((r) => {
      if (r === undefined) return { granted: 0, waitMs: 0 };
      const granted = Number(r[0]);
      const waitMs = Number(r[1]);
      const pauseMs = Number(r[2]);
      if (pauseMs > 0) this.applyPause(this.clock.now() + pauseMs, r[3] ?? '');
      if (granted > 0) {
        if (this.m === 'closed') {
          // closed while the lease was in flight: give it back (a grant that lands while Redis is
          // otherwise seen as down was charged all the same, and is spent)
          this.track(this.refund({ units: granted, ends: r.slice(4), expiresAt: 0 }));
          return { granted: 0, waitMs: 0 };
        }
        this.ss.leases++;
        this.ss.leasedUnits += granted;
        this.ledger.add(granted, r.slice(4), this.clock.now() + this.o.leaseTtlMs);
        this.armExpiry();
      }
      if (granted > 0) return { granted, waitMs: 0 };
      this.lastWaitMs = Math.max(1, waitMs);
      this.retryAt = this.clock.now() + this.lastWaitMs;
      return { granted: 0, waitMs: this.lastWaitMs };
    });
    this.inflight = p;
    const clear = (): void => {
      if (this.inflight === p) this.inflight = undefined;
    };
    p.then(clear, clear);
    return p;
  }

  /** Gives back the unused units of expired leases. */
  private expire(now: number): void {
    for (const l of this.ledger.expire(now)) {
      this.ss.expiredUnits += l.units;
      if (this.m === 'shared') this.track(this.refund(l));
    }
    this.armExpiry();
  }

  private refund(l: Lease): Promise<unknown> {
    return this.link.call(this.opArgs('refund', String(l.units), ...l.ends)).catch(() => {});
  }

  /** A timer (not keeping the process alive) that gives back leases idle past their expiry. */
  private armExpiry(): void {
    clearTimeout(this.expiryTimer);
    if (this.ledger.nextExpiry === Number.POSITIVE_INFINITY) return;
    const ms = Math.max(1, this.ledger.nextExpiry - this.clock.now());
    this.expiryTimer = setTimeout(() => this.expire(this.clock.now()), ms);
    this.expiryTimer.unref();
  }

  /** Runs one script op; on failure switches to the unavailable mode and answers undefined. */
  private async call(args: readonly string[]): Promise<string[] | undefined> {
    try {
      const r = await this.link.call(this.opArgs(args[0] as string, ...args.slice(1)));
      this.ss.redisCalls++;
      return r;
    } catch (e) {
      this.ss.redisErrors++;
      this.down(e instanceof Error ? e : new Error(String(e)));
      return undefined;
    }
  }

  private opArgs(op: string, ...rest: string[]): string[] {
    return [op, ...this.specArgs, ...rest];
  }

  /** Redis is unreachable: fall back (or fail closed), tell, and keep trying it. */
  private down(error: Error): void {
    if (this.m !== 'shared') return;
    this.m = this.o.onUnavailable === 'local' ? 'fallback' : 'failClosed';
    this.downSince = this.clock.now();
    this.onEvent({ type: 'unavailable', venue: this.venue, mode: this.m, error });
    this.armProbe();
    this.line.kick();
  }

  private armProbe(): void {
    clearTimeout(this.probeTimer);
    this.probeTimer = setTimeout(() => this.probe(), this.o.retryMs);
    this.probeTimer.unref();
  }

  /** Tries Redis while down; back to `shared` once it answers. */
  private probe(): void {
    if (this.m !== 'fallback' && this.m !== 'failClosed') return;
    this.link.call(this.opArgs('peek')).then(
      (r) => {
        if (this.m !== 'fallback' && this.m !== 'failClosed') return;
        clearTimeout(this.probeTimer);
        this.m = 'shared';
        const pauseMs = Number(r[0]);
        if (pauseMs > 0) this.applyPause(this.clock.now() + pauseMs, r[1] ?? '');
        // a pause the venue asked for while Redis was down is shared now
        const ms = this.pausedUntilMs - this.clock.now();
        if (ms > pauseMs + 1) this.track(this.call(['pause', String(ms), this.pauseReason]));
        this.onEvent({ type: 'recovered', venue: this.venue, downMs: this.clock.now() - this.downSince });
        this.line.kick();
      },
      () => this.armProbe(),
    );
  }

  /** Extends the local pause (and the fallback's); true when it was extended. */
  private applyPause(untilMs: number, reason: string): boolean {
    if (!(untilMs > this.pausedUntilMs)) return false;
    this.pausedUntilMs = untilMs;
    this.pauseReason = reason;
    this.fallback.pauseUntil(untilMs, reason);
    this.line.kick();
    return true;
  }

  private track(p: Promise<unknown>): void {
    this.background.add(p);
    p.finally(() => this.background.delete(p)).catch(() => {});
  }

  /** Why `weight` cannot be admitted synchronously now (`inLine`: counting the waiters ahead). */
  private refusal(weight: number, inLine = true): RateLimitExceeded {
    const now = this.clock.now();
    const v = this.venue;
    const ahead = inLine ? this.line.length : 0;
    if (this.m === 'closed') return this.closedError('rate limiter closed');
    if (ahead > 0) {
      const text = `${v}: rate limited: ${ahead} request${ahead === 1 ? '' : 's'} already waiting in line`;
      return new RateLimitExceeded(v, text, Math.ceil(this.lastWaitMs));
    }
    if (now < this.pausedUntilMs) {
      const ms = Math.ceil(this.pausedUntilMs - now);
      const why = this.pauseReason === '' ? '' : ` (${this.pauseReason})`;
      return new RateLimitExceeded(v, `${v}: paused by venue feedback${why}; resumes in ${ms} ms`, ms);
    }
    if (this.m === 'failClosed') return this.unavailableError();
    if (this.m === 'fallback') return this.fallback.refusal(weight);
    const ms = Math.ceil(this.lastWaitMs);
    return new RateLimitExceeded(
      v,
      `${v}: no leased budget on hand for weight ${weight} (shared bucket; last wait given ${ms} ms)`,
      ms,
    );
  }

  private unavailableError(): RateLimitExceeded {
    return new RateLimitExceeded(
      this.venue,
      `${this.venue}: shared rate-limit store unreachable and onUnavailable is 'fail'`,
      this.o.retryMs,
    );
  }

  private closedError(reason: string): RateLimitExceeded {
    return new RateLimitExceeded(this.venue, `${this.venue}: ${reason}`);
  }
}

/** The answer to a lease request (`granted` 0: refused, or Redis unreachable). */
export interface LeaseAnswer {
  readonly granted: number;
  readonly waitMs: number;
}
