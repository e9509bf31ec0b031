import { describe, expect, it } from 'vitest';
import { ManualClock } from '../domain/index.ts';
import { RateLimitExceeded, ValidationError } from '../errors/index.ts';
import { RateLimiterConfig } from './index.ts';

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('RateLimiterConfig', () => {
  it('new() makes one bucket named requests', () => {
    expect(RateLimiterConfig.new(5, 7).buckets).toEqual([
      { name: 'requests', capacity: 7, refillPerSecond: 5 },
    ]);
  });

  it('polymarketDefault() is 10/s with a burst of 20', () => {
    expect(RateLimiterConfig.polymarketDefault().buckets).toEqual([
      { name: 'requests', capacity: 20, refillPerSecond: 10 },
    ]);
  });

  it.each([
    [0, 10, 'requestsPerSecond'],
    [-1, 10, 'requestsPerSecond'],
    [Number.NaN, 10, 'requestsPerSecond'],
    [Number.POSITIVE_INFINITY, 10, 'requestsPerSecond'],
    [10, 0.5, 'burstSize'],
    [10, 0, 'burstSize'],
    [10, Number.NaN, 'burstSize'],
  ])('new(%s, %s) throws a ValidationError naming %s', (rate, burst, field) => {
    const e = catchError(() => RateLimiterConfig.new(rate, burst));
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).field).toBe(field);
    expect((e as ValidationError).message).toContain(field);
  });

  it('linked() checks every bucket and names the offending field', () => {
    const e = catchError(() =>
      RateLimiterConfig.linked([
        { name: 'weight', capacity: 1200, refillPerSecond: 20 },
        { name: 'orders', capacity: 50, refillPerSecond: Number.NaN },
      ]),
    );
    expect((e as ValidationError).field).toBe('buckets[1].refillPerSecond');
    expect(() =>
      RateLimiterConfig.linked([
        { name: 'a', capacity: 1, refillPerSecond: 1 },
        { name: 'a', capacity: 1, refillPerSecond: 1 },
      ]),
    ).toThrow(/used twice/);
    expect(() => RateLimiterConfig.linked([])).toThrow(ValidationError);
    expect(() => RateLimiterConfig.linked([{ name: '', capacity: 1, refillPerSecond: 1 }])).toThrow(
      ValidationError,
    );
  });
});

