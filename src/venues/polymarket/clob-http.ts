/**
 * HTTP transport of the Polymarket adapter: node:http(s) with a keep-alive Agent, a per-request timeout,
 * L2 headers on private calls (the HMAC covers exactly the body text sent and the path without its
 * query), L1 headers for API-key management, the venue's clock offset, and (with a {@link RequestMeter})
 * the adapter's metering of cancels and reads: a request over budget waits, or is not sent at all
 * (`notSent`), and a 429 pauses its endpoint group. Never throws for an HTTP status: returns a
 * {@link ClobReply}; transport failures come back as `networkError`.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { L2Authenticator } from './auth-headers.ts';
import { parseRetryAfter, type ReplyFacts } from './error-classifier.ts';
import type { RequestMeter } from './request-meter.ts';

/** One reply (or transport failure). */
export interface ClobReply extends ReplyFacts {
  /** Round trip, ms. */
  readonly latencyMs: number;
}

/** Options of {@link ClobHttp}. */
export interface ClobHttpOptions {
  readonly host: string;
  readonly timeoutMs: number;
  readonly maxSockets: number;
  /** Current time, ms. */
  readonly now: () => number;
  /** Meters cancels, batch posts and private reads (absent: nothing is metered here). */
  readonly meter?: RequestMeter;
}

/** Keep-alive JSON client for one CLOB host. */
export class ClobHttp {
  readonly #base: URL;
  readonly #agent: HttpAgent;
  readonly #request: typeof httpRequest;
  readonly #timeoutMs: number;
  readonly #now: () => number;
  readonly #meter: RequestMeter | undefined;
  /** Venue clock minus ours, ms (set from `GET /time`). */
  offsetMs = 0;

  constructor(o: ClobHttpOptions) {
    this.#base = new URL(o.host);
    const https = this.#base.protocol === 'https:';
    const agentOpts = { keepAlive: true, maxSockets: o.maxSockets, keepAliveMsecs: 10_000 };
    this.#agent = https ? new HttpsAgent(agentOpts) : new HttpAgent(agentOpts);
    this.#request = https ? (httpsRequest as typeof httpRequest) : httpRequest;
    this.#timeoutMs = o.timeoutMs;
    this.#now = o.now;
    this.#meter = o.meter;
  }

  /** The venue's time in unix seconds (our clock plus the offset). */
  venueSeconds(): number {
    return Math.floor((this.#now() + this.offsetMs) / 1000);
  }

  /** A public call. `pathAndQuery` starts with `/`. */
  get(pathAndQuery: string): Promise<ClobReply> {
    return this.send('GET', pathAndQuery, undefined, {});
  }

  /** A private call: L2 headers signed over `timestamp + method + path (no query) + body`. */
  private_(
    auth: L2Authenticator,
    method: string,
    pathAndQuery: string,
    body?: string,
    timestamp?: number,
  ): Promise<ClobReply> {
    const q = pathAndQuery.indexOf('?');
    const path = q < 0 ? pathAndQuery : pathAndQuery.slice(0, q);
    // signed once the request may go (a wait for the budget must not age the timestamp)
    return this.#metered(method, pathAndQuery, () => {
      const h = auth.headers(timestamp ?? this.venueSeconds(), method, path, body);
      return this.#exchange(method, pathAndQuery, body, h as unknown as Record<string, string>);
    });
  }

  /** Sends a request with extra headers (e.g. L1). */
  send(
    method: string,
    pathAndQuery: string,
    body: string | undefined,
    headers: Record<string, string>,
  ): Promise<ClobReply> {
    return this.#metered(method, pathAndQuery, () => this.#exchange(method, pathAndQuery, body, headers));
  }

  /** Runs `go` once the meter admits the request; a 429 reply pauses its endpoint group. */
  #metered(method: string, pathAndQuery: string, go: () => Promise<ClobReply>): Promise<ClobReply> {
    const meter = this.#meter;
    if (meter === undefined) return go();
    const after = (r: ClobReply): ClobReply => {
      if (r.status === 429) {
        const ms = parseRetryAfter(r.retryAfter, this.#now()) ?? 1000;
        meter.pause(method, pathAndQuery, ms, 'the venue answered 429');
      }
      return r;
    };
    const wait = meter.acquire(method, pathAndQuery);
    if (wait === undefined) return go().then(after);
    return wait.then((refusal) =>
      refusal === undefined ? go().then(after) : { notSent: refusal, latencyMs: 0 },
    );
  }

  #exchange(
    method: string,
    pathAndQuery: string,
    body: string | undefined,
    headers: Record<string, string>,
  ): Promise<ClobReply> {
    const started = performance.now();
    return new Promise<ClobReply>((resolve) => {
      let done = false;
      const finish = (r: Omit<ClobReply, 'latencyMs'>): void => {
        if (done) return;
        done = true;
        resolve({ ...r, latencyMs: performance.now() - started });
      };
      const h: Record<string, string> = {
        ...headers,
        'User-Agent': 'ag-exec',
        Accept: 'application/json',
      };
      if (body !== undefined) {
        h['Content-Type'] = 'application/json';
        h['Content-Length'] = String(Buffer.byteLength(body));
      }
      const req = this.#request(
        {
          protocol: this.#base.protocol,
          hostname: this.#base.hostname,
          port: this.#base.port,
          path: `${this.#base.pathname.replace(/\/$/, '')}${pathAndQuery}`,
          method,
          agent: this.#agent,
          headers: h,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            finish({
              status: res.statusCode ?? 0,
              body: parseBody(text),
              retryAfter: header(res.headers, 'retry-after'),
            });
          });
          res.on('error', (e: NodeJS.ErrnoException) => finish({ networkError: e.code ?? e.message }));
        },
      );
      req.setTimeout(this.#timeoutMs, () => {
        finish({ networkError: 'timeout' });
        req.destroy();
      });
      req.on('error', (e: NodeJS.ErrnoException) => finish({ networkError: e.code ?? e.message }));
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  /** Closes the keep-alive sockets. */
  close(): void {
    this.#agent.destroy();
  }
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function header(h: IncomingHttpHeaders, name: string): string | null {
  const v = h[name];
  if (v === undefined) return null;
  return Array.isArray(v) ? (v[0] ?? null) : v;
}
