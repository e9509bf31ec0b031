/**
 * In-memory journal: keeps events in an array for the life of the process. Survives nothing; for tests,
 * the paper venue and benchmarks. The SQLite and PostgreSQL journals implement the same interface.
 */
import type { OrderEvent } from '../domain/index.ts';
import type { OrderJournal } from './order-journal.ts';

/** An {@link OrderJournal} held in memory. */
export class MemoryJournal implements OrderJournal {
  readonly name = 'memory';
  private readonly events: OrderEvent[] = [];
  private closed = false;

  append(event: OrderEvent): Promise<void> | undefined {
    if (this.closed) throw new Error('journal is closed');
    this.events.push(event);
    return undefined;
  }

  load(): Promise<readonly OrderEvent[]> {
    return Promise.resolve(this.events.slice());
  }

  /** Number of events appended. */
  get size(): number {
    return this.events.length;
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
