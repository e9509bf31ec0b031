/**
 * Delivery of the paper venue's answers: immediately (an already resolved promise, no timer) when the
 * latency is 0, otherwise after a seeded random delay. Pending answers are delivered at once on close.
 */
import type { SeededRandom } from '../../sim/seeded-random.ts';

/** Simulated one-way latency: a fixed number of ms or a uniform range. */
export type LatencySetting = number | { readonly min: number; readonly max: number };

interface Pending {
  readonly timer: ReturnType<typeof setTimeout>;
  readonly fire: () => void;
}

/** Schedules answers with simulated latency. */
export class ResponseDelay {
  private readonly min: number;
  private readonly max: number;
  private readonly pending = new Set<Pending>();

  constructor(
    latency: LatencySetting,
    private readonly rng: SeededRandom,
  ) {
    const range = typeof latency === 'number' ? { min: latency, max: latency } : latency;
    if (!(range.min >= 0 && range.max >= range.min))
      throw new RangeError('latency must satisfy 0 <= min <= max');
    this.min = range.min;
    this.max = range.max;
  }

  /** The smallest configured latency, ms. */
  get minMs(): number {
    return this.min;
  }

  /** Answers `value` after the simulated latency. */
  answer<T>(value: T): Promise<T> {
    if (this.max === 0) return Promise.resolve(value);
    return this.after(this.draw(), () => value);
  }

  /** Fails with `error` after the simulated latency. */
  fail<T>(error: Error): Promise<T> {
    if (this.max === 0) return Promise.reject(error);
    return this.after(this.draw(), () => {
      throw error;
    });
  }

  /** Runs `produce` after `ms` (plus the simulated latency) and answers with its result. */
  after<T>(ms: number, produce: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const entry: Pending = {
        timer: setTimeout(() => entry.fire(), ms),
        fire: () => {
          clearTimeout(entry.timer);
          if (!this.pending.delete(entry)) return;
          try {
            resolve(produce());
          } catch (e) {
            reject(e);
          }
        },
      };
      this.pending.add(entry);
    });
  }

  /** Delivers every pending answer now. */
  flush(): void {
    for (const p of [...this.pending]) p.fire();
  }

  private draw(): number {
    return this.min === this.max ? this.min : this.min + this.rng.next() * (this.max - this.min);
  }
}
