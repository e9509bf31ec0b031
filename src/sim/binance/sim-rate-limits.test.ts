import { describe, expect, it } from 'vitest';
import { RateRefusal, SimRateLimits } from './sim-rate-limits.ts';

const refusal = (f: () => unknown): RateRefusal => {
  try {
    f();
  } catch (e) {
    if (e instanceof RateRefusal) return e;
    throw e;
  }
  throw new Error('expected a refusal');
};

describe('SimRateLimits', () => {
  it('counts weight in clock-aligned minutes and answers 429 with the seconds left', () => {
    const l = new SimRateLimits({ requestWeightPerMinute: 10 });
    const t0 = 120_000 + 45_500;
    expect(l.admit('ip', 6, t0)).toBe(6);
    expect(l.admit('ip', 4, t0 + 1)).toBe(10);
    const r = refusal(() => l.admit('ip', 1, t0 + 2));
    expect(r).toMatchObject({ status: 429, code: -1003, retryAfterS: 15 });
    expect(l.admit('other', 1, t0)).toBe(1);
    expect(l.admit('ip', 1, 180_000)).toBe(1);
    expect(l.refund('ip', 1, 180_000)).toBe(0);
  });

  it('bans an IP that keeps going after its 429s, doubling the ban', () => {
    const l = new SimRateLimits({ requestWeightPerMinute: 1, banAfter429s: 2, banSeconds: 100 });
    l.admit('ip', 1, 0);
    expect(refusal(() => l.admit('ip', 1, 1)).status).toBe(429);
    expect(refusal(() => l.admit('ip', 1, 2)).status).toBe(429);
    const ban = refusal(() => l.admit('ip', 1, 3));
    expect(ban).toMatchObject({ status: 418, code: -1003, retryAfterS: 100 });
    expect(ban.msg).toBe(
      'Way too much request weight used; IP banned until 100003. Please use WebSocket Streams for live updates to avoid bans.',
    );
    expect(refusal(() => l.admit('ip', 1, 90_000)).status).toBe(418);
    expect(l.admit('ip', 1, 100_003)).toBe(1);
    refusal(() => l.admit('ip', 1, 100_004));
    refusal(() => l.admit('ip', 1, 100_005));
    expect(refusal(() => l.admit('ip', 1, 100_006)).retryAfterS).toBe(200);
  });

  it('limits unfilled orders per 10 s and per day, gives one back on a first fill', () => {
    const l = new SimRateLimits({ ordersPer10s: 2, ordersPerDay: 3 });
    expect(l.countOrder('a', 0)).toEqual({ tenS: 1, day: 1 });
    l.countOrder('a', 1);
    expect(refusal(() => l.checkOrders('a', 2))).toMatchObject({
      status: 429,
      code: -1015,
      msg: 'Too many new orders; current limit is 2 orders per 10 SECOND.',
      retryAfterS: 10,
    });
    l.giveBack('a', 3);
    l.checkOrders('a', 3);
    l.countOrder('a', 20_000);
    l.countOrder('a', 30_000);
    expect(refusal(() => l.checkOrders('a', 30_001)).msg).toBe(
      'Too many new orders; current limit is 3 orders per 1 DAY.',
    );
    expect(l.info()).toContainEqual({ rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 3 });
  });
});
