/**
 * The audit log: one JSON line per order state change, risk decision and venue incident, with ids,
 * venue and reason, in pino's line format (`{"level":30,"time":<ms>,"component":"ag-exec",...,"msg":...}`)
 * so that pino tools read it. Secrets never reach a line: values under secret-looking keys (any depth,
 * any case: `apiKey`, `api_key`, `POLYMARKET_API_SECRET`, `Authorization`, `privateKey`, ...) are
 * replaced, and any registered secret value is cut out of every string, messages included.
 *
 * {@link AuditLog} writes each line with one `JSON.stringify` of the scrubbed fields (pino builds a line
 * key by key, which cost the gateway ~10 % of its event loop and a sixth of its allocations under load).
 * The engine takes any {@link AuditLogger}: an `AuditLog`, or a pino logger of the caller's.
 */
import { pino } from 'pino';
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

/** What the engine writes its audit lines to: an {@link AuditLog}, or any pino logger. */
export interface AuditLogger {
  info(fields: object, msg?: string): void;
  warn(fields: object, msg?: string): void;
  error(fields: object, msg?: string): void;
  isLevelEnabled(level: string): boolean;
}

/** Where a line goes: anything with `write(line)` (a file, a stream). */
export interface AuditSink {
  write(line: string): unknown;
}

/** Where the audit log goes: a file path, `stdout`, a sink, or nowhere. */
export type AuditDestination = string | 'stdout' | AuditSink | false;

/** Levels by name, as pino numbers them (`silent` writes nothing). */
const LEVELS: Readonly<Record<string, number>> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Number.POSITIVE_INFINITY,
};

/** The audit logger: level filter, redaction, one JSON line per call. */
export class AuditLog implements AuditLogger {
  readonly level: string;
  readonly #min: number;
  readonly #sink: AuditSink | undefined;
  readonly #redactor: SecretRedactor;

  constructor(level: string, sink: AuditSink | undefined, redactor: SecretRedactor = secretRedactor) {
    const min = LEVELS[level];
    if (min === undefined)
      throw new TypeError(`audit log level "${level}" must be one of ${Object.keys(LEVELS).join(', ')}`);
    this.level = level;
    this.#min = sink === undefined ? Number.POSITIVE_INFINITY : min;
    this.#sink = sink;
    this.#redactor = redactor;
  }

  isLevelEnabled(level: string): boolean {
    return (LEVELS[level] ?? Number.POSITIVE_INFINITY) >= this.#min;
  }

  trace(fields: object, msg?: string): void {
    this.write(10, fields, msg);
  }
  debug(fields: object, msg?: string): void {
    this.write(20, fields, msg);
  }
  info(fields: object, msg?: string): void {
    this.write(30, fields, msg);
  }
  warn(fields: object, msg?: string): void {
    this.write(40, fields, msg);
  }
  error(fields: object, msg?: string): void {
    this.write(50, fields, msg);
  }
  fatal(fields: object, msg?: string): void {
    this.write(60, fields, msg);
  }

  /** Writes what the sink holds (a file or stdout stream), when it can. */
  flush(): void {
    (this.#sink as { flushSync?: () => void } | undefined)?.flushSync?.();
  }

  private write(level: number, fields: object, msg: string | undefined): void {
    if (level < this.#min) return;
    try {
      const body = stringifyFields(this.#redactor.scrub(fields));
      const text = msg === undefined ? '' : `,"msg":${JSON.stringify(this.#redactor.scrubString(msg))}`;
      this.#sink!.write(
        `{"level":${level},"time":${Date.now()},"component":"ag-exec"${body.length > 2 ? `,${body.slice(1, -1)}` : ''}${text}}\n`,
      );
    } catch {
      // the audit log never stops the caller (a field whose toJSON throws, a sink that fails)
    }
  }
}

/**
 * The JSON of a line's fields. When JSON cannot hold them as they are, bigints are written as strings and
 * a reference back to an enclosing object as `"[Circular]"` (an object met twice elsewhere is written twice).
 */
function stringifyFields(fields: unknown): string {
  try {
    return JSON.stringify(fields) ?? '{}';
  } catch {
    return JSON.stringify(plain(fields, [])) ?? '{}';
  }
}

/** A copy JSON can hold: bigints as strings, cycles cut (`ancestors`: the objects enclosing `v`). */
function plain(v: unknown, ancestors: object[]): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v !== 'object' || v === null) return v;
  if (ancestors.includes(v)) return '[Circular]';
  const json = (v as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') return plain(json.call(v), ancestors);
  ancestors.push(v);
  const out = Array.isArray(v)
    ? v.map((x) => plain(x, ancestors))
    : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x, ancestors)]));
  ancestors.pop();
  return out;
}

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
): AuditLog {
  const lvl = level ?? process.env.LOG_LEVEL ?? 'info';
  if (destination === false) return new AuditLog(lvl, undefined, redactor);
  if (destination === 'stdout')
    return new AuditLog(lvl, pino.destination({ dest: 1, sync: false, minLength: 4096 }), redactor);
  if (typeof destination === 'string') return new AuditLog(lvl, new AuditFile(destination), redactor);
  return new AuditLog(lvl, destination, redactor);
}

/** Writes out everything an audit logger has buffered (an {@link AuditLog}, or a pino logger's stream). */
export async function flushAuditLog(log: AuditLogger): Promise<void> {
  if (log instanceof AuditLog) {
    log.flush();
    return;
  }
  const stream = (log as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] as
    | { fd?: number; flushSync?: () => void; once?: (event: string, cb: () => void) => void }
    | undefined;
  if (!stream || typeof stream.flushSync !== 'function') return;
  if (stream.fd !== undefined && stream.fd < 0 && stream.once) {
    await new Promise<void>((resolve) => stream.once?.('ready', resolve));
  }
  stream.flushSync();
}
