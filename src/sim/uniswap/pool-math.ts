/**
 * Exact integer math for seeding pools: the V3 `sqrtPriceX96` of a price given as a ratio of raw token
 * amounts, full-range ticks per tick spacing, and token ordering by address.
 */
import { isqrt } from '../../domain/index.ts';

/**
 * `sqrtPriceX96` for a pool whose price is `amount1 / amount0` (raw units of token1 per raw unit of token0),
 * rounded down: floor(sqrt(amount1 * 2^192 / amount0)).
 */
export function sqrtPriceX96(amount0: bigint, amount1: bigint): bigint {
  if (amount0 <= 0n || amount1 <= 0n) throw new Error('sqrtPriceX96: amounts must be positive');
  return isqrt((amount1 << 192n) / amount0);
}

/** The V3 tick bounds (TickMath.MIN_TICK / MAX_TICK). */
export const MIN_TICK = -887272;
export const MAX_TICK = 887272;

/** Full-range `[tickLower, tickUpper]` for a tick spacing (multiples of the spacing inside the bounds). */
export function fullRangeTicks(tickSpacing: number): readonly [number, number] {
  if (!Number.isInteger(tickSpacing) || tickSpacing <= 0) {
    throw new Error(`tickSpacing must be a positive integer, got ${tickSpacing}`);
  }
  const upper = Math.floor(MAX_TICK / tickSpacing) * tickSpacing;
  return [-upper, upper];
}

/** Tick spacing of the fee tiers the V3 factory enables in its constructor. */
export const TICK_SPACING: Readonly<Record<number, number>> = { 500: 10, 3000: 60, 10000: 200 };

/** True when address `a` sorts before `b` (token0 of a pair / pool). */
export function sortsBefore(a: `0x${string}`, b: `0x${string}`): boolean {
  return BigInt(a) < BigInt(b);
}
