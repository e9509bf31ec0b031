/**
 * The whole submit pipeline (normalise, validation with instrument rules, all ten risk policies, rate
 * limiter, OMS, journal, paper venue at zero latency, apply, metrics), one order at a time, each call
 * timed. Orders are GTC limits resting below the market, so the book and the tracker grow as they would
 * under a quoting strategy.
 * - `engine.submit.paper`: the library's default configuration (no audit log, no event listener).
 * - `engine.submit.paper.audited`: the same with an audit log writing JSON lines (pino, `info`) to a file and
 *   one event listener, as the gateway service runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuditLog, type EngineConfig, ExecutionEngine, flushAuditLog } from '../../src/engine/index.ts';
import { RateLimiterConfig } from '../../src/ratelimit/index.ts';
import { RiskEngine } from '../../src/risk/index.ts';
import { PaperVenue } from '../../src/venues/paper/index.ts';
import { type BenchResult, measureAsync } from '../harness.ts';
import { ALL_POLICIES_YAML } from './risk.ts';

const PRICES = ['0.30', '0.31', '0.32', '0.33', '0.34', '0.35', '0.36', '0.37', '0.38', '0.39'];

async function submitCase(
  name: string,
  scale: number,
  config: EngineConfig,
  listen: boolean,
): Promise<BenchResult> {
  const venue = new PaperVenue({ latencyMs: 0, liquidity: { enabled: false }, seed: 1 });
  const engine = new ExecutionEngine(config);
  engine.registerAdapter(venue, RateLimiterConfig.new(1e9, 1e9).build('paper'));
  engine.setRiskEngine(RiskEngine.fromYaml(ALL_POLICIES_YAML));
  let seen = 0;
  if (listen) engine.on(() => seen++);
  const result = await measureAsync(
    name,
    (i) =>
      engine.submitOrder({ venue: 'paper', market: 'PM-YES', side: 'Buy', price: PRICES[i % 10]!, size: 5 }),
    { iterations: Math.round(100_000 * scale), warmup: Math.round(20_000 * scale) },
  );
  await engine.close();
  if (listen && seen === 0) throw new Error('the listener saw no events');
  return result;
}

/** Runs the engine cases (`scale` < 1 for a quick run). */
export async function engineCases(scale = 1): Promise<BenchResult[]> {
  const plain = await submitCase('engine.submit.paper', scale, {}, false);
  const dir = mkdtempSync(join(tmpdir(), 'ag-exec-bench-'));
  const auditLog = createAuditLog(join(dir, 'audit.log'), 'info');
  const audited = await submitCase('engine.submit.paper.audited', scale, { auditLog }, true);
  await flushAuditLog(auditLog);
  rmSync(dir, { recursive: true, force: true });
  return [plain, audited];
}
