/**
 * The paper venue's liquidity maker: a seeded random walk of a reference price per market, and a ladder
 * of resting quotes (its own account) around it so that orders actually fill. Re-quoting can trade with
 * the account's resting orders; every match result is handed back to the venue.
 */
import {
  add,
  type Decimal,
  dec,
  divRound,
  type MarketId,
  max,
  min,
  quantize,
  sub,
} from '../../domain/index.ts';
import type { MatchingEngine, MatchResult } from '../../sim/matching/index.ts';
import type { SeededRandom } from '../../sim/seeded-random.ts';
import type { MarketSpec } from './paper-market.ts';

/** Liquidity maker settings. */
export interface LiquidityOptions {
  /** Quote at all (default true). The reference walk runs either way. */
  readonly enabled: boolean;
  /** Levels per side (default 5). */
  readonly levels?: number;
  /** Size of each quote; default the market's `liquiditySize`. */
  readonly sizePerLevel?: Decimal | string;
  /** Distance of the best quotes from the reference, in ticks (default 1). */
  readonly spreadTicks?: number;
  /** Largest move of one walk step, in bps of the reference (default 10; at least one tick). */
  readonly volatilityBps?: number;
}

/** The owner id of the liquidity maker's orders in the matching engine. */
export const LIQUIDITY_OWNER = 'paper-liquidity';

/** Walks reference prices and keeps a quote ladder around them. */
export class LiquidityMaker {
  private readonly refs = new Map<MarketId, Decimal>();
  private readonly quotes = new Map<MarketId, string[]>();
  private readonly levels: number;
  private readonly spreadTicks: number;
  private readonly volatilityBps: bigint;
  private readonly size: Decimal | undefined;
  private seq = 0;

  constructor(
    private readonly engine: MatchingEngine,
    private readonly markets: ReadonlyMap<MarketId, MarketSpec>,
    private readonly rng: SeededRandom,
    private readonly options: LiquidityOptions,
    private readonly onResult: (r: MatchResult) => void,
  ) {
    this.levels = options.levels ?? 5;
    this.spreadTicks = Math.max(1, options.spreadTicks ?? 1);
    this.volatilityBps = BigInt(Math.max(0, Math.round(options.volatilityBps ?? 10)));
    const s = options.sizePerLevel;
    this.size = s === undefined ? undefined : typeof s === 'string' ? dec(s) : s;
    for (const m of markets.values()) this.refs.set(m.id, m.initialPrice);
  }

  /** Whether quotes are placed. */
  get enabled(): boolean {
    return this.options.enabled;
  }

  /** The current reference price of a market. */
  reference(market: MarketId): Decimal | undefined {
    return this.refs.get(market);
  }

  /** Moves every market's reference by a random whole number of ticks (bounded by volatilityBps). */
  advance(): void {
    for (const m of this.markets.values()) {
      const ref = this.refs.get(m.id) as Decimal;
      const maxTicks = divRound(ref * this.volatilityBps, 10_000n * m.tick, 'down');
      const bound = Number(maxTicks < 1n ? 1n : maxTicks > 1_000_000n ? 1_000_000n : maxTicks);
      const move = BigInt(this.rng.int(-bound, bound));
      this.refs.set(m.id, this.clamp(m, (ref + move * m.tick) as Decimal));
    }
  }

  /** Replaces every market's ladder with a fresh one around the reference. */
  requote(): void {
    if (!this.options.enabled) return;
    for (const m of this.markets.values()) this.requoteMarket(m);
  }

  /** Cancels every quote (used on close). */
  withdraw(): void {
    for (const ids of this.quotes.values()) for (const id of ids) this.engine.cancel(id, 'quote withdrawn');
    this.quotes.clear();
  }

  private requoteMarket(m: MarketSpec): void {
    const old = this.quotes.get(m.id);
    if (old !== undefined) for (const id of old) this.engine.cancel(id, 'requote');
    const ref = this.refs.get(m.id) as Decimal;
    const size = this.quoteSize(m);
    const ids: string[] = [];
    for (let i = 0; i < this.levels; i++) {
      const offset = BigInt(this.spreadTicks + i) * m.tick;
      for (const side of ['Sell', 'Buy'] as const) {
        const price = (side === 'Buy' ? ref - offset : ref + offset) as Decimal;
        if (!this.inBounds(m, price)) continue;
        const r = this.engine.place({
          id: `L-${++this.seq}`,
          owner: LIQUIDITY_OWNER,
          market: m.id,
          side,
          price,
          size,
        });
        if (r.status === 'open' || r.status === 'partially_filled') ids.push(r.orderId);
        if (r.trades.length > 0 || r.cancelledMakers !== undefined) this.onResult(r);
      }
    }
    this.quotes.set(m.id, ids);
  }

  private quoteSize(m: MarketSpec): Decimal {
    const s = quantize(this.size ?? m.liquiditySize, m.step, 'down');
    return max(s, m.minSize ?? m.step);
  }

  private inBounds(m: MarketSpec, p: Decimal): boolean {
    if (p <= 0n) return false;
    if (m.minPrice !== undefined && (m.exclusive ? p <= m.minPrice : p < m.minPrice)) return false;
    if (m.maxPrice !== undefined && (m.exclusive ? p >= m.maxPrice : p > m.maxPrice)) return false;
    return true;
  }

  private clamp(m: MarketSpec, p: Decimal): Decimal {
    const lo = m.minPrice === undefined ? m.tick : m.exclusive ? add(m.minPrice, m.tick) : m.minPrice;
    const hi = m.maxPrice === undefined ? undefined : m.exclusive ? sub(m.maxPrice, m.tick) : m.maxPrice;
    const out = max(p, max(lo, m.tick));
    return hi === undefined ? out : min(out, hi);
  }
}
