/**
 * Fast deterministic secp256k1 ECDSA signing for Ethereum digests: RFC 6979 nonces (HMAC-SHA256 from
 * node:crypto), a fixed-base comb multiplication `k·G` over a precomputed table of affine multiples of G
 * (32 windows of 8 bits, built once, lazily: ~8k points), Jacobian mixed additions with a dedicated
 * reduction modulo p = 2^256 - 2^32 - 977, and low-s normalisation. Output equals @noble/curves'
 * `sign(digest, key, { prehash: false, lowS: true })` (a property test checks it).
 *
 * Timing: JavaScript bigint arithmetic is not constant-time, and a zero window digit skips its
 * addition; this leaks at most coarse timing of the nonce, in a process that only signs its own orders.
 */
import { createHmac } from 'node:crypto';
import { secp256k1 } from '@noble/curves/secp256k1.js';

const P = 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn;
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const HALF_N = N >> 1n;
const MASK = (1n << 256n) - 1n;
const FOLD = (1n << 32n) + 977n;

/** x mod p for 0 <= x < 8p. */
function small(x: bigint): bigint {
  while (x >= P) x -= P;
  return x;
}

/** x mod p for 0 <= x < 2^512. */
function red(x: bigint): bigint {
  x = (x & MASK) + (x >> 256n) * FOLD;
  x = (x & MASK) + (x >> 256n) * FOLD;
  return x >= P ? x - P : x;
}

function invert(a: bigint, m: bigint): bigint {
  let b = m;
  let x = 0n;
  let u = 1n;
  a %= m;
  while (a !== 0n) {
    const q = b / a;
    const r = b - a * q;
    const t = x - u * q;
    b = a;
    a = r;
    x = u;
    u = t;
  }
  return x < 0n ? x + m : x;
}

const WINDOWS = 32;
let TABLE_X: bigint[] | undefined;
let TABLE_Y: bigint[] | undefined;

/** Builds the comb table: entry [w·255 + d - 1] = d · 2^(8w) · G, affine, for d in 1..255. */
function buildTable(): void {
  const G = secp256k1.Point.BASE;
  const pts: (typeof G)[] = [];
  let base = G;
  for (let w = 0; w < WINDOWS; w++) {
    let acc = base;
    for (let d = 1; d <= 255; d++) {
      pts.push(acc);
      acc = acc.add(base);
    }
    base = acc; // 256 · base
  }
  // batch normalisation (Montgomery's trick) over the projective Z coordinates
  const zs = pts.map((p) => p.Z);
  const prefix: bigint[] = new Array(zs.length);
  let run = 1n;
  for (let i = 0; i < zs.length; i++) {
    prefix[i] = run;
    run = red(run * zs[i]!);
  }
  let inv = invert(run, P);
  const xs: bigint[] = new Array(zs.length);
  const ys: bigint[] = new Array(zs.length);
  for (let i = zs.length - 1; i >= 0; i--) {
    const zi = red(inv * prefix[i]!);
    inv = red(inv * zs[i]!);
    // noble's points are projective (X/Z, Y/Z)
    xs[i] = red(pts[i]!.X * zi);
    ys[i] = red(pts[i]!.Y * zi);
  }
  TABLE_X = xs;
  TABLE_Y = ys;
}

/** Affine (x, y) of k·G for 0 < k < n given as 64 hex digits. */
function mulG(kHex: string): [bigint, bigint] {
  if (TABLE_X === undefined) buildTable();
  const tx = TABLE_X!;
  const ty = TABLE_Y!;
  let X = 0n;
  let Y = 0n;
  let Z = 0n;
  let started = false;
  for (let w = 0; w < WINDOWS; w++) {
    const d = Number.parseInt(kHex.slice(62 - 2 * w, 64 - 2 * w), 16);
    if (d === 0) continue;
    const x2 = tx[w * 255 + d - 1]!;
    const y2 = ty[w * 255 + d - 1]!;
    if (!started) {
      X = x2;
      Y = y2;
      Z = 1n;
      started = true;
      continue;
    }
    // madd-2007-bl (a = 0); values stay in [0, p)
    const z1z1 = red(Z * Z);
    const u2 = red(x2 * z1z1);
    const s2 = red(y2 * red(Z * z1z1));
    let h = u2 - X;
    if (h < 0n) h += P;
    const hh = red(h * h);
    const i4 = small(hh << 2n);
    const j = red(h * i4);
    let r = s2 - Y;
    if (r < 0n) r += P;
    r = small(r << 1n);
    const v = red(X * i4);
    let x3 = red(r * r) - j - (v << 1n);
    while (x3 < 0n) x3 += P;
    let vx = v - x3;
    if (vx < 0n) vx += P;
    let y3 = red(r * vx) - small(red(Y * j) << 1n);
    if (y3 < 0n) y3 += P;
    let zh = Z + h;
    if (zh >= P) zh -= P;
    let z3 = red(zh * zh) - z1z1 - hh;
    while (z3 < 0n) z3 += P;
    X = x3;
    Y = y3;
    Z = z3;
  }
  const zi = invert(Z, P);
  const zi2 = red(zi * zi);
  return [red(X * zi2), red(Y * red(zi2 * zi))];
}

const ZEROS = Buffer.alloc(32, 0);
const ONES = Buffer.alloc(32, 1);
const B00 = Buffer.from([0]);
const B01 = Buffer.from([1]);

function hmac(key: Buffer, ...parts: Buffer[]): Buffer {
  const h = createHmac('sha256', key);
  for (const p of parts) h.update(p);
  return h.digest();
}

function toBuffer32(x: bigint): Buffer {
  return Buffer.from(x.toString(16).padStart(64, '0'), 'hex');
}

/** Warms the comb table (≈30 ms, once per process) so the first signature is not slow. */
export function precomputeSigningTable(): void {
  if (TABLE_X === undefined) buildTable();
}

/**
 * Signs a 32-byte digest with a 32-byte private key `d` (as a bigint, 0 < d < n): returns 65 bytes
 * `r‖s‖v`, v = 27 + recovery bit, s <= n/2.
 */
export function signDigest(digest: Uint8Array, d: bigint, dBytes: Buffer): Uint8Array {
  const hashInt = BigInt(`0x${Buffer.from(digest.buffer, digest.byteOffset, 32).toString('hex')}`);
  const h = hashInt >= N ? hashInt - N : hashInt;
  const h1 = toBuffer32(h);
  let K = hmac(ZEROS, ONES, B00, dBytes, h1);
  let V = hmac(K, ONES);
  K = hmac(K, V, B01, dBytes, h1);
  V = hmac(K, V);
  for (;;) {
    V = hmac(K, V);
    const kHex = V.toString('hex');
    const k = BigInt(`0x${kHex}`);
    if (k > 0n && k < N) {
      const [x, y] = mulG(kHex);
      const r = x % N;
      if (r !== 0n) {
        let s = (invert(k, N) * ((h + r * d) % N)) % N;
        if (s !== 0n) {
          let rec = Number(y & 1n) | (x >= N ? 2 : 0);
          if (s > HALF_N) {
            s = N - s;
            rec ^= 1;
          }
          const out = new Uint8Array(65);
          out.set(toBuffer32(r), 0);
          out.set(toBuffer32(s), 32);
          out[64] = 27 + rec;
          return out;
        }
      }
    }
    K = hmac(K, V, B00);
    V = hmac(K, V);
  }
}
