/**
 * Benchmark of the fail-fast rate-limit check against the `limiter` package, same settings, same run:
 * a rate high enough that neither refuses while measured.
 */
import { RateLimiter as PeerLimiter } from 'limiter';
import { RateLimiterConfig } from '../../src/ratelimit/index.ts';
import { type BenchResult, measure } from '../harness.ts';

const RATE = 1e12;

/** `ratelimit.tryCheck` (ours) and `ratelimit.tryCheck.limiter` (the peer's `tryRemoveTokens(1)`). */
export function ratelimitCases(): BenchResult[] {
  const ours = RateLimiterConfig.new(RATE, RATE).build('bench');
  const peer = new PeerLimiter({ tokensPerInterval: RATE, interval: 'second' });
  const opts = { batch: 1000, samples: 400, warmup: 200 };
  const peerResult = measure(
    'ratelimit.tryCheck.limiter',
    () => {
      if (!peer.tryRemoveTokens(1)) throw new Error('limiter refused during the benchmark');
    },
    opts,
  );
  const ourResult = measure('ratelimit.tryCheck', () => ours.tryCheck(), opts);
  return [ourResult, peerResult];
}
