import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  add,
  type Decimal,
  dec,
  decimalProblem,
  div,
  divRound,
  fmt,
  fromUnits,
  isMultipleOf,
  isqrt,
  mul,
  placesOf,
  quantize,
  type Rounding,
  toFixed,
  toUnits,
  tryDec,
} from './decimal.ts';

const ROUNDINGS: Rounding[] = ['down', 'up', 'floor', 'ceil', 'half-even'];
/** A random decimal with up to 18 places, as text. */
const decimalText = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.integer({ min: 0, max: 18 }))
  .map(([negative, digits, places]) => {
    const s = digits.toString().padStart(places + 1, '0');
    const text = places === 0 ? s : `${s.slice(0, s.length - places)}.${s.slice(s.length - places)}`;
    return negative && digits !== 0n ? `-${text}` : text;
  });

describe('dec / fmt', () => {
  it('reads numbers through their shortest round-trip text, exactly', () => {
    expect(fmt(dec(0.1))).toBe('0.1');
    expect(fmt(dec(0.55))).toBe('0.55');
    expect(fmt(dec(1e-7))).toBe('0.0000001');
    expect(fmt(dec(60000))).toBe('60000');
    expect(fmt(dec('-0012.5000'))).toBe('-12.5');
    expect(fmt(dec('1.5e3'))).toBe('1500');
    expect(fmt(dec('.5'))).toBe('0.5');
    expect(fmt(dec(3n))).toBe('3');
  });

  it('refuses what is not an exact decimal, saying why', () => {
    expect(decimalProblem(Number.NaN)).toMatch(/finite/);
    expect(decimalProblem(Number.POSITIVE_INFINITY)).toMatch(/finite/);
    expect(decimalProblem('abc')).toMatch(/decimal/);
    expect(decimalProblem('')).toMatch(/decimal/);
    expect(decimalProblem('1.0000000000000000001')).toMatch(/18 decimal places/);
    expect(decimalProblem({})).toMatch(/number or a decimal string/);
    expect(decimalProblem('1e999')).toMatch(/exponent/);
    expect(tryDec('0x10')).toBeUndefined();
    expect(() => dec('nope')).toThrow(RangeError);
    // trailing zeros beyond 18 places are harmless
    expect(fmt(dec('1.50000000000000000000'))).toBe('1.5');
  });

  it('round-trips any decimal text (property)', () => {
    fc.assert(
      fc.property(decimalText, (text) => {
        const d = dec(text);
        expect(dec(fmt(d))).toBe(d);
        expect(Number(fmt(d))).toBeCloseTo(Number(text), 6);
      }),
    );
  });

  it('reads short plain text and whole numbers to the exact scaled value (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999_999_999_999_999 }),
        fc.integer({ min: 0, max: 15 }),
        fc.boolean(),
        (m, places, negative) => {
          const digits = String(m).padStart(places + 1, '0');
          const body =
            places === 0
              ? digits
              : `${digits.slice(0, digits.length - places)}.${digits.slice(digits.length - places)}`;
          const expected = BigInt(m) * 10n ** BigInt(18 - places) * (negative ? -1n : 1n);
          expect(dec(negative ? `-${body}` : body)).toBe(expected);
          if (places === 0) expect(dec(negative ? -m : m)).toBe(expected);
        },
      ),
    );
    expect(fmt(dec('7.'))).toBe('7');
    expect(decimalProblem('.')).toMatch(/decimal/);
    expect(decimalProblem('-')).toMatch(/decimal/);
    expect(decimalProblem('1.2.3')).toMatch(/decimal/);
  });

  it('reads any finite double as the decimal its shortest text denotes (property)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }), (x) => {
        const d = tryDec(x);
        if (d === undefined) {
          // only doubles needing more than 18 places are refused
          expect(decimalProblem(x)).toMatch(/decimal places|exponent/);
          return;
        }
        expect(Number(fmt(d))).toBe(x === 0 ? 0 : x);
      }),
    );
  });
});

