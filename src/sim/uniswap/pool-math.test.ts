import { describe, expect, it } from 'vitest';
import { fullRangeTicks, sortsBefore, sqrtPriceX96 } from './pool-math.ts';

describe('sqrtPriceX96', () => {
  it('is 2^96 at price 1 and floor(sqrt(price * 2^192)) otherwise', () => {
    expect(sqrtPriceX96(5n, 5n)).toBe(2n ** 96n);
    expect(sqrtPriceX96(1n, 4n)).toBe(2n ** 97n);
    const s = sqrtPriceX96(10n ** 18n, 3000n * 10n ** 18n);
    expect(s * s <= 3000n << 192n && (s + 1n) * (s + 1n) > 3000n << 192n).toBe(true);
    expect(s).toBe(4339505179874779489431521786241n);
    expect(() => sqrtPriceX96(0n, 1n)).toThrow(/positive/);
  });
});

describe('fullRangeTicks', () => {
  it('gives the widest multiples of the spacing', () => {
    expect(fullRangeTicks(10)).toEqual([-887270, 887270]);
    expect(fullRangeTicks(60)).toEqual([-887220, 887220]);
    expect(fullRangeTicks(200)).toEqual([-887200, 887200]);
    expect(() => fullRangeTicks(0)).toThrow(/tickSpacing/);
  });
});

describe('sortsBefore', () => {
  it('orders addresses numerically, ignoring checksum case', () => {
    expect(
      sortsBefore('0x5FbDB2315678afecb367f032d93F642f64180aa3', '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512'),
    ).toBe(true);
    expect(
      sortsBefore('0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512', '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0'),
    ).toBe(false);
  });
});
