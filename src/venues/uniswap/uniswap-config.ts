/**
 * Configuration of the Uniswap adapter: the plain typed object a caller passes to `createUniswapVenue`,
 * its validation (one ConfigError listing every problem with its field path; the private key is never
 * shown), defaults, and the instrument rules each market publishes (tick and step from token decimals).
 */
import {
  asMarketId,
  asVenueId,
  type Decimal,
  dec,
  decimalProblem,
  fromUnits,
  type InstrumentRules,
  type MarketId,
  type VenueId,
} from '../../domain/index.ts';
import { ConfigError, type ConfigIssue } from '../../errors/index.ts';

/** An EVM address as text (`0x` + 40 hex). */
export type Address = `0x${string}`;

/** One ERC-20 token the adapter may trade. */
export interface UniswapTokenConfig {
  readonly symbol: string;
  readonly address: string;
  readonly decimals: number;
}

/** One market: a base/quote token pair, on the V2 pair and / or V3 pools of the given fee tiers. */
export interface UniswapMarketConfig {
  /** Market id in the gateway, e.g. `WETH/USD`. */
  readonly id: string;
  /** Base token symbol (the one `size` counts). */
  readonly base: string;
  /** Quote token symbol (the one `price` is in). */
  readonly quote: string;
  /** Trade on the V2 pair. Default false. */
  readonly v2?: boolean;
  /** V3 fee tiers to consider (hundredths of a bip: 500, 3000, 10000). Default none. */
  readonly v3Fees?: readonly number[];
  /** Smallest order size in base tokens (decimal text). Default 1000 of the base token's smallest units. */
  readonly minSize?: string;
}

/** The contract addresses the adapter calls. */
export interface UniswapContracts {
  readonly weth: string;
  readonly v2Factory?: string;
  readonly v2Router?: string;
  readonly v3Factory?: string;
  readonly swapRouter?: string;
  readonly quoterV2?: string;
}

/** Options of the Uniswap adapter (see README.md). */
export interface UniswapVenueConfig {
  /** The venue's name in the gateway. Default `uniswap`. */
  readonly venueId?: string;
  /** JSON-RPC URL of the node. */
  readonly rpcUrl: string;
  /** Chain id the node must report (signed transactions carry it). */
  readonly chainId: number;
  /** The wallet's private key (`0x` + 64 hex), passed as a value: the caller reads `UNISWAP_PRIVATE_KEY`. */
  readonly privateKey: string;
  readonly contracts: UniswapContracts;
  readonly tokens: readonly UniswapTokenConfig[];
  readonly markets: readonly UniswapMarketConfig[];
  /** Default slippage limit for market orders, basis points (0..5000). Default 50. Per order: `params.slippageBps`. */
  readonly slippageBps?: number;
  /** Seconds after the chain's latest block time at which a swap expires. Default 300. */
  readonly deadlineSec?: number;
  /** Highest max fee per gas, gwei as exact decimal text. Default `'1000'`. */
  readonly maxFeePerGasGwei?: string;
  /** Blocks a receipt needs (1 = mined). Default 1. */
  readonly confirmations?: number;
  /**
   * Gas price (gwei, decimal text) used to value each route's gas when choosing the pool; default: the
   * node's current max fee estimate.
   */
  readonly gasPriceGwei?: string;
  /** How long `placeOrder` / `cancelOrder` wait for a receipt, ms. Default 30000. */
  readonly receiptTimeoutMs?: number;
  /** How often pending transactions are polled, ms. Default 250. */
  readonly pollIntervalMs?: number;
  /**
   * What `placeOrder` answers when the node took the transaction but it was not mined within
   * `receiptTimeoutMs`: `unknown` (default: the engine asks by tx hash) or `working` (the pending swap is
   * acknowledged as Working; its result arrives as events).
   */
  readonly pendingAck?: 'unknown' | 'working';
}

/** A token after validation. */
export interface TokenInfo {
  readonly symbol: string;
  readonly address: Address;
  readonly decimals: number;
}

/** A market after validation. */
export interface MarketInfo {
  readonly id: MarketId;
  readonly base: TokenInfo;
  readonly quote: TokenInfo;
  readonly v2: boolean;
  readonly v3Fees: readonly number[];
  readonly rules: InstrumentRules;
}

/** A validated configuration with defaults applied. The key is held (non-enumerable) but never shown. */
export interface ResolvedUniswapConfig {
  readonly venueId: VenueId;
  readonly rpcUrl: string;
  readonly chainId: number;
  readonly privateKey: Address;
  readonly contracts: {
    readonly weth: Address;
    readonly v2Factory?: Address;
    readonly v2Router?: Address;
    readonly v3Factory?: Address;
    readonly swapRouter?: Address;
    readonly quoterV2?: Address;
  };
  readonly tokens: ReadonlyMap<string, TokenInfo>;
  readonly markets: ReadonlyMap<MarketId, MarketInfo>;
  readonly slippageBps: number;
  readonly deadlineSec: number;
  /** Max fee cap in wei. */
  readonly maxFeePerGas: bigint;
  readonly confirmations: number;
  /** Gas price for route comparison in wei, when fixed by the config. */
  readonly gasPrice?: bigint;
  readonly receiptTimeoutMs: number;
  readonly pollIntervalMs: number;
  readonly pendingAck: 'unknown' | 'working';
}

