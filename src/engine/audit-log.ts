/**
 * The audit log: one JSON line (pino) per order state change, risk decision and venue incident, with ids,
 * venue and reason. Secrets never reach a line: values under secret-looking keys (any depth, any case:
 * `apiKey`, `api_key`, `POLYMARKET_API_SECRET`, `Authorization`, `privateKey`, ...) are replaced, and any
 * registered secret value is cut out of every string, messages included.
 */
import { type DestinationStream, type Logger, pino } from 'pino';
import { AuditFile } from './audit-file.ts';

/** Key names whose values are secrets, matched case-insensitively anywhere in the key. */
export const SECRET_KEY_PATTERN =
  /secret|passphrase|password|passwd|private_?key|api_?key|apikey|access_?key|wallet_?key|token|authorization|signature|mnemonic|seed_?phrase|credential/i;

const CENSOR = '[redacted]';
const MAX_DEPTH = 8;

/** Cuts secrets out of logged objects and strings. */
export class SecretRedactor {
  private readonly values = new Set<string>();
  private readonly keyVerdict = new Map<string, boolean>();

  /** Registers a secret value (an API secret, a private key) to be cut out of every logged string. */
  addSecret(value: string | undefined): void {
    if (value !== undefined && value.length >= 4) this.values.add(value);
  }

  /** True when a key names a secret. */
  isSecretKey(key: string): boolean {
    let v = this.keyVerdict.get(key);
    if (v === undefined) {
      v = SECRET_KEY_PATTERN.test(key.replace(/[-\s]/g, '_'));
      this.keyVerdict.set(key, v);
    }
    return v;
  }

  /** A string with every registered secret replaced. */
  scrubString(s: string): string {
    if (this.values.size === 0) return s;
    let out = s;
    for (const secret of this.values) if (out.includes(secret)) out = out.split(secret).join(CENSOR);
    return out;
  }

  /** A copy of `value` with secret keys censored and secret values cut out (objects copied only when needed). */
  scrub(value: unknown, depth = 0): unknown {
    if (typeof value === 'string') return this.scrubString(value);
    if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return value;
    if (value instanceof Error)
      return this.scrub({ type: value.name, message: value.message, stack: value.stack }, depth);
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const v = this.scrub(value[i], depth + 1);
        if (v !== value[i]) {
          copy ??= value.slice();
          copy[i] = v;
        }
      }
      return copy ?? value;
    }
    let copy: Record<string, unknown> | undefined;
    const obj = value as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      const v = obj[key];
      const next = this.isSecretKey(key) && v !== undefined && v !== null ? CENSOR : this.scrub(v, depth + 1);
      if (next !== v) {
        copy ??= { ...obj };
        copy[key] = next;
      }
    }
    return copy ?? obj;
  }
}

/** The process-wide redactor used by every audit log; adapters register their credentials with it. */
export const secretRedactor = new SecretRedactor();

/** Where the audit log goes: a file path, `stdout`, a stream, or nowhere. */
export type AuditDestination = string | 'stdout' | DestinationStream | false;

/**
 * Creates the audit logger. Level comes from `LOG_LEVEL` when not given (default `info`).
 * A file is written in batches (per 64 KiB or 50 ms, see {@link AuditFile}), stdout asynchronously in
 * 4 KiB batches; `flushAuditLog` writes the rest (`ExecutionEngine.close()` calls it). Each line's `time`
 * is in ms since the epoch.
 */
export function createAuditLog(
  destination: AuditDestination,
  level?: string,
  redactor = secretRedactor,
): Logger {
  const opts: pino.LoggerOptions = {
    level: level ?? process.env.LOG_LEVEL ?? 'info',
    base: { component: 'ag-exec' },
    // ms since the epoch: an ISO string per line costs more than the rest of the line
    timestamp: pino.stdTimeFunctions.epochTime,
    formatters: { log: (obj) => redactor.scrub(obj) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        for (let i = 0; i < args.length; i++) {
          const a: unknown = args[i];
          if (typeof a === 'string') args[i] = redactor.scrubString(a);
        }
        method.apply(this, args as Parameters<typeof method>);
      },
    },
  };
  if (destination === false) return pino({ ...opts, level: 'silent' });
  // writes are batched rather than one system call per line; flushAuditLog writes the rest
  if (destination === 'stdout')
    return pino(opts, pino.destination({ dest: 1, sync: false, minLength: 4096 }));
  if (typeof destination === 'string') return pino(opts, new AuditFile(destination));
  return pino(opts, destination);
}

/** Writes out everything a logger from {@link createAuditLog} has buffered (waits for a file to open). */
export async function flushAuditLog(log: Logger): Promise<void> {
  const stream = (log as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] as
    | { fd?: number; flushSync?: () => void; once?: (event: string, cb: () => void) => void }
    | undefined;
  if (!stream || typeof stream.flushSync !== 'function') return;
  if (stream.fd !== undefined && stream.fd < 0 && stream.once) {
    await new Promise<void>((resolve) => stream.once?.('ready', resolve));
  }
  stream.flushSync();
}
