/**
 * The shared durable journal: PostgreSQL through a `pg` Pool, group commit (one multi-row INSERT per
 * batch), versioned migrations applied at start under an advisory lock. Owns {@link PostgresJournal}.
 *
 * Several gateways may share one database and schema: each row carries its journal's `journal_id`, and
 * `load()` returns only this journal's events unless asked for all. Sessions run with
 * `synchronous_commit=on`, so a resolved append is in the server's flushed WAL (it survives a crash of
 * the gateway and of the database server, as far as the server's own `fsync` setting allows).
 * Errors never carry the connection string's password.
 */
import pg from 'pg';
import type { OrderEvent } from '../domain/index.ts';
import { StoreError } from '../errors/index.ts';
import { decodeEvent, encodeEvent } from './event-codec.ts';
import { GroupCommit } from './group-commit.ts';
import type { JournalStats, OrderJournal } from './order-journal.ts';

/** The newest journal schema version this build knows (rows of `<schema>.journal_migrations`). */
export const POSTGRES_SCHEMA_VERSION = 1;

/** A SQL identifier the journal accepts as a schema name. */
export const SQL_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Options of {@link PostgresJournal.open}. */
export interface PostgresJournalOptions {
  /** `postgres://user:password@host:port/database`. The password never appears in errors or names. */
  readonly url: string;
  /** Schema holding the journal's tables (created if missing; default `ag_exec`). */
  readonly schema?: string;
  /** This gateway's name in the shared table (default `default`). */
  readonly journalId?: string;
  /** Pool size (default 4). */
  readonly poolSize?: number;
  /** How long to wait for a connection before failing (default 10 000 ms). */
  readonly connectTimeoutMs?: number;
}

/** Migrations, index i takes the schema from version i to i + 1; `{schema}` is replaced by the quoted schema. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE {schema}.order_events (
     seq         bigserial PRIMARY KEY,
     journal_id  text NOT NULL,
     order_id    text NOT NULL,
     type        text NOT NULL,
     ts          double precision NOT NULL,
     body        text NOT NULL,
     recorded_at timestamptz NOT NULL DEFAULT now()
   );
   CREATE INDEX order_events_journal_seq ON {schema}.order_events (journal_id, seq);
   CREATE INDEX order_events_order ON {schema}.order_events (order_id);`,
];

interface Row {
  readonly orderId: string;
  readonly type: string;
  readonly ts: number;
  readonly body: string;
}

/** An {@link OrderJournal} in PostgreSQL. Open it with {@link PostgresJournal.open}. */
export class PostgresJournal implements OrderJournal {
  readonly name: string;
  /** This journal's `journal_id`. */
  readonly journalId: string;
  /** The schema holding its tables. */
  readonly schema: string;
  private applied: readonly number[] = [];
  private readonly pool: pg.Pool;
  private readonly group: GroupCommit<Row>;
  private readonly password: string;
  private readonly table: string;
  private closed = false;
  private poolError: string | undefined;

