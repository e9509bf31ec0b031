/**
 * DailyLossLimit: the loss since 00:00 UTC (realized PnL since the day's snapshot plus unrealized PnL at
 * reference prices) must stay within `max_loss`. A breach found by `RiskEngine.check` or after a fill halts
 * trading. The realized PnL is snapshotted at the first look of each UTC day (rolled over with the clock).
 */
import { type Clock, type Decimal, divRound, type Fill, fmt, ONE } from '../../domain/index.ts';
import type { PolicyViolation } from '../../errors/index.ts';
import type { PolicyUsage, RiskContext, RiskOrder } from '../risk-context.ts';
import { DAY_MS, startOfUtcDay, utcDayLabel } from '../risk-math.ts';
import type { PolicyDefinition, RiskPolicy } from '../risk-policy.ts';
import { SlotMemo } from '../slot-memo.ts';

/** Settings of a {@link DailyLossLimit}. */
export interface DailyLossLimitOptions {
  /** Largest loss per UTC day (a positive amount in the quote currency). */
  readonly maxLoss: Decimal;
  /** Subtract `Position.fees` (fees paid in the quote currency) from realized PnL (default true). */
  readonly includeFees?: boolean;
  readonly clock: Clock;
}

/**
 * Daily loss limit. Daily PnL = (Σ realized − realized at the start of the UTC day) + Σ unrealized, where
 * unrealized = net × (reference − average entry), rounded down; markets without a reference price count 0.
 * Unrealized PnL counts in full (not since midnight): conservative. Feed every fill through
 * {@link DailyLossLimit.onFill} so that the first fill after midnight is attributed to the new day.
 */
export class DailyLossLimit implements RiskPolicy {
  readonly type = 'DailyLossLimit';
  readonly haltsTrading = true;
  private readonly maxLoss: Decimal;
  /** `maxLoss` at 36 places. */
  private readonly maxLossRaw: bigint;
  private readonly includeFees: boolean;
  private readonly clock: Clock;
  private dayEnd = Number.NEGATIVE_INFINITY;
  private startRealized: bigint = 0n;
  /** Realized PnL seen at the last look (before any fill not yet reported). */
  private lastRealized: bigint | undefined;
  private readonly memo = new SlotMemo();

  constructor(opts: DailyLossLimitOptions) {
    this.maxLoss = opts.maxLoss;
    this.maxLossRaw = opts.maxLoss * ONE;
    this.includeFees = opts.includeFees ?? true;
    this.clock = opts.clock;
  }

  /** Realized PnL at the start of the current UTC day (as snapshotted). */
  get dayStartRealized(): Decimal {
    return this.startRealized as Decimal;
  }

  /** PnL since 00:00 UTC (negative = loss); rolls the day over first when midnight has passed. */
  dailyPnl(ctx: RiskContext): Decimal {
    return this.look(ctx, false);
  }

  evaluate(_order: RiskOrder, ctx: RiskContext, out: PolicyViolation[]): void {
    // -floor(raw / 1e18) > maxLoss exactly when -raw > maxLoss * 1e18: compared without dividing.
    const raw = this.lookRaw(ctx, false);
    if (-raw > this.maxLossRaw) {
      const pnl = toDecimal(raw);
      out.push({
        policy: this.type,
        reason: 'daily loss exceeds the limit',
        limit: fmt(this.maxLoss),
        actual: fmt(-pnl as Decimal),
      });
    }
  }

  /** Takes note of a fill already applied to `ctx` (rolls the day over without counting it in the old day). */
  onFill(_fill: Fill, ctx: RiskContext): void {
    this.look(ctx, true);
  }

  /** A halt reason when the loss limit is breached, else `undefined`. */
  evaluateTradingState(ctx: RiskContext): string | undefined {
    const raw = this.lookRaw(ctx, false);
    if (-raw <= this.maxLossRaw) return undefined;
    const pnl = toDecimal(raw);
    return `DailyLossLimit: daily loss ${fmt(-pnl as Decimal)} exceeds ${fmt(this.maxLoss)} on ${utcDayLabel(this.clock.now())}`;
  }

  describe(): string {
    return `DailyLossLimit: loss since 00:00 UTC (realized${this.includeFees ? ' net of fees' : ''} + unrealized at reference prices) <= ${fmt(this.maxLoss)}; a breach halts trading`;
  }

  usage(ctx: RiskContext): PolicyUsage {
    const pnl = this.look(ctx, false);
    return {
      policy: this.type,
      limit: `${fmt(this.maxLoss)} loss per UTC day`,
      current: `PnL ${fmt(pnl)} on ${utcDayLabel(this.clock.now())}`,
    };
  }

  /** Today's PnL (see {@link lookRaw}) rounded down to 18 places. */
  private look(ctx: RiskContext, afterFill: boolean): Decimal {
    return toDecimal(this.lookRaw(ctx, afterFill));
  }

  /**
   * Computes today's PnL at 36 places (unrealized kept exact); on a new UTC day snapshots realized PnL
   * (before the fill when `afterFill`).
   */
  private lookRaw(ctx: RiskContext, afterFill: boolean): bigint {
    // Per-position terms are memoized on their exact inputs: only changed positions are recomputed.
    const memo = this.memo;
    memo.begin();
    for (const p of ctx.positions()) {
      const net = p.netSize;
      const ref = net === 0n ? -1n : (ctx.referencePrice(p.venue, p.market) ?? -1n);
      if (!memo.hit(p.venue, p.market, p.realizedPnl, p.fees, net, ref, p.avgEntryPrice)) {
        const r = this.includeFees ? p.realizedPnl - p.fees : p.realizedPnl;
        const u = ref < 0n ? 0n : net * (ref - p.avgEntryPrice);
        memo.store(p.venue, p.market, p.realizedPnl, p.fees, net, ref, p.avgEntryPrice, r, u);
      }
    }
    memo.end();
    const realized = memo.total1;
    const unrealizedRaw = memo.total2;
    const now = this.clock.now();
    if (now >= this.dayEnd) {
      this.dayEnd = startOfUtcDay(now) + DAY_MS;
      this.startRealized = afterFill && this.lastRealized !== undefined ? this.lastRealized : realized;
    }
    this.lastRealized = realized;
    return (realized - this.startRealized) * ONE + unrealizedRaw;
  }
}

/** A PnL at 36 places rounded down to a {@link Decimal}. */
function toDecimal(raw: bigint): Decimal {
  return divRound(raw, ONE, 'floor') as Decimal;
}

/** YAML definition of {@link DailyLossLimit}. */
export const dailyLossLimitDefinition: PolicyDefinition = {
  type: 'DailyLossLimit',
  summary: 'Realized + unrealized loss since 00:00 UTC; a breach halts trading.',
  fields: {
    max_loss: { kind: 'decimal', required: true, doc: 'largest loss per UTC day (a positive amount)' },
    include_fees: {
      kind: 'boolean',
      required: false,
      doc: 'count fees paid in the quote currency as loss (default true)',
    },
  },
  create: (f, env) =>
    new DailyLossLimit({
      maxLoss: f.decimal('max_loss'),
      includeFees: f.boolean('include_fees', true),
      clock: env.clock,
    }),
};
