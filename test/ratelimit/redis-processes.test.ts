/**
 * Shared (Redis) rate limiter across separate processes (`node --import tsx`, started from the
 * repository root): three processes hammering one venue's budget together never admit more than GCRA
 * allows over any window, up to one lease per process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, expect, it } from 'vitest';
import {
  type Admission,
  deleteUnder,
  keysUnder,
  REDIS_URL,
  uniquePrefix,
  worstExcess,
} from './redis-support.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const prefix = uniquePrefix('procs');
const admin = new Redis(REDIS_URL);
const rps = 50;
const burst = 10;
const leaseSize = 3;

afterAll(async () => {
  await deleteUnder(admin, [prefix]);
  expect(await keysUnder(admin, prefix)).toEqual([]);
  admin.disconnect();
});

interface WorkerOutput {
  readonly pid: number;
  readonly mode: string;
  readonly admissions: number[];
  readonly sharedStats: { leases: number };
}

it('three processes sharing one budget never admit more than capacity + rate × elapsed (+ a lease each)', async () => {
  const args = JSON.stringify({ redis: REDIS_URL, keyPrefix: prefix, rps, burst, leaseSize, loops: 3 });
  const workers = [1, 2, 3].map(() => worker(args));
  try {
    await Promise.all(workers.map((w) => w.ready));
    const startAt = Date.now() + 200;
    const endAt = startAt + 2000;
    for (const w of workers) w.child.stdin?.write(`${JSON.stringify({ startAt, endAt })}\n`);
    const results = await Promise.all(workers.map((w) => w.result));
    check(results, startAt, endAt);
  } finally {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
  }
}, 60_000);

function check(results: WorkerOutput[], startAt: number, endAt: number): void {
  expect(new Set(results.map((r) => r.pid)).size).toBe(3);
  const log: Admission[] = [];
  for (const r of results) {
    expect(r.mode).toBe('shared');
    expect(r.sharedStats.leases).toBeGreaterThan(0);
    for (const at of r.admissions) log.push({ at, weight: 1 });
  }
  expect(Math.min(...log.map((a) => a.at))).toBeGreaterThanOrEqual(startAt);
  expect(worstExcess(log, burst, rps)).toBeLessThanOrEqual(3 * leaseSize + 1e-6);
  // the budget is shared, not starved: at least half of what GCRA allows over the run
  expect(log.length).toBeGreaterThan(0.5 * (burst + (rps * (endAt - startAt)) / 1000));
  // and each process got a part of it
  for (const r of results) expect(r.admissions.length).toBeGreaterThan(5);
}

/** Starts a worker from the repository root; `ready` once it is connected, `result` when it is done. */
function worker(args: string): { child: ChildProcess; ready: Promise<void>; result: Promise<WorkerOutput> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/ratelimit/shared-worker.ts', args], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    onReady = resolve;
  });
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.startsWith('ready\n')) onReady();
  });
  const result = new Promise<WorkerOutput>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as WorkerOutput);
      else reject(new Error(`worker exited with ${code}: ${out}`));
    });
  });
  ready.catch(() => {});
  result.catch(() => {});
  return { child, ready: Promise.race([ready, result.then(() => {})]), result };
}
