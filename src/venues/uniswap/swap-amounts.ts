/**
 * Exact amount math of the Uniswap adapter: token units from decimals, slippage bounds, the bounds a
 * limit price puts on a swap, fill prices from amounts, and V3 price limits (sqrtPriceX96) from a limit
 * price. Every rounding goes against the trader's wallet never: bounds round toward the safer side.
 */
import { type Decimal, div, fromUnits, isqrt, mul, toUnits } from '../../domain/index.ts';

/** Lowest / highest sqrtPriceX96 a V3 pool accepts as a limit (exclusive bounds + 1 / - 1). */
export const MIN_SQRT_RATIO = 4295128739n;
export const MAX_SQRT_RATIO = 1461446703485210103287273052203988822378723970342n;
/** 2^256 - 1: an unlimited ERC-20 approval. */
export const MAX_UINT256 = (1n << 256n) - 1n;

/** `amount` less `bps` basis points, rounded down (a minimum output). */
export function minusBps(amount: bigint, bps: number): bigint {
  return (amount * BigInt(10_000 - bps)) / 10_000n;
}

/** `amount` plus `bps` basis points, rounded up (a maximum input). */
export function plusBps(amount: bigint, bps: number): bigint {
  const n = amount * BigInt(10_000 + bps);
  return (n + 9_999n) / 10_000n;
}

/** Base-token units of a size (rounded down: never sell or buy more than asked). */
export function sizeUnits(size: Decimal, decimals: number): bigint {
  return toUnits(size, decimals, 'down');
}

/** Least quote units a sell of `size` at `price` must bring (rounded up). */
export function sellMinQuote(size: Decimal, price: Decimal, quoteDecimals: number): bigint {
  return toUnits(mul(size, price, 'ceil'), quoteDecimals, 'ceil');
}

/** Most quote units a buy of `size` at `price` may spend (rounded down). */
export function buyMaxQuote(size: Decimal, price: Decimal, quoteDecimals: number): bigint {
  return toUnits(mul(size, price, 'floor'), quoteDecimals, 'floor');
}

/**
 * Price (quote per base) of a fill from token units: rounded up for a buy and down for a sell, so the
 * reported price is never better than what happened.
 */
export function fillPrice(
  baseUnits: bigint,
  quoteUnits: bigint,
  baseDecimals: number,
  quoteDecimals: number,
  side: 'Buy' | 'Sell',
): Decimal {
  return div(
    fromUnits(quoteUnits, quoteDecimals),
    fromUnits(baseUnits, baseDecimals),
    side === 'Buy' ? 'ceil' : 'floor',
  );
}

/**
 * The V3 sqrtPriceX96 limit that keeps every unit of a swap at or better than `price` (quote per base),
 * after the pool fee (`fee` in hundredths of a bip). `baseIsToken0` says the pool's token order.
 * A sell may not push the pool price below price / (1 - fee); a buy may not push it above price × (1 - fee).
 * The result is clamped into the range a pool accepts.
 */
export function sqrtPriceLimit(
  price: Decimal,
  side: 'Buy' | 'Sell',
  fee: number,
  baseDecimals: number,
  quoteDecimals: number,
  baseIsToken0: boolean,
): bigint {
  // quote units per base unit, as a fraction num/den (price is scaled by 1e18)
  const f = BigInt(fee);
  let num = BigInt(price) * 10n ** BigInt(quoteDecimals);
  let den = 10n ** 18n * 10n ** BigInt(baseDecimals);
  if (side === 'Sell') {
    num *= 1_000_000n;
    den *= 1_000_000n - f;
  } else {
    num *= 1_000_000n - f;
    den *= 1_000_000n;
  }
  // pool price is token1 per token0
  const [pn, pd] = baseIsToken0 ? [num, den] : [den, num];
  const scaled = (pn << 192n) / pd;
  let s = isqrt(scaled);
  // conservative side: a sell limit must not be lower in quote/base terms, a buy limit not higher
  const quoteUpIsPoolUp = baseIsToken0;
  const roundUp = side === 'Sell' ? quoteUpIsPoolUp : !quoteUpIsPoolUp;
  if (roundUp && s * s < scaled) s += 1n;
  if (s < MIN_SQRT_RATIO + 1n) s = MIN_SQRT_RATIO + 1n;
  if (s > MAX_SQRT_RATIO - 1n) s = MAX_SQRT_RATIO - 1n;
  return s;
}

/** Price (quote per base, rounded down) of a V3 pool from its sqrtPriceX96. */
export function priceFromSqrt(
  sqrtPriceX96: bigint,
  baseDecimals: number,
  quoteDecimals: number,
  baseIsToken0: boolean,
): Decimal {
  const sq = sqrtPriceX96 * sqrtPriceX96;
  const q192 = 1n << 192n;
  // token1 per token0 in units = sq / 2^192
  const [num, den] = baseIsToken0 ? [sq, q192] : [q192, sq];
  // quote per base in tokens = units ratio × 10^baseDec / 10^quoteDec, scaled by 1e18
  const scaledNum = num * 10n ** 18n * 10n ** BigInt(baseDecimals);
  const scaledDen = den * 10n ** BigInt(quoteDecimals);
  return (scaledNum / scaledDen) as Decimal;
}

/** Parses a per-order slippage override (`params.slippageBps`), or returns why it is invalid. */
export function parseSlippageBps(text: string | undefined, fallback: number): number | string {
  if (text === undefined) return fallback;
  if (!/^\d{1,4}$/.test(text)) return 'must be an integer number of basis points 0..5000';
  const n = Number(text);
  if (n > 5000) return 'must be an integer number of basis points 0..5000';
  return n;
}
