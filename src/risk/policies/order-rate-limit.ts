/**
 * OrderRateLimit: at most `max_orders` accepted orders in any sliding window of `interval_ms`, timed with the
 * injected clock. Only orders that passed every check (`RiskEngine.check`) are counted. A modification of a
 * live order (`RiskEngine.checkReplace`) is neither checked nor counted: it is not a new order, and the
 * request rate towards the venue is the venue rate limiter's job, so a burst of amendments cannot use up
 * the budget of new (e.g. hedging) orders.
 */
import type { Clock } from '../../domain/index.ts';
import type { PolicyViolation } from '../../errors/index.ts';
import type { PolicyUsage, RiskContext, RiskOrder } from '../risk-context.ts';
import type { PolicyDefinition, RiskPolicy } from '../risk-policy.ts';

/** Settings of an {@link OrderRateLimit}. */
export interface OrderRateLimitOptions {
  /** Most accepted orders per window. */
  readonly maxOrders: number;
  /** Window length in milliseconds. */
  readonly intervalMs: number;
  readonly clock: Clock;
}

/**
 * Sliding-window order rate limit. The times of the last `maxOrders` accepted orders are kept in a ring, so a
 * check is O(1): the order is refused while the oldest of them is less than `intervalMs` old.
 */
export class OrderRateLimit implements RiskPolicy {
  readonly type = 'OrderRateLimit';
  readonly replaceScope = 'new-order' as const;
  private readonly maxOrders: number;
  private readonly intervalMs: number;
  private readonly clock: Clock;
  private readonly times: Float64Array;
  /** Next slot to write; when the ring is full it is also the oldest entry. */
  private head = 0;
  private count = 0;

  constructor(opts: OrderRateLimitOptions) {
    if (!Number.isSafeInteger(opts.maxOrders) || opts.maxOrders < 1)
      throw new RangeError('maxOrders must be a positive integer');
    if (!(opts.intervalMs > 0)) throw new RangeError('intervalMs must be positive');
    this.maxOrders = opts.maxOrders;
    this.intervalMs = opts.intervalMs;
    this.clock = opts.clock;
    this.times = new Float64Array(opts.maxOrders);
  }

  evaluate(_order: RiskOrder, _ctx: RiskContext, out: PolicyViolation[]): void {
    if (this.count < this.maxOrders) return;
    const now = this.clock.now();
    const oldest = this.times[this.head]!;
    if (now - oldest < this.intervalMs) {
      out.push({
        policy: this.type,
        reason: `too many orders in ${this.intervalMs} ms (next allowed in ${Math.ceil(oldest + this.intervalMs - now)} ms)`,
        limit: String(this.maxOrders),
        actual: String(this.maxOrders + 1),
      });
    }
  }

  onAccepted(_order: RiskOrder): void {
    this.times[this.head] = this.clock.now();
    this.head = this.head + 1 === this.maxOrders ? 0 : this.head + 1;
    if (this.count < this.maxOrders) this.count++;
  }

  /** Accepted orders inside the current window. */
  inWindow(): number {
    const now = this.clock.now();
    let n = 0;
    for (let i = 0; i < this.count; i++) if (now - this.times[i]! < this.intervalMs) n++;
    return n;
  }

  describe(): string {
    return `OrderRateLimit: <= ${this.maxOrders} accepted orders in any ${this.intervalMs} ms window`;
  }

  usage(_ctx: RiskContext): PolicyUsage {
    return {
      policy: this.type,
      limit: `${this.maxOrders} per ${this.intervalMs} ms`,
      current: `${this.inWindow()} in the last ${this.intervalMs} ms`,
    };
  }
}

/** YAML definition of {@link OrderRateLimit}. */
export const orderRateLimitDefinition: PolicyDefinition = {
  type: 'OrderRateLimit',
  summary: 'Accepted orders per sliding time window.',
  fields: {
    max_orders: { kind: 'integer', required: true, doc: 'most accepted orders per window', max: 1_000_000 },
    interval_ms: { kind: 'integer', required: true, doc: 'window length in milliseconds' },
  },
  create: (f, env) =>
    new OrderRateLimit({
      maxOrders: f.integer('max_orders'),
      intervalMs: f.integer('interval_ms'),
      clock: env.clock,
    }),
};
