/**
 * The command line's HTTP client of a running gateway: one request at a time with Node's fetch, the
 * bearer token from the environment, and every failure sorted into one of three kinds: the gateway
 * answered with its error shape (`GatewayRefused`), nothing was sent because the gateway could not be
 * reached (`GatewayUnreachable`), or the request may have arrived but no answer came (`OutcomeUnknown`).
 */

/** Default gateway URL when neither `--url` nor `AG_EXEC_URL` is given. */
export const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:8080';

/** The gateway answered with an error (its `{ error: { code, message, details } }` shape, or a bare status). */
export class GatewayRefused extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;
  constructor(
    status: number,
    code: string,
    message: string,
    details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'GatewayRefused';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** No connection could be made: the request was certainly not received. */
export class GatewayUnreachable extends Error {
  readonly url: string;
  constructor(url: string, cause: string) {
    super(`cannot reach the gateway at ${url} (${cause}): is it running, and is --url / AG_EXEC_URL right?`);
    this.name = 'GatewayUnreachable';
    this.url = url;
  }
}

/** The request may have reached the gateway, but no answer came (timeout, connection reset). */
export class OutcomeUnknown extends Error {
  readonly url: string;
  /** Why no answer came. */
  readonly reason: string;
  constructor(url: string, reason: string, hint?: string) {
    super(
      `no answer from the gateway at ${url} (${reason}): the request may or may not have been applied${
        hint === undefined ? '' : `; ${hint}`
      }`,
    );
    this.name = 'OutcomeUnknown';
    this.url = url;
    this.reason = reason;
  }
}

/** Options of a `GatewayClient`. */
export interface GatewayClientOptions {
  /** Base URL of the gateway (`http://host:port`, optionally with a path prefix). */
  readonly url: string;
  /** Bearer token; absent sends no `Authorization` header. Never included in any message. */
  readonly token?: string | undefined;
  /** Longest wait for one answer (ms, default 30,000). */
  readonly timeoutMs?: number;
}

/** One request's parts. */
export interface RequestParts {
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Error codes of the operating system that mean the connection was never made. */
const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
]);

/** The base URL as it may be shown: without any user-info, query or fragment. */
export function displayUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/** A minimal client of the gateway's HTTP API for the command line. */
export class GatewayClient {
  readonly base: URL;
  readonly #token: string | undefined;
  readonly #timeoutMs: number;

  /** Throws a `TypeError` (saying why) when `url` is not an http(s) URL, or holds credentials. */
  constructor(opts: GatewayClientOptions) {
    let base: URL;
    try {
      base = new URL(opts.url);
    } catch {
      throw new TypeError('must be an http(s) URL such as http://127.0.0.1:8080');
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:')
      throw new TypeError('must be an http(s) URL such as http://127.0.0.1:8080');
    if (base.username !== '' || base.password !== '')
      throw new TypeError('must not hold a user name or password (the token goes in AG_EXEC_TOKEN)');
    this.base = base;
    this.#token = opts.token;
    this.#timeoutMs = opts.timeoutMs ?? 30_000;
  }

  /** The URL as shown in messages. */
  get displayUrl(): string {
    return displayUrl(this.base);
  }

  /** Sends one request and resolves with the parsed JSON body of a 2xx answer; throws one of the errors above. */
  async request<T>(method: string, path: string, parts: RequestParts = {}): Promise<T> {
    const url = new URL(`${this.base.pathname.replace(/\/+$/, '')}${path}`, this.base);
    for (const [k, v] of Object.entries(parts.query ?? {}))
      if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: 'application/json', ...parts.headers };
    if (this.#token !== undefined) headers.authorization = `Bearer ${this.#token}`;
    if (parts.body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers,
        ...(parts.body === undefined ? {} : { body: JSON.stringify(parts.body) }),
        signal: AbortSignal.timeout(this.#timeoutMs),
        redirect: 'error',
      });
    } catch (e) {
      throw this.#networkError(e);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      throw new OutcomeUnknown(this.displayUrl, `the answer was cut off: ${describeCause(e)}`);
    }
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (res.ok) {
      if (json === undefined)
        throw new GatewayRefused(res.status, `HTTP_${res.status}`, 'the answer is not JSON');
      return json as T;
    }
    const err = (json as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)
      ?.error;
    if (err !== undefined && typeof err.code === 'string') {
      const details = typeof err.details === 'object' && err.details !== null ? err.details : {};
      throw new GatewayRefused(
        res.status,
        err.code,
        typeof err.message === 'string' ? err.message : '',
        details as Record<string, unknown>,
      );
    }
    throw new GatewayRefused(res.status, `HTTP_${res.status}`, res.statusText || 'error without a body');
  }

  #networkError(e: unknown): Error {
    const err = e as { name?: string; cause?: { code?: string; message?: string } };
    if (err.name === 'TimeoutError')
      return new OutcomeUnknown(this.displayUrl, `timed out after ${this.#timeoutMs} ms`);
    const code = err.cause?.code;
    if (code !== undefined && NOT_CONNECTED.has(code)) return new GatewayUnreachable(this.displayUrl, code);
    // fetch refuses some ports (1, 22, 25, ...) before connecting
    if (err.cause?.message === 'bad port')
      return new GatewayUnreachable(this.displayUrl, 'a port fetch refuses');
    return new OutcomeUnknown(this.displayUrl, describeCause(e));
  }
}

function describeCause(e: unknown): string {
  const err = e as { message?: string; cause?: { code?: string; message?: string } };
  return err.cause?.code ?? err.cause?.message ?? err.message ?? String(e);
}
