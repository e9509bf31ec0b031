/**
 * RoutePlanner: finds each market's pools (V2 pair, V3 pool per fee tier), quotes every candidate for an
 * order (V2 router getAmountsOut / getAmountsIn, QuoterV2 simulated, never sent), values each route's gas
 * in the token that is compared, and picks the best output after gas (or the least input after gas for an
 * exact-output buy). Also builds the router calldata of the chosen route and reads reference prices.
 */
import { encodeFunctionData, type Hex, zeroAddress } from 'viem';
import { type Decimal, type MarketId, min } from '../../domain/index.ts';
import {
  quoterV2Abi,
  swapRouterAbi,
  v2FactoryAbi,
  v2PairAbi,
  v2RouterAbi,
  v3FactoryAbi,
  v3PoolAbi,
} from './abis.ts';
import type { ChainClient } from './chain-client.ts';
import { revertReasonOf } from './error-classifier.ts';
import { fillPrice, MAX_UINT256, priceFromSqrt } from './swap-amounts.ts';

/** Deadline used when only simulating (the gas does not depend on it). */
const FAR_DEADLINE = 1n << 40n;

import type { Address, MarketInfo, ResolvedUniswapConfig } from './uniswap-config.ts';

/** One pool of a market. */
export interface PoolInfo {
  readonly market: MarketId;
  readonly kind: 'v2' | 'v3';
  /** V3 fee tier (hundredths of a bip); 3000 (0.3 %) for V2. */
  readonly fee: number;
  readonly address: Address;
  readonly baseIsToken0: boolean;
}

/** Gas assumed for a V2 single-pair swap when it cannot be simulated (measured 87.5k-132k). */
export const V2_SWAP_GAS = 130_000n;
/** Gas the SwapRouter adds around QuoterV2's pool-only estimate. */
export const V3_ROUTER_OVERHEAD_GAS = 35_000n;

/** What an order asks of a route. */
export interface RouteRequest {
  readonly market: MarketInfo;
  /** `in`: `amount` of tokenIn exactly; `out`: `amount` of tokenOut exactly. */
  readonly exact: 'in' | 'out';
  readonly tokenIn: Address;
  readonly tokenOut: Address;
  readonly amount: bigint;
  /** Only these pools (e.g. only V3 for an IOC with a price limit). */
  readonly kinds: ReadonlySet<'v2' | 'v3'>;
  /** Per-pool V3 price limit (0 = none). */
  readonly sqrtLimit?: (pool: PoolInfo) => bigint;
  /** Gas price used to value gas, wei (a promise lets quotes run while it is fetched). */
  readonly gasPrice: bigint | Promise<bigint>;
}

/** One quoted candidate. */
export interface Quote {
  readonly pool: PoolInfo;
  readonly amountIn: bigint;
  readonly amountOut: bigint;
  readonly gas: bigint;
  /** Gas cost valued in the compared token (out for exact-in, in for exact-out); undefined if unknown. */
  readonly gasInToken?: bigint;
  readonly sqrtLimit: bigint;
  /** The swap itself reverts in simulation on this pool (balance, allowance, price limit...): why. */
  readonly revert?: string;
}

/** The chosen route and why. */
export interface RouteChoice {
  readonly best: Quote;
  readonly quotes: readonly Quote[];
  /** One line: which pool and why, e.g. `v3 fee 500: out 2991.2 after gas vs v2 2985.0, v3/3000 2970.1`. */
  readonly why: string;
}

/** Finds pools, quotes and chooses. */
export class RoutePlanner {
  readonly #chain: ChainClient;
  readonly #cfg: ResolvedUniswapConfig;
  readonly #pools = new Map<MarketId, PoolInfo[]>();

  constructor(chain: ChainClient, cfg: ResolvedUniswapConfig) {
    this.#chain = chain;
    this.#cfg = cfg;
  }

