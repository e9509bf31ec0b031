/**
 * The crash harness in its short form (the full one is `npm run chaos`, 20 kills per backend): the gateway
 * process is SIGKILLed at random moments while trading against the Polymarket simulator, and restarted;
 * the final state must equal the venue's ledger. With an in-memory journal the same run must fail: the
 * checks do catch lost orders.
 */
import { describe, expect, it } from 'vitest';
import { runChaos, summary } from '../../chaos/run.ts';

describe('crash harness (short)', () => {
  it('SQLite and PostgreSQL journals: 0 lost, 0 duplicated, state, fills and position equal the venue', async () => {
    const results = await runChaos({ kills: 3, seed: 7, backends: ['sqlite', 'postgres'], verbose: false });
    for (const r of results) {
      expect(r.stateMismatches, summary(r)).toEqual([]);
      expect(r, summary(r)).toMatchObject({ lost: 0, duplicated: 0, ok: true });
      expect(r.acked, summary(r)).toBeGreaterThan(5);
      expect(r.fills.gateway).toBe(r.fills.venue);
    }
  }, 120_000);

  it('an in-memory journal loses acknowledged orders, and the harness says so', async () => {
    const [r] = await runChaos({ kills: 2, seed: 8, backends: ['memory'], verbose: false });
    expect(r!.ok, summary(r!)).toBe(false);
    expect(r!.lost).toBeGreaterThan(0);
  }, 120_000);
});
