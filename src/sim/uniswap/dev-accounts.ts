/**
 * The dev accounts of the local chain: the keys anvil derives from its BIP39 mnemonic on the standard
 * Ethereum path m/44'/60'/0'/0/i. Account 0 deploys everything; the next ones are the funded traders.
 */
import { pbkdf2Sync } from 'node:crypto';
import { toHex } from 'viem';
import { HDKey, privateKeyToAddress } from 'viem/accounts';

/** anvil's (and Hardhat's) well-known public test mnemonic. Never holds real funds. */
export const DEV_MNEMONIC = 'test test test test test test test test test test test junk';

/** An account with its key (local test keys only). */
export interface DevAccount {
  readonly address: `0x${string}`;
  readonly privateKey: `0x${string}`;
}

/** Derives the first `count` accounts of `mnemonic` (BIP39 seed, BIP32 path m/44'/60'/0'/0/i). */
export function deriveDevAccounts(count: number, mnemonic: string = DEV_MNEMONIC): DevAccount[] {
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`accounts: need a positive integer, got ${count}`);
  const seed = pbkdf2Sync(mnemonic.normalize('NFKD'), 'mnemonic', 2048, 64, 'sha512');
  const root = HDKey.fromMasterSeed(seed);
  const out: DevAccount[] = [];
  for (let i = 0; i < count; i++) {
    const key = root.derive(`m/44'/60'/0'/0/${i}`).privateKey;
    if (key === null) throw new Error(`dev account ${i}: no private key derived`);
    const privateKey = toHex(key);
    out.push({ address: privateKeyToAddress(privateKey), privateKey });
  }
  return out;
}
