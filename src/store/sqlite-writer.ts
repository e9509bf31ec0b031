/**
 * The SQLite journal's writer thread: one better-sqlite3 connection in a worker thread that commits each
 * batch of rows in one transaction and answers when it is durable. Commits (and their fsyncs) then run
 * beside the event loop instead of on it. Batches are taken in the order they were sent; every batch
 * already waiting when a commit starts joins it, so the writer goes from one fsync to the next without
 * waiting for the event loop to hand it the next batch. The main thread keeps its own connection for the schema and for reads (WAL lets
 * them see every committed batch).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** One row: order id, event type, ts, encoded body. */
export type JournalRow = readonly [orderId: string, type: string, ts: number, body: string];

// Plain JavaScript, evaluated in the worker (it needs no TypeScript loader wherever the journal runs).
const WORKER_CODE = `
const { parentPort, workerData, receiveMessageOnPort } = require('node:worker_threads');
const Database = require(workerData.module);
let db;
let insert;
let commit;
try {
  db = new Database(workerData.path, { timeout: workerData.timeout });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = ' + workerData.synchronous);
  insert = db.prepare('INSERT INTO order_events (order_id, type, ts, body) VALUES (?, ?, ?, ?)');
  commit = db.transaction((batches) => {
    for (const b of batches) for (const r of b.rows) insert.run(r[0], r[1], r[2], r[3]);
  });
} catch (e) {
  parentPort.postMessage({ id: 0, ok: false, message: 'cannot open the writer: ' + e.message });
}
function close(m) {
  try { if (db) db.close(); } catch (e) {}
  parentPort.postMessage({ id: m.id, ok: true });
  parentPort.close();
}
parentPort.on('message', (first) => {
  if (first.close) return close(first);
  // every batch already waiting joins this commit (one transaction, one fsync), in the order sent
  const batches = [first];
  let closing;
  for (let next = receiveMessageOnPort(parentPort); next !== undefined; next = receiveMessageOnPort(parentPort)) {
    if (next.message.close) { closing = next.message; break; }
    batches.push(next.message);
  }
  if (!commit) {
    for (const b of batches) parentPort.postMessage({ id: b.id, ok: false, message: 'the writer could not open the file' });
  } else {
    try {
      commit.immediate(batches);
      for (const b of batches) parentPort.postMessage({ id: b.id, ok: true });
    } catch (e) {
      for (const b of batches) parentPort.postMessage({ id: b.id, ok: false, message: e.message, code: e.code });
    }
  }
  if (closing) close(closing);
});
`;

const require = createRequire(import.meta.url);

/** The writer thread of one journal file. */
export class SqliteWriter {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  #next = 1;
  #failed: Error | undefined;
  #closing = false;

  constructor(path: string, synchronous: 'FULL' | 'NORMAL', timeoutMs: number) {
    this.#worker = new Worker(WORKER_CODE, {
      eval: true,
      workerData: { module: require.resolve('better-sqlite3'), path, synchronous, timeout: timeoutMs },
    });
    // only a pending commit keeps the process alive
    this.#worker.unref();
    this.#worker.on('message', (m: { id: number; ok: boolean; message?: string; code?: string }) => {
      if (m.id === 0 && !m.ok) {
        this.#fail(new Error(m.message));
        return;
      }
      const p = this.#pending.get(m.id);
      if (p === undefined) return;
      this.#pending.delete(m.id);
      if (this.#pending.size === 0) this.#worker.unref();
      if (m.ok) p.resolve();
      else p.reject(Object.assign(new Error(m.message), m.code === undefined ? {} : { code: m.code }));
    });
    this.#worker.on('error', (e) => this.#fail(e));
    this.#worker.on('exit', (code) => {
      if (!this.#closing) this.#fail(new Error(`the writer thread stopped (exit code ${code})`));
    });
  }

  /** Commits the rows in one transaction; resolves once durable, rejects if nothing of them was written. */
  write(rows: readonly JournalRow[]): Promise<void> {
    if (this.#failed !== undefined) return Promise.reject(this.#failed);
    const id = this.#next++;
    if (this.#pending.size === 0) this.#worker.ref();
    return new Promise<void>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, rows });
    });
  }

  /** Closes the writer's connection and ends the thread (call after the last commit). */
  async close(): Promise<void> {
    if (this.#failed !== undefined) {
      this.#closing = true;
      await this.#worker.terminate();
      return;
    }
    this.#closing = true;
    const exited = new Promise<void>((resolve) => this.#worker.once('exit', () => resolve()));
    this.#worker.ref();
    this.#worker.postMessage({ id: this.#next++, close: true });
    await exited;
  }

  #fail(e: Error): void {
    if (this.#failed === undefined) this.#failed = e;
    for (const p of this.#pending.values()) p.reject(e);
    this.#pending.clear();
  }
}
