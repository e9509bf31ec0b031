/**
 * Turns a mined swap's receipt into fills: one fill per pool Swap event (V2 pair or V3 pool of the
 * order's market) with the real amounts, price = quote / base, and the transaction's gas cost as the fee
 * of the first fill (in ETH, the native asset). Trade ids are `<tx hash>:<log index>`.
 */
import { decodeFunctionData, type Hex, parseEventLogs, type TransactionReceipt } from 'viem';
import {
  asTradeId,
  type Decimal,
  type Fill,
  fromUnits,
  type MarketId,
  type OrderId,
  type Side,
  type VenueId,
  type VenueOrderId,
  ZERO,
} from '../../domain/index.ts';
import { swapRouterAbi, v2PairAbi, v2RouterAbi, v3PoolAbi } from './abis.ts';
import type { PoolInfo } from './route-planner.ts';
import { fillPrice } from './swap-amounts.ts';
import type { MarketInfo } from './uniswap-config.ts';

/** What the decoder needs about the order. */
export interface DecodeContext {
  readonly venue: VenueId;
  readonly orderId: OrderId;
  readonly venueOrderId: VenueOrderId;
  readonly market: MarketInfo;
  readonly side: Side;
  /** The order's market's pool at an address (undefined for any other pool the swap touched). */
  readonly poolAt: (address: string) => PoolInfo | undefined;
  readonly timestamp: number;
}

/** What a mined transaction paid for its gas, ETH (18 decimals). */
export function gasCost(receipt: TransactionReceipt): Decimal {
  return fromUnits(receipt.gasUsed * receipt.effectiveGasPrice, 18);
}

/** The fills of a mined, successful swap transaction. */
export function fillsFromReceipt(receipt: TransactionReceipt, ctx: DecodeContext): Fill[] {
  const fills: Fill[] = [];
  const gasFee = gasCost(receipt);
  const ours = (address: string): PoolInfo | undefined => ctx.poolAt(address);
  const v2 = parseEventLogs({ abi: v2PairAbi, logs: receipt.logs, eventName: 'Swap', strict: true });
  const v3 = parseEventLogs({ abi: v3PoolAbi, logs: receipt.logs, eventName: 'Swap', strict: true });
  const found: Array<{ logIndex: number; base: bigint; quote: bigint }> = [];
  for (const log of v2) {
    const pool = ours(log.address);
    if (pool?.kind !== 'v2') continue;
    const a = log.args;
    const [baseIn, baseOut, quoteIn, quoteOut] = pool.baseIsToken0
      ? [a.amount0In, a.amount0Out, a.amount1In, a.amount1Out]
      : [a.amount1In, a.amount1Out, a.amount0In, a.amount0Out];
    const [base, quote] =
      ctx.side === 'Buy' ? [baseOut - baseIn, quoteIn - quoteOut] : [baseIn - baseOut, quoteOut - quoteIn];
    found.push({ logIndex: log.logIndex, base, quote });
  }
  for (const log of v3) {
    const pool = ours(log.address);
    if (pool?.kind !== 'v3') continue;
    // positive = what the pool received
    const [b, q] = pool.baseIsToken0
      ? [log.args.amount0, log.args.amount1]
      : [log.args.amount1, log.args.amount0];
    const [base, quote] = ctx.side === 'Buy' ? [-b, q] : [b, -q];
    found.push({ logIndex: log.logIndex, base, quote });
  }
  found.sort((x, y) => x.logIndex - y.logIndex);
  for (const f of found) {
    if (f.base <= 0n) continue;
    const { base: bt, quote: qt } = ctx.market;
    fills.push({
      orderId: ctx.orderId,
      venue: ctx.venue,
      market: ctx.market.id as MarketId,
      tradeId: asTradeId(`${receipt.transactionHash}:${f.logIndex}`),
      side: ctx.side,
      price: fillPrice(f.base, f.quote, bt.decimals, qt.decimals, ctx.side),
      size: fromUnits(f.base, bt.decimals),
      fee: fills.length === 0 ? gasFee : ZERO,
      feeAsset: 'ETH',
      liquidity: 'taker',
      venueOrderId: ctx.venueOrderId,
      timestamp: ctx.timestamp,
    });
  }
  return fills;
}

/** Total size and volume-weighted price of fills (price rounded against the trader). */
export function summarise(fills: readonly Fill[], side: Side): { filled: Decimal; avg?: Decimal } {
  let size = 0n;
  let notional = 0n;
  for (const f of fills) {
    size += f.size;
    notional += f.size * f.price;
  }
  if (size === 0n) return { filled: ZERO };
  const q = notional / size;
  const avg = side === 'Buy' && q * size < notional ? q + 1n : q;
  return { filled: size as Decimal, avg: avg as Decimal };
}

/** Side and size of a swap from its router calldata (for an order adopted by its hash). */
export function decodeSide(input: Hex, m: MarketInfo): { side: Side; size: Decimal } | undefined {
  const base = m.base.address;
  try {
    const v2 = decodeFunctionData({ abi: v2RouterAbi, data: input });
    const args = v2.args as readonly unknown[];
    const path = (args[2] as readonly string[]).map((a) => a.toLowerCase());
    if (v2.functionName === 'swapExactTokensForTokens')
      return path[0] === base
        ? { side: 'Sell', size: fromUnits(args[0] as bigint, m.base.decimals) }
        : undefined;
    if (v2.functionName === 'swapTokensForExactTokens')
      return path[path.length - 1] === base
        ? { side: 'Buy', size: fromUnits(args[0] as bigint, m.base.decimals) }
        : undefined;
  } catch {
    // not a V2 router call
  }
  try {
    const v3 = decodeFunctionData({ abi: swapRouterAbi, data: input });
    const p = v3.args[0] as { tokenIn: string; tokenOut: string; amountIn?: bigint; amountOut?: bigint };
    if (v3.functionName === 'exactInputSingle' && p.tokenIn.toLowerCase() === base)
      return { side: 'Sell', size: fromUnits(p.amountIn!, m.base.decimals) };
    if (v3.functionName === 'exactOutputSingle' && p.tokenOut.toLowerCase() === base)
      return { side: 'Buy', size: fromUnits(p.amountOut!, m.base.decimals) };
  } catch {
    // not a SwapRouter call
  }
  return undefined;
}
