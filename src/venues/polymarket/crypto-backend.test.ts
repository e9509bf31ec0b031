import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cryptoBackend,
  ecdsaSign,
  keccak256,
  nativeEcdsaSign,
  nativeKeccak256,
  nobleEcdsaSign,
  nobleKeccak256,
} from './crypto-backend.ts';
import { toHex } from './hex.ts';

describe('crypto backend', () => {
  it('loads the native addons on this platform (linux-x64 prebuilds)', () => {
    expect(nativeEcdsaSign).toBeDefined();
    expect(nativeKeccak256).toBeDefined();
    expect(ecdsaSign).toBe(nativeEcdsaSign);
    expect(keccak256).toBe(nativeKeccak256);
    expect(cryptoBackend).toEqual({ ecdsa: 'libsecp256k1 (native)', keccak: 'keccak (native)' });
  });

  it('native keccak-256 equals @noble/hashes for every length around the 136-byte rate', () => {
    for (let len = 0; len <= 420; len++) {
      const data = Uint8Array.from({ length: len }, (_, i) => (i * 31 + len) & 0xff);
      expect(toHex(nativeKeccak256!(data)), `length ${len}`).toBe(toHex(nobleKeccak256(data)));
    }
    // a known vector: keccak256("") (Ethereum's empty hash)
    expect(toHex(keccak256(new Uint8Array(0)))).toBe(
      '0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470',
    );
  });

  it('native keccak-256 results are independent buffers (the sponge is reused)', () => {
    const a = keccak256(Uint8Array.of(1));
    const aHex = toHex(a);
    keccak256(Uint8Array.of(2));
    expect(toHex(a)).toBe(aHex);
  });

  it('native ECDSA equals @noble/curves (RFC 6979, low-s, recovery id)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (key, digest) => {
          fc.pre(key.some((b) => b !== 0) && key.some((b) => b !== 0xff));
          const a = new Uint8Array(64);
          const b = new Uint8Array(64);
          const ra = nativeEcdsaSign!(digest, key, a);
          const rb = nobleEcdsaSign(digest, key, b);
          expect(toHex(a)).toBe(toHex(b));
          expect(ra).toBe(rb);
        },
      ),
      { numRuns: 500, seed: 7 },
    );
  });

  it('writes into a subarray at its offset', () => {
    const key = new Uint8Array(32).fill(3);
    const digest = new Uint8Array(32).fill(9);
    const whole = new Uint8Array(65).fill(0xee);
    ecdsaSign(digest, key, whole.subarray(0, 64));
    const direct = new Uint8Array(64);
    nobleEcdsaSign(digest, key, direct);
    expect(toHex(whole.subarray(0, 64))).toBe(toHex(direct));
    expect(whole[64]).toBe(0xee);
  });
});
