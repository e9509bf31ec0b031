/**
 * The adapter's own metering of its cancels, batch posts and private reads against the venue's
 * published per-endpoint limits (reference §9), one linked 10 s / 10 min limiter per endpoint group.
 * Single orders (`POST /order`) are metered by the engine's limiter for the venue, not here. A request
 * waits for its group's budget in FIFO order (up to `maxWaitMs`); past that it is not sent at all, and
 * says so. A 429 from the venue pauses its group for the `Retry-After` it gives.
 */

import type { Clock } from '../../domain/index.ts';
import { RateLimitExceeded } from '../../errors/index.ts';
import type { RateLimiter } from '../../ratelimit/index.ts';
import { limitConfig, POLYMARKET_PUBLISHED_LIMITS, type PublishedLimit } from './polymarket-rate-limits.ts';

/** The endpoint group (a key of the published limits) that a request spends from, if metered here. */
export function endpointGroup(method: string, pathAndQuery: string): string | undefined {
  const q = pathAndQuery.indexOf('?');
  const path = q < 0 ? pathAndQuery : pathAndQuery.slice(0, q);
  if (method === 'DELETE') {
    if (path === '/order') return 'DELETE /order';
    if (path === '/orders') return 'DELETE /orders';
    if (path === '/cancel-all' || path === '/cancel-market-orders') return 'DELETE /cancel-all';
    return undefined;
  }
  if (method === 'POST' && path === '/orders') return 'POST /orders';
  if (method === 'GET') {
    if (path === '/data/orders' || path.startsWith('/data/order/')) return 'GET /data/orders';
    if (path === '/data/trades') return 'GET /data/trades';
  }
  return undefined;
}

/** Per-endpoint-group limiters of one adapter. */
export class RequestMeter {
  readonly #limiters = new Map<string, RateLimiter>();
  readonly #maxWaitMs: number;
  readonly #clock: Clock;

  /**
   * @param venueId names the limiters (`<venue>:<group>`) in errors and stats.
   * @param overrides limits that replace the published ones for some groups (an account's own tier).
   */
  constructor(
    venueId: string,
    clock: Clock,
    maxWaitMs: number,
    overrides: Readonly<Record<string, PublishedLimit>> = {},
  ) {
    this.#maxWaitMs = maxWaitMs;
    this.#clock = clock;
    for (const [group, published] of Object.entries(POLYMARKET_PUBLISHED_LIMITS)) {
      if (group === 'POST /order') continue;
      const l = overrides[group] ?? published;
      this.#limiters.set(group, limitConfig(l).build(`${venueId}:${group}`, { clock }));
    }
  }

  /**
   * Spends one request from the group of (method, path): `undefined` when it may go now (or is not
   * metered), else a promise of `undefined` once it may go, or of the reason it must not be sent.
   */
  acquire(method: string, pathAndQuery: string): Promise<string | undefined> | undefined {
    const group = endpointGroup(method, pathAndQuery);
    const limiter = group === undefined ? undefined : this.#limiters.get(group);
    if (limiter === undefined || limiter.tryAcquire()) return undefined;
    return limiter.check(1, { maxWaitMs: this.#maxWaitMs }).then(
      () => undefined,
      (e: unknown) =>
        e instanceof RateLimitExceeded ? `not sent: ${e.message}` : `not sent: ${(e as Error).message}`,
    );
  }

  /** The venue answered 429 on (method, path): that group admits nothing for `retryAfterMs`. */
  pause(method: string, pathAndQuery: string, retryAfterMs: number, reason: string): void {
    const group = endpointGroup(method, pathAndQuery);
    if (group !== undefined) this.#limiters.get(group)?.pauseUntil(this.#clock.now() + retryAfterMs, reason);
  }

  /** The limiter of an endpoint group (for stats). */
  limiter(group: string): RateLimiter | undefined {
    return this.#limiters.get(group);
  }

  /** Releases waiting requests (they are not sent). */
  close(): void {
    for (const l of this.#limiters.values()) l.close('venue closed');
  }
}
