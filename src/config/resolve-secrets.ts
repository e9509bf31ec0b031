/**
 * Reads what a validated config refers to in the environment: the bearer tokens (`AG_EXEC_TOKENS` and the
 * hashed list of the file), the database and Redis URLs, the venues' credentials (API keys, wallet keys
 * of Polymarket and Uniswap) and `LOG_LEVEL`. Every
 * problem is reported at once in one {@link ConfigError} naming the VARIABLE (values are never shown); the
 * values come back wrapped in {@link Secret}.
 */
import { ConfigError, type ConfigIssue } from '../errors/index.ts';
import { parseTokens, type ResolvedToken, TOKENS_ENV } from './bearer-tokens.ts';
import { type GatewayConfig, LOG_LEVELS, type LogLevel } from './config-schema.ts';
import { Secret } from './secret.ts';

/** The journal to open, with the database URL read from the environment. */
export type ResolvedStore =
  | { readonly kind: 'memory' }
  | { readonly kind: 'sqlite'; readonly path: string; readonly synchronous: 'FULL' | 'NORMAL' }
  | {
      readonly kind: 'postgres';
      readonly url: Secret;
      readonly schema: string;
      readonly journalId: string;
      readonly poolSize: number;
    };

/** What one venue needs from the environment. */
export type VenueCredentials =
  | { readonly kind: 'paper' }
  | { readonly kind: 'polymarket' | 'binance' | 'uniswap'; readonly simulator: true }
  | {
      readonly kind: 'polymarket';
      readonly simulator: false;
      readonly privateKey: Secret;
      /** L2 API credentials; when absent the adapter creates or derives them with the wallet key. */
      readonly creds?: { readonly key: Secret; readonly secret: Secret; readonly passphrase: Secret };
    }
  | {
      readonly kind: 'binance';
      readonly simulator: false;
      readonly apiKey: Secret;
      readonly apiSecret: Secret;
    }
  | {
      readonly kind: 'uniswap';
      readonly simulator: false;
      /** The wallet key, `0x` + 64 hex digits (a leading `0x` is added when the variable has none). */
      readonly privateKey: Secret;
      /** The node URL, when the config names a variable for it (`rpc_url_env`: the URL holds a provider key). */
      readonly rpcUrl?: Secret;
    };

/** Everything the service reads from the environment, checked. */
export interface ResolvedSecrets {
  readonly authRequired: boolean;
  readonly tokens: readonly ResolvedToken[];
  readonly store: ResolvedStore;
  /** Credentials per venue id. */
  readonly venues: Readonly<Record<string, VenueCredentials>>;
  /** The Redis URL of the shared rate limiter, when `rateLimits.shared` is set. */
  readonly redisUrl?: Secret;
  /** `log.level`, or `LOG_LEVEL` when set. */
  readonly logLevel: LogLevel;
}

/** Environment variables, as `process.env`. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads and checks the environment a config refers to; throws one ConfigError (source `environment`)
 * listing every missing or malformed variable by name, with the config field that names it.
 */
