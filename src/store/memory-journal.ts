/**
 * In-memory journal: keeps events in an array for the life of the process. Survives nothing; for tests,
 * the paper venue and benchmarks. The SQLite and PostgreSQL journals implement the same interface.
 */
import type { OrderEvent } from '../domain/index.ts';
import { StoreError } from '../errors/index.ts';
import type { JournalStats, OrderJournal } from './order-journal.ts';

/** An {@link OrderJournal} held in memory. */
export class MemoryJournal implements OrderJournal {
  readonly name: string = 'memory';
  private readonly events: OrderEvent[] = [];
  private closed = false;
  private readonly counters = { appends: 0, commits: 0, maxBatch: 0, failures: 0 };

  /** Appends at once (each append is its own "commit"); throws {@link StoreError} once closed. */
  append(event: OrderEvent): Promise<void> | undefined {
    if (this.closed) {
      this.counters.failures++;
      throw new StoreError(this.name, 'journal is closed');
    }
    this.events.push(event);
    this.counters.appends++;
    this.counters.commits++;
    this.counters.maxBatch = 1;
    return undefined;
  }

  load(): Promise<readonly OrderEvent[]> {
    return Promise.resolve(this.events.slice());
  }

  /** Number of events appended. */
  get size(): number {
    return this.events.length;
  }

  /** Write counters (a snapshot). */
  get stats(): JournalStats {
    return { ...this.counters };
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
