/**
 * The `venues` section of the gateway config: one entry per venue, chosen by `kind` (`paper`, `polymarket`,
 * `binance`, `uniswap`). Credentials are never in the file: each venue names the environment variables that
 * hold them (`*_env`), or sets `simulator: true` to run the venue's loopback simulator (for Uniswap: a local
 * chain with the published contracts) in process.
 */
import { z } from 'zod';
import { decimal, envName, int, section, text, url, venueId } from './schema-parts.ts';
import { checkUniswapVenue, uniswapSimMarkets, uniswapVenueSchema } from './uniswap-venue-schema.ts';

/** Default REST URL of Binance Spot. */
export const BINANCE_BASE_URL = 'https://api.binance.com';
/** Default WebSocket API URL of Binance Spot. */
export const BINANCE_WS_API_URL = 'wss://ws-api.binance.com:443/ws-api/v3';
/** Default REST URL of the Polymarket CLOB. */
export const POLYMARKET_HOST = 'https://clob.polymarket.com';

const paperMarket = section({
  id: text('a market id'),
  tickSize: decimal(true),
  sizeStep: decimal(true),
  minSize: decimal().optional(),
  minNotional: decimal().optional(),
  minPrice: decimal().optional(),
  maxPrice: decimal().optional(),
  priceBoundsExclusive: z.boolean({ error: 'must be true or false' }).optional(),
  initialPrice: decimal(true),
  liquiditySize: decimal(true).optional(),
  baseAsset: text().optional(),
  quoteAsset: text().optional(),
});

/** A paper venue: in process, seeded, with a liquidity maker. */
export const paperVenueSchema = section({
  kind: z.literal('paper'),
  id: venueId('paper'),
  seed: int(0).default(1),
  latencyMs: int(0, 60_000).default(0),
  markets: z.array(paperMarket, { error: 'must be a list of markets' }).min(1).optional(),
  fees: section({ makerBps: decimal(), takerBps: decimal() }).optional(),
});

/** Polymarket CLOB V2: a real host, or the simulator started in process. */
export const polymarketVenueSchema = section({
  kind: z.literal('polymarket'),
  id: venueId('polymarket'),
  simulator: z.boolean({ error: 'must be true or false' }).default(false),
  host: url(['http:', 'https:']).optional(),
  wsUrl: url(['ws:', 'wss:']).optional(),
  chainId: z
    .union([z.literal(137), z.literal(80002)], { error: 'must be 137 (Polygon) or 80002 (Amoy)' })
    .default(137),
  signatureType: z
    .union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)], {
      error: 'must be 0 (EOA), 1 (POLY_PROXY), 2 (POLY_GNOSIS_SAFE) or 3 (POLY_1271)',
    })
    .default(0),
  funderAddress: z
    .string({ error: 'must be an address' })
    .regex(/^0x[0-9a-fA-F]{40}$/, { error: 'must be an address (0x and 40 hex digits)' })
    .optional(),
  timeoutMs: int(1).default(10_000),
  private_key_env: envName('POLYMARKET_PRIVATE_KEY'),
  api_key_env: envName('POLYMARKET_API_KEY'),
  api_secret_env: envName('POLYMARKET_API_SECRET'),
  passphrase_env: envName('POLYMARKET_PASSPHRASE'),
});

/** Binance Spot: real URLs, or the simulator started in process. */
export const binanceVenueSchema = section({
  kind: z.literal('binance'),
  id: venueId('binance'),
  simulator: z.boolean({ error: 'must be true or false' }).default(false),
  baseUrl: url(['http:', 'https:']).optional(),
  wsApiUrl: url(['ws:', 'wss:']).optional(),
  recvWindow: int(1, 60_000).default(5000),
  timeoutMs: int(1).default(10_000),
  symbols: z.array(text('a symbol'), { error: 'must be a list of symbols' }).min(1).optional(),
  api_key_env: envName('BINANCE_API_KEY'),
  api_secret_env: envName('BINANCE_API_SECRET'),
});

/** Venue kinds the config knows. */
export const VENUE_KINDS = ['paper', 'polymarket', 'binance', 'uniswap'] as const;

/** One venue entry (before the cross-field checks). */
export const venueSchema = z
  .discriminatedUnion(
    'kind',
    [paperVenueSchema, polymarketVenueSchema, binanceVenueSchema, uniswapVenueSchema],
    { error: `must have a kind: one of ${VENUE_KINDS.join(', ')}` },
  )
  .superRefine((v, ctx) => {
    if (v.kind === 'uniswap') {
      checkUniswapVenue(v, ctx);
      return;
    }
    if (v.kind === 'paper') {
      const seen = new Set<string>();
      v.markets?.forEach((m, i) => {
        if (seen.has(m.id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['markets', i, 'id'],
            message: `market "${m.id}" is listed twice`,
          });
        }
        seen.add(m.id);
      });
      return;
    }
    const urls = v.kind === 'polymarket' ? (['host', 'wsUrl'] as const) : (['baseUrl', 'wsApiUrl'] as const);
    if (v.simulator) {
      for (const f of urls) {
        if ((v as Record<string, unknown>)[f] !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [f],
            message: 'must not be set with simulator: true (the simulator listens on a free loopback port)',
          });
        }
      }
    } else if (v.kind === 'polymarket' && v.host === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['host'],
        message: `missing required field (the CLOB URL, e.g. ${POLYMARKET_HOST}), or set simulator: true`,
      });
    }
    if (v.kind === 'polymarket' && v.signatureType !== 0 && v.funderAddress === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['funderAddress'],
        message: `missing required field for signatureType ${v.signatureType} (the maker address)`,
      });
    }
  })
  .transform((v) =>
    v.kind === 'binance' && !v.simulator
      ? { ...v, baseUrl: v.baseUrl ?? BINANCE_BASE_URL, wsApiUrl: v.wsApiUrl ?? BINANCE_WS_API_URL }
      : v.kind === 'uniswap' && v.simulator && v.markets === undefined
        ? { ...v, markets: uniswapSimMarkets() }
        : v,
  );

/** A validated venue entry, defaults applied. */
export type VenueConfig = z.output<typeof venueSchema>;
/** A paper venue entry. */
export type PaperVenueConfig = Extract<VenueConfig, { kind: 'paper' }>;
/** A Polymarket venue entry. */
export type PolymarketVenueConfig = Extract<VenueConfig, { kind: 'polymarket' }>;
/** A Binance venue entry. */
export type BinanceVenueConfig = Extract<VenueConfig, { kind: 'binance' }>;
/** A Uniswap venue entry (with `simulator: true`, `markets` holds the defaults when none were given). */
export type UniswapVenueEntry = Extract<VenueConfig, { kind: 'uniswap' }>;
