/**
 * The one schema of the gateway's config file (`gatewayConfigSchema`) and its type {@link GatewayConfig}:
 * server, auth, store, venues, rate limits, risk, metrics, reconciliation and logging, every key with its
 * default, so that an empty file gives a working gateway (a paper venue, SQLite in `./data`). Every section
 * is strict: an unknown key is an error. Cross-section checks (unique venue ids, rate limits naming known
 * venues, no open listening beyond loopback) live in `load-config.ts`.
 */
import { z } from 'zod';
import { envName, int, positiveNumber, section, text } from './schema-parts.ts';
import { venueSchema } from './venue-schema.ts';

/** Token scopes: `read` (queries, streams), `trade` (orders), `admin` (operations). */
export const TOKEN_SCOPES = ['read', 'trade', 'admin'] as const;
/** One token scope. */
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** Log levels (pino's). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
/** One log level. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Risk trading states accepted in an inline risk section. */
export const RISK_TRADING_STATES = ['ACTIVE', 'REDUCING', 'HALTED'] as const;

const scope = z.enum(TOKEN_SCOPES, { error: `must be one of ${TOKEN_SCOPES.join(', ')}` });

const serverSchema = section({
  host: text('a host name or IP address').default('127.0.0.1'),
  port: int(0, 65_535).default(8080),
  bodyLimitBytes: int(1, 64 * 1024 * 1024).default(1_048_576),
  rateLimit: section({
    rate: positiveNumber().default(50),
    burst: int(1).default(100),
  }).prefault({}),
});

const authSchema = section({
  required: z.boolean({ error: 'must be true or false' }).default(true),
  tokens: z
    .array(
      section({
        scope,
        sha256: z
          .string({ error: 'must be the hex SHA-256 of the token' })
          .regex(/^[0-9a-fA-F]{64}$/, { error: 'must be the hex SHA-256 of the token (64 hex digits)' })
          .transform((h) => h.toLowerCase()),
        name: text('a label').optional(),
      }),
      { error: 'must be a list of {scope, sha256}' },
    )
    .default(() => []),
});

/** Default SQLite journal file. */
export const DEFAULT_SQLITE_PATH = './data/journal.db';

const storeSchema = z.discriminatedUnion(
  'kind',
  [
    section({
      kind: z.literal('sqlite'),
      path: text('a file path').default(DEFAULT_SQLITE_PATH),
      synchronous: z.enum(['FULL', 'NORMAL'], { error: 'must be FULL or NORMAL' }).default('FULL'),
    }),
    section({
      kind: z.literal('postgres'),
      url_env: envName('AG_EXEC_POSTGRES_URL'),
      schema: z
        .string({ error: 'must be an SQL identifier' })
        .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, { error: 'must be an SQL identifier (letters, digits, _)' })
        .default('ag_exec'),
      journalId: text().default('default'),
      poolSize: int(1, 100).default(4),
    }),
    section({ kind: z.literal('memory') }),
  ],
  { error: 'must have a kind: one of sqlite, postgres, memory' },
);

const bucketsSpec = section({
  rate: positiveNumber().optional(),
  burst: int(1).optional(),
  buckets: z
    .array(section({ name: text('a bucket name'), capacity: int(1), refillPerSecond: positiveNumber() }), {
      error: 'must be a list of {name, capacity, refillPerSecond}',
    })
    .min(1, { error: 'must list at least one bucket' })
    .optional(),
}).superRefine((v, ctx) => {
  const simple = v.rate !== undefined || v.burst !== undefined;
  if (simple && v.buckets !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['buckets'],
      message: 'give either rate and burst, or buckets, not both',
    });
  } else if (!simple && v.buckets === undefined) {
    ctx.addIssue({ code: 'custom', message: 'give either rate and burst, or buckets' });
  } else if (simple) {
    for (const f of ['rate', 'burst'] as const) {
      if (v[f] === undefined) ctx.addIssue({ code: 'custom', path: [f], message: 'missing required field' });
    }
  } else {
    const seen = new Set<string>();
    v.buckets?.forEach((b, i) => {
      if (seen.has(b.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['buckets', i, 'name'],
          message: `bucket "${b.name}" is listed twice`,
        });
      }
      seen.add(b.name);
    });
  }
});

const rateLimitsSchema = section({
  venues: z
    .record(z.string(), bucketsSpec, { error: 'must be a map of venue id to limits' })
    .default(() => ({})),
  shared: section({
    redis_url_env: envName('AG_EXEC_REDIS_URL'),
    keyPrefix: text().default('ag-exec:ratelimit:'),
    onUnavailable: z.enum(['local', 'fail'], { error: 'must be local or fail' }).default('local'),
    fallbackShare: positiveNumber().max(1, { error: 'must be at most 1' }).default(0.25),
  }).optional(),
});

const riskSchema = section({
  file: text('a file path').optional(),
  policies: z
    .array(
      z
        .looseObject({ type: text('a policy type') }, { error: 'must be a map with a type and its fields' })
        .transform((p) => p as { type: string } & Record<string, unknown>),
      { error: 'must be a list of policies' },
    )
    .optional(),
  trading_state: z
    .enum(RISK_TRADING_STATES, { error: `must be one of ${RISK_TRADING_STATES.join(', ')}` })
    .optional(),
}).superRefine((v, ctx) => {
  if (v.file !== undefined && (v.policies !== undefined || v.trading_state !== undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: ['file'],
      message: 'give either file (a risk policy file) or inline policies, not both',
    });
  }
});

/** The config file's schema; parse the YAML's data with it (or use `loadConfig`, which adds lines). */
export const gatewayConfigSchema = section({
  server: serverSchema.prefault({}),
  auth: authSchema.prefault({}),
  store: storeSchema.prefault({ kind: 'sqlite' }),
  venues: z
    .array(venueSchema, { error: 'must be a list of venues' })
    .min(1, { error: 'must list at least one venue (leave venues out for one paper venue)' })
    .default(() => [{ kind: 'paper' as const, id: 'paper', seed: 1, latencyMs: 0 }]),
  rateLimits: rateLimitsSchema.prefault({}),
  risk: riskSchema.prefault({}),
  metrics: section({
    prometheus: z.boolean({ error: 'must be true or false' }).default(true),
    jsonl: text('a file path').optional(),
  }).prefault({}),
  reconcile: section({ intervalMs: int(0).default(30_000) }).prefault({}),
  log: section({
    level: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  }).prefault({}),
});

/** A validated gateway config with every default applied. */
export type GatewayConfig = z.output<typeof gatewayConfigSchema>;
/** The config as written in the file (every key optional where a default exists). */
export type GatewayConfigInput = z.input<typeof gatewayConfigSchema>;
/** The journal part of a config. */
export type StoreConfig = GatewayConfig['store'];
/** Limits of one venue: `rate` and `burst`, or linked `buckets`. */
export type VenueRateLimitConfig = GatewayConfig['rateLimits']['venues'][string];
