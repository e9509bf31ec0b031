/**
 * Fault injection for the paper venue: armed faults fire on the next matching calls (a count) or at
 * random with a seeded probability, so that the engine's handling of refusals and unknown outcomes can
 * be tested deterministically.
 */
import type { SeededRandom } from '../../sim/seeded-random.ts';

/**
 * - `reject`: the next place is refused with code `SIMULATED_REJECT`.
 * - `accept_then_timeout`: the order IS placed; the answer is `unknown` (timeout).
 * - `lost_response`: the order IS placed; after a delay the answer is `unknown` (connection lost) and
 *   the stream events of that placement are lost too (a `connection` down / reconnected pair is sent).
 * - `timeout_before_accept`: the order is NOT placed; the answer is `unknown` (timeout).
 * - `cancel_timeout`: the cancel IS applied; the answer is `unknown` (timeout).
 * - `status_error`: the next status query throws a NetworkError.
 */
export type PaperFaultKind =
  | 'reject'
  | 'accept_then_timeout'
  | 'lost_response'
  | 'timeout_before_accept'
  | 'cancel_timeout'
  | 'status_error';

/** Every fault kind. */
export const PAPER_FAULT_KINDS: readonly PaperFaultKind[] = [
  'reject',
  'accept_then_timeout',
  'lost_response',
  'timeout_before_accept',
  'cancel_timeout',
  'status_error',
];

/** How often a fault fires. */
export interface FaultOptions {
  /** Number of times it fires; default 1, or unlimited when a probability is given. */
  readonly count?: number;
  /** Chance (0..1) that each eligible call triggers it (seeded). Default: always. */
  readonly probability?: number;
  /** Delay of the answer for `lost_response`, ms. Default 50. */
  readonly delayMs?: number;
}

/** A fault that fired. */
export interface FiredFault {
  readonly kind: PaperFaultKind;
  readonly delayMs: number;
}

interface Armed {
  readonly kind: PaperFaultKind;
  remaining: number;
  readonly probability: number | undefined;
  readonly delayMs: number;
}

/** Faults armed on one paper venue. */
export class FaultInjector {
  private armed: Armed[] = [];

  constructor(private readonly rng: SeededRandom) {}

  /** Arms a fault. */
  inject(kind: PaperFaultKind, opts: FaultOptions = {}): void {
    const p = opts.probability;
    if (p !== undefined && !(p >= 0 && p <= 1)) throw new RangeError('probability must be within 0..1');
    const count = opts.count ?? (p === undefined ? 1 : Number.POSITIVE_INFINITY);
    if (!(count > 0)) throw new RangeError('count must be positive');
    this.armed.push({ kind, remaining: count, probability: p, delayMs: opts.delayMs ?? 50 });
  }

  /** Disarms every fault. */
  clear(): void {
    this.armed = [];
  }

  /** True when nothing is armed (the fast path). */
  get idle(): boolean {
    return this.armed.length === 0;
  }

  /** The first armed fault among `kinds` that fires now (consuming one of its count), if any. */
  take(kinds: readonly PaperFaultKind[]): FiredFault | undefined {
    for (let i = 0; i < this.armed.length; i++) {
      const a = this.armed[i] as Armed;
      if (!kinds.includes(a.kind)) continue;
      if (a.probability !== undefined && !this.rng.chance(a.probability)) continue;
      a.remaining--;
      if (a.remaining <= 0) this.armed.splice(i, 1);
      return { kind: a.kind, delayMs: a.delayMs };
    }
    return undefined;
  }
}
