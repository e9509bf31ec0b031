import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Clock } from '../domain/index.ts';
import { RateLimitExceeded, ValidationError } from '../errors/index.ts';
import { type RateLimiter, RateLimiterConfig } from './index.ts';

/** A clock driven by vitest's fake timers (Date is faked with them). */
const fakeClock: Clock = { now: () => Date.now() };

function exhausted(rate = 10, burst = 20): RateLimiter {
  const rl = RateLimiterConfig.new(rate, burst).build('pm', { clock: fakeClock });
  for (let i = 0; i < burst; i++) rl.tryCheck();
  return rl;
}

/** Records when (fake ms since start) and in what order promises settle. */
function tracker() {
  const t0 = Date.now();
  const log: string[] = [];
  const track = (name: string, p: Promise<void>) =>
    p.then(
      () => log.push(`${name}@${Date.now() - t0}`),
      (e: unknown) => log.push(`${name}!${e instanceof Error ? e.name : String(e)}@${Date.now() - t0}`),
    );
  return { log, track };
}

describe('RateLimiter waiting', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves at once when tokens are free', async () => {
    const rl = RateLimiterConfig.new(10, 2).build('v', { clock: fakeClock });
    await rl.check();
    await rl.check();
    expect(rl.stats).toMatchObject({ admitted: 2, waited: 0 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('serves waiters in FIFO order, each when its tokens free, with one timer', async () => {
    const rl = exhausted();
    const { log, track } = tracker();
    track('a', rl.check());
    track('b', rl.check());
    track('c', rl.check());
    expect(rl.pending).toBe(3);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(99);
    expect(log).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(log).toEqual(['a@100']);
    await vi.advanceTimersByTimeAsync(200);
    expect(log).toEqual(['a@100', 'b@200', 'c@300']);
    expect(rl.stats).toMatchObject({ admitted: 23, waited: 3, totalWaitMs: 600 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a light later request never overtakes a heavy head', async () => {
    const rl = exhausted();
    const { log, track } = tracker();
    track('heavy', rl.check(5));
    track('light', rl.check(1));
    await vi.advanceTimersByTimeAsync(1000);
    expect(log).toEqual(['heavy@500', 'light@600']);
  });

  it('tryCheck fails fast while others wait, even when tokens are free', async () => {
    const rl = exhausted();
    const { log, track } = tracker();
    track('a', rl.check(2));
    await vi.advanceTimersByTimeAsync(150); // one token free, the head needs two
    const e = (() => {
      try {
        rl.tryCheck();
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(RateLimitExceeded);
    expect((e as RateLimitExceeded).message).toMatch(/1 request already waiting/);
    expect(rl.tryAcquire()).toBe(false);
    expect(() => rl.tryCheckCost({ requests: 1 })).toThrow(RateLimitExceeded);
    await vi.advanceTimersByTimeAsync(50);
    expect(log).toEqual(['a@200']);
  });

  it('an aborted waiter leaves the line without spending, and the next one moves up', async () => {
    const rl = exhausted();
    const { log, track } = tracker();
    const ac = new AbortController();
    track('a', rl.check(1, { signal: ac.signal }));
    track('b', rl.check(1));
    await vi.advanceTimersByTimeAsync(50);
    ac.abort(new Error('caller gave up'));
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toEqual(['a!Error@50']);
    await vi.advanceTimersByTimeAsync(50);
    expect(log).toEqual(['a!Error@50', 'b@100']);
    expect(rl.pending).toBe(0);
    expect(rl.stats).toMatchObject({ admitted: 21, waited: 1 });
  });

  it('rejects with the abort reason when the signal is already aborted', async () => {
    const rl = exhausted();
    const reason = new Error('already');
    await expect(rl.check(1, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(rl.pending).toBe(0);
  });

  it('maxWaitMs: fails at once when nobody is ahead and the wait is longer', async () => {
    const rl = exhausted();
    const p = rl.check(3, { maxWaitMs: 250 });
    await expect(p).rejects.toBeInstanceOf(RateLimitExceeded);
    await expect(p).rejects.toThrow(/300 ms exceeds maxWaitMs 250/);
    expect(rl.pending).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('maxWaitMs: a waiter behind others times out on time and spends nothing', async () => {
    const rl = exhausted();
    const { log, track } = tracker();
    track('a', rl.check(5));
    track('b', rl.check(1, { maxWaitMs: 300 }));
    track('c', rl.check(1));
    await vi.advanceTimersByTimeAsync(300);
    expect(log).toEqual(['b!RateLimitExceeded@300']);
    await vi.advanceTimersByTimeAsync(300);
    expect(log).toEqual(['b!RateLimitExceeded@300', 'a@500', 'c@600']);
    expect(rl.stats).toMatchObject({ rejected: 1, waited: 2 });
  });

  it('a waiter is admitted when its tokens free exactly at its deadline', async () => {
    const rl = exhausted();
    const { log, track } = tracker();
    track('a', rl.check(1, { maxWaitMs: 100 }));
    await vi.advanceTimersByTimeAsync(100);
    expect(log).toEqual(['a@100']);
  });

  it('waits out a venue pause, and a pause given while waiting holds the line', async () => {
    const rl = RateLimiterConfig.new(10, 20).build('binance', { clock: fakeClock });
    const { log, track } = tracker();
    rl.pauseUntil(Date.now() + 1000, '429');
    track('a', rl.check());
    await vi.advanceTimersByTimeAsync(999);
    expect(log).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(log).toEqual(['a@1000']);
    for (let i = 0; i < 19; i++) rl.tryCheck();
    track('b', rl.check());
    rl.pauseUntil(Date.now() + 2000, '418');
    await vi.advanceTimersByTimeAsync(1999);
    expect(log).toEqual(['a@1000']);
    await vi.advanceTimersByTimeAsync(1);
    expect(log).toEqual(['a@1000', 'b@3000']);
  });

  it('sync while waiting pushes the head back', async () => {
    const rl = exhausted();
    const { log, track } = tracker();
    track('a', rl.check());
    rl.sync('requests', 25); // the venue counted more than we did
    await vi.advanceTimersByTimeAsync(1000);
    expect(log).toEqual(['a@600']);
  });

  it('refuses an impossible weight at once', async () => {
    const rl = exhausted();
    await expect(rl.check(21)).rejects.toBeInstanceOf(ValidationError);
    await expect(rl.checkCost({ other: 1 })).rejects.toBeInstanceOf(ValidationError);
    expect(rl.pending).toBe(0);
  });

  it('checkCost waits for linked buckets', async () => {
    const rl = RateLimiterConfig.linked([
      { name: 'weight', capacity: 10, refillPerSecond: 10 },
      { name: 'orders', capacity: 1, refillPerSecond: 1 },
    ]).build('binance', { clock: fakeClock });
    const { log, track } = tracker();
    track('a', rl.checkCost({ weight: 1, orders: 1 }));
    track('b', rl.checkCost({ weight: 1, orders: 1 }));
    track('c', rl.checkCost({ weight: 1 }));
    await vi.advanceTimersByTimeAsync(2000);
    expect(log).toEqual(['a@0', 'b@1000', 'c@1000']);
  });

  it('close() rejects every waiter', async () => {
    const rl = exhausted();
    const { log, track } = tracker();
    track('a', rl.check());
    track('b', rl.check());
    rl.close();
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toEqual(['a!RateLimitExceeded@0', 'b!RateLimitExceeded@0']);
    expect(vi.getTimerCount()).toBe(0);
  });
});
