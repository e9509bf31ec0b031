/**
 * The audit log: one JSON line (pino) per order state change, risk decision and venue incident, with ids,
 * venue and reason. Secrets are redacted by key wherever they appear in a logged object.
 */
import { type DestinationStream, type Logger, pino } from 'pino';

/** Keys whose values never reach a log line, at any of the first three levels of a logged object. */
export const SECRET_KEYS = [
  'apiKey',
  'apiSecret',
  'secret',
  'passphrase',
  'privateKey',
  'password',
  'token',
  'authorization',
  'signature',
  'mnemonic',
] as const;

const REDACT_PATHS = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

/** Where the audit log goes: a file path, `stdout`, a stream, or nowhere. */
export type AuditDestination = string | 'stdout' | DestinationStream | false;

/**
 * Creates the audit logger. Level comes from `LOG_LEVEL` when not given (default `info`).
 * File destinations are written asynchronously (call `flushAuditLog` before exit).
 */
export function createAuditLog(destination: AuditDestination, level?: string): Logger {
  const opts = {
    level: level ?? process.env.LOG_LEVEL ?? 'info',
    base: { component: 'ag-exec' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (destination === false) return pino({ ...opts, level: 'silent' });
  if (destination === 'stdout') return pino(opts, pino.destination({ dest: 1, sync: false }));
  if (typeof destination === 'string') {
    return pino(opts, pino.destination({ dest: destination, sync: false, mkdir: true }));
  }
  return pino(opts, destination);
}

/** Flushes a logger created by {@link createAuditLog} (no-op for streams without flush). */
export function flushAuditLog(log: Logger): void {
  try {
    log.flush();
  } catch {
    // a destination that cannot flush yet (not open) has nothing buffered
  }
}
