/**
 * PostgreSQL journal beyond the contract: migrations under an advisory lock, schema versions, journals of
 * several gateways in one table, damaged records, and an unreachable server (no password in any error).
 */
import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors/index.ts';
import {
  JournalRecordError,
  openJournal,
  POSTGRES_SCHEMA_VERSION,
  PostgresJournal,
} from '../../src/store/index.ts';
import { accepted } from './event-arbitrary.ts';
import { dropSchemas, PG_URL, pgAdmin, uniqueSchema } from './journal-support.ts';

const schemas: string[] = [];
afterAll(() => dropSchemas(schemas));
function schema(tag: string): string {
  const s = uniqueSchema(tag);
  schemas.push(s);
  return s;
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const SECRET = 'hunter2-Sup3r/secret';

function expectNoSecret(err: unknown): void {
  expect(err).toBeInstanceOf(StoreError);
  for (const text of [String(err), JSON.stringify(err), inspect(err, { depth: 10 })]) {
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(encodeURIComponent(SECRET));
  }
}

describe('PostgresJournal', () => {
  it('gateways starting together migrate once: the advisory lock serialises them', async () => {
    const s = schema('migrate');
    const journals = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        PostgresJournal.open({ url: PG_URL, schema: s, journalId: `g${i}` }),
      ),
    );
    expect(journals.flatMap((j) => j.appliedMigrations)).toEqual([POSTGRES_SCHEMA_VERSION]);
    const rows = await pgAdmin<{ version: number }>(`SELECT version FROM "${s}".journal_migrations`);
    expect(rows.map((r) => r.version)).toEqual([POSTGRES_SCHEMA_VERSION]);
    await Promise.all(journals.map((j) => j.close()));
  });

  it('refuses a schema migrated by a newer build', async () => {
    const s = schema('newer');
    await (await openJournal({ kind: 'postgres', url: PG_URL, schema: s })).close();
    await pgAdmin(`INSERT INTO "${s}".journal_migrations (version) VALUES ($1)`, [
      POSTGRES_SCHEMA_VERSION + 1,
    ]);
    const err = await openJournal({ kind: 'postgres', url: PG_URL, schema: s }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as Error).message).toMatch(
      new RegExp(`journal schema version ${POSTGRES_SCHEMA_VERSION + 1}, newer than this build`),
    );
  });

  it('gateways sharing a table each load their own events, or all of them when asked', async () => {
    const s = schema('shared');
    const a = await PostgresJournal.open({ url: PG_URL, schema: s, journalId: 'gateway-a' });
    const b = await PostgresJournal.open({ url: PG_URL, schema: s, journalId: 'gateway-b' });
    await Promise.all([a.append(accepted('a1', 1)), b.append(accepted('b1', 1))]);
    await b.append(accepted('b2', 2));
    await a.append(accepted('a2', 2));
    expect((await a.load()).map((e) => e.orderId)).toEqual(['a1', 'a2']);
    expect((await b.load()).map((e) => e.orderId)).toEqual(['b1', 'b2']);
    const all = (await a.load({ allJournals: true })).map((e) => e.orderId);
    expect(all).toHaveLength(4);
    expect(all.slice(2)).toEqual(['b2', 'a2']);
    expect(a.name).toMatch(new RegExp(`#${s}/gateway-a$`));
    await Promise.all([a.close(), b.close()]);
  });

  it('load() reports a damaged record by its sequence number', async () => {
    const s = schema('damaged');
    const j = await PostgresJournal.open({ url: PG_URL, schema: s, journalId: 'g' });
    await j.append(accepted('ok'));
    const [row] = await pgAdmin<{ seq: string }>(
      `INSERT INTO "${s}".order_events (journal_id, order_id, type, ts, body)
       VALUES ('g', 'bad', 'Accepted', 1, '{"v":3,"event":{}}') RETURNING seq::text AS seq`,
    );
    const err = await j.load().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JournalRecordError);
    expect((err as JournalRecordError).seq).toBe(row!.seq);
    expect((err as Error).message).toMatch(new RegExp(`record ${row!.seq}: format version 3 is newer`));
    await j.close();
  });

  it('an unreachable server fails opens and appends with StoreError, never showing the password', async () => {
    const port = await closedPort();
    const url = `postgres://trader:${encodeURIComponent(SECRET)}@127.0.0.1:${port}/test`;
    const opened = await openJournal({ kind: 'postgres', url, schema: 'unused' }).catch((e: unknown) => e);
    expectNoSecret(opened);
    expect((opened as Error).message).toMatch(/cannot connect: .*ECONNREFUSED/);
    expect((opened as Error).message).toContain(`postgres:trader@127.0.0.1:${port}/test`);

    const j = new PostgresJournal({ url, schema: 'unused' });
    expect(j.name).not.toContain(SECRET);
    const appended = await Promise.allSettled([j.append(accepted('x')), j.append(accepted('y'))]);
    for (const r of appended) {
      expect(r.status).toBe('rejected');
      expectNoSecret((r as PromiseRejectedResult).reason);
      expect(((r as PromiseRejectedResult).reason as Error).message).toMatch(/commit of 2 event\(s\) failed/);
    }
    expectNoSecret(await j.load().catch((e: unknown) => e));
    await j.close();
  });
});
