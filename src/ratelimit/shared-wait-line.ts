/**
 * The FIFO line of requests waiting in one process for a {@link RedisRateLimiter}: the head alone asks
 * for budget (a lease from Redis, or the local fallback), one timer re-tries it when Redis says tokens
 * free up, and waiters may leave (abort, `maxWaitMs`) without spending anything.
 */
import type { RateLimitExceeded } from '../errors/index.ts';

/** @internal One queued request. */
export interface SharedWaiter {
  readonly weight: number;
  readonly resolve: () => void;
  readonly reject: (reason: unknown) => void;
  /** Local clock ms when it joined the line. */
  readonly enqueuedAt: number;
  readonly signal: AbortSignal | undefined;
  readonly maxWaitMs: number | undefined;
  /** Local clock ms after which it gives up. */
  readonly deadline: number | undefined;
  /** A lease request for it is in flight. */
  leasing: boolean;
  /** Its deadline passed while a lease request was in flight: admitted only if that lease is granted. */
  expired: boolean;
  /** It had to wait for budget (not only for Redis to answer). */
  held: boolean;
  timeout?: ReturnType<typeof setTimeout>;
  onAbort?: () => void;
}

/** @internal What the line needs from its limiter. */
export interface LineOwner {
  now(): number;
  /** 0: admitted now; a number: ms to wait; a promise: the answer to a lease request. */
  step(h: SharedWaiter, now: number): number | Promise<{ granted: number; waitMs: number }>;
  /** Counts a waiter admitted (`held`: after waiting for budget, not only for Redis) or given up. */
  record(admitted: boolean, waitedMs: number, held: boolean): void;
  timeoutError(weight: number, maxWaitMs: number, knownWaitMs?: number): RateLimitExceeded;
}

const MAX_TIMER_MS = 2_147_483_647;

/** @internal FIFO wait line of one shared limiter. */
export class SharedWaitLine {
  private items: SharedWaiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private readonly onTimer = (): void => {
    this.timer = undefined;
    this.kick();
  };

  constructor(private readonly owner: LineOwner) {}

  /** Number of waiters. */
  get length(): number {
    return this.items.length;
  }

  /** Adds a waiter at the back of the line; resolves when it is admitted. */
  push(weight: number, now: number, signal: AbortSignal | undefined, maxWaitMs: number | undefined) {
    return new Promise<void>((resolve, reject) => {
      const w: SharedWaiter = {
        weight,
        resolve,
        reject,
        enqueuedAt: now,
        signal,
        maxWaitMs,
        deadline: maxWaitMs === undefined ? undefined : now + maxWaitMs,
        leasing: false,
        expired: false,
        held: false,
      };
      this.items.push(w);
      if (signal !== undefined) {
        w.onAbort = () => this.leave(w, signal.reason, false);
        signal.addEventListener('abort', w.onAbort, { once: true });
      }
      if (maxWaitMs !== undefined) {
        w.timeout = setTimeout(
          () => {
            if (w.leasing) w.expired = true;
            else this.leave(w, this.owner.timeoutError(w.weight, maxWaitMs), true);
          },
          Math.min(MAX_TIMER_MS, maxWaitMs),
        );
      }
      if (this.items.length === 1) this.kick();
    });
  }

  /** Re-evaluates the head now (the limiter's state changed: mode, pause, a waiter left). */
  kick(): void {
    if (this.running || this.items.length === 0) return;
    this.stopTimer();
    void this.run();
  }

  /** Rejects every waiter (shutdown). */
  rejectAll(makeError: () => unknown): void {
    this.stopTimer();
    const items = this.items;
    this.items = [];
    for (const w of items) {
      this.cleanup(w);
      this.owner.record(false, 0, false);
      w.reject(makeError());
    }
  }

  /** Admits heads while budget is at hand; stops at a timer or when the line is empty. */
  private async run(): Promise<void> {
    this.running = true;
    try {
      for (;;) {
        const h = this.items[0];
        if (h === undefined) return;
        const now = this.owner.now();
        let r: ReturnType<LineOwner['step']>;
        try {
          r = this.owner.step(h, now);
        } catch (e) {
          this.leave(h, e, true);
          continue;
        }
        if (r === 0) {
          this.items.shift();
          this.cleanup(h);
          this.owner.record(true, now - h.enqueuedAt, h.held);
          h.resolve();
          continue;
        }
        if (typeof r === 'number') {
          h.held = true;
          this.arm(r);
          return;
        }
        h.leasing = true;
        const a = await r;
        h.leasing = false;
        if (this.items[0] !== h) continue; // it left meanwhile
        if (a.granted > 0) continue; // spent on the next turn
        const t = this.owner.now();
        const wait = a.waitMs;
        if (h.expired || (h.deadline !== undefined && wait > 0 && t + wait > h.deadline)) {
          const max = h.maxWaitMs as number;
          this.leave(h, this.owner.timeoutError(h.weight, max, wait > 0 ? wait : undefined), true);
          continue;
        }
        if (wait <= 0) continue; // Redis became unreachable: the next step uses the fallback
        h.held = true;
        this.arm(wait);
        return;
      }
    } finally {
      this.running = false;
    }
  }

  private arm(ms: number): void {
    this.stopTimer();
    this.timer = setTimeout(this.onTimer, Math.min(MAX_TIMER_MS, Math.max(1, Math.ceil(ms))));
  }

  /** Removes a waiter that gave up; nothing is spent. */
  private leave(w: SharedWaiter, reason: unknown, counted: boolean): void {
    const i = this.items.indexOf(w);
    if (i < 0) return;
    this.items.splice(i, 1);
    this.cleanup(w);
    if (counted) this.owner.record(false, 0, false);
    w.reject(reason);
    if (i === 0) {
      if (this.items.length === 0) this.stopTimer();
      else this.kick();
    }
  }

  private cleanup(w: SharedWaiter): void {
    if (w.timeout !== undefined) clearTimeout(w.timeout);
    if (w.signal !== undefined && w.onAbort !== undefined) w.signal.removeEventListener('abort', w.onAbort);
  }

  private stopTimer(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}
