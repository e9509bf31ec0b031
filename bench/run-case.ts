/**
 * Runs one group of benchmark cases in this (fresh) process and prints its results as one JSON line.
 * `bench/run.ts` starts one process per group so that one group's heap and JIT state never skew
 * another's; peers compared with each other (ours and the `limiter` package) are in the same group.
 */
import { binanceCases } from './cases/binance.ts';
import { engineCases } from './cases/engine.ts';
import { httpCases } from './cases/http.ts';
import { journalCases } from './cases/journal.ts';
import { polymarketCases } from './cases/polymarket.ts';
import { ratelimitCases } from './cases/ratelimit.ts';
import { riskCases } from './cases/risk.ts';
import { sharedLimitCases } from './cases/shared-limit.ts';
import { uniswapCases } from './cases/uniswap.ts';
import { validationCases } from './cases/validation.ts';
import type { BenchResult } from './harness.ts';

/** The case groups, by name. */
export const GROUPS: Record<string, (scale: number) => BenchResult[] | Promise<BenchResult[]>> = {
  ratelimit: () => ratelimitCases(),
  validation: () => validationCases(),
  risk: () => riskCases(),
  engine: (scale) => engineCases(scale),
  polymarket: () => polymarketCases(),
  binance: () => binanceCases(),
  journal: (scale) => journalCases(scale),
  sharedLimit: () => sharedLimitCases(),
  http: (scale) => httpCases(scale),
  uniswap: (scale) => uniswapCases(scale),
};

const [group, scaleArg] = process.argv.slice(2);
if (group !== undefined) {
  const run = GROUPS[group];
  if (!run) throw new Error(`unknown bench group ${group}`);
  const results = await run(Number(scaleArg ?? '1'));
  process.stdout.write(`${JSON.stringify(results)}\n`);
}
