/**
 * PositionLimit: the net position on one market, after this order and in the worst case (every open order on
 * the order's side fills), must stay within `max_size` (or the market's `per_market` override).
 */
import { abs, type Decimal, fmt, max, Side, sub } from '../../domain/index.ts';
import type { PolicyViolation } from '../../errors/index.ts';
import type { PolicyUsage, RiskContext, RiskOrder } from '../risk-context.ts';
import { fmtOverrides } from '../risk-math.ts';
import type { PolicyDefinition, RiskPolicy } from '../risk-policy.ts';

/** Settings of a {@link PositionLimit}. */
export interface PositionLimitOptions {
  /** Largest absolute net position per market. */
  readonly maxSize: Decimal;
  /** Per-market limits (by market id) replacing `maxSize`. */
  readonly perMarket?: ReadonlyMap<string, Decimal>;
}

/**
 * Limits the absolute net position per market. A buy is checked against `net + open buys + size`, a sell
 * against `net - open sells - size`: an order that moves the position toward flat always passes.
 */
export class PositionLimit implements RiskPolicy {
  readonly type = 'PositionLimit';
  readonly replaceScope = 'exposure' as const;
  private readonly maxSize: Decimal;
  private readonly perMarket: ReadonlyMap<string, Decimal> | undefined;

  constructor(opts: PositionLimitOptions) {
    this.maxSize = opts.maxSize;
    this.perMarket = opts.perMarket !== undefined && opts.perMarket.size > 0 ? opts.perMarket : undefined;
  }

  /** The limit that applies to `market`. */
  limitFor(market: string): Decimal {
    return this.perMarket?.get(market) ?? this.maxSize;
  }

  evaluate(order: RiskOrder, ctx: RiskContext, out: PolicyViolation[]): void {
    const net = ctx.position(order.venue, order.market).netSize;
    const open = ctx.openExposure(order.venue, order.market);
    const limit = this.limitFor(order.market);
    // Worst case in the order's direction: only that bound can be pushed by this order.
    const worst =
      order.side === Side.Buy ? net + open.buySize + order.size : -(net - open.sellSize - order.size);
    if (worst > limit) {
      out.push({
        policy: this.type,
        reason: `position on ${order.market} would exceed the limit`,
        limit: fmt(limit),
        actual: fmt(worst as Decimal),
      });
    }
  }

  describe(): string {
    const o = fmtOverrides(this.perMarket, fmt);
    return `PositionLimit: |net position| per market <= ${fmt(this.maxSize)} after the order, counting open orders on the same side${o ? `; per market ${o}` : ''}`;
  }

  usage(ctx: RiskContext): PolicyUsage {
    // The market closest to its limit, by worst-case size over limit.
    let best = '';
    let bestWorst = 0n;
    let bestLimit = this.maxSize;
    let first = true;
    const consider = (market: string, worst: bigint): void => {
      const limit = this.limitFor(market);
      // Compare worst/limit ratios exactly: worst * bestLimit > bestWorst * limit.
      if (first || worst * bestLimit > bestWorst * limit) {
        first = false;
        best = market;
        bestWorst = worst;
        bestLimit = limit;
      }
    };
    for (const p of ctx.positions()) {
      if (p.netSize === 0n) continue;
      const open = ctx.openExposure(p.venue, p.market);
      consider(p.market, worstOf(p.netSize, open.buySize, open.sellSize));
    }
    for (const e of ctx.openExposures()) {
      const net = ctx.position(e.venue, e.market).netSize;
      if (net === 0n) consider(e.market, worstOf(net, e.exposure.buySize, e.exposure.sellSize));
    }
    const o = fmtOverrides(this.perMarket, fmt);
    return {
      policy: this.type,
      limit: `${fmt(this.maxSize)} per market${o ? ` ${o}` : ''}`,
      current: first ? 'no positions' : `${fmt(bestWorst as Decimal)} on ${best} (limit ${fmt(bestLimit)})`,
    };
  }
}

function worstOf(net: Decimal, buys: Decimal, sells: Decimal): bigint {
  const up = abs((net + buys) as Decimal);
  const down = abs(sub(net, sells));
  return max(up, down);
}

/** YAML definition of {@link PositionLimit}. */
export const positionLimitDefinition: PolicyDefinition = {
  type: 'PositionLimit',
  summary:
    'Absolute net position per market after the order, worst case counting open orders on the same side.',
  fields: {
    max_size: { kind: 'decimal', required: true, doc: 'largest absolute net position per market' },
    per_market: { kind: 'decimal-map', required: false, doc: 'per-market limits replacing max_size' },
  },
  create: (f) => {
    const perMarket = f.decimalMap('per_market');
    return new PositionLimit(
      perMarket === undefined
        ? { maxSize: f.decimal('max_size') }
        : { maxSize: f.decimal('max_size'), perMarket },
    );
  },
};
