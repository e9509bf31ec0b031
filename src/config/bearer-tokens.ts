/**
 * Bearer tokens: `AG_EXEC_TOKENS` (`scope:token,...`) parsed into SHA-256 digests, the digest of a token as
 * `auth.tokens[].sha256` holds it, and the constant-time match the server authenticates requests with.
 * Plain tokens are hashed at once and never shown in errors.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { ConfigError, type ConfigIssue } from '../errors/index.ts';
import { TOKEN_SCOPES, type TokenScope } from './config-schema.ts';

/** The variable holding plain bearer tokens: `scope:token,scope:token`. */
export const TOKENS_ENV = 'AG_EXEC_TOKENS';
/** Shortest plain token accepted from {@link TOKENS_ENV}. */
export const MIN_TOKEN_LENGTH = 16;

/** A bearer token the gateway accepts: its scope and the SHA-256 (hex) of the token. */
export interface ResolvedToken {
  readonly scope: TokenScope;
  readonly sha256: string;
  /** Where it came from: `AG_EXEC_TOKENS` or the config file's `auth.tokens`. */
  readonly source: 'env' | 'config';
  readonly name?: string;
}

/** SHA-256 (hex) of a token, as `auth.tokens[].sha256` holds it (`printf %s TOKEN | sha256sum`). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Parses `AG_EXEC_TOKENS` (`scope:token,...`; spaces around entries ignored). Throws a ConfigError naming
 * each bad entry by its position; tokens are never shown.
 */
export function parseTokens(value: string): ResolvedToken[] {
  const issues: ConfigIssue[] = [];
  const out: ResolvedToken[] = [];
  const entries = value.split(',');
  entries.forEach((raw, i) => {
    const entry = raw.trim();
    const at = `${TOKENS_ENV}[${i}]`;
    if (entry === '') {
      if (entries.length > 1) issues.push({ path: at, message: 'empty entry (write scope:token)' });
      return;
    }
    const colon = entry.indexOf(':');
    const scope = colon < 0 ? '' : entry.slice(0, colon).trim();
    const token = colon < 0 ? '' : entry.slice(colon + 1).trim();
    if (colon < 0) {
      issues.push({ path: at, message: `must be scope:token with a scope of ${TOKEN_SCOPES.join(', ')}` });
    } else if (!(TOKEN_SCOPES as readonly string[]).includes(scope)) {
      issues.push({
        path: at,
        message: `unknown scope (the part before ":" must be ${TOKEN_SCOPES.join(', ')})`,
      });
    } else if (token === '') {
      issues.push({ path: at, message: `empty token for scope ${scope}` });
    } else if (token.length < MIN_TOKEN_LENGTH || /\s/.test(token)) {
      issues.push({
        path: at,
        message: `the ${scope} token must be at least ${MIN_TOKEN_LENGTH} characters without spaces`,
      });
    } else {
      out.push({ scope: scope as TokenScope, sha256: hashToken(token), source: 'env' });
    }
  });
  if (value.trim() === '')
    issues.push({ path: TOKENS_ENV, message: 'is set but empty (unset it, or write scope:token)' });
  if (issues.length > 0) throw new ConfigError(TOKENS_ENV, issues);
  return out;
}

/**
 * The token matching a presented bearer token, or undefined. Compares SHA-256 digests with
 * `timingSafeEqual` against every token (no early exit), so the time taken does not depend on which
 * token, or how much of one, matched.
 */
export function matchToken(tokens: readonly ResolvedToken[], presented: string): ResolvedToken | undefined {
  const digest = createHash('sha256').update(presented, 'utf8').digest();
  let found: ResolvedToken | undefined;
  for (const t of tokens) {
    const equal = timingSafeEqual(Buffer.from(t.sha256, 'hex'), digest);
    if (equal && found === undefined) found = t;
  }
  return found;
}
