/**
 * Configuration of the Polymarket adapter: validation (a ValidationError naming the field), reading it
 * from the environment, and redaction (the private key and API secret / passphrase never appear in
 * errors, logs or JSON).
 */
import type { Clock } from '../../domain/index.ts';
import { ValidationError } from '../../errors/index.ts';
import type { ApiCredentials } from './auth-headers.ts';
import { isAddress } from './hex.ts';
import {
  checkChainId,
  POLYGON_CHAIN_ID,
  type PolymarketChainId,
  type SignatureType,
} from './order-signing.ts';
import { POLYMARKET_PUBLISHED_LIMITS, type PublishedLimit } from './polymarket-rate-limits.ts';

/** Options of a {@link PolymarketVenue}. */
export interface PolymarketConfig {
  /** REST base URL, e.g. `https://clob.polymarket.com` or a loopback simulator. */
  readonly host: string;
  /** 137 (default) or 80002. */
  readonly chainId?: number;
  /** The signing EOA's 32-byte key, hex. */
  readonly privateKey: string;
  /** 0 EOA (default), 1 POLY_PROXY, 2 POLY_GNOSIS_SAFE, 3 POLY_1271. */
  readonly signatureType?: number;
  /** Maker address for signature types 1-3. */
  readonly funderAddress?: string;
  /** API credentials; when absent, `connect()` creates or derives them with L1 auth. */
  readonly creds?: ApiCredentials;
  /** Nonce of the L1 key derivation. Default 0. */
  readonly apiKeyNonce?: number;
  /** The venue's name in the gateway. Default `polymarket`. */
  readonly venueId?: string;
  /** Per-request timeout, ms. Default 10000. */
  readonly timeoutMs?: number;
  /** Read `GET /time` in `connect()` and sign with the venue's clock. Default false. */
  readonly useServerTime?: boolean;
  /** Time source (ms). Default the wall clock. */
  readonly clock?: Clock;
  /** Salt randomness (uniform [0, 1)). Default `Math.random`. */
  readonly random?: () => number;
  /** Most keep-alive sockets to the host. Default 16. */
  readonly maxSockets?: number;
  /** User channel URL; default derived from `host` (`http` -> `ws`, path `/ws/user`; the venue's own host -> its WS host). */
  readonly wsUrl?: string;
  /** Run the user channel from `connect()`. Default true. */
  readonly stream?: boolean;
  /** Markets the stream follows: `all` (default) or the condition ids of the prepared markets. */
  readonly streamMarkets?: 'all' | 'prepared';
  /** Text `PING` period, ms. Default 10000. */
  readonly streamPingMs?: number;
  /** Silence (no PONG nor event) after which the connection is dead, ms. Default 25000. */
  readonly streamSilenceMs?: number;
  /** Reconnect back-off, ms. Default 250 doubling up to 30000, with jitter. */
  readonly streamBackoff?: { readonly initialMs: number; readonly maxMs: number };
  /** Jitter randomness (uniform [0, 1)). Default `Math.random`. */
  readonly streamRandom?: () => number;
  /**
   * How long a finished order (released by the engine) stays attributable to its hash (late fills, a
   * trade that FAILED after the order ended), ms. Default 3600000 (one hour).
   */
  readonly idRetentionMs?: number;
  /**
   * Meter cancels, batch posts and private reads against the venue's published per-endpoint limits
   * (single orders are metered by the engine's limiter). Default true.
   */
  readonly meterRequests?: boolean;
  /** Longest wait for a metered request's budget before it is refused unsent, ms. Default 10000. */
  readonly meterMaxWaitMs?: number;
  /** Limits replacing the published ones for some endpoint groups (e.g. `{"DELETE /order": {per10s: 100}}`). */
  readonly meterLimits?: Readonly<Record<string, PublishedLimit>>;
}

/** A validated configuration, defaults applied. */
export interface ResolvedPolymarketConfig {
  readonly host: string;
  readonly chainId: PolymarketChainId;
  readonly privateKey: string;
  readonly signatureType: SignatureType;
  readonly funderAddress?: string;
  readonly creds?: ApiCredentials;
  readonly apiKeyNonce: number;
  readonly venueId: string;
  readonly timeoutMs: number;
  readonly useServerTime: boolean;
  readonly maxSockets: number;
  readonly wsUrl: string;
  readonly stream: boolean;
  readonly streamMarkets: 'all' | 'prepared';
  readonly streamPingMs: number;
  readonly streamSilenceMs: number;
  readonly streamBackoff: { readonly initialMs: number; readonly maxMs: number };
  readonly idRetentionMs: number;
  readonly meterRequests: boolean;
  readonly meterMaxWaitMs: number;
  readonly meterLimits: Readonly<Record<string, PublishedLimit>>;
}

const KEY_RE = /^(0x)?[0-9a-fA-F]{64}$/;

