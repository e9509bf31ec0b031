/**
 * `errors/`: the one error hierarchy. Every error the gateway raises is an {@link ExecError} with a stable
 * string `code` that callers (and the HTTP API) can switch on. Messages never contain credentials.
 */
import type { OrderEventType, OrderStatus } from '../domain/index.ts';

/** Stable error codes, one per class. Documented in docs/errors.md (a test keeps the two in sync). */
export const ErrorCode = {
  ValidationError: 'VALIDATION_ERROR',
  RiskRejected: 'RISK_REJECTED',
  RateLimitExceeded: 'RATE_LIMIT_EXCEEDED',
  VenueError: 'VENUE_ERROR',
  OrderNotFound: 'ORDER_NOT_FOUND',
  NetworkError: 'NETWORK_ERROR',
  AuthenticationError: 'AUTHENTICATION_ERROR',
  InvalidOrderState: 'INVALID_ORDER_STATE',
  ConfigError: 'CONFIG_ERROR',
  StoreError: 'STORE_ERROR',
  NotReady: 'NOT_READY',
} as const;
/** One of the stable error codes. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Base class of every gateway error. */
export class ExecError extends Error {
  /** Stable machine-readable code. */
  readonly code: ErrorCode;
  /** Structured facts about the error (safe to show: never secrets). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: ErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }

  /** `{ code, message, details }`, the shape the HTTP API returns. */
  toJSON(): { code: ErrorCode; message: string; details: Readonly<Record<string, unknown>> } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/** Bad input: names the field, the value and the rule it broke. */
export class ValidationError extends ExecError {
  readonly field: string;
  readonly value: unknown;
  readonly rule: string;
  constructor(field: string, value: unknown, rule: string, message?: string) {
    const shown = typeof value === 'bigint' ? value.toString() : value;
    super(ErrorCode.ValidationError, message ?? `${field} ${rule} (got ${safeShow(shown)})`, {
      field,
      value: shown,
      rule,
    });
    this.field = field;
    this.value = shown;
    this.rule = rule;
  }
}

/** One failed risk policy: which, why, the limit and the actual value. */
export interface PolicyViolation {
  readonly policy: string;
  readonly reason: string;
  readonly limit: string;
  readonly actual: string;
}

/** Pre-trade risk refused the order; `policies` lists every policy that failed. */
export class RiskRejected extends ExecError {
  readonly policies: readonly PolicyViolation[];
  constructor(policies: readonly PolicyViolation[]) {
    super(
      ErrorCode.RiskRejected,
      `risk rejected: ${policies.map((p) => `${p.policy}: ${p.reason} (actual ${p.actual}, limit ${p.limit})`).join('; ')}`,
      { policies },
    );
    this.policies = policies;
  }
}

/** A rate limit would be exceeded (fail-fast check, a wait that timed out, or the venue's 429/418). */
export class RateLimitExceeded extends ExecError {
  readonly venue: string;
  /** When a retry may succeed, in ms from now, if known. */
  readonly retryAfterMs?: number;
  constructor(venue: string, message: string, retryAfterMs?: number) {
    super(
      ErrorCode.RateLimitExceeded,
      message,
      retryAfterMs === undefined ? { venue } : { venue, retryAfterMs },
    );
    this.venue = venue;
    if (retryAfterMs !== undefined) this.retryAfterMs = retryAfterMs;
  }
}

/** The venue answered with a definite refusal; `venueCode` is the venue's own code (e.g. `-2010`). */
export class VenueError extends ExecError {
  readonly venue: string;
  readonly venueCode: string;
  constructor(venue: string, message: string, venueCode: string) {
    super(ErrorCode.VenueError, `${venue}: ${message}`, { venue, venueCode });
    this.venue = venue;
    this.venueCode = venueCode;
  }
}

/** No order with that id (in the gateway, or at the venue when asked). */
export class OrderNotFound extends ExecError {
  readonly orderId: string;
  constructor(orderId: string, where = 'gateway') {
    super(ErrorCode.OrderNotFound, `order ${orderId} not found in ${where}`, { orderId, where });
    this.orderId = orderId;
  }
}

/** The network failed; for a write, the outcome is unknown until the venue is asked. */
export class NetworkError extends ExecError {
  readonly venue: string;
  constructor(venue: string, message: string, options?: ErrorOptions) {
    super(ErrorCode.NetworkError, `${venue}: ${message}`, { venue }, options);
    this.venue = venue;
  }
}

/** Credentials missing, wrong or refused (401/403, bad signature, clock too far off). */
export class AuthenticationError extends ExecError {
  readonly venue: string;
  constructor(venue: string, message: string) {
    super(ErrorCode.AuthenticationError, `${venue}: ${message}`, { venue });
    this.venue = venue;
  }
}

/** An event that the transition table does not allow from the order's current status. */
export class InvalidOrderState extends ExecError {
  readonly orderId: string;
  readonly from: OrderStatus;
  readonly to: OrderStatus | undefined;
  readonly event: OrderEventType | string;
  constructor(orderId: string, from: OrderStatus, event: OrderEventType | string, to?: OrderStatus) {
    super(
      ErrorCode.InvalidOrderState,
      `order ${orderId}: illegal transition from ${from}${to ? ` to ${to}` : ''} on ${event}`,
      { orderId, from, to, event },
    );
    this.orderId = orderId;
    this.from = from;
    this.to = to;
    this.event = event;
  }
}

/** The order journal (or another store) failed; the operation did not happen. */
export class StoreError extends ExecError {
  readonly store: string;
  constructor(store: string, message: string, options?: ErrorOptions) {
    super(ErrorCode.StoreError, `${store}: ${message}`, { store }, options);
    this.store = store;
  }
}

/**
 * The gateway does not take new orders yet: it is recovering from its journal and reconciling with the
 * venues (or it is shutting down). Nothing was sent; retry once `ready` is true.
 */
export class NotReady extends ExecError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(ErrorCode.NotReady, message, details);
  }
}

/** One problem in a configuration or policy file. */
export interface ConfigIssue {
  /** Dotted path, e.g. `policies[1].max_size`. */
  readonly path: string;
  readonly message: string;
  /** 1-based line in the source text, when known. */
  readonly line?: number;
}

/** A configuration or policy file is invalid; lists every problem with its path (and line when known). */
export class ConfigError extends ExecError {
  readonly issues: readonly ConfigIssue[];
  constructor(source: string, issues: readonly ConfigIssue[]) {
    super(
      ErrorCode.ConfigError,
      `${source}: ${issues.length} problem${issues.length === 1 ? '' : 's'}\n${issues
        .map((i) => `  ${i.line !== undefined ? `line ${i.line}: ` : ''}${i.path}: ${i.message}`)
        .join('\n')}`,
      { source, issues },
    );
    this.issues = issues;
  }
}

function safeShow(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 64 ? `${v.slice(0, 64)}...` : v);
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 64 ? `${s.slice(0, 64)}...` : s;
  } catch {
    return String(v);
  }
}