export function resolveSecrets(config: GatewayConfig, env: Env = process.env): ResolvedSecrets {
  const issues: ConfigIssue[] = [];
  const get = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const need = (field: string, name: string, what: string, check?: (v: string) => string | undefined) => {
    const v = get(name);
    if (v === undefined) {
      issues.push({ path: field, message: `environment variable ${name} is not set (${what})` });
      return undefined;
    }
    const problem = check?.(v);
    if (problem !== undefined) {
      issues.push({ path: field, message: `environment variable ${name} ${problem}` });
      return undefined;
    }
    return new Secret(v);
  };

  const tokens = readTokens(config, get(TOKENS_ENV), issues);
  if (config.auth.required && tokens.length === 0 && !issues.some((i) => i.path.startsWith(TOKENS_ENV))) {
    issues.push({
      path: 'auth.required',
      message: `is true but no token is configured: set ${TOKENS_ENV}="admin:<token>" (or list auth.tokens), or set auth.required: false (loopback only)`,
    });
  }

  const cs = config.store;
  let store: ResolvedStore = cs.kind === 'postgres' ? { kind: 'memory' } : cs;
  if (cs.kind === 'postgres') {
    const { url_env, ...rest } = cs;
    const url = need('store.url_env', url_env, 'the PostgreSQL URL', (v) =>
      urlProblem(v, ['postgres:', 'postgresql:']),
    );
    if (url !== undefined) store = { ...rest, url };
  }

  const venues: Record<string, VenueCredentials> = {};
  config.venues.forEach((v, i) => {
    const at = (f: string) => `venues[${i}].${f}`;
    if (v.kind === 'paper') venues[v.id] = { kind: 'paper' };
    else if (v.simulator) venues[v.id] = { kind: v.kind, simulator: true };
    else if (v.kind === 'polymarket') {
      const privateKey = need(at('private_key_env'), v.private_key_env, 'the signing wallet key', (k) =>
        /^(0x)?[0-9a-fA-F]{64}$/.test(k) ? undefined : 'is not a 32-byte hex key',
      );
      const names = [
        ['api_key_env', v.api_key_env],
        ['api_secret_env', v.api_secret_env],
        ['passphrase_env', v.passphrase_env],
      ] as const;
      const set = names.filter(([, n]) => get(n) !== undefined);
      if (set.length > 0 && set.length < names.length) {
        for (const [f, n] of names) {
          if (get(n) === undefined) {
            issues.push({
              path: at(f),
              message: `environment variable ${n} is not set (API key, secret and passphrase go together; set all three or none)`,
            });
          }
        }
      }
      if (privateKey !== undefined) {
        const creds =
          set.length === names.length
            ? {
                key: new Secret(get(v.api_key_env)!),
                secret: new Secret(get(v.api_secret_env)!),
                passphrase: new Secret(get(v.passphrase_env)!),
              }
            : undefined;
        venues[v.id] = { kind: 'polymarket', simulator: false, privateKey, ...(creds && { creds }) };
      }
    } else if (v.kind === 'uniswap') {
      const privateKey = need(at('private_key_env'), v.private_key_env, 'the swapping wallet key', (k) =>
        /^(0x)?[0-9a-fA-F]{64}$/.test(k) ? undefined : 'is not a 32-byte hex key',
      );
      const rpcUrl =
        v.rpc_url_env === undefined
          ? undefined
          : need(at('rpc_url_env'), v.rpc_url_env, "the node's JSON-RPC URL", (u) =>
              urlProblem(u, ['http:', 'https:', 'ws:', 'wss:']),
            );
      if (privateKey !== undefined && (v.rpc_url_env === undefined || rpcUrl !== undefined)) {
        const k = privateKey.reveal();
        venues[v.id] = {
          kind: 'uniswap',
          simulator: false,
          privateKey: k.startsWith('0x') ? privateKey : new Secret(`0x${k}`),
          ...(rpcUrl === undefined ? {} : { rpcUrl }),
        };
      }
    } else {
      const apiKey = need(at('api_key_env'), v.api_key_env, 'the Binance API key', (k) =>
        /^[A-Za-z0-9]{1,128}$/.test(k) ? undefined : 'must be 1-128 letters and digits',
      );
      const apiSecret = need(at('api_secret_env'), v.api_secret_env, 'the Binance API secret');
      if (apiKey !== undefined && apiSecret !== undefined) {
        venues[v.id] = { kind: 'binance', simulator: false, apiKey, apiSecret };
      }
    }
  });

  const shared = config.rateLimits.shared;
  const redisUrl =
    shared === undefined
      ? undefined
      : need('rateLimits.shared.redis_url_env', shared.redis_url_env, 'the Redis URL', (v) =>
          urlProblem(v, ['redis:', 'rediss:']),
        );

  let logLevel: LogLevel = config.log.level;
  const envLevel = get('LOG_LEVEL');
  if (envLevel !== undefined) {
    if ((LOG_LEVELS as readonly string[]).includes(envLevel)) logLevel = envLevel as LogLevel;
    else issues.push({ path: 'LOG_LEVEL', message: `must be one of ${LOG_LEVELS.join(', ')}` });
  }

  if (issues.length > 0) throw new ConfigError('environment', issues);
  return {
    authRequired: config.auth.required,
    tokens,
    store,
    venues,
    ...(redisUrl !== undefined && { redisUrl }),
    logLevel,
  };
}

function readTokens(
  config: GatewayConfig,
  envValue: string | undefined,
  issues: ConfigIssue[],
): ResolvedToken[] {
  const out: ResolvedToken[] = [];
  if (envValue !== undefined) {
    try {
      out.push(...parseTokens(envValue));
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      issues.push(...e.issues);
    }
  }
  for (const t of config.auth.tokens) {
    out.push({
      scope: t.scope,
      sha256: t.sha256,
      source: 'config',
      ...(t.name !== undefined && { name: t.name }),
    });
  }
  const byHash = new Map<string, ResolvedToken>();
  const unique: ResolvedToken[] = [];
  for (const t of out) {
    const seen = byHash.get(t.sha256);
    if (seen === undefined) {
      byHash.set(t.sha256, t);
      unique.push(t);
    } else if (seen.scope !== t.scope) {
      issues.push({
        path: t.source === 'env' ? TOKENS_ENV : 'auth.tokens',
        message: `one token is given two scopes (${seen.scope} and ${t.scope}); give each token one scope`,
      });
    }
  }
  return unique;
}

function urlProblem(v: string, protocols: readonly string[]): string | undefined {
  const what = `must be a ${protocols.map((p) => `${p}//`).join(' or ')} URL`;
  try {
    return protocols.includes(new URL(v).protocol) ? undefined : what;
  } catch {
    return what;
  }
}
