/** `venues/binance/`: the Binance Spot adapter (REST `/api/v3` + WebSocket API user data stream). */

export {
  type BinanceConfig,
  binanceConfigFromEnv,
  maskKey,
  type ResolvedBinanceConfig,
  redactConfig as redactBinanceConfig,
  resolveBinanceConfig,
} from './binance-config.ts';
export { BinanceHttp, type BinanceHttpOptions, type BinanceReply, type SignedReply } from './binance-http.ts';
export {
  BINANCE_DEFAULT_LIMITS,
  type BinanceRateLimit,
  binanceRateLimits,
  bucketName,
  endpointWeight,
} from './binance-rate-limits.ts';
export { BinanceVenue, type BinanceVenueOptions } from './binance-venue.ts';
export {
  baseClientId,
  CLIENT_ID_RE,
  ClientIdBook,
  clientIdOf,
  MAX_REPLACEMENTS,
  parseClientId,
} from './client-ids.ts';
export {
  type BinanceClassification,
  BinanceCode,
  binanceError,
  classifyBinanceReply,
  type ReplyFacts as BinanceReplyFacts,
  rejectCode as binanceRejectCode,
} from './error-classifier.ts';
export { applyExecutionReport, type ExecutionReport } from './execution-report.ts';
export type { CancelAllOutcome } from './order-canceller.ts';
export {
  type BinanceOrderRecord,
  type BinanceTradeRecord,
  orderReport as binanceOrderReport,
  orderWire as binanceOrderWire,
} from './order-codec.ts';
export {
  encodeParams,
  encodeRfc3986,
  hmacSha256Hex,
  signRest,
  signWs,
  wsPayload as binanceWsPayload,
} from './signing.ts';
export { binanceOrderStatus } from './status-mapping.ts';
export {
  checkSymbolRules,
  instrumentRulesOf,
  parseSymbolInfo,
  type RuleInput,
  type RuleRefusal,
  type StepRange,
  type SymbolInfo,
  wireDecimal,
} from './symbol-rules.ts';
export type { AssetBalance } from './user-stream.ts';
export { AHEAD_LEEWAY_MS, provesNeverPlaced } from './venue-parts.ts';
