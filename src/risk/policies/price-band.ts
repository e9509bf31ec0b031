/**
 * PriceBand: an order's limit price may deviate from the market's reference price by at most
 * `max_deviation_bps` basis points. Orders without a price, and markets without a reference price, pass.
 */
import { type Decimal, divRound, fmt, ONE, roundTo } from '../../domain/index.ts';
import type { PolicyViolation } from '../../errors/index.ts';
import type { PolicyUsage, RiskContext, RiskOrder } from '../risk-context.ts';
import type { PolicyDefinition, RiskPolicy } from '../risk-policy.ts';

/** Settings of a {@link PriceBand}. */
export interface PriceBandOptions {
  /** Largest deviation from the reference price, in basis points (1 bp = 0.01 %). */
  readonly maxDeviationBps: Decimal;
}

/** 10000 bps per unit, at 18 places: `|p - r| × BPS_RAW` is the deviation in bps × r, at 36 places. */
const BPS_RAW = 10000n * ONE;

/** Refuses limit prices too far from the reference price (compared exactly: |p - r| × 10000 <= bps × r). */
export class PriceBand implements RiskPolicy {
  readonly type = 'PriceBand';
  private readonly maxBps: Decimal;

  constructor(opts: PriceBandOptions) {
    this.maxBps = opts.maxDeviationBps;
  }

  evaluate(order: RiskOrder, ctx: RiskContext, out: PolicyViolation[]): void {
    const price = order.price;
    if (price === undefined) return;
    const ref = ctx.referencePrice(order.venue, order.market);
    if (ref === undefined || ref <= 0n) return;
    let diff: bigint = price - ref;
    if (diff < 0n) diff = -diff;
    // Both sides at 36 places: |p - r| * 10000 * 1e18 vs bps * r.
    const deviation = diff * BPS_RAW;
    if (deviation > this.maxBps * ref) {
      const bps = roundTo(divRound(deviation, ref, 'ceil') as Decimal, 2, 'ceil');
      out.push({
        policy: this.type,
        reason: `deviation of ${fmt(price)} from the reference ${fmt(ref)} in bps`,
        limit: fmt(this.maxBps),
        actual: fmt(bps),
      });
    }
  }

  describe(): string {
    return `PriceBand: limit price within ${fmt(this.maxBps)} bps of the reference price (orders without a price, or on markets without a reference price, pass)`;
  }

  usage(_ctx: RiskContext): PolicyUsage {
    return { policy: this.type, limit: `${fmt(this.maxBps)} bps`, current: 'per order' };
  }
}

/** YAML definition of {@link PriceBand}. */
export const priceBandDefinition: PolicyDefinition = {
  type: 'PriceBand',
  summary: 'Deviation of the limit price from the reference price, in basis points.',
  fields: {
    max_deviation_bps: {
      kind: 'decimal',
      required: true,
      doc: 'largest deviation from the reference price, in bps',
    },
  },
  create: (f) => new PriceBand({ maxDeviationBps: f.decimal('max_deviation_bps') }),
};
