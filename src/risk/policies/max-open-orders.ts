/**
 * MaxOpenOrders: the number of active orders, counting this one, must stay within `max_orders` in total and
 * within the `per_market` override on the order's market.
 */
import type { PolicyViolation } from '../../errors/index.ts';
import type { PolicyUsage, RiskContext, RiskOrder } from '../risk-context.ts';
import { fmtOverrides } from '../risk-math.ts';
import type { PolicyDefinition, RiskPolicy } from '../risk-policy.ts';

/** Settings of a {@link MaxOpenOrders}. */
export interface MaxOpenOrdersOptions {
  /** Most active orders in total, this one included. */
  readonly maxOrders: number;
  /** Most active orders on one market (by market id), this one included. */
  readonly perMarket?: ReadonlyMap<string, number>;
}

/** Limits the number of active orders (uses the context's counts; never walks the orders). */
export class MaxOpenOrders implements RiskPolicy {
  readonly type = 'MaxOpenOrders';
  readonly replaceScope = 'new-order' as const;
  private readonly maxOrders: number;
  private readonly perMarket: ReadonlyMap<string, number> | undefined;

  constructor(opts: MaxOpenOrdersOptions) {
    this.maxOrders = opts.maxOrders;
    this.perMarket = opts.perMarket !== undefined && opts.perMarket.size > 0 ? opts.perMarket : undefined;
  }

  evaluate(order: RiskOrder, ctx: RiskContext, out: PolicyViolation[]): void {
    const total = ctx.activeOrderCount() + 1;
    if (total > this.maxOrders) {
      out.push({
        policy: this.type,
        reason: 'too many active orders',
        limit: String(this.maxOrders),
        actual: String(total),
      });
    }
    if (this.perMarket !== undefined) {
      const limit = this.perMarket.get(order.market);
      if (limit !== undefined) {
        const onMarket = ctx.openExposure(order.venue, order.market).openOrders + 1;
        if (onMarket > limit) {
          out.push({
            policy: this.type,
            reason: `too many active orders on ${order.market}`,
            limit: String(limit),
            actual: String(onMarket),
          });
        }
      }
    }
  }

  describe(): string {
    const o = fmtOverrides(this.perMarket, String);
    return `MaxOpenOrders: active orders (counting the new one) <= ${this.maxOrders}${o ? `; per market ${o}` : ''}`;
  }

  usage(ctx: RiskContext): PolicyUsage {
    const o = fmtOverrides(this.perMarket, String);
    return {
      policy: this.type,
      limit: `${this.maxOrders}${o ? ` ${o}` : ''}`,
      current: `${ctx.activeOrderCount()} active`,
    };
  }
}

/** YAML definition of {@link MaxOpenOrders}. */
export const maxOpenOrdersDefinition: PolicyDefinition = {
  type: 'MaxOpenOrders',
  summary: 'Number of active orders, in total and optionally per market.',
  fields: {
    max_orders: { kind: 'integer', required: true, doc: 'most active orders in total' },
    per_market: { kind: 'integer-map', required: false, doc: 'most active orders on one market' },
  },
  create: (f) => {
    const perMarket = f.integerMap('per_market');
    const maxOrders = f.integer('max_orders');
    return new MaxOpenOrders(perMarket === undefined ? { maxOrders } : { maxOrders, perMarket });
  },
};