/** Validates a configuration; throws a ValidationError naming the first bad field (secrets shown redacted). */
export function resolvePolymarketConfig(c: PolymarketConfig): ResolvedPolymarketConfig {
  if (c === null || typeof c !== 'object') throw new ValidationError('config', typeof c, 'must be an object');
  let host: URL;
  try {
    host = new URL(c.host);
  } catch {
    throw new ValidationError('host', c.host, 'must be an http(s) URL');
  }
  if (host.protocol !== 'http:' && host.protocol !== 'https:')
    throw new ValidationError('host', c.host, 'must be an http(s) URL');
  const chainId = c.chainId ?? POLYGON_CHAIN_ID;
  checkChainId(chainId);
  if (typeof c.privateKey !== 'string' || !KEY_RE.test(c.privateKey))
    throw new ValidationError('privateKey', '(redacted)', 'must be 32 bytes of hex');
  const signatureType = c.signatureType ?? 0;
  if (![0, 1, 2, 3].includes(signatureType))
    throw new ValidationError('signatureType', signatureType, 'must be 0, 1, 2 or 3');
  if (c.funderAddress !== undefined && !isAddress(c.funderAddress))
    throw new ValidationError('funderAddress', c.funderAddress, 'must be an address');
  if (signatureType !== 0 && c.funderAddress === undefined)
    throw new ValidationError('funderAddress', undefined, `is required for signature type ${signatureType}`);
  if (c.creds !== undefined) {
    for (const f of ['key', 'secret', 'passphrase'] as const) {
      const v = c.creds[f];
      if (typeof v !== 'string' || v.length === 0)
        throw new ValidationError(`creds.${f}`, '(redacted)', 'must be a non-empty string');
    }
  }
  const nonce = c.apiKeyNonce ?? 0;
  if (!Number.isSafeInteger(nonce) || nonce < 0)
    throw new ValidationError('apiKeyNonce', nonce, 'must be an integer >= 0');
  const timeoutMs = c.timeoutMs ?? 10_000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new ValidationError('timeoutMs', timeoutMs, 'must be > 0');
  const maxSockets = c.maxSockets ?? 16;
  if (!Number.isSafeInteger(maxSockets) || maxSockets < 1)
    throw new ValidationError('maxSockets', maxSockets, 'must be an integer >= 1');
  const venueId = c.venueId ?? 'polymarket';
  if (typeof venueId !== 'string' || venueId.length === 0)
    throw new ValidationError('venueId', venueId, 'must be a non-empty string');
  const wsUrl = c.wsUrl ?? deriveWsUrl(host);
  try {
    const u = new URL(wsUrl);
    if (u.protocol !== 'ws:' && u.protocol !== 'wss:') throw new Error('not ws');
  } catch {
    throw new ValidationError('wsUrl', c.wsUrl, 'must be a ws(s) URL');
  }
  const streamPingMs = c.streamPingMs ?? 10_000;
  if (!Number.isFinite(streamPingMs) || streamPingMs <= 0)
    throw new ValidationError('streamPingMs', streamPingMs, 'must be > 0');
  const streamSilenceMs = c.streamSilenceMs ?? Math.max(25_000, 2.5 * streamPingMs);
  if (!Number.isFinite(streamSilenceMs) || streamSilenceMs <= streamPingMs)
    throw new ValidationError('streamSilenceMs', streamSilenceMs, 'must be > streamPingMs');
  const streamBackoff = c.streamBackoff ?? { initialMs: 250, maxMs: 30_000 };
  if (!(streamBackoff.initialMs > 0) || !(streamBackoff.maxMs >= streamBackoff.initialMs))
    throw new ValidationError('streamBackoff', streamBackoff, 'needs 0 < initialMs <= maxMs');
  const streamMarkets = c.streamMarkets ?? 'all';
  if (streamMarkets !== 'all' && streamMarkets !== 'prepared')
    throw new ValidationError('streamMarkets', streamMarkets, "must be 'all' or 'prepared'");
  const idRetentionMs = c.idRetentionMs ?? 3_600_000;
  if (!Number.isFinite(idRetentionMs) || idRetentionMs < 0)
    throw new ValidationError('idRetentionMs', idRetentionMs, 'must be >= 0');
  const meterMaxWaitMs = c.meterMaxWaitMs ?? 10_000;
  if (!Number.isFinite(meterMaxWaitMs) || meterMaxWaitMs < 0)
    throw new ValidationError('meterMaxWaitMs', meterMaxWaitMs, 'must be >= 0');
  return {
    wsUrl,
    idRetentionMs,
    meterRequests: c.meterRequests ?? true,
    meterMaxWaitMs,
    meterLimits: checkMeterLimits(c.meterLimits ?? {}),
    stream: c.stream ?? true,
    streamMarkets,
    streamPingMs,
    streamSilenceMs,
    streamBackoff,
    host: c.host.replace(/\/+$/, ''),
    chainId,
    privateKey: c.privateKey,
    signatureType: signatureType as SignatureType,
    ...(c.funderAddress === undefined ? {} : { funderAddress: c.funderAddress }),
    ...(c.creds === undefined ? {} : { creds: c.creds }),
    apiKeyNonce: nonce,
    venueId,
    timeoutMs,
    useServerTime: c.useServerTime ?? false,
    maxSockets,
  };
}

