/**
 * How an order maps onto a swap, before any quote: which token goes in, which is exact, the V3 price
 * limit for a Limit IOC, and every refusal of what an AMM cannot honour (post-only, GTC / GTD resting,
 * a limit without a price, a bad slippage override), each naming the field and saying why.
 */
import type { Decimal, Order } from '../../domain/index.ts';
import { UniswapCode } from './error-classifier.ts';
import { parseSlippageBps, sizeUnits } from './swap-amounts.ts';
import { type Address, type MarketInfo, NOTHING_RESTS } from './uniswap-config.ts';

/** The shape of the swap an order becomes. */
export interface SwapShape {
  readonly exact: 'in' | 'out';
  readonly tokenIn: Address;
  readonly tokenOut: Address;
  /** Exact amount: base units sold (exact in) or bought (exact out). */
  readonly amount: bigint;
  readonly slippageBps: number;
  /** Limit IOC: may fill part of the size, bounded by a V3 price limit. */
  readonly partial: boolean;
  readonly limit?: Decimal;
}

/** A refusal before anything is quoted or signed. */
export interface Refusal {
  readonly kind: 'rejected';
  readonly code: string;
  readonly message: string;
}

/**
 * Maps an order to a swap shape, or refuses it. Buy = exact output of `size` base (the input bounded by
 * quote + slippage, or by size × limit); Sell = exact input of `size` base (the output bounded by quote −
 * slippage, or by size × limit).
 */
export function shapeOrder(
  order: Readonly<Order>,
  market: MarketInfo,
  defaultSlippageBps: number,
): SwapShape | Refusal {
  const refuse = (code: string, message: string): Refusal => ({ kind: 'rejected', code, message });
  if (order.orderType === 'PostOnly')
    return refuse(
      UniswapCode.Unsupported,
      'orderType PostOnly is refused: an AMM swap always takes liquidity from the pool, nothing can rest as a maker',
    );
  if (order.timeInForce === 'GTC' || order.timeInForce === 'GTD')
    return refuse(
      UniswapCode.Unsupported,
      `timeInForce ${order.timeInForce} is refused: ${NOTHING_RESTS}; use IOC or FOK`,
    );
  if (order.orderType === 'Limit' && order.price === undefined)
    return refuse(UniswapCode.Invalid, 'price is required for a Limit order');
  if (order.price !== undefined && order.price <= 0n)
    return refuse(UniswapCode.Invalid, 'price must be positive');
  const slippage = parseSlippageBps(order.params?.slippageBps, defaultSlippageBps);
  if (typeof slippage === 'string') return refuse(UniswapCode.Invalid, `params.slippageBps ${slippage}`);
  const amount = sizeUnits(order.size, market.base.decimals);
  if (amount <= 0n)
    return refuse(
      UniswapCode.Invalid,
      `size must be at least one ${market.base.symbol} unit (10^-${market.base.decimals})`,
    );
  const buy = order.side === 'Buy';
  return {
    exact: buy ? 'out' : 'in',
    tokenIn: buy ? market.quote.address : market.base.address,
    tokenOut: buy ? market.base.address : market.quote.address,
    amount,
    slippageBps: slippage,
    partial: order.orderType === 'Limit' && order.timeInForce === 'IOC',
    ...(order.price === undefined ? {} : { limit: order.price }),
  };
}
