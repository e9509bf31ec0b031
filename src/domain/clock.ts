/**
 * Time as a dependency: every module that needs "now" takes a {@link Clock}, so tests can drive time.
 */

/** A source of time in milliseconds since the epoch (may be fractional for sub-ms precision). */
export interface Clock {
  now(): number;
}

/** The wall clock (Date.now). */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to: for deterministic tests. */
export class ManualClock implements Clock {
  constructor(private t = 0) {}
  now(): number {
    return this.t;
  }
  /** Moves time forward by `ms`. */
  advance(ms: number): void {
    this.t += ms;
  }
  /** Sets the time. */
  set(ms: number): void {
    this.t = ms;
  }
}