describe('rounding', () => {
  it('divRound follows each direction on both signs', () => {
    expect([7n, -7n].map((n) => divRound(n, 2n, 'down'))).toEqual([3n, -3n]);
    expect([7n, -7n].map((n) => divRound(n, 2n, 'up'))).toEqual([4n, -4n]);
    expect([7n, -7n].map((n) => divRound(n, 2n, 'floor'))).toEqual([3n, -4n]);
    expect([7n, -7n].map((n) => divRound(n, 2n, 'ceil'))).toEqual([4n, -3n]);
    expect([5n, 7n, -5n, 11n].map((n) => divRound(n, 2n, 'half-even'))).toEqual([2n, 4n, -2n, 6n]);
    expect(divRound(10n, 4n, 'half-even')).toBe(2n);
    expect(divRound(11n, 4n, 'half-even')).toBe(3n);
  });

  it('every rounding lands within one unit, on the side its name says (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        (n, d) => {
          const exact = Number(n) / Number(d);
          const f = divRound(n, d, 'floor');
          const c = divRound(n, d, 'ceil');
          expect(f * d <= n).toBe(true);
          expect(c * d >= n).toBe(true);
          expect(c - f <= 1n).toBe(true);
          const down = divRound(n, d, 'down');
          expect(down === (exact >= 0 ? f : c)).toBe(true);
          const up = divRound(n, d, 'up');
          expect(up === (n % d === 0n ? f : exact >= 0 ? c : f)).toBe(true);
        },
      ),
    );
  });

  it('quantize gives a multiple of the step in the asked direction (property)', () => {
    fc.assert(
      fc.property(decimalText, fc.constantFrom('0.01', '0.001', '0.5', '1', '0.00001'), (text, stepText) => {
        const a = dec(text);
        const step = dec(stepText);
        for (const r of ROUNDINGS) {
          const q = quantize(a, step, r);
          expect(isMultipleOf(q, step)).toBe(true);
          const diff = q > a ? q - a : a - q;
          expect(diff < step).toBe(true);
        }
        expect(quantize(a, step, 'floor') <= a).toBe(true);
        expect(quantize(a, step, 'ceil') >= a).toBe(true);
      }),
    );
  });

  it('mul and div are exact when the result fits and rounded as asked otherwise', () => {
    expect(fmt(mul(dec('0.55'), dec('100'), 'down'))).toBe('55');
    expect(fmt(div(dec('1'), dec('3'), 'down'))).toBe('0.333333333333333333');
    expect(fmt(div(dec('1'), dec('3'), 'up'))).toBe('0.333333333333333334');
    expect(fmt(div(dec('2'), dec('3'), 'half-even'))).toBe('0.666666666666666667');
    expect(fmt(mul(dec('0.000000001'), dec('0.000000001'), 'down'))).toBe('0.000000000000000001');
    expect(fmt(mul(dec('0.0000000001'), dec('0.000000001'), 'down'))).toBe('0');
    expect(fmt(mul(dec('0.0000000001'), dec('0.000000001'), 'up'))).toBe('0.000000000000000001');
  });

  it('mul(a, b) then div by b gets a back within the rounding unit (property)', () => {
    fc.assert(
      fc.property(decimalText, decimalText, (x, y) => {
        const a = dec(x);
        const b = dec(y);
        if (b === 0n) return;
        const p = mul(a, b, 'down');
        const lo = mul(a, b, 'floor');
        const hi = mul(a, b, 'ceil');
        expect(lo <= hi && hi - lo <= 1n).toBe(true);
        expect(p === lo || p === hi).toBe(true);
      }),
    );
  });
});

describe('venue units', () => {
  it('converts to and from 6-decimal and 18-decimal units', () => {
    expect(toUnits(dec('1.5'), 6, 'down')).toBe(1_500_000n);
    expect(toUnits(dec('0.0000015'), 6, 'down')).toBe(1n);
    expect(toUnits(dec('0.0000015'), 6, 'up')).toBe(2n);
    expect(toUnits(dec('1'), 18, 'down')).toBe(10n ** 18n);
    expect(toUnits(dec('1'), 24, 'down')).toBe(10n ** 24n);
    expect(fmt(fromUnits(1_500_000n, 6))).toBe('1.5');
    expect(fmt(fromUnits(123n, 0))).toBe('123');
    expect(fmt(fromUnits(10n ** 24n + 5n, 24, 'down'))).toBe('1');
    expect(fmt(fromUnits(10n ** 24n + 5n, 24, 'up'))).toBe('1.000000000000000001');
  });

  it('toUnits and fromUnits round-trip for every decimals 0..18 (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.integer({ min: 0, max: 18 }),
        (u, d) => {
          expect(toUnits(fromUnits(u, d), d, 'down')).toBe(u);
        },
      ),
    );
  });

  it('rounding toward the venue never overspends: floor(units) <= exact <= ceil(units) (property)', () => {
    fc.assert(
      fc.property(decimalText, fc.integer({ min: 0, max: 18 }), (text, d) => {
        const a = dec(text);
        const lo = fromUnits(toUnits(a, d, 'floor'), d);
        const hi = fromUnits(toUnits(a, d, 'ceil'), d);
        expect(lo <= a && a <= hi).toBe(true);
      }),
    );
  });

  it('toFixed and placesOf', () => {
    expect(toFixed(dec('1.005'), 2, 'half-even')).toBe('1.00');
    expect(toFixed(dec('1.015'), 2, 'half-even')).toBe('1.02');
    expect(toFixed(dec('-1.015'), 2, 'down')).toBe('-1.01');
    expect(toFixed(dec('3'), 0)).toBe('3');
    expect(placesOf(dec('0.0001'))).toBe(4);
    expect(placesOf(dec('12'))).toBe(0);
    expect(add(dec('0.1'), dec('0.2'))).toBe(dec('0.3') as Decimal);
  });
});

describe('isqrt', () => {
  it('is the floor of the square root', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 320n }), (n) => {
        const r = isqrt(n);
        return r * r <= n && (r + 1n) * (r + 1n) > n;
      }),
    );
    expect(isqrt(0n)).toBe(0n);
    expect(isqrt(1n)).toBe(1n);
    expect(isqrt(15n)).toBe(3n);
    expect(isqrt(16n)).toBe(4n);
    expect(() => isqrt(-1n)).toThrow(/non-negative/);
  });
});
