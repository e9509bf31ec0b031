/**
 * DailyNotionalLimit: notional traded since 00:00 UTC (the sum of fill price × size, counted as fills arrive,
 * reset at each UTC midnight by the injected clock), plus the notional of every open order and of this order
 * (worst case: everything fills), must stay within `max_notional`.
 */
import { add, type Clock, type Decimal, type Fill, fmt, mul, ONE, ZERO } from '../../domain/index.ts';
import type { PolicyViolation } from '../../errors/index.ts';
import type { PolicyUsage, RiskContext, RiskOrder } from '../risk-context.ts';
import {
  DAY_MS,
  fmtProduct,
  orderValuationPrice,
  startOfUtcDay,
  unpricedViolation,
  utcDayLabel,
} from '../risk-math.ts';
import type { PolicyDefinition, RiskPolicy } from '../risk-policy.ts';
import { SlotMemo } from '../slot-memo.ts';

/** Settings of a {@link DailyNotionalLimit}. */
export interface DailyNotionalLimitOptions {
  /** Largest notional traded per UTC day, in the quote currency. */
  readonly maxNotional: Decimal;
  readonly clock: Clock;
}

/** Limits the notional traded per UTC day. Feed every fill through {@link DailyNotionalLimit.onFill}. */
export class DailyNotionalLimit implements RiskPolicy {
  readonly type = 'DailyNotionalLimit';
  readonly replaceScope = 'exposure' as const;
  private readonly maxNotional: Decimal;
  private readonly maxRaw: bigint;
  private readonly clock: Clock;
  private dayEnd = Number.NEGATIVE_INFINITY;
  private traded: Decimal = ZERO;
  /** Per-market open notional (buy + sell) at 36 places, memoized on its exact inputs. */
  private readonly open = new SlotMemo();

  constructor(opts: DailyNotionalLimitOptions) {
    this.maxNotional = opts.maxNotional;
    this.maxRaw = opts.maxNotional * ONE;
    this.clock = opts.clock;
  }

  /** Notional filled so far today (UTC). */
  tradedToday(): Decimal {
    this.roll();
    return this.traded;
  }

  evaluate(order: RiskOrder, ctx: RiskContext, out: PolicyViolation[]): void {
    const price = orderValuationPrice(order, ctx);
    if (price === undefined) {
      out.push(unpricedViolation(this.type, order.market, this.maxNotional));
      return;
    }
    const total = this.committedRaw(ctx) + price * order.size;
    if (total > this.maxRaw) {
      out.push({
        policy: this.type,
        reason: 'notional traded today plus open orders and this order would exceed the limit',
        limit: fmt(this.maxNotional),
        actual: fmtProduct(total),
      });
    }
  }

  onFill(fill: Fill, _ctx: RiskContext): void {
    this.roll();
    this.traded = add(this.traded, mul(fill.price, fill.size, 'ceil'));
  }

  describe(): string {
    return `DailyNotionalLimit: notional filled since 00:00 UTC + open orders + the order <= ${fmt(this.maxNotional)}`;
  }

  usage(ctx: RiskContext): PolicyUsage {
    const traded = this.tradedToday();
    return {
      policy: this.type,
      limit: `${fmt(this.maxNotional)} per UTC day`,
      current: `${fmt(traded)} filled on ${utcDayLabel(this.clock.now())}, ${fmtProduct(this.committedRaw(ctx))} with open orders`,
    };
  }

  /** Traded today plus open order notional, at 36 places. */
  private committedRaw(ctx: RiskContext): bigint {
    this.roll();
    const open = this.open;
    open.begin();
    for (const e of ctx.openExposures()) {
      const x = e.exposure;
      if (!open.hit(e.venue, e.market, x.buyNotional, x.sellNotional, 0n, 0n, 0n))
        open.store(
          e.venue,
          e.market,
          x.buyNotional,
          x.sellNotional,
          0n,
          0n,
          0n,
          (x.buyNotional + x.sellNotional) * ONE,
          0n,
        );
    }
    open.end();
    return this.traded * ONE + open.total1;
  }

  private roll(): void {
    const now = this.clock.now();
    if (now < this.dayEnd) return;
    this.dayEnd = startOfUtcDay(now) + DAY_MS;
    this.traded = ZERO;
  }
}

/** YAML definition of {@link DailyNotionalLimit}. */
export const dailyNotionalLimitDefinition: PolicyDefinition = {
  type: 'DailyNotionalLimit',
  summary: 'Notional filled since 00:00 UTC, plus open orders and the order.',
  fields: { max_notional: { kind: 'decimal', required: true, doc: 'largest notional traded per UTC day' } },
  create: (f, env) => new DailyNotionalLimit({ maxNotional: f.decimal('max_notional'), clock: env.clock }),
};
