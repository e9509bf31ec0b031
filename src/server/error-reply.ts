/**
 * The service's one error shape, `{ "error": { "code", "message", "details" } }`, and the mapping of every
 * error (ExecError codes, schema failures, Fastify's own 4xx errors, anything unexpected) to it.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { type ErrorCode, ExecError, RateLimitExceeded } from '../errors/index.ts';

/** Codes the service adds to the ExecError codes for failures of the HTTP layer itself. */
export const ServiceErrorCode = {
  Unauthorized: 'UNAUTHORIZED',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  Internal: 'INTERNAL_ERROR',
} as const;
/** One of the service-level codes. */
export type ServiceErrorCode = (typeof ServiceErrorCode)[keyof typeof ServiceErrorCode];

/** The JSON body of every error response. */
export interface ErrorBody {
  readonly error: {
    readonly code: ErrorCode | ServiceErrorCode;
    readonly message: string;
    readonly details: Readonly<Record<string, unknown>>;
  };
}

/** HTTP status of each ExecError code (docs/errors.md). */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  VALIDATION_ERROR: 400,
  RISK_REJECTED: 422,
  RATE_LIMIT_EXCEEDED: 429,
  VENUE_ERROR: 422,
  ORDER_NOT_FOUND: 404,
  NETWORK_ERROR: 503,
  AUTHENTICATION_ERROR: 502,
  INVALID_ORDER_STATE: 409,
  CONFIG_ERROR: 400,
  STORE_ERROR: 503,
  NOT_READY: 503,
};

/** An error the HTTP layer raises itself (auth, unknown route, body size, inbound rate limit). */
export class HttpError extends Error {
  readonly status: number;
  readonly code: ErrorCode | ServiceErrorCode;
  readonly details: Readonly<Record<string, unknown>>;
  /** Seconds for a `Retry-After` header, when set. */
  readonly retryAfterS: number | undefined;
  constructor(
    status: number,
    code: ErrorCode | ServiceErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    retryAfterS?: number,
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfterS = retryAfterS;
  }
}

/** Builds the error body. */
export function errorBody(
  code: ErrorCode | ServiceErrorCode,
  message: string,
  details: Readonly<Record<string, unknown>> = {},
): ErrorBody {
  return { error: { code, message, details } };
}

interface Mapped {
  status: number;
  body: ErrorBody;
  retryAfterS?: number;
}

/** Maps any thrown value to a status and the error body; never exposes a stack or an internal message. */
export function mapError(err: unknown): Mapped {
  if (err instanceof HttpError) {
    return {
      status: err.status,
      body: errorBody(err.code, err.message, err.details),
      ...(err.retryAfterS === undefined ? {} : { retryAfterS: err.retryAfterS }),
    };
  }
  if (err instanceof ExecError) {
    const status = HTTP_STATUS[err.code] ?? 500;
    const mapped: Mapped = { status, body: errorBody(err.code, err.message, jsonSafe(err.details)) };
    if (err instanceof RateLimitExceeded && err.retryAfterMs !== undefined)
      mapped.retryAfterS = Math.max(1, Math.ceil(err.retryAfterMs / 1000));
    return mapped;
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const e = err as FastifyError;
    const first = e.validation![0]!;
    const where = e.validationContext ?? 'body';
    const fieldOf = (v: typeof first): string => {
      const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
      // an unknown key is named by itself, not by the object that holds it
      const keys = (v.params as { keys?: unknown }).keys;
      const extra = Array.isArray(keys) && typeof keys[0] === 'string' ? keys[0] : undefined;
      const at = extra === undefined ? path : path === '' ? extra : `${path}.${extra}`;
      return at === '' ? where : at;
    };
    const field = fieldOf(first);
    return {
      status: 400,
      body: errorBody('VALIDATION_ERROR', `${field}: ${first.message}`, {
        field,
        in: where,
        rule: first.message,
        issues: e.validation!.map((v) => ({ field: fieldOf(v), rule: v.message })),
      }),
    };
  }
  const fe = err as Partial<FastifyError> | undefined;
  const status = typeof fe?.statusCode === 'number' ? fe.statusCode : 500;
  if (status === 413) {
    return {
      status,
      body: errorBody(ServiceErrorCode.PayloadTooLarge, 'request body is too large', { field: 'body' }),
    };
  }
  if (status >= 400 && status < 500) {
    // Fastify's own client errors: malformed JSON, empty body, unsupported media type, bad URL.
    const rule = typeof fe?.message === 'string' ? fe.message.slice(0, 200) : 'is malformed';
    return {
      status,
      body: errorBody('VALIDATION_ERROR', `body: ${rule}`, { field: 'body', rule, fastifyCode: fe?.code }),
    };
  }
  return { status: 500, body: errorBody(ServiceErrorCode.Internal, 'internal error', {}) };
}

/** Fastify error handler: one shape for every error; unexpected ones are logged (without request data). */
export function handleError(err: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const m = mapError(err);
  if (m.status >= 500 && !(err instanceof ExecError)) req.log.error({ err }, 'unexpected error');
  if (m.retryAfterS !== undefined) void reply.header('retry-after', String(m.retryAfterS));
  if (m.status === 401) void reply.header('www-authenticate', 'Bearer');
  return reply.code(m.status).type('application/json; charset=utf-8').send(m.body);
}

/** Details may carry bigints (exact decimals): show them as text so JSON never fails. */
function jsonSafe(details: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(details, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
}
