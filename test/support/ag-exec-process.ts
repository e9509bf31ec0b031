/**
 * `ag-exec` as a child process for the suites that test commands end to end (serve, sim): start it, wait
 * for its one JSON ready line, and make sure none outlives the suite.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The `ag-exec` launcher of this checkout. */
export const AG_EXEC_BIN = fileURLToPath(new URL('../../bin/ag-exec.js', import.meta.url));

/** A started `ag-exec` process. */
export interface AgExecProcess {
  readonly child: ChildProcess;
  /** Its ready line, parsed. */
  readonly ready: Record<string, unknown> & { readonly url: string; readonly wsUrl?: string };
  /** Everything it wrote to stderr so far. */
  stderr(): string;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  readonly exited: Promise<number | string | null>;
}

const running = new Set<ChildProcess>();

/**
 * Runs `ag-exec ARGS` with `env` added to `base` (default: this process's environment); resolves once it
 * prints its ready line, rejects (with its stderr) if it exits first.
 */
export function startAgExec(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  base: NodeJS.ProcessEnv = process.env,
): Promise<AgExecProcess> {
  const child = spawn(process.execPath, [AG_EXEC_BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...base, ...env },
  });
  running.add(child);
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve(code ?? signal);
    }),
  );
  return new Promise((resolve, reject) => {
    let out = '';
    let ready = false;
    child.stdout!.on('data', (d: Buffer) => {
      if (ready) return;
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      ready = true;
      resolve({ child, ready: JSON.parse(out.slice(0, nl)), stderr: () => err, exited });
    });
    void exited.then((code) => {
      if (!ready) reject(new Error(`ag-exec ${args.join(' ')} exited ${code} before ready: ${err}`));
    });
  });
}

/** Kills (SIGKILL) every process started here that is still running; for `afterEach` / `afterAll`. */
export function killAgExecProcesses(): void {
  for (const c of running) c.kill('SIGKILL');
}
