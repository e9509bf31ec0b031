/**
 * The shape every `ag-exec sim <venue> [--port N] [--seed S]` command shares: read the flags, start the
 * simulator, print exactly one JSON "ready" line on stdout, and stop cleanly on SIGTERM / SIGINT.
 */

/** A started simulator as the command sees it. */
export interface RunningSim {
  readonly url: string;
  readonly wsUrl: string;
  close(): Promise<void>;
}

/** The text of a flag (`--name VALUE` or `--name=VALUE`), or undefined when absent. */
export function flagText(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  const inline = argv.find((a) => a.startsWith(`${name}=`));
  return inline !== undefined ? inline.slice(name.length + 1) : i >= 0 ? argv[i + 1] : undefined;
}

/** A non-negative integer flag (`--name N` or `--name=N`), or `fallback` when absent. */
export function intFlag(argv: readonly string[], name: string, fallback: number): number {
  const text = flagText(argv, name);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} needs a non-negative integer, got ${text}`);
  return n;
}

/**
 * Runs a simulator until SIGTERM / SIGINT. `argv` are the arguments after `sim <venue>`. Resolves with
 * the exit code once stopped.
 */
export async function runSimCommand(
  venue: string,
  argv: readonly string[],
  start: (o: { port: number; seed: number }) => Promise<RunningSim>,
): Promise<number> {
  const port = intFlag(argv, '--port', 0);
  const seed = intFlag(argv, '--seed', 1);
  if (port > 65535) throw new Error('--port must be at most 65535');
  const sim = await start({ port, seed });
  process.stdout.write(`${JSON.stringify({ event: 'ready', venue, url: sim.url, wsUrl: sim.wsUrl })}\n`);
  await untilStopSignal();
  await sim.close();
  return 0;
}

/** Resolves at the first SIGTERM or SIGINT (long-running commands then stop cleanly). */
export function untilStopSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve();
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}
