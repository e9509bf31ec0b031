/**
 * The crash harness in its short form (the full one is `npm run chaos`, 20 kills per backend): the gateway
 * process is SIGKILLed at random moments while trading against the Polymarket and Binance simulators,
 * and restarted; the final state must equal each venue's ledger. With an in-memory journal the same run must fail: the
 * checks do catch lost orders.
 */
import { describe, expect, it } from 'vitest';
import { runChaos, summary } from '../../chaos/run.ts';

describe('crash harness (short)', () => {
  it('SQLite and PostgreSQL journals, Polymarket and Binance: 0 lost, 0 duplicated, states, fills and positions equal', async () => {
    const results = await runChaos({ kills: 3, seed: 7, backends: ['sqlite', 'postgres'], verbose: false });
    for (const r of results) {
      for (const v of r.venues) expect(v.mismatches, summary(r)).toEqual([]);
      expect(r, summary(r)).toMatchObject({ lost: 0, ok: true });
      expect(r.acked, summary(r)).toBeGreaterThan(5);
      for (const v of r.venues) expect(v.duplicated).toBe(0);
    }
  }, 120_000);

  it('an in-memory journal loses acknowledged orders, and the harness says so', async () => {
    const [r] = await runChaos({ kills: 2, seed: 8, backends: ['memory'], verbose: false });
    expect(r!.ok, summary(r!)).toBe(false);
    expect(r!.lost).toBeGreaterThan(0);
  }, 120_000);
});
