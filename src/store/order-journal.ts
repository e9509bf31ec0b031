/**
 * `store/`: the order-event journal. Every order event is appended; an order's state is the fold of its
 * events. The engine awaits `append` of an order's `Submitted` event before anything is sent to a venue
 * (write-ahead), so a crash never leaves a sent order the journal does not know.
 */
import type { OrderEvent } from '../domain/index.ts';

/** Counters a journal keeps about its writes (for tests, metrics and the readiness report). */
export interface JournalStats {
  /** Appends accepted (queued or written). */
  readonly appends: number;
  /** Transactions committed; with group commit one commit carries a whole batch of appends. */
  readonly commits: number;
  /** Events in the largest batch committed so far. */
  readonly maxBatch: number;
  /** Appends that were rejected (their batch failed, they could not be encoded, or the journal was closed). */
  readonly failures: number;
}

/** An append-only log of order events. */
export interface OrderJournal {
  /** Human name for logs and the readiness report (`memory`, `sqlite:/path`, ...). */
  readonly name: string;
  /**
   * Appends one event. Returns a promise that resolves when the event is durable (as durable as the
   * implementation makes it), or nothing when it already is on return (a synchronous store). Appends take
   * effect in call order. A failure rejects the promise (or throws, for a synchronous store).
   */
  append(event: OrderEvent): Promise<void> | undefined;
  /** Every event in append order. */
  load(): Promise<readonly OrderEvent[]>;
  /**
   * Visits every event in append order without holding them all (start-up replay of a large journal);
   * resolves with the number visited. Optional: without it, callers use {@link load}.
   */
  forEach?(visit: (event: OrderEvent) => void): Promise<number>;
  /** Flushes and releases the store. */
  close(): Promise<void>;
  /** Write counters, when the implementation keeps them (every journal in `store/` does). */
  readonly stats?: JournalStats;
}
