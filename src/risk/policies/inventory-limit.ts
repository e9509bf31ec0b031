/**
 * InventoryLimit: the total value of inventory across all markets, in the worst case where every open order
 * and this order fill, must stay within `max_value_usd`.
 */
import { type Decimal, fmt, max, ONE, type OpenExposure, Side, ZERO } from '../../domain/index.ts';
import type { PolicyViolation } from '../../errors/index.ts';
import type { PolicyUsage, RiskContext, RiskOrder } from '../risk-context.ts';
import { fmtProduct, unpricedViolation } from '../risk-math.ts';
import type { PolicyDefinition, RiskPolicy } from '../risk-policy.ts';
import { SlotMemo } from '../slot-memo.ts';

/** Settings of an {@link InventoryLimit}. */
export interface InventoryLimitOptions {
  /** Largest total worst-case inventory value (quote currency, taken as USD). */
  readonly maxValueUsd: Decimal;
}

/** Memo key for "no reference price" (prices are never negative). */
const NO_REF = -1n;

/**
 * Limits total inventory value. Per market the worst case is `max(|net + open buys|, |net - open sells|)`
 * (this order added to its side), valued at the reference price; without one, at the order's limit price on
 * the order's own market, else at the position's average entry price, else (flat market) at the notional of
 * the larger side of open orders. An order that cannot be valued at all is refused.
 */
export class InventoryLimit implements RiskPolicy {
  readonly type = 'InventoryLimit';
  readonly replaceScope = 'exposure' as const;
  private readonly maxValue: Decimal;
  private readonly maxRaw: bigint;
  /** Per-market terms of markets with a position. */
  private readonly held = new SlotMemo();
  /** Per-market terms of flat markets with open orders. */
  private readonly flat = new SlotMemo();

  constructor(opts: InventoryLimitOptions) {
    this.maxValue = opts.maxValueUsd;
    this.maxRaw = opts.maxValueUsd * ONE;
  }

  evaluate(order: RiskOrder, ctx: RiskContext, out: PolicyViolation[]): void {
    const total = this.totalRaw(ctx, order);
    if (total === undefined) {
      out.push(unpricedViolation(this.type, order.market, this.maxValue));
    } else if (total > this.maxRaw) {
      out.push({
        policy: this.type,
        reason: 'worst-case inventory value would exceed the limit',
        limit: fmt(this.maxValue),
        actual: fmtProduct(total),
      });
    }
  }

  describe(): string {
    return `InventoryLimit: total worst-case inventory value (|position| + same-direction open orders + the order, at reference prices) <= ${fmt(this.maxValue)} USD`;
  }

  usage(ctx: RiskContext): PolicyUsage {
    return {
      policy: this.type,
      limit: `${fmt(this.maxValue)} USD`,
      current: `${fmtProduct(this.totalRaw(ctx) ?? 0n)} USD`,
    };
  }

  /** Σ worst size × price at 36 places, or `undefined` when the order's own market has no price. */
  private totalRaw(ctx: RiskContext, order?: RiskOrder): bigint | undefined {
    // Each market's term without the order is memoized on its exact inputs; the order's own market is then
    // re-valued with the order and swapped in.
    let ownOpen: OpenExposure | undefined;
    let ownNet = ZERO;
    let ownAvg = ZERO;
    let ownBase = 0n;
    let heldCount = 0;
    const held = this.held;
    held.begin();
    for (const p of ctx.positions()) {
      const net = p.netSize;
      if (net === 0n) continue;
      heldCount++;
      const open = ctx.openExposure(p.venue, p.market);
      const buys = open.buySize;
      const sells = open.sellSize;
      const price = ctx.referencePrice(p.venue, p.market) ?? p.avgEntryPrice;
      if (!held.hit(p.venue, p.market, net, buys, sells, price, 0n)) {
        // With open buys b >= 0 and sells s >= 0: max(|net + b|, |net - s|) = max(net + b, s - net).
        held.store(
          p.venue,
          p.market,
          net,
          buys,
          sells,
          price,
          0n,
          max((net + buys) as Decimal, (sells - net) as Decimal) * price,
          0n,
        );
      }
      if (order !== undefined && p.market === order.market && p.venue === order.venue) {
        ownOpen = open;
        ownNet = net;
        ownAvg = p.avgEntryPrice;
        ownBase = held.last1();
      }
    }
    held.end();
    const flat = this.flat;
    flat.begin();
    for (const e of ctx.openExposures()) {
      // Every non-flat position was walked above: with none, every market is flat.
      if (heldCount > 0 && ctx.position(e.venue, e.market).netSize !== 0n) continue;
      const x = e.exposure;
      const price = ctx.referencePrice(e.venue, e.market) ?? NO_REF;
      if (!flat.hit(e.venue, e.market, x.buySize, x.sellSize, price, x.buyNotional, x.sellNotional)) {
        // Flat market without a reference: the open orders' own notional on the larger side.
        const v =
          price === NO_REF ? max(x.buyNotional, x.sellNotional) * ONE : max(x.buySize, x.sellSize) * price;
        flat.store(e.venue, e.market, x.buySize, x.sellSize, price, x.buyNotional, x.sellNotional, v, 0n);
      }
      if (order !== undefined && e.market === order.market && e.venue === order.venue) {
        ownOpen = x;
        ownNet = ZERO;
        ownAvg = ZERO; // not used for a flat market
        ownBase = flat.last1();
      }
    }
    flat.end();
    const total = held.total1 + flat.total1;
    if (order === undefined) return total;
    if (ownOpen !== undefined) {
      const v = ownMarketValue(ctx, order, ownNet, ownAvg, ownOpen);
      return v === undefined ? undefined : total - ownBase + v;
    }
    const price = ctx.referencePrice(order.venue, order.market) ?? order.price;
    return price === undefined ? undefined : total + order.size * price;
  }
}

/** Worst-case value (36 places) of the order's own market, this order included. */
function ownMarketValue(
  ctx: RiskContext,
  order: RiskOrder,
  net: Decimal,
  avgEntry: Decimal,
  open: OpenExposure,
): bigint | undefined {
  let buys: bigint = open.buySize;
  let sells: bigint = open.sellSize;
  if (order.side === Side.Buy) buys += order.size;
  else sells += order.size;
  const up = net + buys;
  const down = sells - net;
  const worst = max(up as Decimal, down as Decimal);
  if (worst === 0n) return 0n;
  const price =
    ctx.referencePrice(order.venue, order.market) ?? order.price ?? (net !== 0n ? avgEntry : undefined);
  return price === undefined ? undefined : worst * price;
}

/** YAML definition of {@link InventoryLimit}. */
export const inventoryLimitDefinition: PolicyDefinition = {
  type: 'InventoryLimit',
  summary:
    'Total value across all markets of |position| plus same-direction open orders and the order, worst case, at reference prices.',
  fields: {
    max_value_usd: {
      kind: 'decimal',
      required: true,
      doc: 'largest total worst-case inventory value in USD',
    },
  },
  create: (f) => new InventoryLimit({ maxValueUsd: f.decimal('max_value_usd') }),
};
