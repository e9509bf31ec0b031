/**
 * Configuration of the Binance adapter: validation (a ValidationError naming the field), reading it from
 * the environment (`BINANCE_API_KEY`, `BINANCE_API_SECRET`, `BINANCE_BASE_URL`, `BINANCE_WS_API_URL`,
 * `BINANCE_RECV_WINDOW`), and redaction: the API secret never appears in errors, logs, JSON or inspect
 * output, the key only by its first and last 4 characters.
 */
import type { Clock } from '../../domain/index.ts';
import { ValidationError } from '../../errors/index.ts';

/** Options of a {@link BinanceVenue}. */
export interface BinanceConfig {
  /** API key (`X-MBX-APIKEY`). */
  readonly apiKey: string;
  /** HMAC secret. */
  readonly apiSecret: string;
  /** REST base URL. Default `https://api.binance.com` (a loopback simulator in tests). */
  readonly baseUrl?: string;
  /** WebSocket API URL. Default `wss://ws-api.binance.com:443/ws-api/v3`. */
  readonly wsApiUrl?: string;
  /** recvWindow of signed requests, ms (1..60000). Default 5000. */
  readonly recvWindow?: number;
  /** The venue's name in the gateway. Default `binance`. */
  readonly venueId?: string;
  /** Per-request timeout, ms. Default 10000. */
  readonly timeoutMs?: number;
  /** Time source (ms). Default the wall clock. */
  readonly clock?: Clock;
  /** Most keep-alive sockets. Default 16. */
  readonly maxSockets?: number;
  /** Symbols to load from exchangeInfo (default: all). */
  readonly symbols?: readonly string[];
  /** Run the user data stream from `connect()`. Default true. */
  readonly stream?: boolean;
  /** Reconnect back-off, ms. Default 250 doubling up to 30000, with jitter. */
  readonly streamBackoff?: { readonly initialMs: number; readonly maxMs: number };
  /** Jitter randomness (uniform [0, 1)). Default `Math.random`. */
  readonly streamRandom?: () => number;
  /** Longest wait for request weight before a request is refused unsent, ms. Default 10000. */
  readonly meterMaxWaitMs?: number;
  /**
   * Margin after `timestamp + recvWindow` (venue clock, proven by a signed query's own timestamp) before
   * a -2013 "Order does not exist." proves that an order whose submit outcome was unknown was never placed
   * (the venue's database lag). Default 3000.
   */
  readonly neverPlacedMarginMs?: number;
}

/** A validated configuration, defaults applied. */
export interface ResolvedBinanceConfig {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly baseUrl: string;
  readonly wsApiUrl: string;
  readonly recvWindow: number;
  readonly venueId: string;
  readonly timeoutMs: number;
  readonly maxSockets: number;
  readonly symbols?: readonly string[];
  readonly stream: boolean;
  readonly streamBackoff: { readonly initialMs: number; readonly maxMs: number };
  readonly meterMaxWaitMs: number;
  readonly neverPlacedMarginMs: number;
}

const KEY_RE = /^[A-Za-z0-9]{1,128}$/;

function url(field: string, v: string, protocols: readonly string[]): string {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new ValidationError(field, v, `must be a ${protocols.join(' / ')} URL`);
  }
  if (!protocols.includes(u.protocol))
    throw new ValidationError(field, v, `must be a ${protocols.join(' / ')} URL`);
  return v.replace(/\/$/, '');
}

function positive(field: string, v: number | undefined, def: number, max = Number.MAX_SAFE_INTEGER): number {
  const x = v ?? def;
  if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0 || x > max)
    throw new ValidationError(field, x, `must be a number in (0, ${max}]`);
  return x;
}

/** Validates a configuration; throws a ValidationError naming the first bad field (secrets never shown). */
export function resolveBinanceConfig(c: BinanceConfig): ResolvedBinanceConfig {
  if (c === null || typeof c !== 'object') throw new ValidationError('config', typeof c, 'must be an object');
  if (typeof c.apiKey !== 'string' || !KEY_RE.test(c.apiKey))
    throw new ValidationError('apiKey', '(redacted)', 'must be 1-128 letters and digits (BINANCE_API_KEY)');
  if (typeof c.apiSecret !== 'string' || c.apiSecret.length === 0)
    throw new ValidationError('apiSecret', '(redacted)', 'must be a non-empty string (BINANCE_API_SECRET)');
  const backoff = c.streamBackoff ?? { initialMs: 250, maxMs: 30_000 };
  return {
    apiKey: c.apiKey,
    apiSecret: c.apiSecret,
    baseUrl: url('baseUrl', c.baseUrl ?? 'https://api.binance.com', ['http:', 'https:']),
    wsApiUrl: url('wsApiUrl', c.wsApiUrl ?? 'wss://ws-api.binance.com:443/ws-api/v3', ['ws:', 'wss:']),
    recvWindow: positive('recvWindow', c.recvWindow, 5000, 60_000),
    venueId: c.venueId ?? 'binance',
    timeoutMs: positive('timeoutMs', c.timeoutMs, 10_000),
    maxSockets: positive('maxSockets', c.maxSockets, 16),
    ...(c.symbols === undefined ? {} : { symbols: [...c.symbols] }),
    stream: c.stream ?? true,
    streamBackoff: {
      initialMs: positive('streamBackoff.initialMs', backoff.initialMs, 250),
      maxMs: positive('streamBackoff.maxMs', backoff.maxMs, 30_000),
    },
    meterMaxWaitMs: positive('meterMaxWaitMs', c.meterMaxWaitMs, 10_000),
    neverPlacedMarginMs: c.neverPlacedMarginMs ?? 3000,
  };
}

/** A configuration from `BINANCE_*` variables, `overrides` winning. */
export function binanceConfigFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  overrides: Partial<BinanceConfig> = {},
): BinanceConfig {
  const rw = env.BINANCE_RECV_WINDOW;
  return {
    apiKey: env.BINANCE_API_KEY ?? '',
    apiSecret: env.BINANCE_API_SECRET ?? '',
    ...(env.BINANCE_BASE_URL === undefined ? {} : { baseUrl: env.BINANCE_BASE_URL }),
    ...(env.BINANCE_WS_API_URL === undefined ? {} : { wsApiUrl: env.BINANCE_WS_API_URL }),
    ...(rw === undefined ? {} : { recvWindow: Number(rw) }),
    ...overrides,
  };
}

/** The API key shown safely (`abcd...wxyz`). */
export function maskKey(key: string): string {
  return key.length <= 8 ? '****' : `${key.slice(0, 4)}...${key.slice(-4)}`;
}

/** The configuration without secrets (safe to log). */
export function redactConfig(c: ResolvedBinanceConfig): Record<string, unknown> {
  const { apiSecret: _s, apiKey, ...rest } = c;
  return { ...rest, apiKey: maskKey(apiKey), apiSecret: '(redacted)' };
}
