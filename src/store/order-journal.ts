/**
 * `store/`: the order-event journal. Every order event is appended; an order's state is the fold of its
 * events. The engine awaits `append` of an order's `Submitted` event before anything is sent to a venue
 * (write-ahead), so a crash never leaves a sent order the journal does not know.
 */
import type { OrderEvent } from '../domain/index.ts';

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
  /** Flushes and releases the store. */
  close(): Promise<void>;
}
