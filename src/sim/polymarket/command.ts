/**
 * `ag-exec sim polymarket [--port N] [--seed S]`: starts the simulator, prints one JSON "ready" line on
 * stdout and stops cleanly on SIGTERM / SIGINT.
 */
import { runSimCommand } from '../sim-command.ts';
import { startPolymarketSim } from './polymarket-sim.ts';

/** Runs the simulator until SIGTERM / SIGINT; resolves with the exit code. */
export function runPolymarketSimCommand(argv: readonly string[]): Promise<number> {
  return runSimCommand('polymarket', argv, startPolymarketSim);
}
