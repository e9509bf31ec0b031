/**
 * What the journal suites share: the test PostgreSQL URL, throw-away schemas and temp directories, and
 * `attempt`, which turns a synchronous throw of `append` into a rejection.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { OrderEvent } from '../../src/domain/index.ts';
import type { OrderJournal } from '../../src/store/index.ts';

/** The loopback test database (trust auth); override with `TEST_POSTGRES_URL`. */
export const PG_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A schema name no other test uses. */
export function uniqueSchema(tag: string): string {
  return `t_${tag}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** Runs one statement as an administrator of the test database. */
export async function pgAdmin<T extends pg.QueryResultRow = pg.QueryResultRow>(
  sql: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** Drops schemas created by a suite. */
export async function dropSchemas(schemas: Iterable<string>): Promise<void> {
  for (const s of schemas) await pgAdmin(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
}

/** A temp directory and its removal. */
export function tempDir(tag: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `ag-exec-${tag}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `journal.append(event)` as a promise, whether the journal throws or rejects. */
export async function attempt(journal: OrderJournal, event: OrderEvent): Promise<void> {
  await journal.append(event);
}