describe('RateLimiter fail-fast checks', () => {
  it('admits the burst, then refuses naming the bucket and when it frees', () => {
    const clock = new ManualClock(1_000_000);
    const rl = RateLimiterConfig.polymarketDefault().build('polymarket', { clock });
    for (let i = 0; i < 20; i++) rl.tryCheck();
    const e = catchError(() => rl.tryCheck());
    expect(e).toBeInstanceOf(RateLimitExceeded);
    const r = e as RateLimitExceeded;
    expect(r.venue).toBe('polymarket');
    expect(r.message).toMatch(/bucket 'requests'/);
    expect(r.message).toMatch(/frees in 100 ms/);
    expect(r.retryAfterMs).toBe(100);
    clock.advance(99);
    expect(rl.tryAcquire()).toBe(false);
    clock.advance(1);
    expect(rl.tryAcquire()).toBe(true);
    expect(rl.tryAcquire()).toBe(false);
    expect(rl.stats).toMatchObject({ admitted: 21, rejected: 3, waited: 0 });
  });

  it('refills continuously up to the capacity only', () => {
    const clock = new ManualClock();
    const rl = RateLimiterConfig.new(10, 5).build('v', { clock });
    clock.advance(60_000);
    let n = 0;
    while (rl.tryAcquire()) n++;
    expect(n).toBe(5);
    clock.advance(250);
    expect(rl.usage()[0]?.available).toBeCloseTo(2.5, 9);
  });

  it('weights spend several units', () => {
    const clock = new ManualClock();
    const rl = RateLimiterConfig.new(10, 20).build('v', { clock });
    rl.tryCheck(15);
    expect(rl.tryAcquire(6)).toBe(false);
    rl.tryCheck(5);
    expect(rl.usage()[0]?.available).toBe(0);
  });

  it('refuses a weight above capacity, zero, negative or NaN at once with a ValidationError', () => {
    const rl = RateLimiterConfig.new(10, 20).build('v', { clock: new ManualClock() });
    const e = catchError(() => rl.tryCheck(21)) as ValidationError;
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.message).toMatch(/capacity 20 of bucket 'requests'/);
    expect(() => rl.tryAcquire(21)).toThrow(ValidationError);
    for (const w of [0, -1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => rl.tryCheck(w)).toThrow(ValidationError);
    expect(rl.stats.admitted).toBe(0);
  });

  it('linked buckets: tryCheck spends from every bucket, tryCheckCost per bucket, all or nothing', () => {
    const clock = new ManualClock();
    const rl = RateLimiterConfig.linked([
      { name: 'weight', capacity: 100, refillPerSecond: 10 },
      { name: 'orders10s', capacity: 2, refillPerSecond: 0.2 },
    ]).build('binance', { clock });
    rl.tryCheckCost({ weight: 1, orders10s: 1 });
    rl.tryCheckCost({ weight: 1, orders10s: 1 });
    const e = catchError(() => rl.tryCheckCost({ weight: 1, orders10s: 1 })) as RateLimitExceeded;
    expect(e.message).toMatch(/bucket 'orders10s'/);
    expect(e.retryAfterMs).toBe(5000);
    // nothing was spent from 'weight' by the refused request
    expect(rl.usage().find((u) => u.bucket === 'weight')?.available).toBe(98);
    rl.tryCheckCost({ weight: 50 });
    expect(() => rl.tryCheck()).toThrow(RateLimitExceeded); // orders10s is empty
    expect(rl.usage().map((u) => u.available)).toEqual([48, 0]);
  });

  it('rejects unknown buckets and bad amounts in a cost', () => {
    const rl = RateLimiterConfig.new(10, 20).build('v', { clock: new ManualClock() });
    expect(() => rl.tryCheckCost({ nope: 1 })).toThrow(/unknown bucket "nope"/);
    expect(() => rl.tryCheckCost({ requests: -1 })).toThrow(ValidationError);
    expect(() => rl.tryCheckCost({ requests: 21 })).toThrow(/capacity 20/);
  });

  it('pauseUntil admits nothing before the time, names the reason, and only extends', () => {
    const clock = new ManualClock(5_000);
    const rl = RateLimiterConfig.new(10, 20).build('binance', { clock });
    rl.pauseUntil(7_000, '429 Retry-After');
    rl.pauseUntil(6_000);
    expect(rl.pausedUntil()).toBe(7_000);
    const e = catchError(() => rl.tryCheck()) as RateLimitExceeded;
    expect(e.message).toMatch(/paused by venue feedback \(429 Retry-After\); resumes in 2000 ms/);
    expect(e.retryAfterMs).toBe(2000);
    clock.set(6_999);
    expect(rl.tryAcquire()).toBe(false);
    clock.set(7_000);
    expect(rl.pausedUntil()).toBeUndefined();
    expect(rl.tryAcquire()).toBe(true);
  });

  it('sync raises usage to the venue figure and never lowers it', () => {
    const clock = new ManualClock();
    const rl = RateLimiterConfig.linked([{ name: 'weight', capacity: 1200, refillPerSecond: 20 }]).build(
      'binance',
      {
        clock,
      },
    );
    rl.tryCheck(100);
    rl.sync('weight', 1150);
    expect(rl.usage()[0]?.available).toBe(50);
    rl.sync('weight', 10); // lower than ours: ignored
    expect(rl.usage()[0]?.available).toBe(50);
    expect(rl.tryAcquire(51)).toBe(false);
    rl.tryCheck(50);
    clock.advance(1000);
    expect(rl.usage()[0]?.available).toBe(20);
    expect(() => rl.sync('nope', 1)).toThrow(ValidationError);
    expect(() => rl.sync('weight', Number.NaN)).toThrow(ValidationError);
  });

  it('sync above capacity blocks until the excess drains', () => {
    const clock = new ManualClock();
    const rl = RateLimiterConfig.new(10, 20).build('v', { clock });
    rl.sync('requests', 25);
    expect(rl.usage()[0]?.available).toBe(0);
    const e = catchError(() => rl.tryCheck()) as RateLimitExceeded;
    expect(e.retryAfterMs).toBe(600);
  });
});
