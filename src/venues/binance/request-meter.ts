/**
 * WeightMeter: the adapter's own metering of every request by REQUEST_WEIGHT (reference §7), venue
 * feedback included: `X-MBX-USED-WEIGHT-1M` raises our count (RateLimiter.sync), a 429 pauses for its
 * `Retry-After`, and a 418 stops the venue: every request is then refused locally until the ban ends.
 * A request waits for its weight in FIFO order up to `maxWaitMs`; past that it is not sent, and says so.
 */
import type { Clock } from '../../domain/index.ts';
import type { RateLimiter, RateLimiterConfig } from '../../ratelimit/index.ts';

/** Per-venue request-weight meter and ban state. */
export class WeightMeter {
  #limiter: RateLimiter;
  readonly #venueId: string;
  readonly #clock: Clock;
  readonly #maxWaitMs: number;
  #bannedUntil = 0;
  #banReason = '';

  /** Builds the meter from a weight configuration (see `binanceRateLimits`). */
  constructor(venueId: string, config: RateLimiterConfig, clock: Clock, maxWaitMs: number) {
    this.#venueId = venueId;
    this.#clock = clock;
    this.#maxWaitMs = maxWaitMs;
    this.#limiter = config.build(`${venueId}:weight`, { clock });
  }

  /** Replaces the limits (after exchangeInfo has been read); waiters of the old limiter are refused. */
  reconfigure(config: RateLimiterConfig): void {
    const old = this.#limiter;
    this.#limiter = config.build(`${this.#venueId}:weight`, { clock: this.#clock });
    const until = old.pausedUntil();
    if (until !== undefined) this.#limiter.pauseUntil(until, 'venue pause');
    old.close('limits reconfigured');
  }

  /** The weight limiter (for stats and tests). */
  get limiter(): RateLimiter {
    return this.#limiter;
  }

  /** Why requests are refused now (a 418 ban), or undefined. */
  banned(): string | undefined {
    return this.#clock.now() < this.#bannedUntil ? this.#banReason : undefined;
  }

  /** Ms since epoch until which the venue banned us (0 when never). */
  get bannedUntil(): number {
    return this.#bannedUntil;
  }

  /**
   * Spends `weight`: undefined when the request may go now, else a promise of undefined once it may
   * go, or of the reason it must not be sent.
   */
  acquire(weight: number): Promise<string | undefined> | undefined {
    const ban = this.banned();
    if (ban !== undefined) return Promise.resolve(`not sent: ${ban}`);
    const l = this.#limiter;
    const w = Math.max(1, weight);
    if (l.tryAcquire(w)) return undefined;
    return l.check(w, { maxWaitMs: this.#maxWaitMs }).then(
      () => undefined,
      (e: unknown) => `not sent: ${(e as Error).message}`,
    );
  }

  /** The venue's own count of the minute's weight. */
  sync(bucket: string, used: number): void {
    try {
      this.#limiter.sync(bucket, used);
    } catch {
      // an unknown interval in a header: nothing to raise
    }
  }

  /** A 429: nothing is sent for `ms`. */
  pause(ms: number, reason: string): void {
    this.#limiter.pauseUntil(this.#clock.now() + ms, reason);
  }

  /** A 418: the venue is stopped until `now + ms`; every request is refused locally until then. */
  ban(ms: number, reason: string): void {
    const until = this.#clock.now() + ms;
    if (until > this.#bannedUntil) {
      this.#bannedUntil = until;
      this.#banReason = `${reason} (requests refused locally until ${new Date(until).toISOString()})`;
    }
    this.#limiter.pauseUntil(until, reason);
  }

  /** Releases waiters. */
  close(): void {
    this.#limiter.close('venue closed');
  }
}
