/**
 * `ag-exec bench`: runs the benchmark suite in `bench/` (present in a checkout) and writes
 * `bench/results.json`.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';

/** Runs the benchmarks; resolves with the exit code. */
export async function runBenchCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { help: { type: 'boolean' }, quick: { type: 'boolean' } },
  });
  if (values.help) {
    console.log(
      'Usage: ag-exec bench [--quick]\n\nRuns every benchmark group in its own fresh process (peers compared with ours run in the same one),\nprints a table and the targets, and writes bench/results.json.\n--quick runs fewer samples (for a smoke test).',
    );
    return 0;
  }
  const runner = new URL('../../bench/run.ts', import.meta.url);
  if (!existsSync(runner)) {
    console.error('ag-exec bench: the benchmarks ship with the source checkout (bench/run.ts not found)');
    return 1;
  }
  const { runBenchmarks } = (await import(runner.href)) as {
    runBenchmarks: (o: { quick: boolean }) => Promise<boolean>;
  };
  return (await runBenchmarks({ quick: values.quick ?? false })) ? 0 : 1;
}
