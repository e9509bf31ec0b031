/**
 * The demo's Uniswap leg: starts a local chain (anvil with the published Uniswap V2/V3 contracts, seeded
 * pools, a funded trader; `startUniswapChain`), registers the Uniswap adapter (venue id `uniswap`, markets
 * WETH/USD on V2 + V3 0.05 % / 0.3 % and TKN/USD on V2) with the demo's engine, and stages a few swaps
 * through the whole gateway: a market buy (a small size: the cheap V3 0.05 % pool wins), a larger market
 * sell (the deep V2 pair wins, price impact outweighing its higher fee), a limit IOC buy below every pool (refused: nothing trades within its bound),
 * a limit IOC sell below the market (fills by its bound), and a GTC order (refused: nothing rests on a pool).
 * Each swap is reported with the pool chosen and why, its fill and its gas fee.
 */
import { asMarketId, fmt, type MarketId, type Order, toFixed } from '../domain/index.ts';
import type { ExecutionEngine } from '../engine/index.ts';
import { ExecError } from '../errors/index.ts';
import { startUniswapChain, type UniswapChain } from '../sim/uniswap/index.ts';
import { createUniswapVenue, type UniswapVenue } from '../venues/uniswap/index.ts';

/** The demo's Uniswap market. */
export const DEMO_UNISWAP_MARKET = 'WETH/USD';

/** One staged swap and how it ended. */
export interface UniswapSwapReport {
  /** What was asked, e.g. `market buy 1 WETH`. */
  what: string;
  /** Final order status, or `refused` when the gateway refused it before anything was sent. */
  status: string;
  filledSize?: string;
  avgPrice?: string;
  /** Gas paid, in ETH. */
  gasFee?: string;
  txHash?: string;
  /** Which pool and why (the adapter's route choice). */
  route?: string;
  /** For a refusal: the error's class, code and message. */
  refusal?: string;
}

/** What the Uniswap leg did. */
export interface UniswapLegSummary {
  url: string;
  chainId: number;
  /** Milliseconds to start the chain and deploy everything. */
  startupMs: number;
  wallet: string;
  swaps: UniswapSwapReport[];
}

type Request = Parameters<ExecutionEngine['submitOrder']>[0];

/** The running Uniswap leg of the demo. */
export class UniswapLeg {
  readonly venueId = 'uniswap';
  readonly market: MarketId = asMarketId(DEMO_UNISWAP_MARKET);
  readonly swaps: UniswapSwapReport[] = [];
  /** The route of each of our orders, noted while it is in flight (the adapter forgets it once final). */
  readonly #routes = new Map<string, string>();

  private constructor(
    private readonly chain: UniswapChain,
    readonly venue: UniswapVenue,
    engine: ExecutionEngine,
  ) {
    engine.on((e) => {
      if ((e.type === 'order' || e.type === 'fill') && e.order.venue === this.venueId) {
        const route = venue.routeOf(e.order.id);
        if (route !== undefined) this.#routes.set(e.order.id, route);
      }
    });
  }

  /** Starts the local chain and registers the adapter with the engine. */
  static async start(engine: ExecutionEngine): Promise<UniswapLeg> {
    const chain = await startUniswapChain({ accounts: 1 });
    try {
      const venue = await createUniswapVenue({
        venueId: 'uniswap',
        ...chain.adapterOptions(),
        markets: [
          { id: DEMO_UNISWAP_MARKET, base: 'WETH', quote: 'USD', v2: true, v3Fees: [500, 3000] },
          { id: 'TKN/USD', base: 'TKN', quote: 'USD', v2: true },
        ],
        slippageBps: 50,
        pollIntervalMs: 20,
        receiptTimeoutMs: 10_000,
      });
      engine.registerAdapter(venue);
      return new UniswapLeg(chain, venue, engine);
    } catch (e) {
      await chain.stop();
      throw e;
    }
  }

  /** Stages the swaps one after the other; `say` gets one sentence per swap. */
  async run(engine: ExecutionEngine, say: (line: string) => void): Promise<void> {
    const base = { venue: this.venueId, market: DEMO_UNISWAP_MARKET, strategy: 'uniswap' } as const;
    const steps: [string, Request][] = [
      ['market buy 1 WETH', { ...base, side: 'Buy', size: '1' }],
      ['market sell 8 WETH', { ...base, side: 'Sell', size: '8' }],
      [
        'limit IOC buy 1 WETH at 2900',
        { ...base, side: 'Buy', orderType: 'Limit', price: '2900', size: '1', timeInForce: 'IOC' },
      ],
      [
        'limit IOC sell 1 WETH at 2900',
        { ...base, side: 'Sell', orderType: 'Limit', price: '2900', size: '1', timeInForce: 'IOC' },
      ],
      [
        'GTC buy 1 WETH at 2900',
        { ...base, side: 'Buy', orderType: 'Limit', price: '2900', size: '1', timeInForce: 'GTC' },
      ],
    ];
    for (const [what, req] of steps) {
      const r = await this.swap(engine, what, req);
      this.swaps.push(r);
      say(`uniswap: ${describeSwap(r)}`);
    }
  }

  private async swap(engine: ExecutionEngine, what: string, req: Request): Promise<UniswapSwapReport> {
    let order: Order;
    try {
      order = await engine.submitOrder(req);
      if (order.status === 'Submitting') order = await engine.whenSettled(order.id);
    } catch (e) {
      if (!(e instanceof ExecError)) throw e;
      return { what, status: 'refused', refusal: `${e.name} (${e.code}): ${e.message}` };
    }
    const route = this.#routes.get(order.id) ?? this.venue.routeOf(order.id);
    return {
      what,
      status: order.status,
      filledSize: fmt(order.filledSize),
      ...(order.avgFillPrice === undefined ? {} : { avgPrice: toFixed(order.avgFillPrice, 2) }),
      gasFee: fmt(order.fees),
      ...(order.venueOrderId === undefined ? {} : { txHash: order.venueOrderId }),
      ...(route === undefined ? {} : { route }),
    };
  }

  /** What the leg did. */
  summary(): UniswapLegSummary {
    return {
      url: this.chain.url,
      chainId: this.chain.chainId,
      startupMs: Math.round(this.chain.startupMs),
      wallet: this.venue.address,
      swaps: this.swaps,
    };
  }

  /** Stops the chain (the engine closes the adapter; closing it here first is harmless). */
  async close(): Promise<void> {
    await this.venue.close();
    await this.chain.stop();
  }
}

/** One line for a staged swap. */
export function describeSwap(r: UniswapSwapReport): string {
  if (r.status === 'refused')
    return `${r.what}: refused, ${r.refusal ?? ''}${r.route ? ` (${r.route})` : ''}`;
  const fill =
    r.filledSize !== undefined && r.filledSize !== '0'
      ? ` ${r.filledSize} @ ${r.avgPrice ?? '?'}, gas ${r.gasFee ?? '0'} ETH, tx ${short(r.txHash)}`
      : '';
  return `${r.what}: ${r.status}${fill}${r.route ? `; pool ${r.route}` : ''}`;
}

function short(hash: string | undefined): string {
  return hash === undefined ? '?' : `${hash.slice(0, 10)}...`;
}
