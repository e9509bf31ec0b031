/**
 * The embedded durable journal: one SQLite file (better-sqlite3), WAL mode, group commit. Owns
 * {@link SqliteJournal} and its schema (`PRAGMA user_version`).
 *
 * Durability: `synchronous=FULL` by default, so every commit fsyncs the WAL: an append that resolved
 * survives a process crash and a power loss or OS crash. `NORMAL` may be chosen: commits are then written
 * to the OS but fsynced only at checkpoints, so a resolved append survives a process crash but the last
 * commits may be lost on power loss. See docs/durability.md.
 */
import { closeSync, fsyncSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { OrderEvent } from '../domain/index.ts';
import { StoreError } from '../errors/index.ts';
import { decodeEvent, encodeEvent } from './event-codec.ts';
import { GroupCommit } from './group-commit.ts';
import type { JournalStats, OrderJournal } from './order-journal.ts';
import { type JournalRow, SqliteWriter } from './sqlite-writer.ts';

/** The schema version this build writes (`PRAGMA user_version`), and the newest it opens. */
export const SQLITE_SCHEMA_VERSION = 1;

/** SQLite's `synchronous` setting for the journal: `FULL` (the default) or `NORMAL`. */
export type SqliteSynchronous = 'FULL' | 'NORMAL';

/** Options of {@link SqliteJournal.open}. */
export interface SqliteJournalOptions {
  /** `FULL` (default): a resolved append survives power loss. `NORMAL`: it survives a process crash only. */
  readonly synchronous?: SqliteSynchronous;
  /** How long a commit waits for another connection's write lock before failing (default 5000 ms). */
  readonly busyTimeoutMs?: number;
}

/** Migrations, index i takes the schema from version i to i + 1. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE order_events (
     seq      INTEGER PRIMARY KEY,
     order_id TEXT NOT NULL,
     type     TEXT NOT NULL,
     ts       REAL NOT NULL,
     body     TEXT NOT NULL
   );
   CREATE INDEX order_events_order ON order_events (order_id);`,
];

/** An {@link OrderJournal} in one SQLite file. Open it with {@link SqliteJournal.open}. */
export class SqliteJournal implements OrderJournal {
  readonly name: string;
  /** Absolute path of the database file. */
  readonly path: string;
  /** The `synchronous` setting in force. */
  readonly synchronous: SqliteSynchronous;
  private readonly db: Database.Database;
  private readonly group: GroupCommit<JournalRow>;
  private readonly writer: SqliteWriter;
  private closed = false;

  private constructor(
    path: string,
    db: Database.Database,
    synchronous: SqliteSynchronous,
    busyTimeoutMs: number,
  ) {
    this.path = path;
    this.name = `sqlite:${path}`;
    this.db = db;
    this.synchronous = synchronous;
    // commits run on a writer thread, beside the event loop; reads stay on this connection
    this.writer = new SqliteWriter(path, synchronous, busyTimeoutMs);
    this.group = new GroupCommit<JournalRow>(
      (rows) => this.writer.write(rows),
      (e, n) =>
        new StoreError(this.name, `commit of ${n} event(s) failed: ${(e as Error).message}`, { cause: e }),
      10_000,
      // the writer takes batches in order and joins those waiting into one commit
      8,
    );
  }

  /**
   * Opens (creating the file and its directories if needed) and migrates the journal. Throws
   * {@link StoreError} for a file that is not a database, a damaged one, or one with a newer schema.
   */
  static open(path: string, options: SqliteJournalOptions = {}): SqliteJournal {
    const abs = resolve(path);
    const name = `sqlite:${abs}`;
    const synchronous = options.synchronous ?? 'FULL';
    let db: Database.Database | undefined;
    try {
      mkdirSync(dirname(abs), { recursive: true });
      db = new Database(abs, { timeout: options.busyTimeoutMs ?? 5000 });
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new Error(`cannot use WAL mode (journal_mode is ${String(mode)})`);
      db.pragma(`synchronous = ${synchronous}`);
      migrate(db, name);
      // The WAL file now exists; make its directory entry durable too.
      fsyncDirectory(dirname(abs));
      return new SqliteJournal(abs, db, synchronous, options.busyTimeoutMs ?? 5000);
    } catch (e) {
      db?.close();
      if (e instanceof StoreError) throw e;
      const code = (e as { code?: unknown }).code;
      const tag = typeof code === 'string' ? ` [${code}]` : '';
      throw new StoreError(name, `cannot open: ${(e as Error).message}${tag}`, { cause: e });
    }
  }

  /** Queues the event for the next group commit; resolves once that commit is durable, rejects with StoreError. */
  append(event: OrderEvent): Promise<void> {
    if (this.closed) {
      this.group.refused();
      return Promise.reject(new StoreError(this.name, 'journal is closed'));
    }
    let body: string;
    try {
      body = encodeEvent(event);
    } catch (e) {
      this.group.refused();
      return Promise.reject(
        new StoreError(this.name, `cannot encode ${event.type} event: ${(e as Error).message}`),
      );
    }
    return this.group.add([event.orderId, event.type, event.ts, body]);
  }

  /** Every event in append order (after committing any append still queued). */
  async load(): Promise<readonly OrderEvent[]> {
    if (this.closed) throw new StoreError(this.name, 'journal is closed');
    await this.group.flush();
    let rows: { seq: number; body: string }[];
    try {
      rows = this.db.prepare('SELECT seq, body FROM order_events ORDER BY seq').all() as typeof rows;
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      const tag = typeof code === 'string' ? ` [${code}]` : '';
      throw new StoreError(this.name, `cannot read: ${(e as Error).message}${tag}`, { cause: e });
    }
    return rows.map((r) => decodeEvent(r.body, { store: this.name, seq: r.seq }));
  }

  /** Streams the records (decoded one at a time) in append order; a bad record stops it with its number. */
  async forEach(visit: (event: OrderEvent) => void): Promise<number> {
    if (this.closed) throw new StoreError(this.name, 'journal is closed');
    await this.group.flush();
    let bodies: IterableIterator<string>;
    try {
      // the bodies only (fewer objects per row); a bad record's sequence number is looked up on failure
      bodies = this.db
        .prepare('SELECT body FROM order_events ORDER BY seq')
        .pluck()
        .iterate() as IterableIterator<string>;
    } catch (e) {
      throw new StoreError(this.name, `cannot read: ${(e as Error).message}`, { cause: e });
    }
    let n = 0;
    for (const body of bodies) {
      let event: OrderEvent;
      try {
        event = decodeEvent(body, { store: this.name, seq: `#${n + 1}` });
      } catch {
        const row = this.db
          .prepare('SELECT seq, body FROM order_events ORDER BY seq LIMIT 1 OFFSET ?')
          .get(n) as { seq: number; body: string };
        bodies.return?.();
        event = decodeEvent(row.body, { store: this.name, seq: row.seq }); // throws, naming the record
      }
      visit(event);
      n++;
    }
    return n;
  }

  /** Write counters: `commits` counts transactions (one per batch). */
  get stats(): JournalStats {
    return this.group.stats;
  }

  /** Commits what is queued, then closes the file (checkpointing the WAL). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.group.flush();
    } finally {
      await this.writer.close();
      this.db.close();
    }
  }
}

function migrate(db: Database.Database, name: string): void {
  const step = db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SQLITE_SCHEMA_VERSION) {
      throw new StoreError(
        name,
        `the file has journal schema version ${version}, newer than this build knows (${SQLITE_SCHEMA_VERSION}); upgrade ag-exec to open it`,
      );
    }
    for (let v = version; v < SQLITE_SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
    if (version !== SQLITE_SCHEMA_VERSION) db.pragma(`user_version = ${SQLITE_SCHEMA_VERSION}`);
  });
  step.immediate();
}

function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
