import { describe, expect, it } from 'vitest';
import { dec, fmt } from '../../domain/index.ts';
import { amountDecimals, orderTerms, ruleProblem } from './order-rules.ts';
import type { SimMarket } from './sim-state.ts';

const market = (tick: string): SimMarket => ({
  conditionId: `0x${'ab'.repeat(32)}`,
  tokens: [{ tokenId: '1', outcome: 'Yes' }],
  tickSize: dec(tick),
  negRisk: false,
  minOrderSize: dec(5),
  lastTradePrice: new Map(),
});

describe('order rules', () => {
  it('derives shares and implied price from the signed amounts', () => {
    const buy = orderTerms(0, 12_180_900n, 21_370_000n);
    expect([fmt(buy.size), fmt(buy.price)]).toEqual(['21.37', '0.57']);
    const sell = orderTerms(1, 33_330_000n, 11_565_510n);
    expect([fmt(sell.size), fmt(sell.price)]).toEqual(['33.33', '0.347']);
  });

  it('allows the collateral decimals of the client rounding table', () => {
    expect(['0.1', '0.01', '0.005', '0.0025', '0.001', '0.0001'].map((t) => amountDecimals(dec(t)))).toEqual([
      3, 4, 5, 6, 5, 6,
    ]);
  });

  it('accepts the package results and refuses off-tick, imprecise and small orders', () => {
    const m = market('0.01');
    const ok = (side: 0 | 1, mk: bigint, tk: bigint, type: 'GTC' | 'FOK' = 'GTC') =>
      ruleProblem('0xid', m, type, side, mk, tk, orderTerms(side, mk, tk));
    expect(ok(0, 5_700_000n, 10_000_000n)).toBeUndefined();
    expect(ok(1, 45_450_000n, 29_542_500n)).toBeUndefined();
    expect(ok(0, 10_000_000n, 17_543_800n, 'FOK')).toBeUndefined();
    expect(ok(0, 5_750_000n, 10_000_000n)).toBe(
      'order 0xid is invalid. Price (0.575) breaks minimum tick size rule: 0.01',
    );
    expect(ok(0, 2_280_000n, 4_000_000n)).toBe('order 0xid is invalid. Size (4) lower than the minimum: 5');
    expect(ok(0, 10_000_000n, 17_543_860n, 'FOK')).toBe(
      'invalid amounts, the market buy orders maker amount supports a max accuracy of 2 decimals, taker amount a max of 4 decimals',
    );
    expect(ok(0, 99_500_000n, 100_000_000n)).toBe(
      'order 0xid is invalid. Price (0.995) breaks minimum tick size rule: 0.01',
    );
    expect(
      ruleProblem(
        '0xid',
        market('0.0025'),
        'GTC',
        0,
        401_050n,
        12_340_000n,
        orderTerms(0, 401_050n, 12_340_000n),
      ),
    ).toBeUndefined();
  });
});

describe('signature shape', () => {
  it('takes only 65-byte signatures with v 27/28 and a low s, as the venue does', async () => {
    const { isCanonicalSignature } = await import('./eip712.ts');
    const r = '11'.repeat(32);
    const lowS = `7${'0'.repeat(63)}`;
    const highS = `f${'0'.repeat(63)}`;
    expect(isCanonicalSignature(`0x${r}${lowS}1b`)).toBe(true);
    expect(isCanonicalSignature(`0x${r}${lowS}1c`)).toBe(true);
    expect(isCanonicalSignature(`0x${r}${lowS}00`)).toBe(false);
    expect(isCanonicalSignature(`0x${r}${lowS}01`)).toBe(false);
    expect(isCanonicalSignature(`0x${r}${highS}1b`)).toBe(false);
    expect(isCanonicalSignature(`0x${r}${lowS}1b00`)).toBe(false);
  });
});
