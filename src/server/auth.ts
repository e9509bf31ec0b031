/**
 * Bearer-token authentication with scopes (read < trade < admin), compared in constant time, and the
 * inbound rate limit per token. Tokens are kept only as SHA-256 digests; no token ever reaches a log
 * line or a response.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { HttpError, ServiceErrorCode } from './error-reply.ts';

/** A token's scope: `read` (GETs), `trade` (+ order writes), `admin` (+ risk state). */
export type Scope = 'read' | 'trade' | 'admin';

const RANK: Readonly<Record<Scope, number>> = { read: 1, trade: 2, admin: 3 };

/** Authentication settings of the service. */
export interface AuthOptions {
  /**
   * Accepted bearer tokens and their scopes: the token itself, or its hex SHA-256 (as the config file
   * and `AG_EXEC_TOKENS` resolution give them; the service only ever keeps digests).
   */
  readonly tokens: readonly (
    | { readonly scope: Scope; readonly token: string }
    | { readonly scope: Scope; readonly sha256: string }
  )[];
  /** When false, every request is treated as `admin` without a token (local development only). */
  readonly required: boolean;
}

/** Who made a request: the scope of the token and a key that names it without revealing it. */
export interface Principal {
  readonly scope: Scope;
  /** `token:<n>` (its position in the configured list) or `anonymous`. */
  readonly key: string;
}

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/**
 * Checks bearer tokens in constant time (SHA-256 of both sides, `timingSafeEqual`, no early exit).
 *
 * A keep-alive connection that proved a token is not asked to prove it again: its Authorization header
 * and principal are remembered for that connection only, and a later request on it that sends the same
 * header is that principal (a comparison with what the same peer sent before reveals nothing new).
 */
export class TokenAuth {
  private readonly entries: readonly { scope: Scope; hash: Buffer; key: string }[];
  private readonly required: boolean;
  private readonly proven = new WeakMap<object, { header: string; principal: Principal }>();

  constructor(opts: AuthOptions) {
    this.required = opts.required;
    this.entries = opts.tokens.map((t, i) => {
      if (!(t.scope in RANK)) throw new TypeError(`auth.tokens[${i}]: scope must be read, trade or admin`);
      if ('sha256' in t) {
        if (!/^[0-9a-fA-F]{64}$/.test(t.sha256))
          throw new TypeError(`auth.tokens[${i}]: sha256 must be 64 hex digits`);
        return { scope: t.scope, hash: Buffer.from(t.sha256, 'hex'), key: `token:${i}` };
      }
      if (typeof t.token !== 'string' || t.token.length < 16)
        throw new TypeError(`auth.tokens[${i}]: a token must be a string of at least 16 characters`);
      return { scope: t.scope, hash: digest(t.token), key: `token:${i}` };
    });
    if (this.required && this.entries.length === 0)
      throw new TypeError('auth.required is true but no tokens are configured');
  }

  /** The principal of a request with a valid token (any scope), or undefined; never throws. */
  identify(req: FastifyRequest): Principal | undefined {
    try {
      return this.authenticate(req, 'read');
    } catch {
      return undefined;
    }
  }

  /** The principal of a request; throws 401 without a valid token, 403 when its scope is below `need`. */
  authenticate(req: FastifyRequest, need: Scope): Principal {
    if (!this.required) return { scope: 'admin', key: 'anonymous' };
    const header = req.headers.authorization;
    const connection = req.raw.socket as object | undefined;
    const known = connection === undefined ? undefined : this.proven.get(connection);
    if (known !== undefined && known.header === header) return this.allow(known.principal, need);
    const m = typeof header === 'string' ? /^Bearer ([\x21-\x7e]+)$/i.exec(header.trim()) : null;
    if (!m) {
      throw new HttpError(401, ServiceErrorCode.Unauthorized, 'a bearer token is required', {
        scheme: 'Bearer',
      });
    }
    const presented = digest(m[1]!);
    let found: { scope: Scope; key: string } | undefined;
    for (const e of this.entries) {
      // every entry is compared, so the time does not depend on which one matches
      if (timingSafeEqual(e.hash, presented) && found === undefined) found = e;
    }
    if (found === undefined)
      throw new HttpError(401, ServiceErrorCode.Unauthorized, 'the bearer token is not valid', {
        scheme: 'Bearer',
      });
    const principal: Principal = { scope: found.scope, key: found.key };
    if (connection !== undefined) this.proven.set(connection, { header: header as string, principal });
    return this.allow(principal, need);
  }

  private allow(principal: Principal, need: Scope): Principal {
    if (RANK[principal.scope] < RANK[need]) {
      throw new HttpError(403, ServiceErrorCode.Forbidden, `this route needs the ${need} scope`, {
        need,
        have: principal.scope,
      });
    }
    return principal;
  }
}

/** Inbound rate limit: requests per second and burst, per token. */
export interface InboundRateLimit {
  readonly perSecond: number;
  readonly burst: number;
}

/** A token bucket per principal key. `now` is injectable for tests. */
export class InboundLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly cfg: InboundRateLimit,
    private readonly now: () => number = Date.now,
  ) {
    if (!(cfg.perSecond > 0) || !(cfg.burst >= 1))
      throw new TypeError('rateLimit: perSecond must be > 0 and burst >= 1');
  }

  /** Spends one request for `key`; throws 429 (with the seconds to wait) when the bucket is empty. */
  take(key: string): void {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.cfg.burst, at: t };
    b.tokens = Math.min(this.cfg.burst, b.tokens + ((t - b.at) / 1000) * this.cfg.perSecond);
    b.at = t;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return;
    }
    const waitMs = ((1 - b.tokens) / this.cfg.perSecond) * 1000;
    const retryAfterS = Math.max(1, Math.ceil(waitMs / 1000));
    throw new HttpError(
      429,
      'RATE_LIMIT_EXCEEDED',
      'too many requests for this token',
      { venue: 'gateway', retryAfterMs: Math.ceil(waitMs) },
      retryAfterS,
    );
  }
}
