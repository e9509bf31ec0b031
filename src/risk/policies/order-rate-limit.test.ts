import { describe, expect, it } from 'vitest';
import { riskOrder } from '../../../test/support/builders.ts';
import { TestRiskContext, violationsOf } from '../../../test/support/risk-context.ts';
import { ManualClock } from '../../domain/index.ts';
import { OrderRateLimit } from './order-rate-limit.ts';

describe('OrderRateLimit', () => {
  const ctx = new TestRiskContext();
  const o = riskOrder('Buy', 1, '0.5');

  function accept(p: OrderRateLimit): boolean {
    if (violationsOf(p, o, ctx).length > 0) return false;
    p.onAccepted(o);
    return true;
  }

  it('allows max_orders in a window, refuses the next, and slides', () => {
    const clock = new ManualClock(1_000_000);
    const p = new OrderRateLimit({ maxOrders: 3, intervalMs: 1000, clock });
    expect(accept(p)).toBe(true); // t=0
    clock.advance(100);
    expect(accept(p)).toBe(true); // t=100
    clock.advance(100);
    expect(accept(p)).toBe(true); // t=200
    const out = violationsOf(p, o, ctx);
    expect(out).toEqual([
      {
        policy: 'OrderRateLimit',
        reason: 'too many orders in 1000 ms (next allowed in 800 ms)',
        limit: '3',
        actual: '4',
      },
    ]);
    clock.advance(799); // t=999: the first is still inside (0, 999]
    expect(accept(p)).toBe(false);
    clock.advance(1); // t=1000: the first left the window
    expect(accept(p)).toBe(true);
    expect(accept(p)).toBe(false); // the second (t=100) is still inside
    clock.advance(100);
    expect(accept(p)).toBe(true);
    expect(p.inWindow()).toBe(3);
  });

  it('does not count refused or merely evaluated orders', () => {
    const clock = new ManualClock(0);
    const p = new OrderRateLimit({ maxOrders: 2, intervalMs: 60_000, clock });
    for (let i = 0; i < 10; i++) violationsOf(p, o, ctx);
    expect(accept(p)).toBe(true);
    expect(accept(p)).toBe(true);
    expect(accept(p)).toBe(false);
    expect(p.usage(ctx).current).toBe('2 in the last 60000 ms');
    clock.advance(60_000);
    expect(p.usage(ctx).current).toBe('0 in the last 60000 ms');
  });
});
