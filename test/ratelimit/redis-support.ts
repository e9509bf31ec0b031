/**
 * Helpers of the shared-limiter suites: unique key prefixes on the common Redis and their clean-up, a
 * private redis-server on a free loopback port (to stop and restart it), a port nothing listens on, and
 * the window check of admissions against what GCRA allows.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

/** The Redis that the development and CI machines run. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix no other test uses. */
export function uniquePrefix(tag: string): string {
  return `ag-exec-test:${tag}:${process.pid}:${randomBytes(4).toString('hex')}:`;
}

/** Keys under `prefix` (SCAN, never KEYS). */
export async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    out.push(...keys);
  } while (cursor !== '0');
  return out;
}

/** Deletes every key under the prefixes; answers how many were left. */
export async function deleteUnder(redis: Redis, prefixes: readonly string[]): Promise<number> {
  let n = 0;
  for (const p of prefixes) {
    const keys = await keysUnder(redis, p);
    if (keys.length > 0) n += await redis.del(...keys);
  }
  return n;
}

/** A loopback port nothing listens on. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A redis-server of our own on `port` (no persistence), stopped with {@link stopRedis}. */
export async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null });
  probe.on('error', () => {});
  const until = Date.now() + 10_000;
  for (;;) {
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      return child;
    } catch (e) {
      if (Date.now() > until || child.exitCode !== null) {
        probe.disconnect();
        child.kill('SIGKILL');
        throw e;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** Stops a server started by {@link startRedis} and waits for it to exit. */
export async function stopRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

/** One admission: local time (ms) and the units spent. */
export interface Admission {
  readonly at: number;
  readonly weight: number;
}

/**
 * The largest excess, over every window [a, b] between two admissions, of the units admitted in it over
 * what GCRA allows: `capacity + rate × (b - a) / 1000`, the window widened by `clockSlackMs` on each side
 * (timestamps are whole ms). A result <= tolerance means the bound held.
 */
export function worstExcess(
  admissions: readonly Admission[],
  capacity: number,
  refillPerSecond: number,
  clockSlackMs = 1,
): number {
  const a = [...admissions].sort((x, y) => x.at - y.at);
  let worst = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < a.length; i++) {
    let sum = 0;
    for (let j = i; j < a.length; j++) {
      sum += (a[j] as Admission).weight;
      const span = (a[j] as Admission).at - (a[i] as Admission).at + 2 * clockSlackMs;
      worst = Math.max(worst, sum - capacity - (refillPerSecond * span) / 1000);
    }
  }
  return worst;
}

/** Runs `body` repeatedly from `loops` concurrent callers until `until` (local clock ms, or a predicate). */
export async function hammer(
  loops: number,
  until: number | (() => boolean),
  body: () => Promise<void>,
): Promise<void> {
  const go = typeof until === 'number' ? () => Date.now() < until : () => !until();
  await Promise.all(
    Array.from({ length: loops }, async () => {
      while (go()) await body();
    }),
  );
}