  /** Builds the journal without touching the database; {@link PostgresJournal.open} also migrates. */
  constructor(options: PostgresJournalOptions) {
    const url = parseUrl(options.url);
    this.password = url.password;
    this.schema = options.schema ?? 'ag_exec';
    if (!SQL_IDENTIFIER.test(this.schema)) {
      throw new StoreError(
        'postgres',
        `schema must match ${SQL_IDENTIFIER} (got ${JSON.stringify(this.schema)})`,
      );
    }
    this.journalId = options.journalId ?? 'default';
    this.name = `postgres:${url.safe}#${this.schema}/${this.journalId}`;
    this.table = `"${this.schema}".order_events`;
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 4,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      application_name: 'ag-exec journal',
      options: '-c synchronous_commit=on',
    });
    // An idle connection dropped by the server must not crash the process; the next query reconnects.
    this.pool.on('error', (e) => {
      this.poolError = this.redact(e.message);
    });
    const insert = `INSERT INTO ${this.table} (journal_id, order_id, type, ts, body)
      SELECT $1, u.order_id, u.type, u.ts, u.body
      FROM unnest($2::text[], $3::text[], $4::float8[], $5::text[]) WITH ORDINALITY
        AS u(order_id, type, ts, body, n)
      ORDER BY u.n`;
    this.group = new GroupCommit<Row>(
      async (rows) => {
        await this.pool.query(insert, [
          this.journalId,
          // The columns are for queries; `body` is what is read back. Text columns cannot hold NUL.
          rows.map((r) => r.orderId.replaceAll('\0', '')),
          rows.map((r) => r.type.replaceAll('\0', '')),
          rows.map((r) => r.ts),
          rows.map((r) => r.body),
        ]);
      },
      (e, n) => this.storeError(`commit of ${n} event(s) failed`, e),
      5000,
    );
  }

  /** Connects and applies pending migrations (once, under an advisory lock); throws {@link StoreError}. */
  static async open(options: PostgresJournalOptions): Promise<PostgresJournal> {
    const journal = new PostgresJournal(options);
    try {
      await journal.migrate();
    } catch (e) {
      await journal.pool.end().catch(() => undefined);
      throw e;
    }
    return journal;
  }

  /** Applies the missing migrations in one transaction, holding an advisory lock for this schema. */
  async migrate(): Promise<void> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      throw this.storeError('cannot connect', e);
    }
    const s = `"${this.schema}"`;
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        `ag-exec journal ${this.schema}`,
      ]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${s}.journal_migrations (
        version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
      const res = await client.query<{ v: number }>(
        `SELECT coalesce(max(version), 0)::int AS v FROM ${s}.journal_migrations`,
      );
      const version = res.rows[0]?.v ?? 0;
      if (version > POSTGRES_SCHEMA_VERSION) {
        throw new StoreError(
          this.name,
          `schema ${this.schema} has journal schema version ${version}, newer than this build knows (${POSTGRES_SCHEMA_VERSION}); upgrade ag-exec to open it`,
        );
      }
      const applied: number[] = [];
      for (let v = version; v < POSTGRES_SCHEMA_VERSION; v++) {
        await client.query(MIGRATIONS[v]!.replaceAll('{schema}', s));
        await client.query(`INSERT INTO ${s}.journal_migrations (version) VALUES ($1)`, [v + 1]);
        applied.push(v + 1);
      }
      await client.query('COMMIT');
      this.applied = applied;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      if (e instanceof StoreError) throw e;
      throw this.storeError('migration failed', e);
    } finally {
      client.release();
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
    return this.group.add({ orderId: event.orderId, type: event.type, ts: event.ts, body });
  }

  /**
   * This journal's events in append order (after committing any append still queued); with
   * `{ allJournals: true }`, every journal's events in the schema, in commit order.
   */
  async load(options: { readonly allJournals?: boolean } = {}): Promise<readonly OrderEvent[]> {
    if (this.closed) throw new StoreError(this.name, 'journal is closed');
    await this.group.flush();
    let rows: { position: string; body: string }[];
    try {
      const res = options.allJournals
        ? await this.pool.query(`SELECT seq::text AS position, body FROM ${this.table} ORDER BY seq`)
        : await this.pool.query(
            `SELECT seq::text AS position, body FROM ${this.table} WHERE journal_id = $1 ORDER BY seq`,
            [this.journalId],
          );
      rows = res.rows;
    } catch (e) {
      throw this.storeError('cannot read', e);
    }
    return rows.map((r) => decodeEvent(r.body, { store: this.name, seq: r.position }));
  }

  /** Migration versions this instance applied when it opened (empty when another had already done it). */
  get appliedMigrations(): readonly number[] {
    return this.applied;
  }

  /** Write counters: `commits` counts INSERT statements (one per batch). */
  get stats(): JournalStats {
    return this.group.stats;
  }

  /** The last error an idle pooled connection reported (redacted), if any. */
  get lastPoolError(): string | undefined {
    return this.poolError;
  }

  /** Commits what is queued, then ends the pool. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.group.flush();
    } finally {
      await this.pool.end();
    }
  }

  private storeError(what: string, e: unknown): StoreError {
    const err = e as { message?: string; code?: string };
    const code = typeof err.code === 'string' ? ` [${err.code}]` : '';
    // No `cause`: a driver error may hold connection details; only the redacted text is kept.
    return new StoreError(this.name, `${what}: ${this.redact(String(err.message ?? e))}${code}`);
  }

  private redact(text: string): string {
    if (this.password === '') return text;
    let out = text.replaceAll(this.password, '***');
    const encoded = encodeURIComponent(this.password);
    if (encoded !== this.password) out = out.replaceAll(encoded, '***');
    return out;
  }
}

/** The URL's password (decoded) and a printable form without it; throws StoreError for a bad URL. */
function parseUrl(text: string): { password: string; safe: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new StoreError('postgres', 'url is not a valid URL (postgres://user@host:port/database)');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new StoreError(
      'postgres',
      `url must start with postgres:// or postgresql:// (got ${url.protocol}//)`,
    );
  }
  const password = decodeURIComponent(url.password);
  const user = url.username === '' ? '' : `${decodeURIComponent(url.username)}@`;
  return { password, safe: `${user}${url.host}${url.pathname}` };
}
