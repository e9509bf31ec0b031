/**
 * The state and arithmetic of a set of GCRA token buckets: one "theoretical arrival time" per bucket,
 * all-or-nothing spending across linked buckets, wait estimates, and the argument checks for weights and
 * costs. Owned by {@link RateLimiter}; times are ms relative to the limiter's origin.
 */
import { ValidationError } from '../errors/index.ts';
import type { RateCost } from './rate-limiter.ts';
import type { BucketSpec } from './rate-limiter-config.ts';

/** Slack in units when comparing floats, so that a full burst is never refused by a rounding error. */
const EPS_UNITS = 1e-9;

/** Result of {@link GcraBuckets.take} when the amounts were spent. */
export const TAKEN = -1;

/**
 * @internal GCRA buckets. Bucket `i` with emission interval `T = 1000 / refillPerSecond` admits `a` units at
 * `now` when `max(tat, now) + a·T <= now + capacity·T`; `tat` then becomes the left side.
 */
export class GcraBuckets {
  readonly specs: readonly BucketSpec[];
  readonly n: number;
  readonly index: ReadonlyMap<string, number>;
  /** ms per unit, per bucket. */
  readonly iv: Float64Array;
  /** capacity·T plus slack, per bucket. */
  readonly lim: Float64Array;
  /** Theoretical arrival time, per bucket. */
  readonly tat: Float64Array;
  /** The smallest capacity: no single weight above it can ever be admitted. */
  readonly minCap: number;

  constructor(specs: readonly BucketSpec[]) {
    this.specs = specs;
    this.n = specs.length;
    this.index = new Map(specs.map((b, i) => [b.name, i]));
    this.iv = new Float64Array(this.n);
    this.lim = new Float64Array(this.n);
    this.tat = new Float64Array(this.n).fill(Number.NEGATIVE_INFINITY);
    let minCap = Number.POSITIVE_INFINITY;
    specs.forEach((b, i) => {
      const t = 1000 / b.refillPerSecond;
      this.iv[i] = t;
      this.lim[i] = (b.capacity + EPS_UNITS) * t;
      minCap = Math.min(minCap, b.capacity);
    });
    this.minCap = minCap;
  }

  /** Spends `weight` from every bucket if all have room at `now`: {@link TAKEN}, or a blocking bucket. */
  takeWeight(weight: number, now: number): number {
    const { n, tat, iv, lim } = this;
    for (let i = 0; i < n; i++) {
      if (Math.max(tat[i] as number, now) + weight * (iv[i] as number) - now > (lim[i] as number)) return i;
    }
    for (let i = 0; i < n; i++) tat[i] = Math.max(tat[i] as number, now) + weight * (iv[i] as number);
    return TAKEN;
  }

  /** Spends per-bucket amounts `v` all-or-nothing: {@link TAKEN}, or a blocking bucket. */
  take(v: Float64Array, now: number): number {
    const { n, tat, iv, lim } = this;
    for (let i = 0; i < n; i++) {
      const a = v[i] as number;
      if (a !== 0 && Math.max(tat[i] as number, now) + a * (iv[i] as number) - now > (lim[i] as number))
        return i;
    }
    for (let i = 0; i < n; i++) {
      const a = v[i] as number;
      if (a !== 0) tat[i] = Math.max(tat[i] as number, now) + a * (iv[i] as number);
    }
    return TAKEN;
  }

  /** ms until bucket `i` has room for `a` units (<= 0: now). */
  waitOne(i: number, a: number, now: number): number {
    return Math.max(this.tat[i] as number, now) + a * (this.iv[i] as number) - now - (this.lim[i] as number);
  }

  /** The bucket that frees last for `v`, and in how many ms (`bucket` -1 when every one has room). */
  worst(v: Float64Array, now: number): { bucket: number; waitMs: number } {
    let bucket = -1;
    let waitMs = 0;
    for (let i = 0; i < this.n; i++) {
      const a = v[i] as number;
      if (a === 0) continue;
      const w = this.waitOne(i, a, now);
      if (w > waitMs) {
        waitMs = w;
        bucket = i;
      }
    }
    return { bucket, waitMs };
  }

  /** ms until `v` fits in every bucket (0: now). */
  waitFor(v: Float64Array, now: number): number {
    let wait = 0;
    for (let i = 0; i < this.n; i++) {
      const a = v[i] as number;
      if (a !== 0) wait = Math.max(wait, this.waitOne(i, a, now));
    }
    return wait;
  }

  /** Units counted in bucket `i` at `now`. */
  used(i: number, now: number): number {
    const t = this.tat[i] as number;
    return t > now ? (t - now) / (this.iv[i] as number) : 0;
  }

  /** Raises bucket `i`'s usage to `used` units at `now` (never lowers it). */
  raiseUsage(i: number, used: number, now: number): void {
    if (used > this.used(i, now)) this.tat[i] = now + used * (this.iv[i] as number);
  }

  /** Throws {@link ValidationError} unless `weight` is finite, > 0 and fits every bucket's capacity. */
  checkWeight(weight: number): void {
    if (typeof weight !== 'number' || !(weight > 0) || weight === Number.POSITIVE_INFINITY) {
      throw new ValidationError(
        'weight',
        weight,
        'positive',
        `weight must be a finite number > 0 (got ${weight})`,
      );
    }
    if (weight > this.minCap) {
      const b = this.specs.find((s) => s.capacity < weight) as BucketSpec;
      throw new ValidationError(
        'weight',
        weight,
        'capacity',
        `weight ${weight} exceeds the capacity ${b.capacity} of bucket '${b.name}' and can never be admitted`,
      );
    }
  }

  /** A checked weight as a per-bucket vector. */
  weightVector(weight: number): Float64Array {
    this.checkWeight(weight);
    return new Float64Array(this.n).fill(weight);
  }

  /** A checked cost as a per-bucket vector written into `out` (missing buckets = 0). */
  costVector(cost: RateCost, out: Float64Array): Float64Array {
    if (typeof cost !== 'object' || cost === null) throw new ValidationError('cost', cost, 'object');
    out.fill(0);
    for (const name in cost) {
      const i = this.index.get(name);
      const a = cost[name];
      if (i === undefined)
        throw new ValidationError('cost', name, 'known', `unknown bucket "${name}" in cost`);
      if (typeof a !== 'number' || !(a >= 0) || a === Number.POSITIVE_INFINITY) {
        throw new ValidationError(
          `cost.${name}`,
          a,
          'nonNegative',
          `cost.${name} must be a finite number >= 0`,
        );
      }
      const cap = (this.specs[i] as BucketSpec).capacity;
      if (a > cap) {
        throw new ValidationError(
          `cost.${name}`,
          a,
          'capacity',
          `cost.${name} ${a} exceeds the capacity ${cap} of bucket '${name}' and can never be admitted`,
        );
      }
      out[i] = a;
    }
    return out;
  }
}
