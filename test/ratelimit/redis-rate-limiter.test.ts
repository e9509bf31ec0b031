/**
 * Shared (Redis) rate limiter against the real Redis: several limiters on separate connections never
 * admit more than GCRA allows (up to one lease per limiter), weights and linked buckets all-or-nothing,
 * FIFO waits with maxWaitMs and abort, the shared pause, venue sync, lease refunds, the script's
 * EVALSHA/EVAL path, and keys that go away.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RateLimitExceeded, ValidationError } from '../../src/errors/index.ts';
import {
  type BucketSpec,
  buildSharedLimiter,
  RateLimiterConfig,
  type RedisRateLimiter,
  SHARED_GCRA_SHA,
  type SharedLimiterOptions,
} from '../../src/ratelimit/index.ts';
import {
  type Admission,
  deleteUnder,
  freePort,
  hammer,
  keysUnder,
  REDIS_URL,
  startRedis,
  stopRedis,
  uniquePrefix,
  worstExcess,
} from './redis-support.ts';

let admin: Redis;
const prefixes: string[] = [];
const open: RedisRateLimiter[] = [];

beforeAll(() => {
  admin = new Redis(REDIS_URL);
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.close()));
});
afterAll(async () => {
  await deleteUnder(admin, prefixes);
  for (const p of prefixes) expect(await keysUnder(admin, p)).toEqual([]);
  admin.disconnect();
});

function prefix(tag: string): string {
  const p = uniquePrefix(tag);
  prefixes.push(p);
  return p;
}

function limiter(
  config: RateLimiterConfig,
  keyPrefix: string,
  opts: Partial<SharedLimiterOptions> = {},
): RedisRateLimiter {
  const l = buildSharedLimiter(config, 'venue', { redis: REDIS_URL, keyPrefix, ...opts });
  open.push(l);
  return l;
}

/** Acquires like the engine does: synchronously when the allowance allows, else waits. */
async function acquire(l: RedisRateLimiter, log: Admission[], weight = 1): Promise<void> {
  if (!l.tryAcquire(weight)) await l.check(weight, { maxWaitMs: 10_000 });
  log.push({ at: Date.now(), weight });
}

