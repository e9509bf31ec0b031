/**
 * Deterministic randomness for the simulators and the paper venue (price walks, latency draws,
 * probabilistic faults, api keys, account keys, trade ids, transaction hashes): a seeded xorshift128+
 * generator, so that one seed gives one run. Not cryptographic.
 */

/** A seeded source of random bytes, uuids and hex strings. Not cryptographic: a simulator only. */
export class SeededRandom {
  private s0: bigint;
  private s1: bigint;

  constructor(seed: number) {
    const mask = (1n << 64n) - 1n;
    let x = BigInt.asUintN(64, BigInt(Math.trunc(seed)) ^ 0x9e3779b97f4a7c15n);
    const next = (): bigint => {
      x = (x + 0x9e3779b97f4a7c15n) & mask;
      let z = x;
      z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & mask;
      z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & mask;
      return z ^ (z >> 31n);
    };
    this.s0 = next();
    this.s1 = next() | 1n;
  }

  /** The next 64 random bits. */
  next64(): bigint {
    const mask = (1n << 64n) - 1n;
    let a = this.s0;
    const b = this.s1;
    this.s0 = b;
    a ^= (a << 23n) & mask;
    a ^= a >> 17n;
    a ^= b ^ (b >> 26n);
    this.s1 = a;
    return (a + b) & mask;
  }

  /** `n` random bytes. */
  bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i += 8) {
      let v = this.next64();
      for (let j = i; j < Math.min(n, i + 8); j++) {
        out[j] = Number(v & 0xffn);
        v >>= 8n;
      }
    }
    return out;
  }

  /** `0x` followed by `2n` lowercase hex digits. */
  hex(n: number): `0x${string}` {
    return `0x${this.bytes(n).toString('hex')}`;
  }

  /** A version-4 shaped uuid. */
  uuid(): string {
    const b = this.bytes(16);
    b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
    b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
    const h = b.toString('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  /** A uniform number in [0, 1) with 53 random bits. */
  next(): number {
    return Number(this.next64() >> 11n) / 2 ** 53;
  }

  /** A uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }
}
