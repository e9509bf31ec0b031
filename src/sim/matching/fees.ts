/**
 * Trading fees in basis points, exact: fee = price × size × bps / 10000, rounded toward +infinity (a fee
 * is never undercharged, a rebate never overpaid).
 */
import { type Decimal, dec, divRound, ONE, ZERO } from '../../domain/index.ts';

const DENOMINATOR = ONE * ONE * 10_000n;

/** Reads a bps figure (number or decimal string) into a {@link Decimal}. */
export function bps(value: number | string | undefined): Decimal {
  return value === undefined ? ZERO : dec(value);
}

/** The fee on a trade of `size` at `price` for a rate of `rateBps` (a Decimal number of basis points). */
export function tradeFee(price: Decimal, size: Decimal, rateBps: Decimal): Decimal {
  if (rateBps === 0n) return ZERO;
  return divRound(price * size * rateBps, DENOMINATOR, 'ceil') as Decimal;
}