/** A seeded generator (mulberry32). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('RedisRateLimiter: a budget shared by several limiters', () => {
  it('two limiters on separate connections never admit more than capacity + rate × elapsed (+ one lease each)', async () => {
    const p = prefix('window');
    const cfg = RateLimiterConfig.new(40, 10);
    const a = limiter(cfg, p);
    const b = limiter(cfg, p);
    const log: Admission[] = [];
    const start = Date.now();
    const until = start + 1500;
    await Promise.all([hammer(3, until, () => acquire(a, log)), hammer(3, until, () => acquire(b, log))]);
    const elapsed = Date.now() - start;
    const lease = 2; // default lease size
    expect(worstExcess(log, 10, 40)).toBeLessThanOrEqual(2 * lease + 1e-6);
    // and the budget is used, not starved (generous: half of what GCRA allows)
    expect(log.length).toBeGreaterThan(0.5 * (10 + (40 * elapsed) / 1000));
    expect(a.sharedStats.leases).toBeGreaterThan(0);
    expect(b.sharedStats.leases).toBeGreaterThan(0);
    expect(a.mode).toBe('shared');
  });

  it('weights over linked buckets: each bucket stays within its own bound, all-or-nothing', async () => {
    const p = prefix('linked');
    const buckets: BucketSpec[] = [
      { name: 'weight', capacity: 6, refillPerSecond: 30 },
      { name: 'orders', capacity: 12, refillPerSecond: 8 },
    ];
    const cfg = RateLimiterConfig.linked(buckets);
    const a = limiter(cfg, p, { leaseSize: 3 });
    const b = limiter(cfg, p, { leaseSize: 3 });
    const rnd = seeded(42);
    const log: Admission[] = [];
    const until = Date.now() + 1500;
    await Promise.all([
      hammer(2, until, () => acquire(a, log, 1 + Math.floor(rnd() * 3))),
      hammer(2, until, () => acquire(b, log, 1 + Math.floor(rnd() * 3))),
    ]);
    expect(log.length).toBeGreaterThan(5);
    for (const spec of buckets) {
      expect(worstExcess(log, spec.capacity, spec.refillPerSecond)).toBeLessThanOrEqual(2 * 3 + 1e-6);
    }
  });

  it('a refused linked request spends nothing from the bucket that had room', async () => {
    const p = prefix('allornothing');
    const cfg = RateLimiterConfig.linked([
      { name: 'weight', capacity: 6, refillPerSecond: 1 },
      { name: 'orders', capacity: 3, refillPerSecond: 0.1 },
    ]);
    const l = limiter(cfg, p, { leaseSize: 1, prefetch: false });
    await l.check(3);
    const before = await l.sharedUsage();
    expect(before.find((u) => u.bucket === 'orders')?.available).toBeLessThan(0.1);
    await expect(l.check(1, { maxWaitMs: 50 })).rejects.toBeInstanceOf(RateLimitExceeded);
    const after = await l.sharedUsage();
    const w0 = before.find((u) => u.bucket === 'weight')?.available as number;
    const w1 = after.find((u) => u.bucket === 'weight')?.available as number;
    expect(w1).toBeGreaterThanOrEqual(w0 - 1e-9); // only refilled, never spent
    expect(w1).toBeLessThan(w0 + 1); // and not by a whole unit in a few ms
    expect(() => l.tryAcquire(7)).toThrow(ValidationError);
    await expect(l.check(4)).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('RedisRateLimiter: waiting', () => {
  it('waiters are served in FIFO order; maxWaitMs and abort leave the line without spending', async () => {
    const p = prefix('fifo');
    const l = limiter(RateLimiterConfig.new(10, 2), p, { leaseSize: 1, prefetch: false });
    await l.check(1);
    await l.check(1);
    const order: string[] = [];
    const p1 = l.check(1).then(() => order.push('p1'));
    const p2 = l.check(1, { maxWaitMs: 10 });
    const ac = new AbortController();
    const p3 = l.check(1, { signal: ac.signal }).catch((e: unknown) => e);
    const p4 = l.check(1).then(() => order.push('p4'));
    expect(l.pending).toBe(4);
    expect(l.tryAcquire()).toBe(false); // nobody overtakes the line
    expect(() => l.tryCheck()).toThrow(/already waiting/);
    ac.abort(new Error('gave up'));
    await expect(p2).rejects.toBeInstanceOf(RateLimitExceeded);
    expect(await p3).toEqual(new Error('gave up'));
    await Promise.all([p1, p4]);
    expect(order).toEqual(['p1', 'p4']);
    expect(l.stats.waited).toBe(2); // the first two only waited for a lease, not for budget
    expect(l.stats.rejected).toBe(3); // tryAcquire, tryCheck and p2's timeout (an abort is not counted)
    // two waiters left without spending: the bucket holds only the four admitted units' usage
    const [u] = await l.sharedUsage();
    expect(u?.available).toBeLessThan(1);
  });

  it('a wait Redis says is longer than maxWaitMs is refused without spending', async () => {
    const p = prefix('maxwait');
    const l = limiter(RateLimiterConfig.new(1, 2), p, { leaseSize: 1, prefetch: false });
    await l.check(2);
    const err = await l.check(1, { maxWaitMs: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitExceeded);
    expect((err as RateLimitExceeded).message).toMatch(/maxWaitMs 100/);
    expect((err as RateLimitExceeded).retryAfterMs).toBeGreaterThan(100);
    const [u] = await l.sharedUsage();
    expect(u?.available).toBeLessThan(0.5);
    expect(l.pending).toBe(0);
  });

  it('close() rejects waiters and gives unspent leased units back', async () => {
    const p = prefix('close');
    const cfg = RateLimiterConfig.new(0.1, 4);
    const a = limiter(cfg, p, { leaseSize: 4, prefetch: false });
    await a.check(1); // leases 4, spends 1
    expect(a.allowance).toBe(3);
    const b = limiter(cfg, p, { leaseSize: 1, prefetch: false });
    const waiting = b.check(1).catch((e: unknown) => e);
    const waitingToo = b.check(1).catch((e: unknown) => e);
    await b.close('shutting down');
    expect(await waiting).toBeInstanceOf(RateLimitExceeded);
    expect(String(await waitingToo)).toMatch(/venue: shutting down/);
    await expect(b.check(1)).rejects.toThrow(/closed/);
    expect(b.mode).toBe('closed');
    expect((await a.sharedUsage())[0]?.available).toBeLessThan(0.1);
    await a.close();
    const c = limiter(cfg, p, { leaseSize: 1, prefetch: false });
    const [u] = await c.sharedUsage();
    expect(u?.available).toBeGreaterThan(2.9); // the three unspent units came back
    expect(u?.available).toBeLessThan(3.5);
  });

  it('leases unused past leaseTtlMs go back to Redis', async () => {
    const p = prefix('ttl');
    const l = limiter(RateLimiterConfig.new(0.5, 4), p, { leaseSize: 4, leaseTtlMs: 50, prefetch: false });
    await l.check(1);
    expect(l.allowance).toBe(3);
    await new Promise((r) => setTimeout(r, 150));
    await l.flush();
    expect(l.allowance).toBe(0);
    expect(l.sharedStats.expiredUnits).toBe(3);
    const [u] = await l.sharedUsage();
    expect(u?.available).toBeGreaterThan(2.9);
  });
});

describe('RedisRateLimiter: venue feedback is shared', () => {
  it('a pause seen by one process pauses the others (published, and stored for late comers)', async () => {
    const p = prefix('pause');
    const cfg = RateLimiterConfig.new(100, 20);
    const a = limiter(cfg, p);
    const b = limiter(cfg, p, { leaseSize: 3 });
    await a.check(1);
    await b.check(1);
    expect(b.allowance).toBeGreaterThan(0);
    const until = Date.now() + 1500;
    a.pauseUntil(until, 'HTTP 429');
    expect(a.pausedUntil()).toBe(until);
    expect(a.tryAcquire()).toBe(false);
    expect(() => a.tryCheck()).toThrow(/paused by venue feedback \(HTTP 429\)/);
    await a.flush();
    // b hears of it through Redis (pub/sub), even though it holds leased units
    const heardBy = Date.now() + 3000;
    while (b.pausedUntil() === undefined && Date.now() < heardBy) await new Promise((r) => setTimeout(r, 5));
    expect(b.pausedUntil()).toBeDefined();
    expect(b.pausedUntil()).toBeGreaterThanOrEqual(until - 5);
    expect(b.pausedUntil()).toBeLessThan(until + 500);
    expect(b.tryAcquire()).toBe(false);
    // a limiter that starts now learns it from the state in Redis
    const c = limiter(cfg, p);
    await c.check(1);
    expect(Date.now()).toBeGreaterThanOrEqual(until - 20);
    await b.check(1);
    expect(Date.now()).toBeGreaterThanOrEqual(until - 20);
  });

  it('an endless pause (a ban) holds here and is shared as a long one', async () => {
    const p = prefix('ban');
    const cfg = RateLimiterConfig.new(10, 5);
    const a = limiter(cfg, p);
    a.pauseUntil(Number.POSITIVE_INFINITY, 'HTTP 418');
    await a.flush();
    expect(a.mode).toBe('shared'); // the script took it
    expect(a.pausedUntil()).toBe(Number.POSITIVE_INFINITY);
    const b = limiter(cfg, p);
    await expect(b.check(1, { maxWaitMs: 50 })).rejects.toThrow(/paused by venue feedback \(HTTP 418\)/);
    expect(b.pausedUntil()).toBeGreaterThan(Date.now() + 6 * 24 * 3600 * 1000);
    expect(() => a.pauseUntil(Number.NaN)).toThrow(ValidationError);
  });

  it('sync raises the shared usage to the venue figure and never lowers it', async () => {
    const p = prefix('sync');
    const cfg = RateLimiterConfig.linked([
      { name: 'weight', capacity: 100, refillPerSecond: 1 },
      { name: 'orders', capacity: 10, refillPerSecond: 1 },
    ]);
    const a = limiter(cfg, p, { prefetch: false });
    const b = limiter(cfg, p, { prefetch: false });
    a.sync('weight', 99);
    await a.flush();
    const u1 = await b.sharedUsage();
    expect(u1[0]?.available).toBeLessThan(1.1);
    expect(u1[1]?.available).toBe(10);
    await expect(b.check(2, { maxWaitMs: 100 })).rejects.toBeInstanceOf(RateLimitExceeded);
    a.sync('weight', 10);
    await a.flush();
    expect((await b.sharedUsage())[0]?.available).toBeLessThan(1.2);
    expect(() => a.sync('nope', 1)).toThrow(ValidationError);
    expect(() => a.sync('weight', -1)).toThrow(ValidationError);
  });

  it('a refund after sync never lowers the usage below the venue figure', async () => {
    const p = prefix('syncfloor');
    const cfg = RateLimiterConfig.new(0.1, 10);
    const a = limiter(cfg, p, { leaseSize: 4, prefetch: false });
    await a.check(1);
    expect(a.allowance).toBe(3);
    a.sync('requests', 10); // the venue counts the whole budget used (other clients of the account)
    await a.close(); // gives back the three unsent units: not below what the venue counted
    const c = limiter(cfg, p);
    expect((await c.sharedUsage())[0]?.available).toBeLessThan(0.1);
  });
});

describe('RedisRateLimiter: the script and the keys', () => {
  it('uses EVALSHA, and EVAL once when the server does not have the script (NOSCRIPT)', async () => {
    const port = await freePort();
    const server = await startRedis(port);
    const direct = new Redis({ port, host: '127.0.0.1' });
    try {
      const url = `redis://127.0.0.1:${port}`;
      expect(await direct.script('EXISTS', SHARED_GCRA_SHA)).toEqual([0]);
      const l = buildSharedLimiter(RateLimiterConfig.new(10, 5), 'v', { redis: url, prefetch: false });
      open.push(l);
      await l.check(1);
      await l.check(3);
      expect(await direct.script('EXISTS', SHARED_GCRA_SHA)).toEqual([1]);
      const stats = await direct.info('commandstats');
      const calls = (cmd: string) => Number(new RegExp(`cmdstat_${cmd}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
      expect(calls('eval')).toBe(1);
      expect(calls('evalsha')).toBe(2);
    } finally {
      direct.disconnect();
      await stopRedis(server);
    }
  });

  it('the venue key expires once every bucket is full again', async () => {
    const p = prefix('expire');
    const l = limiter(RateLimiterConfig.new(20, 2), p, { leaseSize: 1, prefetch: false });
    await l.check(2);
    const pttl = await admin.pttl(`${p}venue`);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(1000 + 100 + 1);
    const until = Date.now() + 5000;
    while ((await keysUnder(admin, p)).length > 0 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await keysUnder(admin, p)).toEqual([]);
  });

  it('rejects invalid options naming the field', () => {
    const cfg = RateLimiterConfig.new(10, 3);
    const make = (o: Partial<SharedLimiterOptions>) => () =>
      buildSharedLimiter(cfg, 'v', { redis: REDIS_URL, ...o });
    expect(make({ leaseSize: 4 })).toThrow(/leaseSize/);
    expect(make({ leaseSize: 0 })).toThrow(ValidationError);
    expect(make({ fallbackShare: 0 })).toThrow(/fallbackShare/);
    expect(make({ leaseTtlMs: -1 })).toThrow(/leaseTtlMs/);
    expect(make({ onUnavailable: 'maybe' as 'fail' })).toThrow(/onUnavailable/);
  });
});
