/**
 * The one Polymarket error classifier (reference §8): maps an HTTP exchange (status, reply body, the
 * `Retry-After` header) or a transport failure to `accepted`, `rejected` (with a stable code),
 * `unknown` (the request may have landed: reconcile by the order hash, never re-sign), `auth` (key,
 * HMAC or timestamp refused) or `rate_limited` (with the venue's back-off). Every write of the adapter
 * goes through {@link classifyReply}; nothing else interprets status codes or error texts.
 */
import { AuthenticationError, NetworkError, RateLimitExceeded, VenueError } from '../../errors/index.ts';

/** What came back from one HTTP request, or how it failed. */
export interface ReplyFacts {
  /** HTTP status; absent when no response arrived. */
  readonly status?: number;
  /** Parsed JSON body (or the raw text when it was not JSON). */
  readonly body?: unknown;
  /** The `Retry-After` header, if any. */
  readonly retryAfter?: string | null;
  /** Transport failure: `timeout`, a Node error code (`ECONNRESET`, `ECONNREFUSED`, ...) or a message. */
  readonly networkError?: string;
  /** Never sent: refused by our own rate limiting (why). A definite outcome: nothing reached the venue. */
  readonly notSent?: string;
}

/** The classifier's verdict. */
export type Classification =
  | { readonly kind: 'accepted' }
  | { readonly kind: 'rejected'; readonly code: string; readonly message: string }
  | { readonly kind: 'unknown'; readonly reason: string }
  | { readonly kind: 'auth'; readonly code: string; readonly message: string }
  | {
      readonly kind: 'rate_limited';
      readonly code: string;
      readonly message: string;
      readonly retryAfterMs?: number;
    };

/** Stable rejection codes derived from the venue's reply texts. */
export const RejectCode = {
  TickSize: 'tick_size',
  MinSize: 'min_size',
  Balance: 'insufficient_balance',
  FokUnfilled: 'fok_unfilled',
  FakUnmatched: 'fak_unmatched',
  PostOnlyCross: 'post_only_cross',
  VersionMismatch: 'order_version_mismatch',
  InvalidSignature: 'invalid_signature',
  InvalidExpiration: 'invalid_expiration',
  InvalidPayload: 'invalid_payload',
  TooManyOrders: 'too_many_orders',
  BadRequest: 'bad_request',
  AuthFailed: 'auth_failed',
  Forbidden: 'forbidden',
  NotFound: 'not_found',
  RateLimited: 'rate_limited',
  TradingDisabled: 'trading_disabled',
  CancelOnly: 'cancel_only',
  ConnectionRefused: 'connection_refused',
  HttpError: 'http_error',
} as const;

const TEXT_CODES: readonly (readonly [RegExp, string])[] = [
  [/minimum tick size/i, RejectCode.TickSize],
  [/lower than the minimum/i, RejectCode.MinSize],
  [/not enough balance|allowance/i, RejectCode.Balance],
  [/FOK orders/i, RejectCode.FokUnfilled],
  [/FAK order/i, RejectCode.FakUnmatched],
  [/post-only/i, RejectCode.PostOnlyCross],
  [/order_version_mismatch/i, RejectCode.VersionMismatch],
  [/invalid signature/i, RejectCode.InvalidSignature],
  [/invalid expiration/i, RejectCode.InvalidExpiration],
  [/too many orders/i, RejectCode.TooManyOrders],
  [/invalid order payload/i, RejectCode.InvalidPayload],
];

/** The venue's error text of a reply body: `{"error": ...}`, `errorMsg`, or the text itself. */
export function errorText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body !== null && typeof body === 'object') {
    const b = body as { error?: unknown; errorMsg?: unknown };
    if (typeof b.error === 'string') return b.error;
    if (typeof b.errorMsg === 'string' && b.errorMsg !== '') return b.errorMsg;
    return JSON.stringify(body);
  }
  return body === undefined ? '' : String(body);
}

/** The rejection code of a 400 text (`bad_request` when no known text matches). */
export function rejectCodeOf(text: string): string {
  for (const [re, code] of TEXT_CODES) if (re.test(text)) return code;
  return RejectCode.BadRequest;
}

