import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../domain/index.ts';
import { DEFAULT_ROUTE_LIMITS, SimRateLimits } from './sim-rate-limits.ts';

describe('SimRateLimits', () => {
  it('uses the published defaults and ignores routes without a bucket', () => {
    const l = new SimRateLimits(new ManualClock(0));
    expect(DEFAULT_ROUTE_LIMITS['POST /order']).toEqual({ limit: 3500, windowMs: 10_000 });
    expect(l.route('GET /time')).toBeUndefined();
    expect(l.route('DELETE /cancel-all')).toEqual({ ok: true, remaining: 249, resetS: 10 });
  });

  it('keeps signers apart and charges a cost', () => {
    const clock = new ManualClock(1_000);
    const l = new SimRateLimits(clock, { signerOrders: { limit: 5, windowMs: 10_000 } });
    expect(l.signer('orders', '0xA', 4)).toMatchObject({ ok: true, remaining: 1 });
    expect(l.signer('orders', '0xa', 2)).toMatchObject({ ok: false, remaining: 1 });
    expect(l.signer('orders', '0xB', 5)).toMatchObject({ ok: true, remaining: 0 });
    expect(l.signer('cancels', '0xA', 5)).toMatchObject({ ok: true });
    clock.advance(10_000);
    expect(l.signer('orders', '0xA', 5)).toMatchObject({ ok: true, remaining: 0 });
  });

  it('never admits more than the limit within one window', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 4 }))),
        (steps) => {
          const clock = new ManualClock(0);
          const l = new SimRateLimits(clock, { signerOrders: { limit: 7, windowMs: 10_000 } });
          const admitted: [number, number][] = [];
          for (const [dt, cost] of steps) {
            clock.advance(dt);
            if (l.signer('orders', 'x', cost).ok) admitted.push([clock.now(), cost]);
          }
          let windowStart = Number.NEGATIVE_INFINITY;
          let used = 0;
          for (const [t, c] of admitted) {
            if (t >= windowStart + 10_000) {
              windowStart = t;
              used = 0;
            }
            used += c;
            expect(used).toBeLessThanOrEqual(7);
          }
        },
      ),
    );
  });
});
