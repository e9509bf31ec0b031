/**
 * `ag-exec sim binance [--port N] [--seed S]`: starts the simulator, prints one JSON "ready" line on
 * stdout and stops cleanly on SIGTERM / SIGINT.
 */
import { startBinanceSim } from './binance-sim.ts';

function intFlag(argv: readonly string[], name: string, fallback: number): number {
  const i = argv.indexOf(name);
  const inline = argv.find((a) => a.startsWith(`${name}=`));
  const text = inline !== undefined ? inline.slice(name.length + 1) : i >= 0 ? argv[i + 1] : undefined;
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} needs a non-negative integer, got ${text}`);
  return n;
}

/**
 * Runs the simulator until SIGTERM / SIGINT. `argv` are the arguments after `sim binance`. Resolves with
 * the exit code once stopped.
 */
export async function runBinanceSimCommand(argv: readonly string[]): Promise<number> {
  const port = intFlag(argv, '--port', 0);
  const seed = intFlag(argv, '--seed', 1);
  if (port > 65535) throw new Error('--port must be at most 65535');
  const sim = await startBinanceSim({ port, seed });
  process.stdout.write(
    `${JSON.stringify({ event: 'ready', venue: 'binance', url: sim.url, wsUrl: sim.wsUrl })}\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve();
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  await sim.close();
  return 0;
}
