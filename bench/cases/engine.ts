/**
 * `engine.submit.paper`: the whole submit pipeline (normalise, idempotency, validation with instrument
 * rules, all ten risk policies, rate limiter, OMS, journal, paper venue at zero latency, apply, metrics),
 * one order at a time, each call timed. Orders are GTC limits resting below the market, so the book and the
 * tracker grow as they would under a quoting strategy.
 */
import { ExecutionEngine } from '../../src/engine/index.ts';
import { RateLimiterConfig } from '../../src/ratelimit/index.ts';
import { RiskEngine } from '../../src/risk/index.ts';
import { PaperVenue } from '../../src/venues/paper/index.ts';
import { type BenchResult, measureAsync } from '../harness.ts';
import { ALL_POLICIES_YAML } from './risk.ts';

/** Runs the engine cases (`scale` < 1 for a quick run). */
export async function engineCases(scale = 1): Promise<BenchResult[]> {
  const venue = new PaperVenue({ latencyMs: 0, liquidity: { enabled: false }, seed: 1 });
  const engine = new ExecutionEngine();
  engine.registerAdapter(venue, RateLimiterConfig.new(1e9, 1e9).build('paper'));
  engine.setRiskEngine(RiskEngine.fromYaml(ALL_POLICIES_YAML));
  const prices = ['0.30', '0.31', '0.32', '0.33', '0.34', '0.35', '0.36', '0.37', '0.38', '0.39'];
  const result = await measureAsync(
    'engine.submit.paper',
    (i) =>
      engine.submitOrder({ venue: 'paper', market: 'PM-YES', side: 'Buy', price: prices[i % 10]!, size: 5 }),
    { iterations: Math.round(100_000 * scale), warmup: Math.round(20_000 * scale) },
  );
  await engine.close();
  return [result];
}
