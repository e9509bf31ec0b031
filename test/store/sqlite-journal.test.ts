/**
 * SQLite journal beyond the contract: file and directories, WAL and `synchronous`, schema versions, and
 * damage (bad records written behind its back, a file that is not a database, a truncated file).
 */
import { copyFileSync, existsSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors/index.ts';
import { JournalRecordError, SQLITE_SCHEMA_VERSION, SqliteJournal } from '../../src/store/index.ts';
import { accepted, submitted } from './event-arbitrary.ts';
import { tempDir } from './journal-support.ts';

const tmp = tempDir('sqlite');
afterAll(() => tmp.remove());
let n = 0;
const newPath = (): string => join(tmp.dir, `case-${++n}`, 'journal.db');

/** A journal file holding two good events, closed. */
async function twoEvents(path: string): Promise<void> {
  const j = SqliteJournal.open(path);
  await Promise.all([j.append(accepted('a')), j.append(accepted('b'))]);
  await j.close();
}

function openError(path: string): StoreError {
  try {
    SqliteJournal.open(path).close();
  } catch (e) {
    return e as StoreError;
  }
  throw new Error('expected the open to fail');
}

describe('SqliteJournal', () => {
  it('creates its directories, uses WAL, synchronous FULL by default, records the schema version', async () => {
    const path = newPath();
    const j = SqliteJournal.open(path);
    expect(j.name).toBe(`sqlite:${path}`);
    expect(j.synchronous).toBe('FULL');
    await j.append(accepted('a'));
    expect(existsSync(`${path}-wal`)).toBe(true);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SQLITE_SCHEMA_VERSION);
    db.close();
    await j.close();
    const normal = SqliteJournal.open(path, { synchronous: 'NORMAL' });
    expect(normal.synchronous).toBe('NORMAL');
    expect(await normal.load()).toStrictEqual([accepted('a')]);
    await normal.close();
  });

  const damaged: [string, string, RegExp][] = [
    ['bad JSON', '{"v":1,"event":{"type"', /record 3: not valid JSON/],
    [
      'an unknown format version',
      '{"v":7,"event":{"type":"Accepted","orderId":"c","ts":1}}',
      /record 3: format version 7 is newer/,
    ],
    [
      'an unknown event type',
      '{"v":1,"event":{"type":"Teleported","orderId":"c","ts":1}}',
      /record 3: unknown event type "Teleported"/,
    ],
    ['no event type', '{"v":1,"event":{"orderId":"c","ts":1}}', /record 3: event has no type/],
  ];
  for (const [what, body, message] of damaged) {
    it(`load() reports a record with ${what} by its sequence number`, async () => {
      const path = newPath();
      await twoEvents(path);
      const db = new Database(path);
      db.prepare('INSERT INTO order_events (order_id, type, ts, body) VALUES (?, ?, ?, ?)').run(
        'c',
        'Accepted',
        1,
        body,
      );
      db.close();
      const j = SqliteJournal.open(path);
      const err = await j.load().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(JournalRecordError);
      expect((err as JournalRecordError).seq).toBe('3');
      expect((err as Error).message).toContain(`sqlite:${path}: `);
      expect((err as Error).message).toMatch(message);
      await j.close();
    });
  }

  it('refuses a file whose schema is newer than this build', async () => {
    const path = newPath();
    await twoEvents(path);
    const db = new Database(path);
    db.pragma(`user_version = ${SQLITE_SCHEMA_VERSION + 1}`);
    db.close();
    const err = openError(path);
    expect(err).toBeInstanceOf(StoreError);
    expect(err.message).toMatch(
      new RegExp(`schema version ${SQLITE_SCHEMA_VERSION + 1}, newer than this build`),
    );
  });

  it('reports a file that is not a database on open', () => {
    const path = newPath();
    SqliteJournal.open(path).close(); // creates the directory
    const garbage = join(tmp.dir, `case-${n}`, 'garbage.db');
    writeFileSync(garbage, 'these bytes are not an SQLite database\n'.repeat(200));
    const err = openError(garbage);
    expect(err).toBeInstanceOf(StoreError);
    expect(err.message).toMatch(/cannot open: file is not a database \[SQLITE_NOTADB\]/);
  });

  it('reports a truncated database on open', async () => {
    const path = newPath();
    const j = SqliteJournal.open(path);
    await Promise.all(Array.from({ length: 500 }, (_, i) => j.append(submitted(i))));
    await j.close(); // checkpoints the WAL into the file
    const cut = `${path}.cut`;
    copyFileSync(path, cut);
    truncateSync(cut, Math.floor(statSync(path).size / 2));
    const err = openError(cut);
    expect(err).toBeInstanceOf(StoreError);
    expect(err.message).toMatch(/cannot open: database disk image is malformed \[SQLITE_CORRUPT\]/);
  });

  it('an append that cannot take the write lock fails with StoreError, and the next one succeeds', async () => {
    const path = newPath();
    const j = SqliteJournal.open(path, { busyTimeoutMs: 20 });
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    const err = await j.append(accepted('locked')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as Error).message).toMatch(/commit of 1 event\(s\) failed: database is locked/);
    other.exec('ROLLBACK');
    other.close();
    await j.append(accepted('free'));
    expect((await j.load()).map((e) => e.orderId)).toEqual(['free']);
    await j.close();
  });
});
