/** `venues/uniswap/`: the Uniswap adapter (V2 + V3 swaps from one wallet over JSON-RPC). */

export {
  erc20Abi,
  quoterV2Abi,
  swapRouterAbi,
  v2FactoryAbi,
  v2PairAbi,
  v2RouterAbi,
  v3FactoryAbi,
  v3PoolAbi,
} from './abis.ts';
export { ChainClient, type Fees, type SignedTx, type TxRequest } from './chain-client.ts';
export {
  classifyRevert,
  classifySendError,
  decodeRevertData,
  type RevertClass,
  revertReasonOf,
  type SendClass,
  UniswapCode,
} from './error-classifier.ts';
export { chainGaps, NonceManager, type NonceSource, type NonceState } from './nonce-manager.ts';
export { type SwapShape, shapeOrder } from './order-plan.ts';
export { type PoolInfo, type RouteChoice, RoutePlanner } from './route-planner.ts';
export {
  buyMaxQuote,
  fillPrice,
  MAX_SQRT_RATIO,
  MIN_SQRT_RATIO,
  minusBps,
  plusBps,
  priceFromSqrt,
  sellMinQuote,
  sqrtPriceLimit,
} from './swap-amounts.ts';
export { type BuiltSwap, SwapBuilder } from './swap-builder.ts';
export { decodeSide, fillsFromReceipt } from './swap-decoder.ts';
export {
  type MarketInfo as UniswapMarketInfo,
  marketRules,
  type ResolvedUniswapConfig,
  resolveUniswapConfig,
  type TokenInfo as UniswapTokenInfo,
  type UniswapMarketConfig,
  type UniswapTokenConfig,
  type UniswapVenueConfig,
} from './uniswap-config.ts';
export { createUniswapVenue, UniswapVenue, type UniswapVenueDeps } from './uniswap-venue.ts';
