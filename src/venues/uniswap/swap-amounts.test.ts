import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec, fromUnits } from '../../domain/index.ts';
import {
  buyMaxQuote,
  fillPrice,
  MAX_SQRT_RATIO,
  MIN_SQRT_RATIO,
  minusBps,
  parseSlippageBps,
  plusBps,
  priceFromSqrt,
  sellMinQuote,
  sqrtPriceLimit,
} from './swap-amounts.ts';

describe('swap amounts', () => {
  it('slippage bounds round toward the safe side', () => {
    expect(minusBps(10_000n, 50)).toBe(9_950n);
    expect(minusBps(999n, 50)).toBe(994n); // 994.005 down
    expect(plusBps(999n, 50)).toBe(1_004n); // 1003.995 up
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.integer({ min: 0, max: 5000 }), (a, bps) => {
        const lo = minusBps(a, bps);
        const hi = plusBps(a, bps);
        // lo * 10000 <= a * (10000 - bps) < (lo + 1) * 10000, hi likewise from above
        expect(lo * 10_000n <= a * BigInt(10_000 - bps)).toBe(true);
        expect((lo + 1n) * 10_000n > a * BigInt(10_000 - bps)).toBe(true);
        expect(hi * 10_000n >= a * BigInt(10_000 + bps)).toBe(true);
        expect((hi - 1n) * 10_000n < a * BigInt(10_000 + bps)).toBe(true);
      }),
    );
  });

  it('limit bounds: a sell needs at least size x price, a buy spends at most size x price', () => {
    expect(sellMinQuote(dec('1.5'), dec('3000'), 18)).toBe(4500n * 10n ** 18n);
    expect(sellMinQuote(dec('0.000001'), dec('0.3333333'), 6)).toBe(1n); // 3.33e-7 rounds up to 1 unit
    expect(buyMaxQuote(dec('0.000001'), dec('0.3333333'), 6)).toBe(0n);
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 24n }),
        fc.bigInt({ min: 1n, max: 10n ** 24n }),
        (s, p) => {
          const size = fromUnits(s, 18);
          const price = fromUnits(p, 12);
          const exact = s * p; // quote units at 30 places
          expect(sellMinQuote(size, price, 6) * 10n ** 24n >= exact).toBe(true);
          expect(buyMaxQuote(size, price, 6) * 10n ** 24n <= exact).toBe(true);
        },
      ),
    );
  });

  it('fill price is rounded against the trader', () => {
    expect(fillPrice(3n, 10n, 0, 0, 'Buy')).toBe(dec('3.333333333333333334'));
    expect(fillPrice(3n, 10n, 0, 0, 'Sell')).toBe(dec('3.333333333333333333'));
    expect(fillPrice(10n ** 18n, 2990n * 10n ** 6n, 18, 6, 'Sell')).toBe(dec('2990'));
  });

  it('sqrt price limits: price 1:1 is 2^96, and the fee moves the limit to the safe side', () => {
    expect(sqrtPriceLimit(dec('1'), 'Sell', 0, 18, 18, true)).toBe(1n << 96n);
    const sellLimit = sqrtPriceLimit(dec('3000'), 'Sell', 500, 18, 18, true);
    const buyLimit = sqrtPriceLimit(dec('3000'), 'Buy', 500, 18, 18, true);
    const at = sqrtPriceLimit(dec('3000'), 'Sell', 0, 18, 18, true);
    expect(sellLimit > at && buyLimit < at).toBe(true);
    // base as token1: the pool price is the inverse, so the order flips
    const inv = sqrtPriceLimit(dec('3000'), 'Sell', 500, 18, 18, false);
    const invAt = sqrtPriceLimit(dec('3000'), 'Sell', 0, 18, 18, false);
    expect(inv < invAt).toBe(true);
    expect(sqrtPriceLimit(dec('0.000000000000000001'), 'Sell', 0, 30, 0, true)).toBe(MIN_SQRT_RATIO + 1n);
    expect(sqrtPriceLimit(dec('1000000000000000000000000'), 'Buy', 0, 0, 18, true)).toBe(MAX_SQRT_RATIO - 1n);
  });

  it('reads a pool price back from sqrtPriceX96 (round trip with the limit)', () => {
    for (const baseIsToken0 of [true, false]) {
      const s = sqrtPriceLimit(dec('3000'), 'Sell', 0, 18, 6, baseIsToken0);
      const p = priceFromSqrt(s, 18, 6, baseIsToken0);
      expect(p > dec('2999.999') && p < dec('3000.001')).toBe(true);
    }
  });

  it('parses the per-order slippage override', () => {
    expect(parseSlippageBps(undefined, 50)).toBe(50);
    expect(parseSlippageBps('120', 50)).toBe(120);
    expect(parseSlippageBps('5001', 50)).toMatch(/0\.\.5000/);
    expect(parseSlippageBps('1.5', 50)).toMatch(/integer/);
  });
});
