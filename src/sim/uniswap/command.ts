/**
 * `ag-exec sim uniswap [--port N] [--no-automine] [--block-time S] [--accounts N]`: starts the local
 * Uniswap chain, prints one JSON "ready" line on stdout and stops anvil on SIGTERM / SIGINT.
 */
import { intFlag, untilStopSignal } from '../sim-command.ts';
import { startUniswapChain, type UniswapChainOptions } from './uniswap-chain.ts';

/** Runs the chain until SIGTERM / SIGINT (exit 0) or until anvil dies (exit 1). */
export async function runUniswapSimCommand(argv: readonly string[]): Promise<number> {
  const port = intFlag(argv, '--port', 0);
  if (port > 65535) throw new Error('--port must be at most 65535');
  const accounts = intFlag(argv, '--accounts', 3);
  if (accounts < 1) throw new Error('--accounts must be at least 1');
  const blockTime = intFlag(argv, '--block-time', 0);
  const options: UniswapChainOptions = { port, accounts, automine: !argv.includes('--no-automine') };
  if (blockTime > 0) options.blockTimeSec = blockTime;
  const chain = await startUniswapChain(options);
  process.stdout.write(`${JSON.stringify(chain.readyLine())}\n`);
  const outcome = await Promise.race([
    untilStopSignal().then(() => 'signal' as const),
    chain.exited.then((code) => code),
  ]);
  await chain.stop();
  if (outcome === 'signal') return 0;
  process.stderr.write(`anvil exited unexpectedly (${outcome})\n`);
  return 1;
}
