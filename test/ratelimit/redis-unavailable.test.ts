/**
 * Shared (Redis) rate limiter when Redis cannot be reached: a port nothing listens on (local fallback
 * budget, or fail closed), a private redis-server stopped and restarted mid-run (fallback, then recovery),
 * and a live connection killed with CLIENT KILL on the common Redis (reconnect, nothing lost).
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RateLimitExceeded } from '../../src/errors/index.ts';
import {
  buildSharedLimiter,
  RateLimiterConfig,
  type RedisRateLimiter,
  type SharedLimiterEvent,
  type SharedLimiterOptions,
} from '../../src/ratelimit/index.ts';
import {
  type Admission,
  deleteUnder,
  freePort,
  hammer,
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
  admin.disconnect();
});

function make(
  config: RateLimiterConfig,
  redis: SharedLimiterOptions['redis'],
  events: SharedLimiterEvent[],
  opts: Partial<SharedLimiterOptions> = {},
): RedisRateLimiter {
  const keyPrefix = uniquePrefix('down');
  prefixes.push(keyPrefix);
  const l = buildSharedLimiter(config, 'venue', {
    redis,
    keyPrefix,
    timeoutMs: 300,
    retryMs: 100,
    onEvent: (e) => events.push(e),
    ...opts,
  });
  open.push(l);
  return l;
}

async function acquire(l: RedisRateLimiter, log: Admission[]): Promise<void> {
  if (!l.tryAcquire()) await l.check(1, { maxWaitMs: 10_000 });
  log.push({ at: Date.now(), weight: 1 });
}

async function eventually(what: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!what() && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  expect(what()).toBe(true);
}

describe('RedisRateLimiter when Redis cannot be reached', () => {
  it('falls back to its share of the budget, says so, and never exceeds that share', async () => {
    const port = await freePort();
    const events: SharedLimiterEvent[] = [];
    const l = make(RateLimiterConfig.new(20, 10), `redis://127.0.0.1:${port}`, events, {
      fallbackShare: 0.5,
    });
    const log: Admission[] = [];
    const until = Date.now() + 1000;
    await hammer(2, until, () => acquire(l, log));
    expect(l.mode).toBe('fallback');
    expect(events[0]).toMatchObject({ type: 'unavailable', venue: 'venue', mode: 'fallback' });
    expect(events.filter((e) => e.type === 'unavailable')).toHaveLength(1); // said once, not per request
    expect(l.sharedStats.fallbackAdmitted).toBe(log.length);
    expect(l.sharedStats.leases).toBe(0);
    // 0.5 of capacity 10 and of 20/s, decided in process: exact
    expect(worstExcess(log, 5, 10)).toBeLessThanOrEqual(1e-6);
    expect(log.length).toBeGreaterThanOrEqual(5 + 2); // the burst, and it keeps admitting
    expect(() => l.tryCheck(6)).toThrow(/unreachable; local fallback budget/);
  });

  it("with onUnavailable 'fail' it refuses with RateLimitExceeded", async () => {
    const port = await freePort();
    const events: SharedLimiterEvent[] = [];
    const l = make(RateLimiterConfig.new(20, 10), `redis://127.0.0.1:${port}`, events, {
      onUnavailable: 'fail',
    });
    const err = await l.check(1, { maxWaitMs: 5000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitExceeded);
    expect((err as Error).message).toMatch(/unreachable and onUnavailable is 'fail'/);
    expect(l.mode).toBe('failClosed');
    expect(events[0]).toMatchObject({ type: 'unavailable', mode: 'failClosed' });
    expect(l.tryAcquire()).toBe(false);
    expect(() => l.tryCheck()).toThrow(RateLimitExceeded);
    expect(l.stats.admitted).toBe(0);
  });

  it('falls back when its Redis stops mid-run, and goes back to Redis when it returns', async () => {
    const port = await freePort();
    let server = await startRedis(port);
    try {
      const events: SharedLimiterEvent[] = [];
      const cfg = RateLimiterConfig.new(50, 10);
      const l = make(cfg, `redis://127.0.0.1:${port}`, events, { fallbackShare: 0.5 });
      const log: Admission[] = [];
      let stop = false;
      const load = hammer(
        2,
        () => stop,
        () => acquire(l, log),
      );
      await eventually(() => l.sharedStats.leases > 5);
      expect(l.mode).toBe('shared');
      await stopRedis(server);
      await eventually(() => l.mode === 'fallback');
      const downAt = log.length;
      await eventually(() => l.sharedStats.fallbackAdmitted > 5);
      expect(log.length).toBeGreaterThan(downAt);
      const leasesBefore = l.sharedStats.leases;
      server = await startRedis(port);
      await eventually(() => l.mode === 'shared');
      await eventually(() => l.sharedStats.leases > leasesBefore + 3);
      stop = true;
      await load;
      expect(events.map((e) => e.type)).toEqual(['unavailable', 'recovered']);
      // A server restarted without its data has forgotten the usage: its buckets start full again. So
      // across the whole run: a burst before, the fallback's while down, a fresh burst after; one lease.
      expect(worstExcess(log, 10 + 5 + 10, 50)).toBeLessThanOrEqual(2 + 1e-6);
    } finally {
      await stopRedis(server);
    }
  });

  it('a Redis that stops answering (CLIENT PAUSE) counts as down after timeoutMs; its state survives', async () => {
    const port = await freePort();
    const server = await startRedis(port);
    const direct = new Redis({ port, host: '127.0.0.1' });
    try {
      const events: SharedLimiterEvent[] = [];
      const l = make(RateLimiterConfig.new(50, 10), `redis://127.0.0.1:${port}`, events, {
        fallbackShare: 0.5,
      });
      const log: Admission[] = [];
      let stop = false;
      const load = hammer(
        2,
        () => stop,
        () => acquire(l, log),
      );
      await eventually(() => l.sharedStats.leases > 5);
      await direct.client('PAUSE', 800, 'ALL');
      await eventually(() => l.mode === 'fallback');
      expect(events[0]).toMatchObject({ type: 'unavailable', mode: 'fallback' });
      expect((events[0] as { error: Error }).error.message).toMatch(/did not answer within 300 ms/);
      await eventually(() => l.mode === 'shared');
      const leases = l.sharedStats.leases;
      await eventually(() => l.sharedStats.leases > leases + 3);
      stop = true;
      await load;
      expect(events.map((e) => e.type)).toEqual(['unavailable', 'recovered']);
      expect(l.sharedStats.fallbackAdmitted).toBeGreaterThan(0);
      // the shared budget plus the fallback's share, and one lease
      expect(worstExcess(log, 10 + 5, 50)).toBeLessThanOrEqual(2 + 1e-6);
    } finally {
      direct.disconnect();
      await stopRedis(server);
    }
  });

  it('a connection killed on the common Redis (CLIENT KILL): fallback while it is down, Redis again once re-made', async () => {
    const name = `ag-exec-test-kill-${process.pid}-${Date.now()}`;
    // the caller's client re-connects after 300 ms: long enough for the limiter to see the outage
    const client = new Redis(REDIS_URL, { connectionName: name, retryStrategy: () => 300 });
    const clientErrors: Error[] = [];
    client.on('error', (e: Error) => clientErrors.push(e)); // the caller's client: the caller listens
    try {
      const events: SharedLimiterEvent[] = [];
      const l = make(RateLimiterConfig.new(200, 10), client, events);
      const log: Admission[] = [];
      let stop = false;
      const load = hammer(
        2,
        () => stop,
        () => acquire(l, log),
      );
      await eventually(() => l.sharedStats.leases > 5);
      const idBefore = await client.client('ID');
      const killed = await admin.client('KILL', 'ID', String(idBefore));
      expect(killed).toBe(1);
      const leasesAfterKill = l.sharedStats.leases;
      await eventually(() => l.sharedStats.leases > leasesAfterKill + 5 && l.mode === 'shared');
      stop = true;
      await load;
      expect(await client.client('ID')).not.toBe(idBefore); // a new connection
      expect(events.map((e) => e.type)).toEqual(['unavailable', 'recovered']);
      expect(l.sharedStats.fallbackAdmitted).toBeGreaterThan(0);
      expect(worstExcess(log, 10 + 2.5, 200)).toBeLessThanOrEqual(2 + 1e-6);
      await l.close();
      expect(await client.ping()).toBe('PONG'); // a client passed in is not closed by the limiter
    } finally {
      client.disconnect();
    }
  });
});