const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/;
const KEY_RE = /^0x[0-9a-fA-F]{64}$/;
const V3_FEES = new Set([100, 500, 3000, 10000]);

/** Validates a configuration; throws one {@link ConfigError} listing every problem. */
export function resolveUniswapConfig(cfg: UniswapVenueConfig): ResolvedUniswapConfig {
  const issues: ConfigIssue[] = [];
  const bad = (path: string, message: string): void => {
    issues.push({ path, message });
  };
  if (typeof cfg !== 'object' || cfg === null)
    throw new ConfigError('uniswap', [{ path: '', message: 'must be an object' }]);
  const url = typeof cfg.rpcUrl === 'string' ? cfg.rpcUrl : '';
  if (!/^https?:\/\/\S+$/.test(url)) bad('rpcUrl', 'must be an http(s) URL');
  if (!Number.isSafeInteger(cfg.chainId) || cfg.chainId <= 0) bad('chainId', 'must be a positive integer');
  // the key itself is never echoed
  if (typeof cfg.privateKey !== 'string' || !KEY_RE.test(cfg.privateKey))
    bad('privateKey', 'must be 0x followed by 64 hex digits (value not shown)');
  const addr = (path: string, v: unknown, required: boolean): Address | undefined => {
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'string' || !ADDRESS_RE.test(v)) {
      bad(path, `must be an address (0x + 40 hex)${v === undefined ? '' : `, got ${JSON.stringify(v)}`}`);
      return undefined;
    }
    return v.toLowerCase() as Address;
  };
  const c = cfg.contracts ?? ({} as UniswapContracts);
  const contracts = {
    weth: addr('contracts.weth', c.weth, true) ?? ('0x' as Address),
    ...opt('v2Factory', addr('contracts.v2Factory', c.v2Factory, false)),
    ...opt('v2Router', addr('contracts.v2Router', c.v2Router, false)),
    ...opt('v3Factory', addr('contracts.v3Factory', c.v3Factory, false)),
    ...opt('swapRouter', addr('contracts.swapRouter', c.swapRouter, false)),
    ...opt('quoterV2', addr('contracts.quoterV2', c.quoterV2, false)),
  };
  const tokens = new Map<string, TokenInfo>();
  (Array.isArray(cfg.tokens) ? cfg.tokens : []).forEach((t, i) => {
    const p = `tokens[${i}]`;
    if (typeof t.symbol !== 'string' || !/^[A-Za-z0-9._-]{1,16}$/.test(t.symbol))
      bad(`${p}.symbol`, 'must be 1-16 letters, digits, . _ -');
    else if (tokens.has(t.symbol)) bad(`${p}.symbol`, `duplicate symbol ${t.symbol}`);
    const address = addr(`${p}.address`, t.address, true);
    if (!Number.isInteger(t.decimals) || t.decimals < 0 || t.decimals > 18)
      bad(`${p}.decimals`, 'must be an integer 0..18');
    if (address && typeof t.symbol === 'string')
      tokens.set(t.symbol, { symbol: t.symbol, address, decimals: t.decimals });
  });
  if (!Array.isArray(cfg.tokens) || cfg.tokens.length === 0) bad('tokens', 'must list at least one token');
  const venueId = asVenueId(cfg.venueId ?? 'uniswap');
  const markets = new Map<MarketId, MarketInfo>();
  (Array.isArray(cfg.markets) ? cfg.markets : []).forEach((m, i) => {
    const p = `markets[${i}]`;
    if (typeof m.id !== 'string' || m.id.length === 0) bad(`${p}.id`, 'must be a non-empty string');
    else if (markets.has(asMarketId(m.id))) bad(`${p}.id`, `duplicate market ${m.id}`);
    const base = tokens.get(m.base);
    const quote = tokens.get(m.quote);
    if (!base) bad(`${p}.base`, `must name a configured token, got ${JSON.stringify(m.base)}`);
    if (!quote) bad(`${p}.quote`, `must name a configured token, got ${JSON.stringify(m.quote)}`);
    if (base && quote && base.address === quote.address) bad(`${p}.quote`, 'must differ from base');
    const v2 = m.v2 === true;
    const v3Fees = m.v3Fees ?? [];
    if (!Array.isArray(v3Fees) || v3Fees.some((f) => !V3_FEES.has(f)))
      bad(`${p}.v3Fees`, 'must list fee tiers among 100, 500, 3000, 10000');
    if (!v2 && v3Fees.length === 0) bad(p, 'must trade on v2 and / or at least one v3 fee tier');
    if (v2 && (!contracts.v2Router || !contracts.v2Factory))
      bad(`${p}.v2`, 'needs contracts.v2Router and contracts.v2Factory');
    if (v3Fees.length > 0 && (!contracts.swapRouter || !contracts.quoterV2 || !contracts.v3Factory))
      bad(`${p}.v3Fees`, 'needs contracts.swapRouter, contracts.quoterV2 and contracts.v3Factory');
    let minSize: Decimal | undefined;
    if (m.minSize !== undefined) {
      const why = decimalProblem(m.minSize);
      if (why) bad(`${p}.minSize`, why);
      else minSize = dec(m.minSize);
    }
    if (base && quote && typeof m.id === 'string' && m.id.length > 0) {
      const id = asMarketId(m.id);
      markets.set(id, {
        id,
        base,
        quote,
        v2,
        v3Fees: [...v3Fees],
        rules: marketRules(venueId, id, base, quote, minSize),
      });
    }
  });
  if (!Array.isArray(cfg.markets) || cfg.markets.length === 0)
    bad('markets', 'must list at least one market');
  const int = (path: string, v: number | undefined, def: number, lo: number, hi: number): number => {
    const x = v ?? def;
    if (!Number.isSafeInteger(x) || x < lo || x > hi) bad(path, `must be an integer ${lo}..${hi}`);
    return x;
  };
  const slippageBps = int('slippageBps', cfg.slippageBps, 50, 0, 5000);
  const deadlineSec = int('deadlineSec', cfg.deadlineSec, 300, 1, 86_400);
  const confirmations = int('confirmations', cfg.confirmations, 1, 1, 64);
  const receiptTimeoutMs = int('receiptTimeoutMs', cfg.receiptTimeoutMs, 30_000, 0, 600_000);
  const pollIntervalMs = int('pollIntervalMs', cfg.pollIntervalMs, 250, 1, 60_000);
  const gwei = (path: string, v: string | undefined): bigint | undefined => {
    if (v === undefined) return undefined;
    const why = typeof v === 'string' ? decimalProblem(v) : 'must be decimal text';
    if (why) {
      bad(path, why);
      return undefined;
    }
    const d = dec(v);
    // 1 gwei = 1e9 wei; a Decimal carries 18 places, so wei = d / 1e9 exactly or not at all
    if (d <= 0n || d % 10n ** 9n !== 0n) {
      bad(path, 'must be a positive number of gwei with at most 9 decimals');
      return undefined;
    }
    return d / 10n ** 9n;
  };
  const maxFeePerGas = gwei('maxFeePerGasGwei', cfg.maxFeePerGasGwei ?? '1000') ?? 0n;
  const gasPrice = gwei('gasPriceGwei', cfg.gasPriceGwei);
  const pendingAck = cfg.pendingAck ?? 'unknown';
  if (pendingAck !== 'unknown' && pendingAck !== 'working')
    bad('pendingAck', "must be 'unknown' or 'working'");
  if (issues.length > 0) throw new ConfigError('uniswap', issues);
  const resolved = {
    venueId,
    rpcUrl: url,
    chainId: cfg.chainId,
    contracts,
    tokens,
    markets,
    slippageBps,
    deadlineSec,
    maxFeePerGas,
    confirmations,
    ...opt('gasPrice', gasPrice),
    receiptTimeoutMs,
    pollIntervalMs,
    pendingAck,
  };
  // the key is kept off JSON, inspect and spreads: it is read only where the wallet is built
  Object.defineProperty(resolved, 'privateKey', { value: cfg.privateKey, enumerable: false });
  return resolved as unknown as ResolvedUniswapConfig;
}

