/**
 * The one Binance error classifier (reference §6): maps an HTTP exchange (status, `{code,msg}` body,
 * `Retry-After`) or a transport failure to `accepted`, `rejected` (a definite refusal, stable code
 * `binance_<code>` or a named one), `unknown` (5xx, -1007 / -1006 / -1000 / -1008, timeout, reset, a 429
 * without a Binance body: the request may have landed), `time` (-1021: clock out of the window), `auth`
 * (-1022 / -2014 / -2015), `rate_limited` (429 with -1003 / -1015: not processed) or `banned` (418).
 * Nothing else in the adapter interprets status codes or error codes.
 */

/** What came back from one HTTP request, or how it failed. */
export interface ReplyFacts {
  /** HTTP status; absent when no response arrived. */
  readonly status?: number;
  /** Parsed JSON body (or the raw text when it was not JSON). */
  readonly body?: unknown;
  /** The `Retry-After` header, if any. */
  readonly retryAfter?: string | null;
  /** Transport failure: `timeout`, a Node error code (`ECONNRESET`, ...) or a message. */
  readonly networkError?: string;
  /** Never sent (our own limiter refused it, or the venue is stopped after a 418): why. */
  readonly notSent?: string;
}

/** The classifier's verdict. */
export type BinanceClassification =
  | { readonly kind: 'accepted' }
  | {
      readonly kind: 'rejected';
      readonly code: string;
      readonly message: string;
      readonly venueCode?: number;
    }
  | { readonly kind: 'unknown'; readonly reason: string }
  | { readonly kind: 'time'; readonly code: string; readonly message: string }
  | { readonly kind: 'auth'; readonly code: string; readonly message: string }
  | {
      readonly kind: 'rate_limited';
      readonly code: string;
      readonly message: string;
      readonly retryAfterMs?: number;
    }
  | {
      readonly kind: 'banned';
      readonly code: string;
      readonly message: string;
      readonly retryAfterMs?: number;
    };

/** Binance error codes the adapter names. */
export const BinanceCode = {
  Unknown: -1000,
  Disconnected: -1001,
  TooManyRequests: -1003,
  UnexpectedResponse: -1006,
  Timeout: -1007,
  ServerBusy: -1008,
  TooManyOrders: -1015,
  InvalidTimestamp: -1021,
  InvalidSignature: -1022,
  IllegalChars: -1100,
  MandatoryParam: -1102,
  TooMuchPrecision: -1111,
  InvalidSymbol: -1121,
  FilterFailure: -1013,
  NewOrderRejected: -2010,
  CancelRejected: -2011,
  NoSuchOrder: -2013,
  BadApiKeyFormat: -2014,
  RejectedMbxKey: -2015,
  CancelReplacePartial: -2021,
  CancelReplaceFailed: -2022,
} as const;

/** Codes whose write outcome is unknown (the request may have been executed). */
const UNKNOWN_CODES = new Set<number>([
  BinanceCode.Unknown,
  BinanceCode.Disconnected,
  BinanceCode.UnexpectedResponse,
  BinanceCode.Timeout,
  BinanceCode.ServerBusy,
]);

/** The `{code, msg}` of a Binance error body, when it has one. */
export function binanceError(body: unknown): { code: number; msg: string } | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const b = body as { code?: unknown; msg?: unknown };
  if (typeof b.code !== 'number') return undefined;
  return { code: b.code, msg: typeof b.msg === 'string' ? b.msg : '' };
}

/** A short text of a reply body for messages. */
export function errorText(body: unknown): string {
  const e = binanceError(body);
  if (e !== undefined) return `${e.code} ${e.msg}`;
  if (typeof body === 'string') return body.slice(0, 200);
  return body === undefined ? '' : JSON.stringify(body).slice(0, 200);
}

/** The stable rejection code of a Binance error code (`binance_-2010`). */
export function rejectCode(code: number): string {
  return `binance_${code}`;
}

/** `Retry-After` seconds in ms; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (!/^\d+(\.\d+)?$/.test(v)) return undefined;
  return Math.ceil(Number(v) * 1000);
}

function withRetry<T extends object>(o: T, ms: number | undefined): T & { retryAfterMs?: number } {
  return ms === undefined ? o : { ...o, retryAfterMs: ms };
}

/** Classifies one reply (reference §6). */
export function classifyBinanceReply(r: ReplyFacts): BinanceClassification {
  if (r.notSent !== undefined) return { kind: 'rate_limited', code: 'rate_limited', message: r.notSent };
  if (r.status === undefined) {
    const err = r.networkError ?? 'no response';
    if (err === 'ECONNREFUSED')
      return { kind: 'rejected', code: 'connection_refused', message: 'connection refused (nothing sent)' };
    return { kind: 'unknown', reason: `no response: ${err}` };
  }
  const s = r.status;
  if (s >= 200 && s < 300) return { kind: 'accepted' };
  const e = binanceError(r.body);
  const text = errorText(r.body);
  if (s === 418) {
    return withRetry(
      { kind: 'banned', code: 'ip_banned', message: `418 IP banned by the venue: ${text}` } as const,
      retryAfterMs(r.retryAfter),
    );
  }
  if (s === 429) {
    if (e === undefined || (e.code !== BinanceCode.TooManyRequests && e.code !== BinanceCode.TooManyOrders))
      return { kind: 'unknown', reason: `429 without a Binance refusal: ${text}` };
    return withRetry(
      { kind: 'rate_limited', code: rejectCode(e.code), message: e.msg } as const,
      retryAfterMs(r.retryAfter),
    );
  }
  if (s >= 500) return { kind: 'unknown', reason: `${s} ${text}` };
  if (e !== undefined && UNKNOWN_CODES.has(e.code)) return { kind: 'unknown', reason: `${s} ${text}` };
  if (e !== undefined) {
    if (e.code === BinanceCode.InvalidTimestamp)
      return {
        kind: 'time',
        code: rejectCode(e.code),
        message: `timestamp refused (clock offset or recvWindow): ${e.msg}`,
      };
    if (e.code === BinanceCode.InvalidSignature)
      return {
        kind: 'auth',
        code: rejectCode(e.code),
        message: `signature refused (wrong API secret, or the payload was altered): ${e.msg}`,
      };
    if (e.code === BinanceCode.BadApiKeyFormat || e.code === BinanceCode.RejectedMbxKey)
      return {
        kind: 'auth',
        code: rejectCode(e.code),
        message: `API key refused (format, unknown key, IP not allowed or missing permission): ${e.msg}`,
      };
    return { kind: 'rejected', code: rejectCode(e.code), message: e.msg, venueCode: e.code };
  }
  if (s === 403) return { kind: 'rejected', code: 'forbidden', message: `403 (WAF) ${text}` };
  if (s === 401) return { kind: 'auth', code: 'unauthorized', message: `401 ${text}` };
  return { kind: 'rejected', code: 'http_error', message: `${s} ${text}` };
}
