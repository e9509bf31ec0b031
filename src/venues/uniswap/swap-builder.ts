/**
 * SwapBuilder: turns an order into one signed swap transaction. Maps the order (order-plan), approves
 * each candidate router once, quotes and simulates every candidate pool, picks the best after gas, checks
 * the slippage / limit bounds, sets the deadline from the chain's latest block time, takes the next
 * nonce and signs. Refuses, naming the reason, anything that cannot or should not be sent.
 */
import { fmt, min, type Order } from '../../domain/index.ts';
import type { ApprovalBook } from './approvals.ts';
import type { ChainClient, SignedTx } from './chain-client.ts';
import { classifyRevert, UniswapCode } from './error-classifier.ts';
import type { NonceManager } from './nonce-manager.ts';
import { type Refusal, shapeOrder } from './order-plan.ts';
import type { RoutePlanner } from './route-planner.ts';
import { buyMaxQuote, minusBps, plusBps, sellMinQuote, sqrtPriceLimit } from './swap-amounts.ts';
import type { MarketInfo, ResolvedUniswapConfig } from './uniswap-config.ts';

/**
 * Gas a swap may need beyond its simulation: simulated in a block with the same timestamp as the pool's
 * last touch, a swap skips the V2 price-accumulator and V3 oracle writes that it performs when mined a
 * second later (two zero-to-non-zero stores on a fresh V2 pair: ~45k). Unused gas is not charged.
 */
const ORACLE_HEADROOM_GAS = 60_000n;
/** A signed swap, ready to send. */
export interface BuiltSwap {
  readonly kind: 'built';
  readonly market: MarketInfo;
  readonly signed: SignedTx;
  /** Which pool and why. */
  readonly why: string;
}

/** Builds and signs swaps. */
export class SwapBuilder {
  readonly #cfg: ResolvedUniswapConfig;
  readonly #chain: ChainClient;
  readonly #planner: RoutePlanner;
  readonly #nonces: NonceManager;
  readonly #approvals: ApprovalBook;

  constructor(
    cfg: ResolvedUniswapConfig,
    chain: ChainClient,
    planner: RoutePlanner,
    nonces: NonceManager,
    approvals: ApprovalBook,
  ) {
    this.#cfg = cfg;
    this.#chain = chain;
    this.#planner = planner;
    this.#nonces = nonces;
    this.#approvals = approvals;
  }