/**
 * Rules for one market: sizes are whole base-token units (step 10^-baseDecimals), prices whole
 * quote-token units (tick 10^-quoteDecimals); the default minimum size is 1000 steps (dust below it costs
 * more gas than it is worth and rounds badly).
 */
export function marketRules(
  venue: VenueId,
  market: MarketId,
  base: TokenInfo,
  quote: TokenInfo,
  minSize?: Decimal,
): InstrumentRules {
  const sizeStep = fromUnits(1n, base.decimals);
  const tickSize = fromUnits(1n, quote.decimals);
  return {
    venue,
    market,
    sizeStep,
    tickSize,
    minSize: minSize ?? fromUnits(1000n, base.decimals),
    minPrice: tickSize,
    // what an AMM can honour: the validator refuses the rest before anything is signed
    orderTypes: ['Market', 'Limit'],
    timesInForce: ['IOC', 'FOK'],
    kindsNote: NOTHING_RESTS,
    baseAsset: base.symbol,
    quoteAsset: quote.symbol,
  };
}

/** Why a Uniswap market takes IOC and FOK swaps only. */
export const NOTHING_RESTS =
  'a swap executes in the block that mines it or not at all, nothing rests on a pool';

/** `{ [key]: value }` when value is defined, else `{}` (for exactOptionalPropertyTypes). */
export function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