/** The user channel URL for a REST host: the venue's WS host for `clob.polymarket.com`, else same host, ws scheme, `/ws/user`. */
export function deriveWsUrl(host: URL): string {
  if (host.hostname === 'clob.polymarket.com') return 'wss://ws-subscriptions-clob.polymarket.com/ws/user';
  return `${host.protocol === 'https:' ? 'wss:' : 'ws:'}//${host.host}/ws/user`;
}

/**
 * Reads `POLYMARKET_PRIVATE_KEY`, `POLYMARKET_API_KEY`, `POLYMARKET_API_SECRET`, `POLYMARKET_PASSPHRASE`
 * (and `POLYMARKET_HOST`, `POLYMARKET_CHAIN_ID`, `POLYMARKET_SIGNATURE_TYPE`, `POLYMARKET_FUNDER_ADDRESS`
 * when set) into a configuration; `overrides` win. API credentials are used only when all three are set;
 * a partial set is an error (naming the missing variable).
 */
export function polymarketConfigFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  overrides: Partial<PolymarketConfig> = {},
): PolymarketConfig {
  const get = (k: string): string | undefined => {
    const v = env[k];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const key = get('POLYMARKET_API_KEY');
  const secret = get('POLYMARKET_API_SECRET');
  const passphrase = get('POLYMARKET_PASSPHRASE');
  let creds: ApiCredentials | undefined;
  if (key !== undefined || secret !== undefined || passphrase !== undefined) {
    if (key === undefined)
      throw new ValidationError('POLYMARKET_API_KEY', undefined, 'is required with the secret');
    if (secret === undefined)
      throw new ValidationError('POLYMARKET_API_SECRET', undefined, 'is required with the API key');
    if (passphrase === undefined)
      throw new ValidationError('POLYMARKET_PASSPHRASE', undefined, 'is required with the API key');
    creds = { key, secret, passphrase };
  }
  const privateKey = overrides.privateKey ?? get('POLYMARKET_PRIVATE_KEY');
  if (privateKey === undefined)
    throw new ValidationError('POLYMARKET_PRIVATE_KEY', undefined, 'is required (the signing wallet key)');
  const chain = get('POLYMARKET_CHAIN_ID');
  const sigType = get('POLYMARKET_SIGNATURE_TYPE');
  const funder = get('POLYMARKET_FUNDER_ADDRESS');
  return {
    host: get('POLYMARKET_HOST') ?? 'https://clob.polymarket.com',
    ...(chain === undefined ? {} : { chainId: Number(chain) }),
    ...(sigType === undefined ? {} : { signatureType: Number(sigType) }),
    ...(funder === undefined ? {} : { funderAddress: funder }),
    ...(creds === undefined ? {} : { creds }),
    ...overrides,
    privateKey,
  };
}

/** A configuration safe to print: secrets replaced by `(redacted)`. */
export function redactConfig(c: ResolvedPolymarketConfig): Record<string, unknown> {
  return {
    host: c.host,
    chainId: c.chainId,
    signatureType: c.signatureType,
    funderAddress: c.funderAddress,
    venueId: c.venueId,
    timeoutMs: c.timeoutMs,
    useServerTime: c.useServerTime,
    wsUrl: c.wsUrl,
    stream: c.stream,
    privateKey: '(redacted)',
    creds:
      c.creds === undefined
        ? undefined
        : { key: '(redacted)', secret: '(redacted)', passphrase: '(redacted)' },
  };
}

/** Checks per-group limit overrides: known groups (not `POST /order`, which the engine meters), positive rates. */
function checkMeterLimits(
  limits: Readonly<Record<string, PublishedLimit>>,
): Readonly<Record<string, PublishedLimit>> {
  for (const [group, l] of Object.entries(limits)) {
    if (!(group in POLYMARKET_PUBLISHED_LIMITS) || group === 'POST /order')
      throw new ValidationError(
        `meterLimits.${group}`,
        l,
        `must be one of ${Object.keys(POLYMARKET_PUBLISHED_LIMITS)
          .filter((g) => g !== 'POST /order')
          .join(', ')}`,
      );
    if (!(Number.isInteger(l?.per10s) && l.per10s > 0))
      throw new ValidationError(`meterLimits.${group}.per10s`, l?.per10s, 'must be a positive integer');
    if (l.per10min !== undefined && !(Number.isInteger(l.per10min) && l.per10min >= l.per10s))
      throw new ValidationError(`meterLimits.${group}.per10min`, l.per10min, 'must be an integer >= per10s');
  }
  return limits;
}
