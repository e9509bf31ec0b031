import { describe, expect, it } from 'vitest';
import { dec, fmt } from '../domain/index.ts';
import { ExecutionEngine } from '../engine/index.ts';
import { MemoryJournal } from '../store/index.ts';
import { PaperVenue } from '../venues/paper/index.ts';
import { EventRing, type StreamMessage } from './event-ring.ts';

const settle = { initialDelayMs: 2, maxDelayMs: 10, notFoundStrikes: 3, notFoundGraceMs: 20 };

/** An engine over a paper venue and the given journal, its ring registered before recovery. */
async function gateway(
  journal: MemoryJournal,
): Promise<{ engine: ExecutionEngine; ring: EventRing; venue: PaperVenue }> {
  const engine = new ExecutionEngine({ journal, settle });
  const venue = new PaperVenue({ seed: 7, latencyMs: 0 });
  engine.registerAdapter(venue);
  const ring = new EventRing(engine);
  await engine.recover();
  return { engine, ring, venue };
}

/** What identifies a message's content, without the wall-clock time. */
const content = (m: StreamMessage) => ({
  seq: m.seq,
  type: m.type,
  event: m.type === 'order' ? (m.data.event as { type: string }).type : undefined,
  order: (m.data.order as { id: string; status: string } | undefined)?.id,
  status: (m.data.order as { id: string; status: string } | undefined)?.status,
});

describe('EventRing', () => {
  it('numbers order and fill events by their place in the journal, the same after a restart', async () => {
    const journal = new MemoryJournal();
    const first = await gateway(journal);
    const ref = first.venue.referencePrice('PM-YES' as never)!;
    const price = (by: string) => fmt((ref + dec(by)) as never);
    const resting = await first.engine.submitOrder({
      venue: 'paper',
      market: 'PM-YES',
      side: 'Buy',
      price: price('-0.1'),
      size: '10',
    });
    await first.engine.submitOrder({
      venue: 'paper',
      market: 'PM-YES',
      side: 'Buy',
      price: price('0.05'),
      size: '2',
      timeInForce: 'IOC',
    });
    await first.engine.cancelOrder(resting.id);
    first.engine.riskEngine.setTradingState('REDUCING', 'test');
    const before = first.ring.since(0);
    const durable = before.filter((m) => m.notice === undefined);
    expect(durable.map((m) => m.seq)).toEqual(durable.map((_, i) => i + 1));
    expect(durable.some((m) => m.type === 'fill')).toBe(true);
    expect(first.ring.lastSeq).toBe(journal.stats.appends);
    // the notice carries the number of the event before it
    const notice = before.find((m) => m.type === 'risk')!;
    expect(notice).toMatchObject({ notice: true, seq: first.ring.lastSeq });

    // a restart: a new engine over the same journal
    const second = await gateway(journal);
    expect(second.ring.lastSeq).toBe(first.ring.lastSeq);
    expect(second.ring.since(0).map(content)).toEqual(durable.map(content));
    expect(second.ring.since(2).map((m) => m.seq)).toEqual(durable.slice(2).map((m) => m.seq));
    // new events continue the numbering
    await second.engine.submitOrder({
      venue: 'paper',
      market: 'PM-YES',
      side: 'Buy',
      price: price('-0.1'),
      size: '1',
    });
    const after = second.ring.since(first.ring.lastSeq);
    expect(after[0]).toMatchObject({ seq: first.ring.lastSeq + 1, type: 'order' });
    await first.engine.close();
    await second.engine.close();
  });

  it('must be built before recovery, which it learns the history from', async () => {
    const engine = new ExecutionEngine({ journal: new MemoryJournal(), settle });
    engine.registerAdapter(new PaperVenue({ seed: 7, latencyMs: 0 }));
    await engine.recover();
    expect(() => new EventRing(engine)).toThrow(/before recover\(\)/);
    await engine.close();
  });

  it('keeps the newest events within its capacity and says from where', async () => {
    const journal = new MemoryJournal();
    const engine = new ExecutionEngine({ journal, settle });
    const venue = new PaperVenue({ seed: 7, latencyMs: 0 });
    engine.registerAdapter(venue);
    const ring = new EventRing(engine, 2);
    await engine.recover();
    expect(ring.oldestSeq).toBe(1);
    const ref = venue.referencePrice('PM-YES' as never)!;
    for (let i = 0; i < 3; i++)
      await engine.submitOrder({
        venue: 'paper',
        market: 'PM-YES',
        side: 'Buy',
        price: fmt((ref - dec('0.1')) as never),
        size: String(i + 1),
      });
    // Submitted + Accepted per order: 6 events, the ring holds the last two
    expect(ring.lastSeq).toBe(6);
    expect(ring.oldestSeq).toBe(5);
    expect(ring.since(0).map((m) => m.seq)).toEqual([5, 6]);
    engine.riskEngine.setTradingState('HALTED', 'test');
    // now the ring holds event 6 and the notice after it
    expect(ring.oldestSeq).toBe(6);
    expect(ring.since(5).map((m) => [m.seq, m.type])).toEqual([
      [6, 'order'],
      [6, 'risk'],
    ]);
    expect(ring.since(6).map((m) => m.type)).toEqual(['risk']);
    await engine.close();
  });
});
