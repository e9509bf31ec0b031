import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../domain/index.ts';
import { RateLimiterConfig } from './index.ts';

/** Slack for float rounding in the bound (units). */
const TOL = 1e-6;

interface Admission {
  t: number;
  amounts: number[];
}

/**
 * Checks that for every window [t_i, t_j] between two admissions, the units admitted in it for bucket `b`
 * are at most capacity + rate × length. Windows with admissions at both ends are the worst case.
 */
function assertBound(adm: readonly Admission[], b: number, capacity: number, ratePerSec: number): void {
  for (let i = 0; i < adm.length; i++) {
    let sum = 0;
    const ti = (adm[i] as Admission).t;
    for (let j = i; j < adm.length; j++) {
      const a = adm[j] as Admission;
      sum += a.amounts[b] ?? 0;
      const bound = capacity + (ratePerSec * (a.t - ti)) / 1000 + TOL;
      if (sum > bound) {
        throw new Error(`bucket ${b}: ${sum} units in [${ti}, ${a.t}] > ${bound}`);
      }
    }
  }
}

const stepArb = (maxWeight: number) =>
  fc.record({
    advance: fc.oneof(
      fc.constant(0),
      fc.integer({ min: 0, max: 3000 }),
      fc.double({ min: 0, max: 500, noNaN: true }),
    ),
    weight: fc.integer({ min: 1, max: maxWeight }),
  });

describe('RateLimiter properties', () => {
  it('in any window of length L at most burst + rate × L units are admitted', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 1000, noNaN: true }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 2_000_000_000_000 }),
        fc.array(stepArb(50), { maxLength: 300 }),
        (rate, burst, start, steps) => {
          const clock = new ManualClock(start);
          const rl = RateLimiterConfig.new(rate, burst).build('v', { clock });
          const adm: Admission[] = [];
          let refused = 0;
          steps.forEach((s, k) => {
            clock.advance(s.advance);
            const w = Math.min(s.weight, burst);
            let ok = true;
            // alternate the throwing single-bucket fast path and the boolean path
            if (k % 2 === 0) {
              try {
                rl.tryCheck(w);
              } catch {
                ok = false;
              }
            } else {
              ok = rl.tryAcquire(w);
            }
            if (ok) adm.push({ t: clock.now() - start, amounts: [w] });
            else refused++;
          });
          assertBound(adm, 0, burst, rate);
          expect(rl.stats.admitted).toBe(adm.length);
          expect(rl.stats.rejected).toBe(refused);
        },
      ),
      { numRuns: 300, seed: 20240601 },
    );
  });

  it('a full burst is admitted after the bucket has had time to refill (no spurious refusals)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 1000, noNaN: true }),
        fc.integer({ min: 1, max: 200 }),
        fc.array(stepArb(5), { maxLength: 50 }),
        (rate, burst, steps) => {
          const clock = new ManualClock(1_700_000_000_000);
          const rl = RateLimiterConfig.new(rate, burst).build('v', { clock });
          for (const s of steps) {
            clock.advance(s.advance);
            rl.tryAcquire(Math.min(s.weight, burst));
          }
          clock.advance((burst * 1000) / rate + 1);
          for (let i = 0; i < burst; i++) expect(rl.tryAcquire()).toBe(true);
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });

  it('linked buckets never exceed any bucket bound, and refused costs spend nothing', () => {
    const bucketArb = fc.record({
      capacity: fc.integer({ min: 1, max: 30 }),
      refillPerSecond: fc.double({ min: 0.05, max: 200, noNaN: true }),
    });
    fc.assert(
      fc.property(
        fc.array(bucketArb, { minLength: 2, maxLength: 4 }),
        fc.array(
          fc.record({
            advance: fc.integer({ min: 0, max: 2000 }),
            amounts: fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 4, maxLength: 4 }),
          }),
          { maxLength: 200 },
        ),
        (specs, steps) => {
          const buckets = specs.map((s, i) => ({ name: `b${i}`, ...s }));
          const clock = new ManualClock(123_456);
          const rl = RateLimiterConfig.linked(buckets).build('v', { clock });
          const adm: Admission[] = [];
          for (const s of steps) {
            clock.advance(s.advance);
            const amounts = buckets.map((b, i) => Math.min(s.amounts[i] ?? 0, b.capacity));
            const cost = Object.fromEntries(buckets.map((b, i) => [b.name, amounts[i] ?? 0]));
            const before = rl.usage().map((u) => u.available);
            if (rl.tryAcquireCost(cost)) adm.push({ t: clock.now(), amounts });
            else expect(rl.usage().map((u) => u.available)).toEqual(before);
          }
          buckets.forEach((b, i) => {
            assertBound(adm, i, b.capacity, b.refillPerSecond);
          });
        },
      ),
      { numRuns: 200, seed: 99 },
    );
  });

  it('pauseUntil admits nothing before the time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.array(stepArb(3), { maxLength: 200 }),
        (pauseAt, pauseFor, steps) => {
          const clock = new ManualClock(0);
          const rl = RateLimiterConfig.new(1000, 5).build('v', { clock });
          let paused = false;
          let until = 0;
          for (const s of steps) {
            clock.advance(s.advance);
            if (!paused && clock.now() >= pauseAt) {
              paused = true;
              until = clock.now() + pauseFor;
              rl.pauseUntil(until, 'Retry-After');
            }
            const ok = rl.tryAcquire(s.weight);
            if (paused && clock.now() < until) expect(ok).toBe(false);
          }
        },
      ),
      { numRuns: 300, seed: 5 },
    );
  });
});
