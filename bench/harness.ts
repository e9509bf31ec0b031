/**
 * Micro-benchmark harness: runs a function in timed batches after a warm-up and reports the median and
 * p99 of the per-operation time. Used by every case under `bench/cases/`.
 */

/** One benchmark result, as written to bench/results.json. */
export interface BenchResult {
  name: string;
  median_ns: number;
  p99_ns: number;
  ops_per_s: number;
}

/** Options for {@link measure}. */
export interface MeasureOptions {
  /** Operations per timed batch (per-op time = batch time / batch). */
  batch?: number;
  /** Number of timed batches. */
  samples?: number;
  /** Warm-up batches (not timed). */
  warmup?: number;
}

/**
 * Measures `fn` (synchronous). Each sample times `batch` calls with `process.hrtime.bigint()`; the median
 * and p99 are taken over the samples' per-call averages (a call of a few ns cannot be timed alone, so a
 * single slow call is smoothed into its batch), and ops/s from the total. {@link measureAsync} times every
 * call on its own.
 */
export function measure(name: string, fn: (i: number) => unknown, opts: MeasureOptions = {}): BenchResult {
  const batch = opts.batch ?? 1000;
  const samples = opts.samples ?? 300;
  const warmup = opts.warmup ?? 50;
  let sink: unknown;
  let i = 0;
  for (let w = 0; w < warmup; w++) for (let b = 0; b < batch; b++) sink = fn(i++);
  const perOp: number[] = [];
  let total = 0n;
  for (let s = 0; s < samples; s++) {
    const t0 = process.hrtime.bigint();
    for (let b = 0; b < batch; b++) sink = fn(i++);
    const dt = process.hrtime.bigint() - t0;
    total += dt;
    perOp.push(Number(dt) / batch);
  }
  if (sink === Symbol.for('never')) console.log(sink);
  return summarize(name, perOp, Number(total) / (samples * batch));
}

/** Measures an async function one call at a time: per-call latencies, median / p99, and throughput. */
export async function measureAsync(
  name: string,
  fn: (i: number) => Promise<unknown>,
  opts: { iterations?: number; warmup?: number } = {},
): Promise<BenchResult> {
  const iterations = opts.iterations ?? 100_000;
  const warmup = opts.warmup ?? 10_000;
  let i = 0;
  for (let w = 0; w < warmup; w++) await fn(i++);
  const perOp = new Array<number>(iterations);
  const start = process.hrtime.bigint();
  for (let k = 0; k < iterations; k++) {
    const t0 = process.hrtime.bigint();
    await fn(i++);
    perOp[k] = Number(process.hrtime.bigint() - t0);
  }
  const total = Number(process.hrtime.bigint() - start);
  return summarize(name, perOp, total / iterations);
}

/**
 * Measures an async function with `concurrency` calls in flight at once (as many clients would): per-call
 * latencies (median / p99) and the throughput over the whole run (total calls / elapsed time).
 */
export async function measureConcurrent(
  name: string,
  fn: (i: number) => Promise<unknown>,
  opts: { iterations: number; warmup: number; concurrency: number },
): Promise<BenchResult> {
  let next = 0;
  const run = async (count: number, perOp?: number[]): Promise<void> => {
    const end = next + count;
    const worker = async (): Promise<void> => {
      while (next < end) {
        const i = next++;
        const t0 = process.hrtime.bigint();
        await fn(i);
        if (perOp !== undefined) perOp.push(Number(process.hrtime.bigint() - t0));
      }
    };
    await Promise.all(Array.from({ length: opts.concurrency }, worker));
  };
  await run(opts.warmup);
  const perOp: number[] = [];
  const start = process.hrtime.bigint();
  await run(opts.iterations, perOp);
  const total = Number(process.hrtime.bigint() - start);
  const r = summarize(name, perOp, total / opts.iterations);
  return r;
}

function summarize(name: string, perOp: number[], meanNs: number): BenchResult {
  perOp.sort((a, b) => a - b);
  const at = (q: number) => perOp[Math.min(perOp.length - 1, Math.floor(q * perOp.length))] ?? 0;
  return {
    name,
    median_ns: Math.round(at(0.5) * 10) / 10,
    p99_ns: Math.round(at(0.99) * 10) / 10,
    ops_per_s: Math.round(1e9 / meanNs),
  };
}
