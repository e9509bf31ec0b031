/**
 * Group commit for the durable journals: appends queue up, and one commit writes every append queued
 * since the last one. Owns {@link GroupCommit}.
 *
 * A batch starts on the next event-loop turn after the first append (so every append made in the same
 * turn, including its microtasks, joins it) and, while `depth` commits are in flight, every new append
 * waits for the next batch. Batches are handed to `commit` in call order; with the default depth of one,
 * one commit runs at a time. Each append's promise resolves when its batch is committed, or rejects with the batch's error.
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
  private inFlight = 0;
  private scheduled = false;
  private waiters: (() => void)[] = [];
  private readonly counters = { appends: 0, commits: 0, maxBatch: 0, failures: 0 };

  /**
   * @param commit writes one batch atomically; throws (or rejects) if nothing of it was written.
   * @param wrapError turns a commit's failure into the error each append of the batch rejects with.
   * @param maxBatch the most items in one commit.
   * @param depth how many commits may be in flight at once (default 1). More than one only for a `commit`
   *   that applies its batches in the order it was called (one writer thread taking them in turn): the
   *   next batch then waits beside the writer instead of behind an event-loop turn.
   */
  constructor(
    private readonly commit: (items: readonly T[]) => void | Promise<void>,
    private readonly wrapError: (e: unknown, size: number) => Error,
    private readonly maxBatch = 5000,
    private readonly depth = 1,
  ) {
    if (!(Number.isInteger(depth) && depth >= 1))
      throw new TypeError('group commit depth must be an integer >= 1');
  }

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

  /** Commits everything queued now and waits for it (and for the commits in flight). */
  async flush(): Promise<void> {
    while (this.inFlight > 0 || this.queue.length > 0) {
      const settled = new Promise<void>((resolve) => this.waiters.push(resolve));
      this.drain();
      await settled;
    }
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
      this.drain();
    });
  }

  /** Starts commits of what is queued, up to `depth` in flight. */
  private drain(): void {
    while (this.inFlight < this.depth && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight++;
      let done: void | Promise<void>;
      try {
        done = this.commit(batch.map((p) => p.item));
      } catch (e) {
        done = Promise.reject(e);
      }
      Promise.resolve(done).then(
        () => this.settle(batch, undefined),
        (e: unknown) => this.settle(batch, e),
      );
    }
  }

  private settle(batch: readonly Pending<T>[], error: unknown): void {
    this.inFlight--;
    if (error === undefined) {
      this.counters.commits++;
      if (batch.length > this.counters.maxBatch) this.counters.maxBatch = batch.length;
      for (const p of batch) p.resolve();
    } else {
      this.counters.failures += batch.length;
      const err = this.wrapError(error, batch.length);
      for (const p of batch) p.reject(err);
    }
    // what queued meanwhile goes now (it has waited for this commit already)
    this.drain();
    for (const w of this.waiters.splice(0)) w();
  }
}
