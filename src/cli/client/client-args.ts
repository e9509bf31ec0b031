/**
 * Flag parsing of the gateway commands: the options every one of them shares (`--url`, `--json`,
 * `--timeout`, `--help`), strict parsing (an unknown flag or a missing value is a usage error naming the
 * flag), and checks of decimal and integer values. The token is never a flag.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { DEFAULT_GATEWAY_URL } from './gateway-client.ts';

/** Bad usage: exit code 2, the message names the flag. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Options every gateway command takes. */
export const COMMON_OPTIONS = {
  url: { type: 'string' },
  json: { type: 'boolean' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

/** Usage lines of the common options, shown by every command's `--help`. */
export const COMMON_HELP = `Common options:
  --url URL        the gateway (default: $AG_EXEC_URL, else ${DEFAULT_GATEWAY_URL})
  --json           print the gateway's JSON answer instead of a table
  --timeout SECS   longest wait for the answer (default 30)
  -h, --help       this text

The bearer token is read from the environment variable AG_EXEC_TOKEN only, never from a flag: the
arguments of a process are visible to every user of the machine (ps, /proc/PID/cmdline) and end up
in shell history. The token is never printed.

Exit codes: 0 done; 1 the gateway refused or failed (prints "CODE: message" and its details), or
the request was sent but no answer came (the outcome is unknown: check with "ag-exec order status");
2 bad usage (the flag is named) or the gateway cannot be reached (nothing was sent).`;

/** The result of parsing: flag values and positional words. */
export interface Parsed {
  readonly values: Record<string, string | boolean | undefined>;
  readonly positionals: string[];
}

/** Parses `argv` strictly against the command's options plus the common ones. */
export function parseFlags(argv: readonly string[], options: Options, maxPositionals: number): Parsed {
  for (const a of argv) {
    if (a === '--token' || a.startsWith('--token=')) {
      throw new UsageError(
        'there is no --token flag: set AG_EXEC_TOKEN in the environment (arguments are visible to other users via ps)',
      );
    }
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...COMMON_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    if (String((e as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      throw new UsageError((e as Error).message.split('\n')[0]!.replace(/\. To specify a positional.*$/, ''));
    }
    throw e;
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new UsageError(`unexpected argument ${JSON.stringify(parsed.positionals[maxPositionals])}`);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  for (const [k, v] of Object.entries(values)) {
    if (typeof v === 'string' && v.startsWith('--')) {
      throw new UsageError(`--${k} needs a value (got ${JSON.stringify(v)})`);
    }
  }
  return { values, positionals: parsed.positionals };
}

const DECIMAL_RE = /^(?:\d+(?:\.\d*)?|\.\d+)$/;

/** A positive decimal string (`--price`, `--size`), kept as text so that it reaches the gateway exactly. */
export function decimalFlag(flag: string, value: string | boolean | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  if (!DECIMAL_RE.test(text) || !/[1-9]/.test(text)) {
    throw new UsageError(
      `--${flag} must be a positive decimal number such as 0.45 (got ${JSON.stringify(value)})`,
    );
  }
  return text;
}

/** An integer within bounds (`--limit`, `--timeout`). */
export function integerFlag(
  flag: string,
  value: string | boolean | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) {
    throw new UsageError(`--${flag} must be an integer from ${min} to ${max} (got ${JSON.stringify(value)})`);
  }
  return n;
}

/** One of a fixed set of words, case-insensitive; resolves to the spelling in `choices`. */
export function choiceFlag<T extends string>(
  flag: string,
  value: string | boolean | undefined,
  choices: Readonly<Record<string, T>>,
): T | undefined {
  if (value === undefined) return undefined;
  const hit = choices[String(value).toLowerCase()];
  if (hit === undefined) {
    throw new UsageError(
      `--${flag} must be one of ${Object.keys(choices).join(', ')} (got ${JSON.stringify(value)})`,
    );
  }
  return hit;
}

/** A required string flag. */
export function requiredFlag(flag: string, value: string | boolean | undefined): string {
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${flag} is required`);
  return value;
}

/** The gateway URL: `--url`, else `AG_EXEC_URL`, else the default. */
export function gatewayUrl(values: Parsed['values'], env: NodeJS.ProcessEnv): string {
  const v = values.url;
  if (typeof v === 'string') return v;
  const e = env.AG_EXEC_URL?.trim();
  return e === undefined || e === '' ? DEFAULT_GATEWAY_URL : e;
}