  /**
   * Builds and signs the swap of an order, or refuses it. `taken()` is asked right before a nonce is
   * allocated: true when the order got its swap meanwhile (a concurrent prepare), so none is signed twice.
   */
  async build(
    order: Readonly<Order>,
    taken: () => boolean,
  ): Promise<Refusal | BuiltSwap | { kind: 'taken' }> {
    const market = this.#cfg.markets.get(order.market);
    if (!market)
      return {
        kind: 'rejected',
        code: UniswapCode.Invalid,
        message: `market ${order.market} is not configured`,
      };
    const shape = shapeOrder(order, market, this.#cfg.slippageBps);
    if ('kind' in shape) return shape;
    const feesP = this.#chain.fees();
    feesP.catch(() => undefined);
    const pools = this.#planner.pools(market.id);
    const useV3Limit = shape.partial && pools.some((p) => p.kind === 'v3');
    const limit = shape.limit;
    const kinds = new Set<'v2' | 'v3'>(useV3Limit ? ['v3'] : ['v2', 'v3']);
    // every router a candidate swaps through may move the input token (once per token and router)
    const routers = this.#planner.routersFor(market.id, kinds);
    if (routers.some((r) => !this.#approvals.has(shape.tokenIn, r))) {
      const refused = this.feeRefusal(await feesP);
      if (refused) return refused;
      for (const router of routers) await this.#approvals.ensure(shape.tokenIn, router);
    }
    const choice = await this.#planner.choose({
      market,
      exact: shape.exact,
      tokenIn: shape.tokenIn,
      tokenOut: shape.tokenOut,
      amount: shape.amount,
      kinds,
      // what the swap is expected to pay per gas: base fee + tip (within the cap), unless the config fixes it
      gasPrice:
        this.#cfg.gasPrice ?? feesP.then((f) => min(f.baseFee + f.maxPriorityFeePerGas, f.maxFeePerGas)),
      ...(useV3Limit && limit !== undefined
        ? {
            sqrtLimit: (p) =>
              sqrtPriceLimit(
                limit,
                order.side,
                p.fee,
                market.base.decimals,
                market.quote.decimals,
                p.baseIsToken0,
              ),
          }
        : {}),
    });
    const fees = await feesP;
    const refused = this.feeRefusal(fees);
    if (refused) return refused;
    if (choice && 'revert' in choice) {
      const c = classifyRevert(choice.revert);
      return { kind: 'rejected', code: c.code, message: `${c.message} (simulated before signing)` };
    }
    if (!choice)
      return {
        kind: 'rejected',
        code: useV3Limit ? UniswapCode.PriceLimit : UniswapCode.NoRoute,
        message: useV3Limit
          ? `nothing can trade within the limit price ${fmt(limit!)} now (every pool is past it)`
          : `no configured pool of ${market.id} can quote this swap`,
      };
    const { best } = choice;
    let amountIn: bigint;
    let amountOut: bigint;
    const q = market.quote.decimals;
    if (useV3Limit) {
      // partial fill allowed: the price limit bounds every unit; the input cap bounds a buy's spend
      amountIn = shape.exact === 'in' ? shape.amount : buyMaxQuote(order.size, limit!, q);
      amountOut = shape.exact === 'in' ? 0n : shape.amount;
    } else if (shape.exact === 'in') {
      amountIn = shape.amount;
      const fromLimit = limit === undefined ? 0n : sellMinQuote(order.size, limit, q);
      amountOut = order.orderType === 'Market' ? minusBps(best.amountOut, shape.slippageBps) : fromLimit;
      if (amountOut < fromLimit) amountOut = fromLimit;
      if (best.amountOut < amountOut)
        return {
          kind: 'rejected',
          code: UniswapCode.Slippage,
          message: `limit price ${fmt(limit!)} not reachable: the best quote (${choice.why}) gives ${best.amountOut} units, at least ${amountOut} needed`,
        };
    } else {
      amountOut = shape.amount;
      const fromLimit = limit === undefined ? undefined : buyMaxQuote(order.size, limit, q);
      amountIn = order.orderType === 'Market' ? plusBps(best.amountIn, shape.slippageBps) : fromLimit!;
      if (fromLimit !== undefined && amountIn > fromLimit) amountIn = fromLimit;
      if (best.amountIn > amountIn)
        return {
          kind: 'rejected',
          code: UniswapCode.Slippage,
          message: `limit price ${fmt(limit!)} not reachable: the best quote (${choice.why}) needs ${best.amountIn} units, at most ${amountIn} allowed`,
        };
    }
    const deadline = fees.timestamp + BigInt(this.#cfg.deadlineSec);
    const call = this.#planner.swapCalldata(best.pool, {
      exact: shape.exact,
      tokenIn: shape.tokenIn,
      tokenOut: shape.tokenOut,
      amountIn,
      amountOut,
      recipient: this.#chain.address,
      deadline,
      sqrtLimit: best.sqrtLimit,
    });
    if (taken()) return { kind: 'taken' };
    const nonce = this.#nonces.allocate(order.id);
    let signed: SignedTx;
    try {
      signed = await this.#chain.sign({
        to: call.to,
        data: call.data,
        gas: (best.gas * 13n) / 10n + ORACLE_HEADROOM_GAS,
        nonce,
        fees: { maxFeePerGas: fees.maxFeePerGas, maxPriorityFeePerGas: fees.maxPriorityFeePerGas },
      });
    } catch (e) {
      this.#nonces.release(nonce);
      throw e;
    }
    return { kind: 'built', market, signed, why: choice.why };
  }

  /** A refusal when the chain's base fee is above the configured cap (the swap would never be mined). */
  private feeRefusal(fees: { readonly baseFee: bigint }): Refusal | undefined {
    if (fees.baseFee <= this.#cfg.maxFeePerGas) return undefined;
    return {
      kind: 'rejected',
      code: UniswapCode.FeeTooLow,
      message: `base fee ${fees.baseFee} wei is above maxFeePerGas ${this.#cfg.maxFeePerGas} wei: the swap would not be mined`,
    };
  }
}
