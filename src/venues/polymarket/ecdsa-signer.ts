/**
 * secp256k1 ECDSA signing of 32-byte digests with Ethereum's 65-byte `r‖s‖v` encoding (v = 27/28),
 * deterministic nonces (RFC 6979 with HMAC-SHA256) and low-s normalisation: the signatures viem and ethers
 * produce, byte for byte (libsecp256k1 when its addon loads, else @noble/curves: `crypto-backend.ts`).
 * Holds one private key and its checksummed address.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ecdsaSign, keccak256 } from './crypto-backend.ts';
import { checksumAddress, fromHex, toHex } from './hex.ts';

/** A private key with its address; signs digests. Never logs or serialises the key. */
export class EcdsaSigner {
  /** The EOA address, EIP-55 checksummed. */
  readonly address: string;
  readonly #key: Uint8Array;

  /** @param privateKey 32-byte secp256k1 key, hex (`0x` optional) or bytes. */
  constructor(privateKey: string | Uint8Array) {
    const key = typeof privateKey === 'string' ? fromHex(privateKey) : Uint8Array.from(privateKey);
    if (key.length !== 32 || !secp256k1.utils.isValidSecretKey(key))
      throw new RangeError('private key must be a valid 32-byte secp256k1 key');
    this.#key = key;
    const pub = secp256k1.getPublicKey(key, false);
    this.address = checksumAddress(toHex(keccak256(pub.subarray(1)).subarray(12)));
  }

  /** Signs a 32-byte digest; returns 65 bytes `r‖s‖v` with v = 27 or 28. */
  signDigest(digest: Uint8Array): Uint8Array {
    if (digest.length !== 32) throw new RangeError('digest must be 32 bytes');
    const out = new Uint8Array(65);
    out[64] = 27 + ecdsaSign(digest, this.#key, out.subarray(0, 64));
    return out;
  }

  /** {@link signDigest} as `0x` hex (132 characters). */
  signDigestHex(digest: Uint8Array): string {
    return toHex(this.signDigest(digest));
  }

  /** Hides the key from `console.log` / `util.inspect`. */
  toJSON(): { address: string } {
    return { address: this.address };
  }
}
