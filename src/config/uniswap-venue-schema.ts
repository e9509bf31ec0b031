/**
 * The `kind: uniswap` venue entry of the gateway config: either `simulator: true` (a local chain with the
 * published Uniswap V2/V3 contracts started in process, its funded trader wallet and default markets), or a
 * real node (`rpcUrl`, `chainId`, `contracts`, `tokens`, `markets`). The wallet key is never in the file:
 * `private_key_env` names the environment variable that holds it. Cross-field rules (markets naming
 * configured tokens, the contracts each protocol needs, no node settings beside `simulator: true`) are
 * reported with their paths by {@link checkUniswapVenue}.
 */
import { z } from 'zod';
import { decimal, ENV_NAME, envName, int, section, text, url, venueId } from './schema-parts.ts';

/** V3 fee tiers (hundredths of a basis point) the adapter can trade. */
export const UNISWAP_FEE_TIERS = [100, 500, 3000, 10000] as const;

/** Token symbols on the local chain that `simulator: true` starts. */
export const UNISWAP_SIM_TOKENS = ['WETH', 'USD', 'TKN'] as const;

/** Markets of a `simulator: true` venue when none are listed: WETH/USD on V2 + V3 0.05 % / 0.3 %, TKN/USD on V2. */
export const UNISWAP_SIM_MARKETS = [
  { id: 'WETH/USD', base: 'WETH', quote: 'USD', v2: true, v3Fees: [500, 3000] },
  { id: 'TKN/USD', base: 'TKN', quote: 'USD', v2: true, v3Fees: [] },
] as const;

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

const address = () =>
  z
    .string({ error: 'must be an address (0x and 40 hex digits)' })
    .regex(ADDRESS, { error: 'must be an address (0x and 40 hex digits)' });

/** A fee tier, written as a number (the loader may hand it over as its source text). */
const feeTier = z
  .union([z.number(), z.string()], { error: `must be a fee tier: ${UNISWAP_FEE_TIERS.join(', ')}` })
  .transform((v, ctx) => {
    const n = typeof v === 'number' ? v : Number(v.trim());
    if (!(UNISWAP_FEE_TIERS as readonly number[]).includes(n)) {
      ctx.addIssue({ code: 'custom', message: `must be a fee tier: ${UNISWAP_FEE_TIERS.join(', ')}` });
      return z.NEVER;
    }
    return n;
  });

const symbol = z
  .string({ error: 'must be a token symbol' })
  .regex(/^[A-Za-z0-9._-]{1,16}$/, { error: 'must be a token symbol (1-16 letters, digits, . _ -)' });

const uniswapToken = section({
  symbol,
  address: address(),
  decimals: int(0, 18),
});

const uniswapMarket = section({
  id: text('a market id, e.g. WETH/USD'),
  base: symbol,
  quote: symbol,
  v2: z.boolean({ error: 'must be true or false' }).default(false),
  v3Fees: z
    .array(feeTier, { error: `must be a list of fee tiers (${UNISWAP_FEE_TIERS.join(', ')})` })
    .default(() => []),
  minSize: decimal(true).optional(),
});

const uniswapContracts = section({
  weth: address(),
  v2Factory: address().optional(),
  v2Router: address().optional(),
  v3Factory: address().optional(),
  swapRouter: address().optional(),
  quoterV2: address().optional(),
});

/** Uniswap V2/V3 on an EVM node, or on a local chain started in process. */
export const uniswapVenueSchema = section({
  kind: z.literal('uniswap'),
  id: venueId('uniswap'),
  simulator: z.boolean({ error: 'must be true or false' }).default(false),
  rpcUrl: url(['http:', 'https:', 'ws:', 'wss:']).optional(),
  rpc_url_env: z
    .string({ error: 'must be the NAME of an environment variable' })
    .regex(ENV_NAME, {
      error:
        'must be the NAME of an environment variable (capital letters, digits and _), not its value: put the URL in the environment',
    })
    .optional(),
  chainId: int(1).optional(),
  contracts: uniswapContracts.optional(),
  tokens: z.array(uniswapToken, { error: 'must be a list of tokens' }).min(1).optional(),
  markets: z
    .array(uniswapMarket, { error: 'must be a list of markets' })
    .min(1, { error: 'must list at least one market' })
    .optional(),
  slippageBps: int(0, 5000).default(50),
  deadlineSec: int(1, 86_400).default(300),
  maxFeePerGasGwei: decimal(true).default('1000'),
  confirmations: int(1, 64).default(1),
  receiptTimeoutMs: int(0, 600_000).default(30_000),
  pollIntervalMs: int(1, 60_000).default(250),
  private_key_env: envName('UNISWAP_PRIVATE_KEY'),
});

