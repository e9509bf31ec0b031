/**
 * `ag-exec sim binance [--port N] [--seed S]`: starts the simulator, prints one JSON "ready" line on
 * stdout and stops cleanly on SIGTERM / SIGINT.
 */
import { runSimCommand } from '../sim-command.ts';
import { startBinanceSim } from './binance-sim.ts';

/** Runs the simulator until SIGTERM / SIGINT; resolves with the exit code. */
export function runBinanceSimCommand(argv: readonly string[]): Promise<number> {
  return runSimCommand('binance', argv, startBinanceSim);
}