  /** Looks up every configured market's pools on chain (missing pools are left out). */
  async discover(): Promise<void> {
    const c = this.#cfg.contracts;
    for (const m of this.#cfg.markets.values()) {
      const list: PoolInfo[] = [];
      const baseIsToken0 = m.base.address < m.quote.address;
      if (m.v2 && c.v2Factory) {
        const pair = await this.#chain.client.readContract({
          address: c.v2Factory,
          abi: v2FactoryAbi,
          functionName: 'getPair',
          args: [m.base.address, m.quote.address],
        });
        if (pair !== zeroAddress)
          list.push({
            market: m.id,
            kind: 'v2',
            fee: 3000,
            address: pair.toLowerCase() as Address,
            baseIsToken0,
          });
      }
      for (const fee of m.v3Fees) {
        if (!c.v3Factory) break;
        const pool = await this.#chain.client.readContract({
          address: c.v3Factory,
          abi: v3FactoryAbi,
          functionName: 'getPool',
          args: [m.base.address, m.quote.address, fee],
        });
        if (pool !== zeroAddress)
          list.push({ market: m.id, kind: 'v3', fee, address: pool.toLowerCase() as Address, baseIsToken0 });
      }
      this.#pools.set(m.id, list);
    }
  }

  /** The pools of a market. */
  pools(market: MarketId): readonly PoolInfo[] {
    return this.#pools.get(market) ?? [];
  }

  /** The pool of `market` at an address (two markets may trade on the same pool). */
  poolAt(market: MarketId, address: string): PoolInfo | undefined {
    const a = address.toLowerCase();
    return this.pools(market).find((p) => p.address === a);
  }

  /** Routers the candidate pools of a request swap through (approvals are needed on each). */
  routersFor(market: MarketId, kinds: ReadonlySet<'v2' | 'v3'>): Address[] {
    const c = this.#cfg.contracts;
    const out = new Set<Address>();
    for (const p of this.pools(market))
      if (kinds.has(p.kind)) out.add(p.kind === 'v2' ? c.v2Router! : c.swapRouter!);
    return [...out];
  }

  /**
   * Quotes every candidate pool and simulates its swap (for the real gas, and to see it would not revert),
   * then picks the best after gas. `{ revert }` when every quotable pool's swap reverts; undefined when
   * no pool can quote.
   */
  async choose(req: RouteRequest): Promise<RouteChoice | { readonly revert: string } | undefined> {
    const candidates = this.pools(req.market.id).filter((p) => req.kinds.has(p.kind));
    const settled = await Promise.all(candidates.map((p) => this.quote(p, req).catch(() => undefined)));
    const quoted = settled.filter((q): q is Quote => q !== undefined && q.amountIn > 0n && q.amountOut > 0n);
    const quotes = quoted.filter((q) => q.revert === undefined);
    if (quotes.length === 0) return quoted[0] ? { revert: quoted[0].revert! } : undefined;
    const score = (q: Quote): bigint =>
      req.exact === 'in' ? q.amountOut - (q.gasInToken ?? 0n) : -(q.amountIn + (q.gasInToken ?? 0n));
    const sorted = [...quotes].sort((a, b) => {
      const d = score(b) - score(a);
      if (d !== 0n) return d > 0n ? 1 : -1;
      return a.gas < b.gas ? -1 : a.gas > b.gas ? 1 : 0;
    });
    const best = sorted[0]!;
    const tokenOut = req.exact === 'in';
    const dec = tokenOut
      ? req.tokenOut === req.market.base.address
        ? req.market.base.decimals
        : req.market.quote.decimals
      : req.tokenIn === req.market.base.address
        ? req.market.base.decimals
        : req.market.quote.decimals;
    const show = (q: Quote): string => {
      const v = tokenOut ? q.amountOut - (q.gasInToken ?? 0n) : q.amountIn + (q.gasInToken ?? 0n);
      return `${label(q.pool)} ${units(v, dec)}`;
    };
    const unvalued = quotes.some((q) => q.gasInToken === undefined) ? ' (gas not valued: no WETH leg)' : '';
    const why = `${label(best.pool)}: best ${tokenOut ? 'output' : 'input'} after gas ${show(best).split(' ').pop()}${
      sorted.length > 1 ? ` vs ${sorted.slice(1).map(show).join(', ')}` : ''
    }${unvalued}`;
    return { best, quotes: sorted, why };
  }

  /** Quotes one pool for a request and simulates its swap (real gas, or the revert reason). */
  async quote(pool: PoolInfo, req: RouteRequest): Promise<Quote> {
    const c = this.#cfg.contracts;
    let amountIn: bigint;
    let amountOut: bigint;
    let gas: bigint;
    const sqrtLimit = pool.kind === 'v3' ? (req.sqrtLimit?.(pool) ?? 0n) : 0n;
    // the swap simulated with open bounds, alongside the quote: its real gas, or why it would revert
    const simulated = this.simulate(pool, req, sqrtLimit);
    simulated.catch(() => undefined);
    if (pool.kind === 'v2') {
      const path = [req.tokenIn, req.tokenOut] as const;
      if (req.exact === 'in') {
        const amounts = await this.#chain.client.readContract({
          address: c.v2Router!,
          abi: v2RouterAbi,
          functionName: 'getAmountsOut',
          args: [req.amount, [...path]],
        });
        amountIn = req.amount;
        amountOut = amounts[amounts.length - 1]!;
      } else {
        const amounts = await this.#chain.client.readContract({
          address: c.v2Router!,
          abi: v2RouterAbi,
          functionName: 'getAmountsIn',
          args: [req.amount, [...path]],
        });
        amountIn = amounts[0]!;
        amountOut = req.amount;
      }
      gas = V2_SWAP_GAS;
    } else {
      if (req.exact === 'in') {
        const { result } = await this.#chain.client.simulateContract({
          address: c.quoterV2!,
          abi: quoterV2Abi,
          functionName: 'quoteExactInputSingle',
          args: [
            {
              tokenIn: req.tokenIn,
              tokenOut: req.tokenOut,
              amountIn: req.amount,
              fee: pool.fee,
              sqrtPriceLimitX96: sqrtLimit,
            },
          ],
        });
        amountOut = result[0];
        gas = result[3] + V3_ROUTER_OVERHEAD_GAS;
        // with a price limit the pool may take less than offered: ask what it takes for that output
        amountIn = sqrtLimit === 0n ? req.amount : await this.inputFor(pool, req, amountOut, sqrtLimit);
      } else {
        const { result } = await this.#chain.client.simulateContract({
          address: c.quoterV2!,
          abi: quoterV2Abi,
          functionName: 'quoteExactOutputSingle',
          args: [
            {
              tokenIn: req.tokenIn,
              tokenOut: req.tokenOut,
              amount: req.amount,
              fee: pool.fee,
              sqrtPriceLimitX96: sqrtLimit,
            },
          ],
        });
        amountIn = result[0];
        amountOut = req.amount;
        gas = result[3] + V3_ROUTER_OVERHEAD_GAS;
        if (sqrtLimit !== 0n) amountOut = await this.outputFor(pool, req, amountIn, sqrtLimit);
      }
    }
    const sim = await simulated;
    if ('gas' in sim) gas = sim.gas;
    const gasWei = gas * (await req.gasPrice);
    const gasInToken = this.gasIn(req, amountIn, amountOut, gasWei);
    return {
      pool,
      amountIn,
      amountOut,
      gas,
      sqrtLimit,
      ...(gasInToken === undefined ? {} : { gasInToken }),
      ...('revert' in sim ? { revert: sim.revert } : {}),
    };
  }

  /**
   * `eth_estimateGas` of the swap on `pool` with open bounds (no minimum out, no maximum in, a far
   * deadline): the gas it uses, or the revert reason (balance, allowance, price limit) if it cannot run.
   */
  private async simulate(
    pool: PoolInfo,
    req: RouteRequest,
    sqrtLimit: bigint,
  ): Promise<{ readonly gas: bigint } | { readonly revert: string }> {
    const call = this.swapCalldata(pool, {
      exact: req.exact,
      tokenIn: req.tokenIn,
      tokenOut: req.tokenOut,
      amountIn: req.exact === 'in' ? req.amount : MAX_UINT256,
      amountOut: req.exact === 'in' ? 0n : req.amount,
      recipient: this.#chain.address,
      deadline: FAR_DEADLINE,
      sqrtLimit,
    });
    try {
      const gas = await this.#chain.client.estimateGas({
        account: this.#chain.address,
        to: call.to,
        data: call.data,
      });
      return { gas };
    } catch (e) {
      const reason = revertReasonOf(e);
      if (reason === undefined) throw e;
      return { revert: reason };
    }
  }

  private async inputFor(pool: PoolInfo, req: RouteRequest, out: bigint, sqrtLimit: bigint): Promise<bigint> {
    if (out === 0n) return 0n;
    const { result } = await this.#chain.client.simulateContract({
      address: this.#cfg.contracts.quoterV2!,
      abi: quoterV2Abi,
      functionName: 'quoteExactOutputSingle',
      args: [
        {
          tokenIn: req.tokenIn,
          tokenOut: req.tokenOut,
          amount: out,
          fee: pool.fee,
          sqrtPriceLimitX96: sqrtLimit,
        },
      ],
    });
    return min(result[0], req.amount);
  }

  private async outputFor(
    pool: PoolInfo,
    req: RouteRequest,
    amountIn: bigint,
    sqrtLimit: bigint,
  ): Promise<bigint> {
    if (amountIn === 0n) return 0n;
    const { result } = await this.#chain.client.simulateContract({
      address: this.#cfg.contracts.quoterV2!,
      abi: quoterV2Abi,
      functionName: 'quoteExactInputSingle',
      args: [
        {
          tokenIn: req.tokenIn,
          tokenOut: req.tokenOut,
          amountIn,
          fee: pool.fee,
          sqrtPriceLimitX96: sqrtLimit,
        },
      ],
    });
    return min(result[0], req.amount);
  }

  /** Gas in wei valued in the compared token, through the quote's own rate when one side is WETH. */
  private gasIn(req: RouteRequest, amountIn: bigint, amountOut: bigint, gasWei: bigint): bigint | undefined {
    const weth = this.#cfg.contracts.weth;
    const compared = req.exact === 'in' ? req.tokenOut : req.tokenIn;
    if (compared === weth) return gasWei;
    if (amountIn === 0n || amountOut === 0n) return undefined;
    if (req.tokenIn === weth) return (gasWei * amountOut) / amountIn; // compared = out
    if (req.tokenOut === weth) return (gasWei * amountIn + amountOut - 1n) / amountOut; // compared = in
    return undefined;
  }

  /** Calldata of a swap on the chosen pool. */
  swapCalldata(
    pool: PoolInfo,
    p: {
      exact: 'in' | 'out';
      tokenIn: Address;
      tokenOut: Address;
      amountIn: bigint;
      amountOut: bigint;
      recipient: Address;
      deadline: bigint;
      sqrtLimit: bigint;
    },
  ): { to: Address; data: Hex } {
    const c = this.#cfg.contracts;
    if (pool.kind === 'v2') {
      const path = [p.tokenIn, p.tokenOut];
      const data =
        p.exact === 'in'
          ? encodeFunctionData({
              abi: v2RouterAbi,
              functionName: 'swapExactTokensForTokens',
              args: [p.amountIn, p.amountOut, path, p.recipient, p.deadline],
            })
          : encodeFunctionData({
              abi: v2RouterAbi,
              functionName: 'swapTokensForExactTokens',
              args: [p.amountOut, p.amountIn, path, p.recipient, p.deadline],
            });
      return { to: c.v2Router!, data };
    }
    const common = {
      tokenIn: p.tokenIn,
      tokenOut: p.tokenOut,
      fee: pool.fee,
      recipient: p.recipient,
      deadline: p.deadline,
    };
    const data =
      p.exact === 'in'
        ? encodeFunctionData({
            abi: swapRouterAbi,
            functionName: 'exactInputSingle',
            args: [
              {
                ...common,
                amountIn: p.amountIn,
                amountOutMinimum: p.amountOut,
                sqrtPriceLimitX96: p.sqrtLimit,
              },
            ],
          })
        : encodeFunctionData({
            abi: swapRouterAbi,
            functionName: 'exactOutputSingle',
            args: [
              {
                ...common,
                amountOut: p.amountOut,
                amountInMaximum: p.amountIn,
                sqrtPriceLimitX96: p.sqrtLimit,
              },
            ],
          });
    return { to: c.swapRouter!, data };
  }

  /** Mid price of a market from its first pool (V3 slot0 or V2 reserves), rounded down. */
  async midPrice(market: MarketInfo): Promise<Decimal | undefined> {
    const pool = this.pools(market.id)[0];
    if (!pool) return undefined;
    if (pool.kind === 'v3') {
      const slot0 = await this.#chain.client.readContract({
        address: pool.address,
        abi: v3PoolAbi,
        functionName: 'slot0',
      });
      return priceFromSqrt(slot0[0], market.base.decimals, market.quote.decimals, pool.baseIsToken0);
    }
    const [r0, r1] = await this.#chain.client.readContract({
      address: pool.address,
      abi: v2PairAbi,
      functionName: 'getReserves',
    });
    const [rb, rq] = pool.baseIsToken0 ? [r0, r1] : [r1, r0];
    if (rb === 0n) return undefined;
    return fillPrice(rb, rq, market.base.decimals, market.quote.decimals, 'Sell');
  }

  /** Current sqrtPriceX96 of a V3 pool. */
  async sqrtPrice(pool: PoolInfo): Promise<bigint> {
    const slot0 = await this.#chain.client.readContract({
      address: pool.address,
      abi: v3PoolAbi,
      functionName: 'slot0',
    });
    return slot0[0];
  }
}

function label(p: PoolInfo): string {
  return p.kind === 'v2' ? 'v2' : `v3/${p.fee}`;
}

function units(v: bigint, decimals: number): string {
  const neg = v < 0n;
  const a = neg ? -v : v;
  const s = a.toString().padStart(decimals + 1, '0');
  const int = s.slice(0, s.length - decimals);
  const frac = s
    .slice(s.length - decimals)
    .replace(/0+$/, '')
    .slice(0, 6);
  return `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}
