import { describe, expect, it } from 'vitest';
import { deriveDevAccounts } from './dev-accounts.ts';

describe('deriveDevAccounts', () => {
  it('derives the well-known anvil dev keys from the default mnemonic', () => {
    const [a0, a1] = deriveDevAccounts(2);
    expect(a0).toEqual({
      address: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
      privateKey: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
    });
    expect(a1?.address).toBe('0x70997970C51812dc3A010C7d01b50e0d17dc79C8');
  });

  it('refuses a non-positive count', () => {
    expect(() => deriveDevAccounts(0)).toThrow(/accounts/);
  });
});
