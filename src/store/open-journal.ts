/**
 * One entry point from configuration to a ready journal. Owns {@link openJournal} and {@link JournalSpec}.
 */
import { ValidationError } from '../errors/index.ts';
import { MemoryJournal } from './memory-journal.ts';
import type { JournalStats, OrderJournal } from './order-journal.ts';
import { PostgresJournal, SQL_IDENTIFIER } from './postgres-journal.ts';
import { SqliteJournal } from './sqlite-journal.ts';

/** Which journal to open. */
export type JournalSpec =
  | { readonly kind: 'memory' }
  | {
      readonly kind: 'sqlite';
      /** Database file; its directories are created. */
      readonly path: string;
      /** `FULL` (default) or `NORMAL`; see docs/durability.md. */
      readonly synchronous?: 'FULL' | 'NORMAL';
    }
  | {
      readonly kind: 'postgres';
      /** `postgres://user:password@host:port/database`. */
      readonly url: string;
      /** Schema for the journal's tables (default `ag_exec`). */
      readonly schema?: string;
      /** This gateway's name in a shared table (default `default`). */
      readonly journalId?: string;
      /** Connection pool size (default 4). */
      readonly poolSize?: number;
    };

/** A journal opened by {@link openJournal}: ready (migrated), with write counters. */
export type OpenedJournal = OrderJournal & { readonly stats: JournalStats };

/**
 * Opens the journal a spec describes, migrated and ready. A bad spec throws {@link ValidationError} naming
 * the field (`journal.kind`, `journal.path`, `journal.url`, ...); a store that cannot be opened rejects with
 * `StoreError`. A URL's password is never shown.
 */
export async function openJournal(spec: JournalSpec): Promise<OpenedJournal> {
  const s = spec as unknown as Record<string, unknown>;
  if (typeof spec !== 'object' || spec === null) {
    throw new ValidationError('journal', spec, 'must be an object with a kind');
  }
  switch (s.kind) {
    case 'memory':
      return new MemoryJournal();
    case 'sqlite': {
      const path = s.path;
      if (typeof path !== 'string' || path.trim() === '') {
        throw new ValidationError('journal.path', path, 'must be a non-empty file path');
      }
      const sync = s.synchronous;
      if (sync !== undefined && sync !== 'FULL' && sync !== 'NORMAL') {
        throw new ValidationError('journal.synchronous', sync, "must be 'FULL' or 'NORMAL'");
      }
      return SqliteJournal.open(path, sync === undefined ? {} : { synchronous: sync });
    }
    case 'postgres': {
      const url = s.url;
      if (typeof url !== 'string' || !/^postgres(ql)?:\/\//.test(url)) {
        const shown = typeof url === 'string' ? '(a string that is not a postgres URL)' : url;
        throw new ValidationError('journal.url', shown, 'must be a postgres:// or postgresql:// URL');
      }
      try {
        new URL(url);
      } catch {
        throw new ValidationError('journal.url', '(hidden)', 'must be a valid URL');
      }
      if (s.schema !== undefined && (typeof s.schema !== 'string' || !SQL_IDENTIFIER.test(s.schema))) {
        throw new ValidationError('journal.schema', s.schema, `must match ${SQL_IDENTIFIER}`);
      }
      if (s.journalId !== undefined && (typeof s.journalId !== 'string' || s.journalId === '')) {
        throw new ValidationError('journal.journalId', s.journalId, 'must be a non-empty string');
      }
      if (s.poolSize !== undefined && (!Number.isInteger(s.poolSize) || (s.poolSize as number) < 1)) {
        throw new ValidationError('journal.poolSize', s.poolSize, 'must be a positive integer');
      }
      return PostgresJournal.open({
        url,
        ...(s.schema === undefined ? {} : { schema: s.schema as string }),
        ...(s.journalId === undefined ? {} : { journalId: s.journalId as string }),
        ...(s.poolSize === undefined ? {} : { poolSize: s.poolSize as number }),
      });
    }
    default:
      throw new ValidationError('journal.kind', s.kind, "must be 'memory', 'sqlite' or 'postgres'");
  }
}
