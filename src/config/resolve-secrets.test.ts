/** `resolveSecrets`, `AG_EXEC_TOKENS` parsing, the constant-time token match and `Secret` redaction. */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, type ConfigIssue } from '../errors/index.ts';
import { hashToken, matchToken, parseTokens } from './bearer-tokens.ts';
import { loadConfig } from './load-config.ts';
import { resolveSecrets } from './resolve-secrets.ts';
import { Secret } from './secret.ts';

const ADMIN = 'admin-token-0123456789';
const TRADE = 'trade-token-0123456789';
const PK = `0x${'ab'.repeat(32)}`;

function issuesOf(fn: () => unknown): ConfigIssue[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return [...e.issues];
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('parseTokens (AG_EXEC_TOKENS)', () => {
  it('reads scope:token pairs, trimming spaces, and keeps only hashes', () => {
    const tokens = parseTokens(` admin:${ADMIN} , trade:${TRADE},read:${'r'.repeat(16)}:with:colons`);
    expect(tokens).toEqual([
      { scope: 'admin', sha256: hashToken(ADMIN), source: 'env' },
      { scope: 'trade', sha256: hashToken(TRADE), source: 'env' },
      { scope: 'read', sha256: hashToken(`${'r'.repeat(16)}:with:colons`), source: 'env' },
    ]);
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('reports every bad entry by position without showing any token', () => {
    const value = `root:${ADMIN},trade:,${TRADE},,read:short,admin:${ADMIN}`;
    const issues = issuesOf(() => parseTokens(value));
    expect(issues).toEqual([
      {
        path: 'AG_EXEC_TOKENS[0]',
        message: 'unknown scope (the part before ":" must be read, trade, admin)',
      },
      { path: 'AG_EXEC_TOKENS[1]', message: 'empty token for scope trade' },
      { path: 'AG_EXEC_TOKENS[2]', message: 'must be scope:token with a scope of read, trade, admin' },
      { path: 'AG_EXEC_TOKENS[3]', message: 'empty entry (write scope:token)' },
      { path: 'AG_EXEC_TOKENS[4]', message: 'the read token must be at least 16 characters without spaces' },
    ]);
    const shown = JSON.stringify(issues);
    expect(shown).not.toContain(ADMIN);
    expect(shown).not.toContain(TRADE);
    expect(shown).not.toContain('short');
    expect(issuesOf(() => parseTokens('  '))).toEqual([
      { path: 'AG_EXEC_TOKENS', message: 'is set but empty (unset it, or write scope:token)' },
    ]);
  });
});

describe('matchToken', () => {
  it('finds the token by constant-time digest comparison, or nothing', () => {
    const tokens = parseTokens(`admin:${ADMIN},trade:${TRADE}`);
    expect(matchToken(tokens, TRADE)?.scope).toBe('trade');
    expect(matchToken(tokens, ADMIN)?.scope).toBe('admin');
    expect(matchToken(tokens, `${ADMIN}x`)).toBeUndefined();
    expect(matchToken(tokens, '')).toBeUndefined();
    expect(matchToken([], ADMIN)).toBeUndefined();
  });
});

describe('resolveSecrets', () => {
  it('reads tokens from the environment and the hashed list of the file', () => {
    const config = loadConfig(
      `auth:\n  tokens:\n    - { scope: read, name: dash, sha256: "${hashToken('x'.repeat(20)).toUpperCase()}" }\n`,
    );
    const s = resolveSecrets(config, { AG_EXEC_TOKENS: `admin:${ADMIN}` });
    expect(s.authRequired).toBe(true);
    expect(s.tokens).toEqual([
      { scope: 'admin', sha256: hashToken(ADMIN), source: 'env' },
      { scope: 'read', sha256: hashToken('x'.repeat(20)), source: 'config', name: 'dash' },
    ]);
    expect(matchToken(s.tokens, 'x'.repeat(20))?.name).toBe('dash');
    expect(s.store).toEqual({ kind: 'sqlite', path: './data/journal.db', synchronous: 'FULL' });
    expect(s.venues).toEqual({ paper: { kind: 'paper' } });
    expect(s.logLevel).toBe('info');
    expect(s.redisUrl).toBeUndefined();
  });

  it('requires a token when auth is required, and none when it is not', () => {
    const issues = issuesOf(() => resolveSecrets(loadConfig(''), {}));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe('auth.required');
    expect(issues[0]!.message).toContain('AG_EXEC_TOKENS');
    expect(resolveSecrets(loadConfig('auth: { required: false }'), {}).tokens).toEqual([]);
  });

  it('refuses one token given two scopes', () => {
    const config = loadConfig(`auth:\n  tokens:\n    - { scope: read, sha256: ${hashToken(ADMIN)} }\n`);
    const issues = issuesOf(() => resolveSecrets(config, { AG_EXEC_TOKENS: `admin:${ADMIN}` }));
    expect(issues).toEqual([
      {
        path: 'auth.tokens',
        message: 'one token is given two scopes (admin and read); give each token one scope',
      },
    ]);
  });

  it('reads every credential a config names, wrapped so that it never prints', () => {
    const config = loadConfig(
      [
        'store: { kind: postgres, url_env: PG_URL }',
        'venues:',
        '  - { kind: polymarket, id: pm, host: "https://clob.polymarket.com" }',
        '  - { kind: polymarket, id: pm2, host: "https://clob.polymarket.com", private_key_env: PK2 }',
        '  - { kind: polymarket, id: pmsim, simulator: true }',
        '  - { kind: binance, id: bn, api_key_env: BN_KEY, api_secret_env: BN_SECRET }',
        'rateLimits: { shared: { redis_url_env: REDIS } }',
        'log: { level: warn }',
      ].join('\n'),
    );
    const env = {
      AG_EXEC_TOKENS: `trade:${TRADE}`,
      PG_URL: 'postgres://gw:pg-password@127.0.0.1:5432/test',
      POLYMARKET_PRIVATE_KEY: PK,
      POLYMARKET_API_KEY: 'pm-key',
      POLYMARKET_API_SECRET: 'pm-secret',
      POLYMARKET_PASSPHRASE: 'pm-pass',
      PK2: 'ab'.repeat(32),
      BN_KEY: 'BinanceKey123',
      BN_SECRET: 'binance-secret',
      REDIS: 'redis://127.0.0.1:6379/0',
      LOG_LEVEL: 'debug',
    };
    const s = resolveSecrets(config, env);
    expect(s.store.kind === 'postgres' && s.store.url.reveal()).toBe(env.PG_URL);
    expect(s.store).toMatchObject({ schema: 'ag_exec', journalId: 'default', poolSize: 4 });
    const pm = s.venues.pm;
    expect(pm?.kind === 'polymarket' && !pm.simulator && pm.privateKey.reveal()).toBe(PK);
    expect(pm?.kind === 'polymarket' && !pm.simulator && pm.creds?.secret.reveal()).toBe('pm-secret');
    const pm2 = s.venues.pm2;
    expect(pm2?.kind === 'polymarket' && !pm2.simulator && pm2.privateKey.reveal()).toBe(env.PK2);
    expect(s.venues.pmsim).toEqual({ kind: 'polymarket', simulator: true });
    const bn = s.venues.bn;
    expect(bn?.kind === 'binance' && !bn.simulator && bn.apiSecret.reveal()).toBe('binance-secret');
    expect(s.redisUrl?.reveal()).toBe(env.REDIS);
    expect(s.logLevel).toBe('debug');

    const printed = [JSON.stringify(s), inspect(s, { depth: 10 }), String(s.redisUrl)].join('\n');
    for (const value of Object.values(env).filter((v) => v !== 'debug')) {
      expect(printed).not.toContain(value);
    }
    expect(printed).toContain('(redacted)');
  });

  it('names every missing or malformed variable at once, never its value', () => {
    const config = loadConfig(
      [
        'store: { kind: postgres }',
        'venues:',
        '  - { kind: polymarket, host: "https://clob.polymarket.com" }',
        '  - { kind: binance }',
        'rateLimits: { shared: {} }',
      ].join('\n'),
    );
    const issues = issuesOf(() =>
      resolveSecrets(config, {
        AG_EXEC_TOKENS: `admin:${ADMIN}`,
        AG_EXEC_POSTGRES_URL: 'mysql://root:topsecret@db/x',
        POLYMARKET_PRIVATE_KEY: 'not-a-key-but-secret',
        POLYMARKET_API_KEY: 'pm-key',
        BINANCE_API_KEY: 'BinanceKey',
        BINANCE_API_SECRET: '   ',
        LOG_LEVEL: 'chatty',
      }),
    );
    expect(issues).toEqual([
      {
        path: 'store.url_env',
        message: 'environment variable AG_EXEC_POSTGRES_URL must be a postgres:// or postgresql:// URL',
      },
      {
        path: 'venues[0].private_key_env',
        message: 'environment variable POLYMARKET_PRIVATE_KEY is not a 32-byte hex key',
      },
      {
        path: 'venues[0].api_secret_env',
        message:
          'environment variable POLYMARKET_API_SECRET is not set (API key, secret and passphrase go together; set all three or none)',
      },
      {
        path: 'venues[0].passphrase_env',
        message:
          'environment variable POLYMARKET_PASSPHRASE is not set (API key, secret and passphrase go together; set all three or none)',
      },
      {
        path: 'venues[1].api_secret_env',
        message: 'environment variable BINANCE_API_SECRET is not set (the Binance API secret)',
      },
      {
        path: 'rateLimits.shared.redis_url_env',
        message: 'environment variable AG_EXEC_REDIS_URL is not set (the Redis URL)',
      },
      { path: 'LOG_LEVEL', message: 'must be one of fatal, error, warn, info, debug, trace, silent' },
    ]);
    const shown = JSON.stringify(issues);
    expect(shown).not.toContain('topsecret');
    expect(shown).not.toContain('not-a-key-but-secret');
    expect(shown).not.toContain('chatty');
  });
});

describe('Secret', () => {
  it('shows itself only through reveal()', () => {
    const s = new Secret('p@ss');
    expect(s.reveal()).toBe('p@ss');
    expect(`${s}`).toBe('(redacted)');
    expect(JSON.stringify({ s })).toBe('{"s":"(redacted)"}');
    expect(inspect({ s })).toBe('{ s: Secret(redacted) }');
  });
});
