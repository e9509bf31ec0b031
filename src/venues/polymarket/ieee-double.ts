/**
 * Exact integer emulation of the few IEEE-754 binary64 ("double") operations that the official
 * Polymarket client applies to prices and sizes, so that the `official` amount mode reproduces its results
 * without any float taking part: every value is an exact `m · 2^e` held in bigints, every operation
 * rounds to the nearest double (ties to even) as the hardware does, and `Number#toString` is reproduced
 * by the shortest round-trip decimal search of ECMAScript's Number::toString.
 *
 * Only non-negative finite normal values are supported (prices, sizes and amounts); anything else is a
 * RangeError. Not a hot path: it serves the `official` compatibility mode and its tests.
 */
import { DECIMAL_SCALE, type Decimal, fromScaled } from '../../domain/index.ts';

/** A non-negative double, exactly `m · 2^e`, `m` in [2^52, 2^53) (or 0n for zero). */
export interface Double {
  readonly m: bigint;
  readonly e: number;
}

const TWO52 = 1n << 52n;
const TWO53 = 1n << 53n;
const SCALE = 10n ** BigInt(DECIMAL_SCALE);

/** +0 */
export const DOUBLE_ZERO: Double = { m: 0n, e: 0 };
/** `Number.EPSILON` = 2^-52. */
export const DOUBLE_EPSILON: Double = { m: TWO52, e: -104 };

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** The double nearest to `num / den` (ties to even). `num >= 0`, `den > 0`. */
export function doubleFromRational(num: bigint, den: bigint): Double {
  if (num < 0n || den <= 0n) throw new RangeError('doubleFromRational: negative or zero denominator');
  if (num === 0n) return DOUBLE_ZERO;
  let s = 53 - (bitLength(num) - bitLength(den));
  for (;;) {
    const n = s >= 0 ? num << BigInt(s) : num;
    const d = s >= 0 ? den : den << BigInt(-s);
    let q = n / d;
    if (q < TWO52) {
      s++;
      continue;
    }
    if (q >= TWO53) {
      s--;
      continue;
    }
    const twiceR = 2n * (n - q * d);
    if (twiceR > d || (twiceR === d && (q & 1n) === 1n)) q++;
    if (q === TWO53) return checkRange({ m: TWO52, e: -s + 1 });
    return checkRange({ m: q, e: -s });
  }
}

function checkRange(x: Double): Double {
  if (x.e < -1074 || x.e > 971) throw new RangeError('double out of the supported (normal) range');
  return x;
}

/** Exact value as a fraction `[num, den]`. */
function rational(x: Double): [bigint, bigint] {
  return x.e >= 0 ? [x.m << BigInt(x.e), 1n] : [x.m, 1n << BigInt(-x.e)];
}

/** The double nearest to an exact decimal (what `Number(fmt(d))` gives). */
export function doubleFromDecimal(d: Decimal): Double {
  return doubleFromRational(d, SCALE);
}

/** The double of an integer (exact below 2^53). */
export function doubleFromInt(n: bigint): Double {
  return doubleFromRational(n, 1n);
}

/** `a * b` rounded to a double. */
export function dMul(a: Double, b: Double): Double {
  const e = a.e + b.e;
  const p = a.m * b.m;
  return e >= 0 ? doubleFromRational(p << BigInt(e), 1n) : doubleFromRational(p, 1n << BigInt(-e));
}

/** `a / b` rounded to a double. */
export function dDiv(a: Double, b: Double): Double {
  if (b.m === 0n) throw new RangeError('division by zero');
  const e = a.e - b.e;
  return e >= 0 ? doubleFromRational(a.m << BigInt(e), b.m) : doubleFromRational(a.m, b.m << BigInt(-e));
}

/** `a + b` rounded to a double. */
export function dAdd(a: Double, b: Double): Double {
  if (a.m === 0n) return b;
  if (b.m === 0n) return a;
  const e = Math.min(a.e, b.e);
  const sum = (a.m << BigInt(a.e - e)) + (b.m << BigInt(b.e - e));
  return e >= 0 ? doubleFromRational(sum << BigInt(e), 1n) : doubleFromRational(sum, 1n << BigInt(-e));
}

