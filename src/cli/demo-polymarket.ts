/**
 * The demo's Polymarket leg: starts the Polymarket CLOB V2 simulator in process, funds a trading account
 * and a liquidity account through its admin API, registers a `PolymarketVenue` (venue id `polymarket`)
 * with the engine, and runs a small strategy on one token: the liquidity account keeps a few resting
 * orders around 0.50 (posted through the venue's own API by a second adapter), and the strategy takes
 * them (buying and selling in turn) and quotes a bid and an ask of its own.
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
import { type PolymarketSim, startPolymarketSim } from '../sim/polymarket/index.ts';
import { directOrder } from '../venues/direct-order.ts';
import { PolymarketVenue, polymarketRateLimits } from '../venues/polymarket/index.ts';

/** The simulated market's YES token (tick 0.01, minimum size 5): one of the simulator's default markets. */
export const DEMO_PM_TOKEN = '71321045679252212594626385532706912750332728571942532289631379312455583992563';

/** What the Polymarket leg did, as the venue's ledger tells it. */
export interface PolymarketLegSummary {
  /** The simulator's URL (loopback, any free port). */
  url: string;
  /** Our orders at the venue by its status (LIVE / MATCHED / CANCELED). */
  venueOrders: Record<string, number>;
  /** Trades at the venue that include one of our orders. */
  venueTrades: number;
  /** Our net position in the token by the venue's trades. */
  venueNetSize: string;
}

type Submit = (req: Parameters<ExecutionEngine['submitOrder']>[0]) => Promise<Order | undefined>;

/** The running Polymarket leg of the demo. */
export class PolymarketLeg {
  readonly venueId = 'polymarket';
  readonly market: MarketId = asMarketId(DEMO_PM_TOKEN);

  private constructor(
    private readonly sim: PolymarketSim,
    readonly venue: PolymarketVenue,
    private readonly lp: PolymarketVenue,
  ) {}

  /** Starts the simulator, funds both accounts and registers the adapter with the engine. */
  static async start(engine: ExecutionEngine, seed: number): Promise<PolymarketLeg> {
    const sim = await startPolymarketSim({ port: 0, seed });
    try {
      const trader = sim.admin.createAccount({ usdc: '2000', tokens: { [DEMO_PM_TOKEN]: '500' } });
      const maker = sim.admin.createAccount({ usdc: '5000', tokens: { [DEMO_PM_TOKEN]: '5000' } });
      const venue = await PolymarketVenue.create({
        host: sim.url,
        wsUrl: sim.wsUrl,
        privateKey: trader.privateKey,
        venueId: 'polymarket',
      });
      const lp = await PolymarketVenue.create({
        host: sim.url,
        privateKey: maker.privateKey,
        venueId: 'polymarket-lp',
        stream: false,
      });
      await venue.prepareMarket(DEMO_PM_TOKEN);
      engine.registerAdapter(venue, polymarketRateLimits().build('polymarket'));
      return new PolymarketLeg(sim, venue, lp);
    } catch (e) {
      await sim.close();
      throw e;
    }
  }

  /** The liquidity account replaces its resting orders: 20 shares at 0.47-0.49 and at 0.51-0.53. */
  async refreshLiquidity(): Promise<void> {
    await this.lp.cancelAll();
    const orders: Order[] = [];
    for (let k = 1; k <= 3; k++) {
      orders.push(directOrder(this.lp, this.market, 'Buy', dec(`0.${50 - k}`), dec(20)));
      orders.push(directOrder(this.lp, this.market, 'Sell', dec(`0.${50 + k}`), dec(20)));
    }
    await this.lp.postOrders(orders);
    await this.venue.fetchBook(DEMO_PM_TOKEN);
  }

  /**
   * The strategy, until `running()` is false: each round the liquidity is refreshed, the strategy
   * crosses the spread for 5 shares (buying and selling in turn) and re-quotes a bid at 0.45 and an
   * ask at 0.55 (post-only; the previous quotes are cancelled first).
   */
  async run(
    engine: ExecutionEngine,
    submit: Submit,
    cancel: (id: string) => Promise<unknown>,
    running: () => boolean,
    sleep: (ms: number) => Promise<unknown>,
  ): Promise<void> {
    const venue = this.venueId;
    const market = DEMO_PM_TOKEN;
    let quotes: Order[] = [];
    let round = 0;
    while (running()) {
      await this.refreshLiquidity().catch(() => undefined);
      const buy = round++ % 2 === 0;
      await submit({
        venue,
        market,
        side: buy ? 'Buy' : 'Sell',
        price: buy ? '0.51' : '0.49',
        size: 5,
        timeInForce: 'IOC',
        strategy: 'pm-taker',
      });
      for (const q of quotes) {
        const s = engine.getStatus(q.id).status;
        if (s === OrderStatus.Working || s === OrderStatus.PartiallyFilled) await cancel(q.id);
      }
      const quote = (side: 'Buy' | 'Sell', price: string) =>
        submit({ venue, market, side, orderType: 'PostOnly', price, size: 5, strategy: 'pm-maker' });
      quotes = [await quote('Buy', '0.45'), await quote('Sell', '0.55')].filter(
        (o): o is Order => o !== undefined,
      );
      await sleep(1200);
    }
  }

  /** Our orders, trades and net position as the venue's ledger records them. */
  ledgerSummary(): PolymarketLegSummary {
    const me = this.venue.makerAddress.toLowerCase();
    const ledger = this.sim.admin.ledger() as {
      orders: { id: string; status: string; side: string; maker_address: string }[];
      trades: {
        side: string;
        size: string;
        maker_address: string;
        maker_orders: { order_id: string; matched_amount: string }[];
      }[];
    };
    const mine = new Map(
      ledger.orders.filter((o) => o.maker_address.toLowerCase() === me).map((o) => [o.id, o]),
    );
    const venueOrders: Record<string, number> = {};
    for (const o of mine.values()) venueOrders[o.status] = (venueOrders[o.status] ?? 0) + 1;
    let net: Decimal = ZERO;
    let trades = 0;
    for (const t of ledger.trades) {
      let ours = false;
      if (t.maker_address.toLowerCase() === me) {
        ours = true;
        net = t.side === 'BUY' ? add(net, dec(t.size)) : sub(net, dec(t.size));
      }
      for (const m of t.maker_orders) {
        const o = mine.get(m.order_id);
        if (o === undefined) continue;
        ours = true;
        const q = dec(m.matched_amount);
        net = o.side === 'BUY' ? add(net, q) : sub(net, q);
      }
      if (ours) trades++;
    }
    return { url: this.sim.url, venueOrders, venueTrades: trades, venueNetSize: fmt(net) };
  }

  /** Stops the liquidity adapter and the simulator (the engine closes the trading adapter). */
  async close(): Promise<void> {
    await this.lp.close();
    await this.sim.close();
  }
}