type UniswapInput = z.output<typeof uniswapVenueSchema>;
/** One market of a Uniswap entry, defaults applied. */
export type UniswapMarketEntry = NonNullable<UniswapInput['markets']>[number];

/** A fresh copy of {@link UNISWAP_SIM_MARKETS}, typed as config entries. */
export function uniswapSimMarkets(): UniswapMarketEntry[] {
  return UNISWAP_SIM_MARKETS.map((m) => ({ ...m, v3Fees: [...m.v3Fees] }));
}

const NODE_FIELDS = ['rpcUrl', 'rpc_url_env', 'chainId', 'contracts', 'tokens'] as const;

/** The cross-field rules of a Uniswap entry, each reported at its path. */
export function checkUniswapVenue(v: UniswapInput, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => {
    ctx.addIssue({ code: 'custom', path, message });
  };
  let symbols: ReadonlySet<string>;
  if (v.simulator) {
    for (const f of NODE_FIELDS) {
      if (v[f] !== undefined)
        issue(
          [f],
          'must not be set with simulator: true (the local chain brings its own node, contracts and tokens)',
        );
    }
    symbols = new Set(UNISWAP_SIM_TOKENS);
  } else {
    const hint = 'or set simulator: true for a local chain';
    if (v.rpcUrl === undefined && v.rpc_url_env === undefined)
      issue(
        ['rpcUrl'],
        `missing required field (the node's JSON-RPC URL, or rpc_url_env naming a variable that holds it), ${hint}`,
      );
    if (v.rpcUrl !== undefined && v.rpc_url_env !== undefined)
      issue(['rpc_url_env'], 'give either rpcUrl or rpc_url_env, not both');
    if (v.chainId === undefined) issue(['chainId'], `missing required field (e.g. 1 for Ethereum), ${hint}`);
    if (v.contracts === undefined)
      issue(['contracts'], `missing required field (weth and the routers to use), ${hint}`);
    if (v.tokens === undefined)
      issue(['tokens'], `missing required field (symbol, address, decimals), ${hint}`);
    if (v.markets === undefined)
      issue(['markets'], `missing required field (base, quote, v2, v3Fees), ${hint}`);
    const seen = new Set<string>();
    v.tokens?.forEach((t, i) => {
      if (seen.has(t.symbol)) issue(['tokens', i, 'symbol'], `token "${t.symbol}" is listed twice`);
      seen.add(t.symbol);
    });
    symbols = seen;
  }
  const known = [...symbols].join(', ');
  const c = v.contracts;
  const ids = new Set<string>();
  v.markets?.forEach((m, i) => {
    if (ids.has(m.id)) issue(['markets', i, 'id'], `market "${m.id}" is listed twice`);
    ids.add(m.id);
    for (const f of ['base', 'quote'] as const) {
      if (!symbols.has(m[f])) issue(['markets', i, f], `must name a listed token (${known}), got "${m[f]}"`);
    }
    if (m.base === m.quote) issue(['markets', i, 'quote'], 'must differ from base');
    if (!m.v2 && m.v3Fees.length === 0)
      issue(['markets', i], 'must trade on v2: true and / or at least one v3Fees tier');
    if (new Set(m.v3Fees).size !== m.v3Fees.length) issue(['markets', i, 'v3Fees'], 'lists a fee tier twice');
    if (v.simulator || c === undefined) return;
    if (m.v2 && (c.v2Router === undefined || c.v2Factory === undefined))
      issue(['markets', i, 'v2'], 'needs contracts.v2Router and contracts.v2Factory');
    if (
      m.v3Fees.length > 0 &&
      (c.swapRouter === undefined || c.quoterV2 === undefined || c.v3Factory === undefined)
    )
      issue(
        ['markets', i, 'v3Fees'],
        'needs contracts.swapRouter, contracts.quoterV2 and contracts.v3Factory',
      );
  });
  const gwei = v.maxFeePerGasGwei;
  const dot = gwei.indexOf('.');
  if (dot >= 0 && gwei.length - dot - 1 > 9 && /[1-9]/.test(gwei.slice(dot + 10)))
    issue(['maxFeePerGasGwei'], 'must have at most 9 decimals (1 gwei = 10^9 wei)');
}