/** `Math.floor(a)`. */
export function dFloor(a: Double): Double {
  const [n, d] = rational(a);
  return doubleFromInt(n / d);
}

/** `Math.ceil(a)`. */
export function dCeil(a: Double): Double {
  const [n, d] = rational(a);
  return doubleFromInt((n + d - 1n) / d);
}

/** `Math.round(a)`: nearest integer, halves toward +∞ (computed on the exact value). */
export function dRound(a: Double): Double {
  const [n, d] = rational(a);
  return doubleFromInt((2n * n + d) / (2n * d));
}

/** `10 ** k` for 0 <= k <= 22 (exact). */
export function dPow10(k: number): Double {
  return doubleFromInt(10n ** BigInt(k));
}

/** The decimal `digits · 10^exp` that `Number#toString` prints, `digits` without trailing zeros. */
export interface ShortestDecimal {
  readonly digits: bigint;
  readonly exp: number;
}

function decimalEquals(x: Double, digits: bigint, exp: number): boolean {
  const y =
    exp >= 0
      ? doubleFromRational(digits * 10n ** BigInt(exp), 1n)
      : doubleFromRational(digits, 10n ** BigInt(-exp));
  return y.m === x.m && y.e === x.e;
}

/**
 * The shortest decimal that reads back as `x`, the closest one to `x` when several have that length
 * (ties to the even digit string): ECMAScript Number::toString's choice.
 */
export function shortestDecimal(x: Double): ShortestDecimal {
  if (x.m === 0n) return { digits: 0n, exp: 0 };
  const [num, den] = rational(x);
  // e10 with 10^e10 <= x < 10^(e10+1)
  let e10 = Math.floor(((bitLength(num) - bitLength(den)) * 30103) / 100000) - 1;
  const ge = (k: number) => (k >= 0 ? num >= den * 10n ** BigInt(k) : num * 10n ** BigInt(-k) >= den);
  while (ge(e10 + 1)) e10++;
  while (!ge(e10)) e10--;
  for (let p = 1; p <= 17; p++) {
    const exp = e10 - p + 1;
    // floor(x / 10^exp)
    const lo = exp >= 0 ? num / (den * 10n ** BigInt(exp)) : (num * 10n ** BigInt(-exp)) / den;
    let best: bigint | undefined;
    let bestDist: bigint | undefined;
    for (const c of [lo, lo + 1n]) {
      if (c === 0n || !decimalEquals(x, c, exp)) continue;
      // |c·10^exp - x| scaled by den·10^max(0,-exp)
      const dist =
        exp >= 0 ? abs(c * 10n ** BigInt(exp) * den - num) : abs(c * den - num * 10n ** BigInt(-exp));
      if (
        bestDist === undefined ||
        dist < bestDist ||
        (dist === bestDist && best !== undefined && (c & 1n) === 0n)
      ) {
        best = c;
        bestDist = dist;
      }
    }
    if (best !== undefined) return normalise(best, exp);
  }
  throw new RangeError('no shortest decimal found');
}

function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}

function normalise(digits: bigint, exp: number): ShortestDecimal {
  while (digits % 10n === 0n) {
    digits /= 10n;
    exp++;
  }
  return { digits, exp };
}

/**
 * The official client's `decimalPlaces(x)`: 0 for integers, else the length of what follows "." in
 * `x.toString()` (which, in exponent notation such as "1.5e-7", counts the exponent characters too).
 */
export function decimalPlacesOf(x: Double): number {
  const { digits, exp } = shortestDecimal(x);
  if (exp >= 0) return 0;
  const k = digits.toString().length;
  const n = exp + k;
  if (n > -6) return k - n; // fixed notation ("12.34" or "0.000123")
  if (k === 1) return 0; // "5e-7": no "."
  return k - 1 + 2 + String(1 - n).length;
}

/** `x.toString()` as an exact {@link Decimal}; throws when it has more than 18 decimals. */
export function doubleToDecimal(x: Double): Decimal {
  const { digits, exp } = shortestDecimal(x);
  if (exp < -DECIMAL_SCALE) throw new RangeError('more than 18 decimal places');
  return fromScaled(digits * 10n ** BigInt(exp + DECIMAL_SCALE));
}
