/**
 * The seeded liquidity maker: for every symbol with a reference price it keeps a ladder of resting LIMIT
 * orders on both sides (first level `spreadBps` from the reference, then every `stepBps`), sizes drawn
 * from the seed around `levelNotional` × the symbol's minimum notional. It re-quotes when the reference
 * moves and after each trade it took part in; a new ladder trades at once with user orders it crosses
 * (the market moving through a resting order).
 */

import type { Clock } from '../../domain/index.ts';
import { type Decimal, dec, div, mul, ONE, quantize } from '../../domain/index.ts';
import type { SeededRandom } from '../seeded-random.ts';
import { alnum } from './accounts.ts';
import type { BinanceExchange } from './exchange.ts';
import type { SimSymbol } from './symbols.ts';

/** Shape of the ladder. */
export interface LiquidityMakerOptions {
  /** Levels per side. Default 5. */
  readonly levels?: number;
  /** Distance of the first level from the reference, basis points. Default 5. */
  readonly spreadBps?: number;
  /** Distance between levels, basis points. Default 5. */
  readonly stepBps?: number;
  /** Notional of a level as a multiple of the symbol's minimum notional (±50 %, seeded). Default 1000. */
  readonly levelNotional?: number;
}

const BPS = dec('0.0001');

/** Quotes around the reference prices. */
export class LiquidityMaker {
  private quoting = false;
  private readonly levels: number;
  private readonly spread: Decimal;
  private readonly step: Decimal;
  private readonly notional: number;

  constructor(
    private readonly exchange: BinanceExchange,
    private readonly rng: SeededRandom,
    private readonly clock: Clock,
    opts: LiquidityMakerOptions = {},
  ) {
    this.levels = opts.levels ?? 5;
    this.spread = mul(BPS, dec(opts.spreadBps ?? 5), 'down');
    this.step = mul(BPS, dec(opts.stepBps ?? 5), 'down');
    this.notional = opts.levelNotional ?? 1000;
    exchange.onMakerTraded = (s) => this.requote(s);
  }

  /** Sets the reference price of a symbol and re-quotes it. */
  setPrice(s: SimSymbol, price: Decimal): void {
    if (price <= 0n) throw new Error(`${s.symbol}: price must be positive`);
    this.exchange.refPrice.set(s.symbol, price);
    this.requote(s);
  }

  /** Replaces the ladder of a symbol (nothing when it has no reference price). */
  requote(s: SimSymbol): void {
    if (this.quoting) return;
    const ref = this.exchange.refPrice.get(s.symbol);
    this.quoting = true;
    try {
      this.exchange.cancelMakerOrders(s.symbol);
      if (ref === undefined) return;
      for (let i = 0; i < this.levels; i++) {
        const off = (this.spread + this.step * BigInt(i)) as Decimal;
        const ask = quantize(mul(ref, (ONE + off) as Decimal, 'up'), s.tick, 'ceil');
        const bid = quantize(mul(ref, (ONE - off) as Decimal, 'down'), s.tick, 'floor');
        this.quote(s, 'SELL', ask);
        if (bid > 0n) this.quote(s, 'BUY', bid);
      }
    } finally {
      this.quoting = false;
    }
  }

  private quote(s: SimSymbol, side: 'BUY' | 'SELL', price: Decimal): void {
    const factor = dec((0.5 + this.rng.next()).toFixed(6));
    const notional = mul(mul(s.minNotional, dec(this.notional), 'down'), factor, 'down');
    let qty = quantize(div(notional, price, 'down'), s.step, 'floor');
    if (qty < s.minQty) qty = s.minQty;
    this.exchange.place(
      undefined,
      {
        symbol: s,
        side,
        type: 'LIMIT',
        timeInForce: 'GTC',
        price,
        quantity: qty,
        clientOrderId: alnum(this.rng, 22),
        stp: 'NONE',
      },
      this.clock.now(),
    );
  }
}
