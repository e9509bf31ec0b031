/**
 * The two primitives order signing spends its time in — keccak-256 and secp256k1 ECDSA with a recovery
 * id — from native, vetted C implementations when they load, else from the pure-JS @noble libraries.
 * Both give the same bytes (tests check the native and the pure paths against each other).
 *
 * - ECDSA: libsecp256k1 through the `secp256k1` package's prebuilt N-API addon (constant-time, RFC 6979
 *   deterministic nonces, low-s), about 10x faster here than @noble/curves.
 * - keccak-256: the XKCP keccak core through the `keccak` package's prebuilt addon. Its public API
 *   wraps the sponge in a Node stream, which costs more than the hash of an order itself, so the
 *   addon's sponge (`initialize` / `absorb` / `absorbLastFewBits` / `squeeze`) is driven directly.
 *
 * Neither package's install script needs to run: the addons ship prebuilt for linux-x64, darwin and
 * win32, and `node-gyp-build` finds them at load time. Where none fits, the pure-JS path is used and
 * {@link cryptoBackend} says so (the benchmark prints it).
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { secp256k1 as nobleCurve } from '@noble/curves/secp256k1.js';
import { keccak_256 as nobleKeccak } from '@noble/hashes/sha3.js';

/** Signs a 32-byte digest; writes `r‖s` (64 bytes) into `out` and returns the recovery id (0..3). */
export type EcdsaSign = (digest: Uint8Array, key: Uint8Array, out: Uint8Array) => number;
/** keccak-256 of `data`. */
export type Keccak256 = (data: Uint8Array) => Uint8Array;

/** The pure-JS ECDSA (@noble/curves): deterministic, low-s. */
export const nobleEcdsaSign: EcdsaSign = (digest, key, out) => {
  const rec = nobleCurve.sign(digest, key, { prehash: false, format: 'recovered' });
  out.set(rec.subarray(1, 65));
  return rec[0]!;
};

/** The pure-JS keccak-256 (@noble/hashes). */
export const nobleKeccak256: Keccak256 = (data) => nobleKeccak(data);

const require = createRequire(import.meta.url);

/** The native ECDSA, or undefined when the addon cannot load on this platform. */
export const nativeEcdsaSign: EcdsaSign | undefined = (() => {
  try {
    const lib = require('secp256k1/bindings') as typeof import('secp256k1');
    return (digest, key, out) => lib.ecdsaSign(digest, key, {}, out).recid;
  } catch {
    return undefined;
  }
})();

/** The `keccak` addon's sponge (the shape its package drives). */
interface KeccakSponge {
  initialize(rate: number, capacity: number): void;
  absorb(data: Uint8Array): void;
  absorbLastFewBits(bits: number): void;
  squeeze(length: number): Uint8Array;
}

/** The native keccak-256, or undefined when the addon cannot load on this platform. */
export const nativeKeccak256: Keccak256 | undefined = (() => {
  try {
    const load = require('node-gyp-build') as (dir: string) => unknown;
    const Sponge = load(dirname(require.resolve('keccak/package.json'))) as new () => KeccakSponge;
    if (typeof Sponge !== 'function') return undefined;
    const sponge = new Sponge();
    return (data) => {
      sponge.initialize(1088, 512);
      sponge.absorb(data);
      sponge.absorbLastFewBits(0x01);
      const out = sponge.squeeze(32);
      return new Uint8Array(out.buffer, out.byteOffset, 32);
    };
  } catch {
    return undefined;
  }
})();

/** ECDSA used for signing: native when available. */
export const ecdsaSign: EcdsaSign = nativeEcdsaSign ?? nobleEcdsaSign;
/** keccak-256 used for order hashes: native when available. */
export const keccak256: Keccak256 = nativeKeccak256 ?? nobleKeccak256;

/** Which implementation each primitive uses in this process. */
export const cryptoBackend = {
  ecdsa: nativeEcdsaSign ? 'libsecp256k1 (native)' : '@noble/curves (pure JS)',
  keccak: nativeKeccak256 ? 'keccak (native)' : '@noble/hashes (pure JS)',
} as const;
