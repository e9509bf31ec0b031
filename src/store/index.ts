/** `store/`: the order-event journal interface and its implementations. */
export {
  decodeEvent,
  EVENT_FORMAT_VERSION,
  EventEncodeError,
  encodeEvent,
  JournalRecordError,
} from './event-codec.ts';
export { GroupCommit } from './group-commit.ts';
export { MemoryJournal } from './memory-journal.ts';
export { type JournalSpec, type OpenedJournal, openJournal } from './open-journal.ts';
export type { JournalStats, OrderJournal } from './order-journal.ts';
export {
  POSTGRES_SCHEMA_VERSION,
  PostgresJournal,
  type PostgresJournalOptions,
  SQL_IDENTIFIER,
} from './postgres-journal.ts';
export {
  SQLITE_SCHEMA_VERSION,
  SqliteJournal,
  type SqliteJournalOptions,
  type SqliteSynchronous,
} from './sqlite-journal.ts';
