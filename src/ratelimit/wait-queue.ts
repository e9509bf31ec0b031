/**
 * The FIFO line of requests waiting for a {@link RateLimiter}: one timer for the head of the line (set to
 * the moment the head's tokens free up), a deadline timer only for waiters that gave `maxWaitMs`, and
 * abort handling. Waiters that leave (abort, timeout) spend nothing.
 */
import type { RateLimitExceeded } from '../errors/index.ts';

/** @internal One queued request. */
export interface Waiter {
  /** Amount per bucket. */
  readonly v: Float64Array;
  readonly resolve: () => void;
  readonly reject: (reason: unknown) => void;
  /** When it joined the line (limiter-relative ms). */
  readonly enqueuedAt: number;
  readonly signal: AbortSignal | undefined;
  readonly maxWaitMs: number | undefined;
  timeout?: ReturnType<typeof setTimeout>;
  onAbort?: () => void;
}

/** @internal What the queue needs from its limiter. */
export interface QueueOwner {
  nowRel(): number;
  waitFor(v: Float64Array, now: number): number;
  take(v: Float64Array, now: number): boolean;
  record(admitted: boolean, waitedMs: number): void;
  timeoutError(v: Float64Array, maxWaitMs: number): RateLimitExceeded;
}

const MAX_TIMER_MS = 2_147_483_647;

/** @internal FIFO wait line of one limiter. */
export class WaitQueue {
  private items: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onTimer = (): void => {
    this.timer = undefined;
    this.drain();
  };

  constructor(private readonly owner: QueueOwner) {}

  /** Number of waiters. */
  get length(): number {
    return this.items.length;
  }

  /** Adds a waiter at the back of the line. */
  push(w: Waiter): void {
    this.items.push(w);
    const signal = w.signal;
    if (signal !== undefined) {
      w.onAbort = () => this.leave(w, signal.reason, false);
      signal.addEventListener('abort', w.onAbort, { once: true });
    }
    if (w.maxWaitMs !== undefined) {
      const maxWaitMs = w.maxWaitMs;
      w.timeout = setTimeout(
        () => {
          this.drain(); // a waiter whose tokens free exactly at its deadline is admitted
          this.leave(w, this.owner.timeoutError(w.v, maxWaitMs), true);
        },
        Math.min(MAX_TIMER_MS, maxWaitMs),
      );
    }
    if (this.items.length === 1) this.drain();
  }

  /** ms until the head could be admitted (0 when the line is empty). */
  headWait(now: number): number {
    const h = this.items[0];
    return h === undefined ? 0 : this.owner.waitFor(h.v, now);
  }

  /** Re-evaluates the head after the limiter's state changed (pause, sync, a waiter left). */
  reschedule(): void {
    if (this.items.length === 0) return;
    this.drain();
  }

  /** Rejects every waiter (shutdown). */
  rejectAll(makeError: () => unknown): void {
    this.stopTimer();
    const items = this.items;
    this.items = [];
    for (const w of items) {
      this.cleanup(w);
      this.owner.record(false, 0);
      w.reject(makeError());
    }
  }

  /** Admits every head whose tokens are free now, then arms one timer for the next head. */
  private drain(): void {
    this.stopTimer();
    const owner = this.owner;
    const now = owner.nowRel();
    for (;;) {
      const h = this.items[0];
      if (h === undefined) return;
      const wait = owner.waitFor(h.v, now);
      if (wait > 0 || !owner.take(h.v, now)) {
        this.timer = setTimeout(this.onTimer, Math.min(MAX_TIMER_MS, Math.max(1, Math.ceil(wait))));
        return;
      }
      this.items.shift();
      this.cleanup(h);
      owner.record(true, now - h.enqueuedAt);
      h.resolve();
    }
  }

  /** Removes a waiter that gave up; nothing is spent. */
  private leave(w: Waiter, reason: unknown, timedOut: boolean): void {
    const i = this.items.indexOf(w);
    if (i < 0) return;
    this.items.splice(i, 1);
    this.cleanup(w);
    if (timedOut) this.owner.record(false, 0);
    w.reject(reason);
    if (i === 0) {
      if (this.items.length === 0) this.stopTimer();
      else this.drain();
    }
  }

  private cleanup(w: Waiter): void {
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
