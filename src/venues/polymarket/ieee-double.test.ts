/** The integer double emulation against the hardware doubles it reproduces (floats are the oracle here). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fmt } from '../../domain/index.ts';
import {
  type Double,
  dAdd,
  dCeil,
  dDiv,
  decimalPlacesOf,
  dFloor,
  dMul,
  doubleFromRational,
  doubleToDecimal,
  dRound,
  shortestDecimal,
} from './ieee-double.ts';

/** Exact Double of a JS number (the test oracle only). */
function of(x: number): Double {
  const [mant, e = '0'] = String(x).split('e');
  const [int, frac = ''] = mant!.split('.');
  const digits = BigInt(int! + frac);
  const exp = Number(e) - frac.length;
  return exp >= 0
    ? doubleFromRational(digits * 10n ** BigInt(exp), 1n)
    : doubleFromRational(digits, 10n ** BigInt(-exp));
}
function text(d: Double): string {
  const { digits, exp } = shortestDecimal(d);
  return exp >= 0 ? String(Number(`${digits}e${exp}`)) : String(Number(`${digits}e${exp}`));
}
function same(d: Double, x: number): void {
  expect(text(d)).toBe(String(x));
  expect(d).toEqual(of(x));
}
function dp(x: number): number {
  if (Number.isInteger(x)) return 0;
  const parts = x.toString().split('.');
  return parts.length <= 1 ? 0 : parts[1]!.length;
}

const value = fc.oneof(
  fc.double({ min: 1e-5, max: 1e7, noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: 1, max: 1_000_000_000 }).map((n) => n / 10_000),
  fc.integer({ min: 1, max: 10_000 }).map((n) => n / 1000),
);

describe('ieee-double', () => {
  it('known float results', () => {
    same(dAdd(of(0.1), of(0.2)), 0.1 + 0.2);
    expect(fmt(doubleToDecimal(dAdd(of(0.1), of(0.2))))).toBe('0.30000000000000004');
    same(dMul(of(21.37), of(0.57)), 21.37 * 0.57);
    same(dDiv(of(10), of(0.57)), 10 / 0.57);
    expect(decimalPlacesOf(of(1.5e-7))).toBe(dp(1.5e-7));
    expect(decimalPlacesOf(of(5e-7))).toBe(0);
  });

  it('mul, div, add, floor, ceil, round, toString and decimalPlaces match the hardware', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        same(dMul(of(a), of(b)), a * b);
        same(dDiv(of(a), of(b)), a / b);
        same(dAdd(of(a), of(b)), a + b);
        same(dFloor(of(a * 1000)), Math.floor(a * 1000));
        same(dCeil(of(a * 1000)), Math.ceil(a * 1000));
        same(dRound(of(a * 1000)), Math.round(a * 1000));
        expect(decimalPlacesOf(of(a * b))).toBe(dp(a * b));
        expect(decimalPlacesOf(of(a / b))).toBe(dp(a / b));
      }),
      { numRuns: 3000, seed: 3 },
    );
  });
});
