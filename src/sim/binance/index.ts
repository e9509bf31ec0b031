/**
 * `sim/binance/`: a loopback simulator of the Binance Spot REST API `/api/v3` (HMAC request signing,
 * timestamp / recvWindow, symbol filters, balances, matching on `sim/matching` with a seeded liquidity
 * maker, the venue's reply shapes and error codes, request weight and order-count limits with 429 / 418)
 * and of its WebSocket API user data stream, with fault injection and its command. Imports only
 * `domain/`, `sim/matching/`, `sim/seeded-random.ts` and npm packages.
 */

export { type BinanceSim, type BinanceSimOptions, startBinanceSim } from './binance-sim.ts';
export { runBinanceSimCommand } from './command.ts';
export { BinanceApiError, MSG } from './errors.ts';
export type { LiquidityMakerOptions } from './liquidity-maker.ts';
export { hmacHex, restPayload, signatureMatches, stripSignature, wsPayload } from './signature.ts';
export type { ApiCredentials, BinanceSimAdmin } from './sim-admin.ts';
export {
  type ActiveFault,
  FAULT_KINDS,
  type FaultKind,
  type FaultSpec,
  ORDER_ROUTES,
  parseFaultSpec,
} from './sim-faults.ts';
export type { BinanceRateLimitOptions, RateLimitInfo } from './sim-rate-limits.ts';
export { DEFAULT_SYMBOLS, type SymbolSpec, type SymbolStatus } from './symbols.ts';
export { type StreamTimingOptions, WS_API_PATH } from './user-stream.ts';
