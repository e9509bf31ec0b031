/**
 * The engine on the durable journals: 20 orders submitted at once (their write-ahead `Submitted` appends
 * share commits), then cancelled; after the engine closes, the journal reopened holds every event the
 * engine published, in the same order.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { dec, fmt, type OrderEvent } from '../../src/domain/index.ts';
import { ExecutionEngine } from '../../src/engine/index.ts';
import { RateLimiterConfig } from '../../src/ratelimit/index.ts';
import { type JournalSpec, openJournal } from '../../src/store/index.ts';
import { PaperVenue } from '../../src/venues/paper/index.ts';
import { dropSchemas, PG_URL, tempDir, uniqueSchema } from './journal-support.ts';

const tmp = tempDir('engine');
const schemas: string[] = [];
afterAll(async () => {
  tmp.remove();
  await dropSchemas(schemas);
});

const specs: [string, () => JournalSpec][] = [
  ['sqlite', () => ({ kind: 'sqlite', path: `${tmp.dir}/engine/journal.db` })],
  [
    'postgres',
    () => {
      const schema = uniqueSchema('engine');
      schemas.push(schema);
      return { kind: 'postgres', url: PG_URL, schema };
    },
  ],
];

describe.each(specs)('ExecutionEngine on the %s journal', (_kind, makeSpec) => {
  it('journals every event it publishes, in order, with write-ahead submits batched', async () => {
    const spec = makeSpec();
    const journal = await openJournal(spec);
    const venue = new PaperVenue({ seed: 11, latencyMs: 0 });
    const engine = new ExecutionEngine({ journal });
    engine.registerAdapter(venue, RateLimiterConfig.new(1e6, 1e6).build('paper'));
    const published: OrderEvent[] = [];
    engine.on((e) => {
      if (e.type === 'order') published.push((e as unknown as { event: OrderEvent }).event);
    });
    const ref = venue.referencePrice('PM-YES' as never)!;
    const price = fmt((ref - dec('0.1')) as never);
    const orders = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        engine.submitOrder({ venue: 'paper', market: 'PM-YES', side: 'Buy', price, size: 1 + i }),
      ),
    );
    await Promise.all(orders.map((o) => engine.cancelOrder(o.id)));
    const { commits, appends } = journal.stats;
    await engine.close();

    const reopened = await openJournal(spec);
    const stored = await reopened.load();
    await reopened.close();
    expect(stored).toHaveLength(80);
    expect(stored).toStrictEqual(published);
    for (const o of orders) {
      expect(stored.filter((e) => e.orderId === o.id).map((e) => e.type)).toEqual([
        'Submitted',
        'Accepted',
        'CancelRequested',
        'Cancelled',
      ]);
    }
    expect(appends).toBe(80);
    expect(commits).toBeLessThan(40);
  });
});
