/**
 * Two gateways on one venue account share one budget through Redis: together they never admit more orders
 * than the bucket allows (plus at most one lease each), and both keep working.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { dec, fmt } from '../../src/domain/index.ts';
import { ExecutionEngine } from '../../src/engine/index.ts';
import { RateLimitExceeded } from '../../src/errors/index.ts';
import { buildSharedLimiter, RateLimiterConfig } from '../../src/ratelimit/index.ts';
import { PaperVenue } from '../../src/venues/paper/index.ts';

const engines: ExecutionEngine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
});

describe('a rate limit shared by two engines (Redis)', () => {
  it('admits no more than capacity + one lease per engine at once', async () => {
    const keyPrefix = `ag-exec:test:${randomUUID()}:`;
    const made = [0, 1].map(() => {
      const paper = new PaperVenue({ seed: 3, latencyMs: 0 });
      // a short wait: long enough for Redis round trips, far too short for the bucket to refill (one per 10 s)
      const engine = new ExecutionEngine({ enableRiskChecks: false, rateLimitMaxWaitMs: 1000 });
      engines.push(engine);
      const limiter = buildSharedLimiter(RateLimiterConfig.new(0.1, 10), 'paper', {
        redis: 'redis://127.0.0.1:6379',
        keyPrefix,
        leaseSize: 1,
      });
      engine.registerAdapter(paper, limiter);
      return { engine, paper };
    });
    const price = fmt((made[0]!.paper.referencePrice('PM-YES' as never)! - dec('0.1')) as never);
    const attempts = made.flatMap(({ engine }) =>
      Array.from({ length: 15 }, () =>
        engine.submitOrder({ venue: 'paper', market: 'PM-YES', side: 'Buy', price, size: 1 }).then(
          () => 'ok' as const,
          (e: unknown) => (e instanceof RateLimitExceeded ? ('limited' as const) : Promise.reject(e)),
        ),
      ),
    );
    const out = await Promise.all(attempts);
    const admitted = out.filter((x) => x === 'ok').length;
    expect(admitted).toBeGreaterThanOrEqual(10);
    expect(admitted).toBeLessThanOrEqual(10 + 2); // burst 10, one per 10 s, one lease per engine
    expect(out.filter((x) => x === 'limited').length).toBe(30 - admitted);
  });
});
