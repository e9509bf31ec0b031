/**
 * MaxNotionalPerOrder: price × size of one order must stay within `max_notional`. Market orders are valued at
 * the reference price (their worst price when there is none); an order with no price at all is refused.
 */
import { type Decimal, fmt, ONE } from '../../domain/index.ts';
import type { PolicyViolation } from '../../errors/index.ts';
import type { PolicyUsage, RiskContext, RiskOrder } from '../risk-context.ts';
import { fmtProduct, orderValuationPrice, unpricedViolation } from '../risk-math.ts';
import type { PolicyDefinition, RiskPolicy } from '../risk-policy.ts';

/** Settings of a {@link MaxNotionalPerOrder}. */
export interface MaxNotionalPerOrderOptions {
  /** Largest price × size of one order, in the quote currency. */
  readonly maxNotional: Decimal;
}

/** Limits the notional (price × size, exact) of each order. */
export class MaxNotionalPerOrder implements RiskPolicy {
  readonly type = 'MaxNotionalPerOrder';
  private readonly maxNotional: Decimal;
  private readonly maxRaw: bigint;

  constructor(opts: MaxNotionalPerOrderOptions) {
    this.maxNotional = opts.maxNotional;
    this.maxRaw = opts.maxNotional * ONE;
  }

  evaluate(order: RiskOrder, ctx: RiskContext, out: PolicyViolation[]): void {
    const price = orderValuationPrice(order, ctx);
    if (price === undefined) {
      out.push(unpricedViolation(this.type, order.market, this.maxNotional));
      return;
    }
    const notional = price * order.size;
    if (notional > this.maxRaw) {
      out.push({
        policy: this.type,
        reason: 'order notional exceeds the limit',
        limit: fmt(this.maxNotional),
        actual: fmtProduct(notional),
      });
    }
  }

  describe(): string {
    return `MaxNotionalPerOrder: each order's price × size <= ${fmt(this.maxNotional)} (market orders at the reference price)`;
  }

  usage(_ctx: RiskContext): PolicyUsage {
    return { policy: this.type, limit: fmt(this.maxNotional), current: 'per order' };
  }
}

/** YAML definition of {@link MaxNotionalPerOrder}. */
export const maxNotionalPerOrderDefinition: PolicyDefinition = {
  type: 'MaxNotionalPerOrder',
  summary: 'Price × size of one order (market orders valued at the reference price).',
  fields: { max_notional: { kind: 'decimal', required: true, doc: 'largest price × size of one order' } },
  create: (f) => new MaxNotionalPerOrder({ maxNotional: f.decimal('max_notional') }),
};
