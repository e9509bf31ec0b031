/** MaxOrderSize: no single order may be larger than `max_size`. */
import { type Decimal, fmt } from '../../domain/index.ts';
import type { PolicyViolation } from '../../errors/index.ts';
import type { PolicyUsage, RiskContext, RiskOrder } from '../risk-context.ts';
import type { PolicyDefinition, RiskPolicy } from '../risk-policy.ts';

/** Settings of a {@link MaxOrderSize}. */
export interface MaxOrderSizeOptions {
  /** Largest size of one order. */
  readonly maxSize: Decimal;
}

/** Refuses any order whose size exceeds `maxSize` (an order of exactly `maxSize` passes). */
export class MaxOrderSize implements RiskPolicy {
  readonly type = 'MaxOrderSize';
  private readonly maxSize: Decimal;

  constructor(opts: MaxOrderSizeOptions) {
    this.maxSize = opts.maxSize;
  }

  evaluate(order: RiskOrder, _ctx: RiskContext, out: PolicyViolation[]): void {
    if (order.size > this.maxSize) {
      out.push({
        policy: this.type,
        reason: 'order size exceeds the limit',
        limit: fmt(this.maxSize),
        actual: fmt(order.size),
      });
    }
  }

  describe(): string {
    return `MaxOrderSize: each order's size <= ${fmt(this.maxSize)}`;
  }

  usage(_ctx: RiskContext): PolicyUsage {
    return { policy: this.type, limit: fmt(this.maxSize), current: 'per order' };
  }
}

/** YAML definition of {@link MaxOrderSize}. */
export const maxOrderSizeDefinition: PolicyDefinition = {
  type: 'MaxOrderSize',
  summary: 'Size of one order.',
  fields: { max_size: { kind: 'decimal', required: true, doc: 'largest size of one order' } },
  create: (f) => new MaxOrderSize({ maxSize: f.decimal('max_size') }),
};
