/**
 * One contract, three journals: memory, SQLite (a temp file) and PostgreSQL (a throw-away schema on the
 * loopback server). Order, exactness, closing, reopening, 1,000 appends in one tick, group commit and
 * failed commits.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { OrderEvent } from '../../src/domain/index.ts';
import { StoreError } from '../../src/errors/index.ts';
import { type OpenedJournal, openJournal } from '../../src/store/index.ts';
import { accepted, arbitraryEvent, submitted } from './event-arbitrary.ts';
import { attempt, dropSchemas, PG_URL, pgAdmin, tempDir, uniqueSchema } from './journal-support.ts';

/** One store under test: opens journals on the same storage; `poison` makes inserts of order `poison` fail. */
interface Store {
  open(): Promise<OpenedJournal>;
  poison?(): Promise<void>;
}

interface Subject {
  readonly kind: string;
  readonly durable: boolean;
  fresh(): Store;
}

const schemas: string[] = [];
const dirs: (() => void)[] = [];
afterAll(async () => {
  for (const remove of dirs) remove();
  await dropSchemas(schemas);
});

const subjects: Subject[] = [
  {
    kind: 'memory',
    durable: false,
    fresh: () => {
      const journal = openJournal({ kind: 'memory' });
      return { open: () => journal };
    },
  },
  {
    kind: 'sqlite',
    durable: true,
    fresh: () => {
      const { dir, remove } = tempDir('contract');
      dirs.push(remove);
      const path = `${dir}/data/journal.db`;
      return {
        open: () => openJournal({ kind: 'sqlite', path }),
        poison: async () => {
          const db = new Database(path);
          db.exec(`CREATE TRIGGER poison BEFORE INSERT ON order_events WHEN NEW.order_id = 'poison'
                   BEGIN SELECT RAISE(ABORT, 'poisoned record'); END`);
          db.close();
        },
      };
    },
  },
  {
    kind: 'postgres',
    durable: true,
    fresh: () => {
      const schema = uniqueSchema('contract');
      schemas.push(schema);
      return {
        open: () => openJournal({ kind: 'postgres', url: PG_URL, schema }),
        poison: async () => {
          await pgAdmin(
            `ALTER TABLE "${schema}".order_events ADD CONSTRAINT no_poison CHECK (order_id <> 'poison')`,
          );
        },
      };
    },
  },
];

const sample = fc.sample(arbitraryEvent(), { seed: 1127, numRuns: 60 });

describe.each(subjects)('$kind journal contract', ({ kind, durable, fresh }) => {
  it('loads what was appended, in append order, exactly (decimals beyond 64 bits, optional fields)', async () => {
    const journal = await fresh().open();
    const events: OrderEvent[] = [submitted(1), ...sample, submitted(2)];
    await Promise.all(events.map((e) => attempt(journal, e)));
    expect(await journal.load()).toStrictEqual(events);
    await journal.close();
  });

  it('once closed, an append fails with StoreError', async () => {
    const journal = await fresh().open();
    await attempt(journal, accepted('a'));
    await journal.close();
    await expect(attempt(journal, accepted('b'))).rejects.toBeInstanceOf(StoreError);
    expect(journal.stats.failures).toBe(1);
  });

  it.runIf(durable)('reopened, it loads everything, including appends still queued at close', async () => {
    const store = fresh();
    const first = await store.open();
    await Promise.all([1, 2, 3].map((n) => attempt(first, submitted(n))));
    const queued = first.append(submitted(4)); // not awaited before close: close must commit it
    await first.close();
    await queued;
    const second = await store.open();
    await attempt(second, submitted(5));
    await second.close();
    const third = await store.open();
    expect(await third.load()).toStrictEqual([1, 2, 3, 4, 5].map(submitted));
    await third.close();
  });

  it(`1,000 appends in one tick all resolve, in order${durable ? ', in one commit' : ''}`, async () => {
    const store = fresh();
    const journal = await store.open();
    const before = journal.stats;
    const events = Array.from({ length: 1000 }, (_, i) => submitted(i));
    await Promise.all(events.map((e) => attempt(journal, e)));
    expect(journal.stats.appends - before.appends).toBe(1000);
    if (durable) {
      expect(journal.stats.commits - before.commits).toBe(1);
      expect(journal.stats.maxBatch).toBe(1000);
      await journal.close();
      const again = await store.open();
      expect(await again.load()).toStrictEqual(events);
      await again.close();
    } else {
      expect(await journal.load()).toStrictEqual(events);
      await journal.close();
    }
  });

  it('appends awaited one by one are committed one by one', async () => {
    const journal = await fresh().open();
    const before = journal.stats.commits;
    for (let i = 0; i < 10; i++) await attempt(journal, accepted(`s${i}`, i));
    expect(journal.stats.commits - before).toBe(10);
    expect((await journal.load()).map((e) => e.orderId)).toEqual(
      Array.from({ length: 10 }, (_, i) => `s${i}`),
    );
    await journal.close();
  });

  it.runIf(durable)(
    'a failed commit rejects exactly the appends of its batch; later appends go through',
    async () => {
      const store = fresh();
      const journal = await store.open();
      await attempt(journal, accepted('before'));
      await store.poison!();
      const batch = ['x', 'poison', 'y'].map((id) => attempt(journal, accepted(id)));
      const results = await Promise.allSettled(batch);
      for (const r of results) {
        expect(r.status).toBe('rejected');
        const reason = (r as PromiseRejectedResult).reason as Error;
        expect(reason).toBeInstanceOf(StoreError);
        expect(reason.message).toMatch(/commit of 3 event\(s\) failed/);
        expect(reason.message).toMatch(kind === 'sqlite' ? /poisoned record/ : /no_poison/);
      }
      await attempt(journal, accepted('after'));
      expect((await journal.load()).map((e) => e.orderId)).toEqual(['before', 'after']);
      expect(journal.stats.failures).toBe(3);
      await journal.close();
    },
  );
});
