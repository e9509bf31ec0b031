/**
 * The demo's Binance leg: starts the Binance Spot simulator in process (its seeded liquidity maker quotes
 * BTCUSDT around 60,000), funds a trading account through its admin API, registers a `BinanceVenue`
 * (venue id `binance`, its order-entry limiter built from exchangeInfo) with the engine, and runs a small
 * strategy on BTCUSDT: it takes the maker's quotes (buying and selling in turn) and keeps a bid and an
 * ask of its own resting (LIMIT_MAKER) away from the market.
 */
import {
  add,
  asMarketId,
  type Decimal,
  dec,
  fmt,
  type MarketId,
  type Order,
  OrderStatus,
  sub,
  ZERO,
} from '../domain/index.ts';
import type { ExecutionEngine } from '../engine/index.ts';
import { type BinanceSim, startBinanceSim } from '../sim/binance/index.ts';
import { BinanceVenue } from '../venues/binance/index.ts';

/** The demo's Binance symbol. */
export const DEMO_BINANCE_SYMBOL = 'BTCUSDT';

/** What the Binance leg did, as the venue's ledger tells it. */
export interface BinanceLegSummary {
  url: string;
  /** Our orders at the venue by status (NEW / FILLED / CANCELED / EXPIRED ...). */
  venueOrders: Record<string, number>;
  /** Our trades at the venue. */
  venueTrades: number;
  /** Our net BTC bought by the venue's trades. */
  venueNetSize: string;
}

type Submit = (req: Parameters<ExecutionEngine['submitOrder']>[0]) => Promise<Order | undefined>;

/** The running Binance leg of the demo. */
export class BinanceLeg {
  readonly venueId = 'binance';
  readonly market: MarketId = asMarketId(DEMO_BINANCE_SYMBOL);

  private constructor(
    private readonly sim: BinanceSim,
    readonly venue: BinanceVenue,
    private readonly apiKey: string,
  ) {}

  /** Starts the simulator, funds the account and registers the adapter with the engine. */
  static async start(engine: ExecutionEngine, seed: number): Promise<BinanceLeg> {
    const sim = await startBinanceSim({ port: 0, seed });
    try {
      const creds = sim.admin.createAccount({ USDT: '100000', BTC: '2' });
      const venue = await BinanceVenue.create({
        apiKey: creds.apiKey,
        apiSecret: creds.secret,
        baseUrl: sim.url,
        wsApiUrl: sim.wsUrl,
        venueId: 'binance',
      });
      engine.registerAdapter(venue, venue.orderLimiter);
      return new BinanceLeg(sim, venue, creds.apiKey);
    } catch (e) {
      await sim.close();
      throw e;
    }
  }

  /**
   * The strategy, until `running()` is false: each round it crosses the spread for 0.002 BTC with an IOC
   * limit 0.5 % through the reference price (buying and selling in turn) and re-quotes a bid 1 % below
   * and an ask 1 % above (post-only; the previous quotes are cancelled first).
   */
  async run(
    engine: ExecutionEngine,
    submit: Submit,
    cancel: (id: string) => Promise<unknown>,
    running: () => boolean,
    sleep: (ms: number) => Promise<unknown>,
  ): Promise<void> {
    const venue = this.venueId;
    const market = DEMO_BINANCE_SYMBOL;
    const at = (ref: Decimal, bps: bigint): string => {
      const p = (ref * (10_000n + bps)) / 10_000n;
      return fmt((p - (p % dec('0.01'))) as Decimal);
    };
    let quotes: Order[] = [];
    let round = 0;
    while (running()) {
      const ref = this.venue.referencePrice(this.market) ?? dec(60_000);
      const buy = round++ % 2 === 0;
      await submit({
        venue,
        market,
        side: buy ? 'Buy' : 'Sell',
        price: at(ref, buy ? 50n : -50n),
        size: '0.002',
        timeInForce: 'IOC',
        strategy: 'bn-taker',
      });
      for (const q of quotes) {
        const s = engine.getStatus(q.id).status;
        if (s === OrderStatus.Working || s === OrderStatus.PartiallyFilled) await cancel(q.id);
      }
      const quote = (side: 'Buy' | 'Sell', price: string) =>
        submit({ venue, market, side, orderType: 'PostOnly', price, size: '0.001', strategy: 'bn-maker' });
      quotes = [await quote('Buy', at(ref, -100n)), await quote('Sell', at(ref, 100n))].filter(
        (o): o is Order => o !== undefined,
      );
      await sleep(1000);
    }
  }

  /** Our orders, trades and net BTC as the venue's ledger records them. */
  ledgerSummary(): BinanceLegSummary {
    const ledger = this.sim.admin.ledger() as {
      orders: { apiKey?: string; status: string }[];
      trades: { apiKey?: string; isBuyer: boolean; qty: string }[];
    };
    const venueOrders: Record<string, number> = {};
    for (const o of ledger.orders)
      if (o.apiKey === this.apiKey) venueOrders[o.status] = (venueOrders[o.status] ?? 0) + 1;
    let net: Decimal = ZERO;
    let trades = 0;
    for (const t of ledger.trades) {
      if (t.apiKey !== this.apiKey) continue;
      trades++;
      net = t.isBuyer ? add(net, dec(t.qty)) : sub(net, dec(t.qty));
    }
    return { url: this.sim.url, venueOrders, venueTrades: trades, venueNetSize: fmt(net) };
  }

  /** Stops the simulator (the engine closes the adapter). */
  async close(): Promise<void> {
    await this.sim.close();
  }
}
