/**
 * The anvil child process behind the local Uniswap chain: resolves the binary from its npm package (no
 * download), spawns it on 127.0.0.1 under a small shell watchdog so that anvil dies with its parent even
 * when the parent is killed outright, waits until it answers `eth_chainId`, and stops it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { JsonRpc } from './json-rpc.ts';

/** Options for {@link startAnvil}. */
export interface AnvilOptions {
  /** Port on 127.0.0.1; 0 lets anvil pick a free one. */
  readonly port: number;
  /** Dev accounts anvil creates from its mnemonic (deployer + traders). */
  readonly accounts: number;
  /** BIP39 mnemonic of the dev accounts. */
  readonly mnemonic: string;
  /** Path of the anvil binary; default: the `@foundry-rs/anvil-<platform>` npm package. */
  readonly bin?: string;
  /** How long to wait until anvil answers, in ms (default 15 000). */
  readonly readyTimeoutMs?: number;
  /** Extra command-line flags. */
  readonly extraArgs?: readonly string[];
}

/** A running anvil. */
export interface AnvilProcess {
  readonly url: string;
  readonly port: number;
  readonly rpc: JsonRpc;
  /** Resolves with anvil's exit code (or signal name) once it has exited. */
  readonly exited: Promise<number | string | null>;
  /** Stops anvil and waits for it to exit. Safe to call more than once. */
  stop(): Promise<void>;
}

const PLATFORM_PACKAGES: Record<string, string> = {
  'linux-x64': '@foundry-rs/anvil-linux-amd64/bin/anvil',
  'linux-arm64': '@foundry-rs/anvil-linux-arm64/bin/anvil',
  'darwin-x64': '@foundry-rs/anvil-darwin-amd64/bin/anvil',
  'darwin-arm64': '@foundry-rs/anvil-darwin-arm64/bin/anvil',
  'win32-x64': '@foundry-rs/anvil-win32-amd64/bin/anvil.exe',
};

/** The path of the anvil binary shipped in the platform's `@foundry-rs/anvil-*` npm package. */
export function anvilBinaryPath(): string {
  const key = `${process.platform}-${process.arch}`;
  const spec = PLATFORM_PACKAGES[key];
  if (spec === undefined) throw new Error(`anvil: no @foundry-rs/anvil binary package for platform ${key}`);
  try {
    return createRequire(import.meta.url).resolve(spec);
  } catch {
    throw new Error(`anvil: package ${spec.split('/bin/')[0]} is not installed (npm ci installs it)`);
  }
}

// Runs anvil in the background and kills it as soon as stdin reaches end-of-file, which happens when the
// parent closes the pipe (stop) or dies in any way. Reports anvil's pid on stderr; exits with its status.
const WATCHDOG = [
  'exec 3<&0',
  '"$@" </dev/null 3<&- &',
  'a=$!',
  "trap '' TERM INT HUP", // a signal to the whole process group must not orphan anvil before it is reaped
  'echo "anvil-pid $a" >&2',
  '{ read -r _ <&3; kill "$a" 2>/dev/null; } &',
  'w=$!',
  'wait "$a"',
  's=$?',
  'kill -9 "$w" 2>/dev/null',
  'exit "$s"',
].join('\n');

const live = new Set<() => void>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const kill of live) kill();
  });
}

/** Keeps the last `max` characters of a stream's text. */
class Tail {
  text = '';
  constructor(private readonly max: number) {}
  push(chunk: string): void {
    this.text = (this.text + chunk).slice(-this.max);
  }
}

/** Spawns anvil and resolves once it answers JSON-RPC; rejects with its output tail if it does not. */
export async function startAnvil(o: AnvilOptions): Promise<AnvilProcess> {
  const bin = o.bin ?? anvilBinaryPath();
  const args = [
    '--host',
    '127.0.0.1',
    '--port',
    String(o.port),
    '--accounts',
    String(o.accounts),
    '--mnemonic',
    o.mnemonic,
    ...(o.extraArgs ?? []),
  ];
  const direct = process.platform === 'win32';
  const child: ChildProcess = direct
    ? spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true })
    : spawn('/bin/sh', ['-c', WATCHDOG, 'anvil-watchdog', bin, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const stdout = new Tail(4000);
  const stderr = new Tail(4000);
  let anvilPid: number | undefined = direct ? child.pid : undefined;
  let exitCode: number | string | null | undefined;
  const exited = new Promise<number | string | null>((resolve) => {
    child.once('exit', (code, signal) => {
      exitCode = code ?? signal;
      resolve(exitCode);
    });
  });
  const killNow = (): void => {
    if (anvilPid !== undefined) {
      try {
        process.kill(anvilPid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    child.kill('SIGKILL');
  };
  installExitHook();
  live.add(killNow);
  void exited.then(() => live.delete(killNow));

  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => {
    if (anvilPid === undefined) {
      const m = /anvil-pid (\d+)/.exec(stderr.text + d);
      if (m?.[1] !== undefined) anvilPid = Number(m[1]);
    }
    stderr.push(d);
  });
  const listening = new Promise<number>((resolve) => {
    let found = false;
    child.stdout?.on('data', (d: string) => {
      stdout.push(d); // anvil logs every call; keep draining the pipe so that it never blocks
      if (found) return;
      const m = /Listening on [^\s:]+:(\d+)/.exec(stdout.text);
      if (m?.[1] !== undefined) {
        found = true;
        resolve(Number(m[1]));
      }
    });
  });
  child.stdin?.on('error', () => {}); // EPIPE once the watchdog has exited

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (exitCode === undefined) {
        if (direct) child.kill('SIGTERM');
        else child.stdin?.end();
        const timer = setTimeout(killNow, 3000);
        await exited;
        clearTimeout(timer);
      }
      live.delete(killNow);
    })();
    return stopping;
  };

  const timeoutMs = o.readyTimeoutMs ?? 15_000;
  const failure = (why: string): Error => {
    const tail = `${stderr.text.replace(/anvil-pid \d+\n?/, '')}${stdout.text}`.trim().slice(-1500);
    return new Error(`anvil (${bin}) ${why}${tail === '' ? '' : `; its output ends with:\n${tail}`}`);
  };
  try {
    const port = await raceReady(listening, exited, timeoutMs, failure);
    const url = `http://127.0.0.1:${port}`;
    const rpc = new JsonRpc(url);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (exitCode !== undefined) throw failure(`exited with ${exitCode} before answering`);
      try {
        await rpc.call('eth_chainId', []);
        break;
      } catch {
        if (Date.now() > deadline)
          throw failure(`did not answer eth_chainId on ${url} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    return { url, port, rpc, exited, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function raceReady(
  listening: Promise<number>,
  exited: Promise<number | string | null>,
  timeoutMs: number,
  failure: (why: string) => Error,
): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(failure(`did not start listening within ${timeoutMs} ms`)),
      timeoutMs,
    );
    listening.then((p) => {
      clearTimeout(timer);
      resolve(p);
    });
    exited.then((code) => {
      clearTimeout(timer);
      reject(failure(`exited with ${code} before listening`));
    });
  });
}
