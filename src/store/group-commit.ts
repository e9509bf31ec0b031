/**
 * Group commit for the durable journals: appends queue up, and one commit writes every append queued
 * since the last one. Owns {@link GroupCommit}.
 *
 * A batch starts on the next event-loop turn after the first append (so every append made in the same
 * turn, including its microtasks, joins it) and, while a commit is in flight, every new append waits for
 * the next batch. Only one commit runs at a time, so batches, and the appends inside each, take effect in
 * call order. Each append's promise resolves when its batch is committed, or rejects with the batch's error.
 */
import type { JournalStats } from './order-journal.ts';

/** Taken at load, so that a test's fake timers (installed later) cannot stall commits. */
const nextTurn: (fn: () => void) => unknown = setImmediate;

interface Pending<T> {
  readonly item: T;
  readonly resolve: () => void;
  readonly reject: (e: Error) => void;
}

/** Batches items into commits; `commit` writes one batch in one transaction (sync or async). */
export class GroupCommit<T> {
  private queue: Pending<T>[] = [];
  private running: Promise<void> | undefined;
  private scheduled = false;
  private readonly counters = { appends: 0, commits: 0, maxBatch: 0, failures: 0 };

  /**
   * @param commit writes one batch atomically; throws (or rejects) if nothing of it was written.
   * @param wrapError turns a commit's failure into the error each append of the batch rejects with.
   * @param maxBatch the most items in one commit.
   */
  constructor(
    private readonly commit: (items: readonly T[]) => void | Promise<void>,
    private readonly wrapError: (e: unknown, size: number) => Error,
    private readonly maxBatch = 5000,
  ) {}

  /** Queues one item; resolves when the batch holding it is committed. */
  add(item: T): Promise<void> {
    this.counters.appends++;
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Counts one append refused before it was queued (closed journal, unencodable event). */
  refused(): void {
    this.counters.failures++;
  }

  /** Commits everything queued now and waits for it (and for a commit in flight). */
  async flush(): Promise<void> {
    while (this.running !== undefined || this.queue.length > 0) await this.drain();
  }

  /** Items queued and not yet committed. */
  get pending(): number {
    return this.queue.length;
  }

  /** Write counters (a snapshot). */
  get stats(): JournalStats {
    return { ...this.counters };
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    nextTurn(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  private drain(): Promise<void> {
    if (this.running !== undefined) return this.running;
    if (this.queue.length === 0) return Promise.resolve();
    const run = this.runBatches().finally(() => {
      this.running = undefined;
      if (this.queue.length > 0) this.schedule();
    });
    this.running = run;
    return run;
  }

  private async runBatches(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        await this.commit(batch.map((p) => p.item));
      } catch (e) {
        this.counters.failures += batch.length;
        const err = this.wrapError(e, batch.length);
        for (const p of batch) p.reject(err);
        continue;
      }
      this.counters.commits++;
      if (batch.length > this.counters.maxBatch) this.counters.maxBatch = batch.length;
      for (const p of batch) p.resolve();
    }
  }
}