/** `Retry-After` (seconds or an HTTP date) in ms from `nowMs`; undefined when absent or unreadable. */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.ceil(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * Classifies one reply (reference §8). Used for every write (`POST /order(s)`, cancels); a read's caller
 * uses it too and decides what a 404 means (e.g. an order the venue never received).
 */
export function classifyReply(r: ReplyFacts, nowMs: number = Date.now()): Classification {
  if (r.notSent !== undefined)
    return { kind: 'rate_limited', code: RejectCode.RateLimited, message: r.notSent };
  if (r.status === undefined) {
    const err = r.networkError ?? 'no response';
    if (err === 'ECONNREFUSED')
      return { kind: 'rejected', code: RejectCode.ConnectionRefused, message: 'connection refused' };
    return { kind: 'unknown', reason: `no response: ${err}` };
  }
  const s = r.status;
  const text = errorText(r.body);
  if (s >= 200 && s < 300) {
    const b = r.body as { success?: unknown; errorMsg?: unknown } | undefined;
    if (b !== null && typeof b === 'object' && !Array.isArray(b)) {
      if (b.success === false) return { kind: 'unknown', reason: `success=false: ${text}` };
      if (typeof b.errorMsg === 'string' && b.errorMsg !== '')
        return { kind: 'unknown', reason: `errorMsg: ${b.errorMsg}` };
    }
    return { kind: 'accepted' };
  }
  if (s === 400) {
    if (/Duplicated/i.test(text)) return { kind: 'unknown', reason: `duplicate: ${text}` };
    return { kind: 'rejected', code: rejectCodeOf(text), message: text || 'bad request' };
  }
  if (s === 401) return { kind: 'auth', code: RejectCode.AuthFailed, message: text || 'unauthorized' };
  if (s === 403) return { kind: 'rejected', code: RejectCode.Forbidden, message: text || 'forbidden' };
  if (s === 404) return { kind: 'rejected', code: RejectCode.NotFound, message: text || 'not found' };
  if (s === 429) {
    const retryAfterMs = parseRetryAfter(r.retryAfter, nowMs);
    return retryAfterMs === undefined
      ? { kind: 'rate_limited', code: RejectCode.RateLimited, message: text || 'Too Many Requests' }
      : {
          kind: 'rate_limited',
          code: RejectCode.RateLimited,
          message: text || 'Too Many Requests',
          retryAfterMs,
        };
  }
  if (s === 425) return { kind: 'unknown', reason: `425 ${text || 'service not ready'}` };
  if (s === 503) {
    if (/cancel-only/i.test(text)) return { kind: 'rejected', code: RejectCode.CancelOnly, message: text };
    if (/disabled/i.test(text)) return { kind: 'rejected', code: RejectCode.TradingDisabled, message: text };
    return { kind: 'unknown', reason: `503 ${text}` };
  }
  if (s >= 500) return { kind: 'unknown', reason: `${s} ${text}` };
  return { kind: 'rejected', code: RejectCode.HttpError, message: `${s} ${text}` };
}

/**
 * Throws the gateway error for a failed read (status other than 2xx, or no response): AuthenticationError
 * (401), RateLimitExceeded (429), NetworkError (unknown outcome: 5xx, 425, timeout, reset) or VenueError.
 */
export function readFailure(venue: string, r: ReplyFacts): never {
  const c =
    r.status !== undefined && r.status >= 200 && r.status < 300
      ? ({ kind: 'unknown', reason: `unexpected reply ${errorText(r.body)}` } as const)
      : classifyReply(r);
  switch (c.kind) {
    case 'auth':
      throw new AuthenticationError(venue, c.message);
    case 'rate_limited':
      throw new RateLimitExceeded(venue, c.message, c.retryAfterMs);
    case 'rejected':
      throw new VenueError(venue, c.message, c.code);
    case 'unknown':
      throw new NetworkError(venue, c.reason);
    default:
      throw new VenueError(venue, 'unexpected reply', 'unexpected');
  }
}
