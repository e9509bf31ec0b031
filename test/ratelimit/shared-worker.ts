/**
 * A process of the shared-limiter suite: builds a limiter on the shared key given in argv (JSON), prints
 * `ready` once connected, reads the common start and end times (JSON) from stdin, acquires as fast as the
 * limiter admits (tryAcquire, else check, like the engine) from a few concurrent callers until the end,
 * and prints its admission times as one JSON line.
 * Run: `node --import tsx test/ratelimit/shared-worker.ts '<json>'` from the repository root.
 */
import { createInterface } from 'node:readline';
import { buildSharedLimiter, RateLimiterConfig } from '../../src/ratelimit/index.ts';

interface WorkerArgs {
  readonly redis: string;
  readonly keyPrefix: string;
  readonly rps: number;
  readonly burst: number;
  readonly leaseSize: number;
  readonly loops: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as WorkerArgs;
const limiter = buildSharedLimiter(RateLimiterConfig.new(args.rps, args.burst), 'venue', {
  redis: args.redis,
  keyPrefix: args.keyPrefix,
  leaseSize: args.leaseSize,
});
await limiter.sharedUsage(); // connected before the start
process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const go = JSON.parse(String((await lines.next()).value)) as { startAt: number; endAt: number };
await new Promise((r) => setTimeout(r, Math.max(0, go.startAt - Date.now())));
const admissions: number[] = [];
await Promise.all(
  Array.from({ length: args.loops }, async () => {
    while (Date.now() < go.endAt) {
      if (!limiter.tryAcquire()) await limiter.check(1, { maxWaitMs: 10_000 });
      admissions.push(Date.now());
    }
  }),
);
const { mode, sharedStats } = limiter;
await limiter.close();
process.stdout.write(`${JSON.stringify({ pid: process.pid, mode, admissions, sharedStats })}\n`);
process.exit(0);
