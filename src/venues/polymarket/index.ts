/** `venues/polymarket/`: Polymarket CLOB V2 order amounts, EIP-712 order signing, auth headers, the REST venue adapter and its user WebSocket channel. */

export { createOrDeriveApiKey } from './api-key.ts';
export {
  type ApiCredentials,
  CLOB_AUTH_DOMAIN_SEPARATOR_137,
  CLOB_AUTH_MESSAGE,
  clobAuthDigest,
  clobAuthDomainSeparator,
  decodeApiSecret,
  type L1Headers,
  L2Authenticator,
  type L2Headers,
  l1Headers,
  l2Signature,
} from './auth-headers.ts';
export { ClobHttp, type ClobHttpOptions, type ClobReply } from './clob-http.ts';
export { END_CURSOR, FIRST_CURSOR, readAllPages } from './clob-pages.ts';
export {
  type IdLookup,
  isFailedTrade,
  type MakerOrderRecord,
  type OpenOrderRecord,
  openOrderReport,
  type TradeRecord,
  tradeFills,
} from './clob-records.ts';
export { EcdsaSigner } from './ecdsa-signer.ts';
export {
  type Classification,
  classifyReply,
  errorText,
  parseRetryAfter,
  RejectCode,
  type ReplyFacts,
  readFailure,
  rejectCodeOf,
} from './error-classifier.ts';
export { checksumAddress } from './hex.ts';
export { MarketCache } from './market-cache.ts';
export {
  type BookLevel,
  type BookSnapshot,
  bookMid,
  feeOf,
  instrumentRules,
  type MarketInfo,
  marketPriceFromBook,
} from './market-info.ts';
export {
  type AmountMode,
  checkPrice,
  limitOrderAmounts,
  MARKET_BUY_TAKER_DECIMALS,
  marketOrderAmounts,
  type OrderAmounts,
  parseTickSize,
  ROUNDING_CONFIG,
  type RoundingConfig,
  TICK_SIZES,
  type TickSize,
} from './order-amounts.ts';
export { buildEnvelope, envelopeType, needsBook, type OrderEnvelope, orderShares } from './order-envelope.ts';
export { OrderIdMap } from './order-id-map.ts';
export {
  AMOY_CHAIN_ID,
  BYTES32_ZERO,
  checkChainId,
  EXCHANGE_DOMAIN_NAME,
  EXCHANGE_DOMAIN_VERSION,
  EXCHANGE_V2_ADDRESS,
  exchangeAddress,
  type LimitOrderParams,
  type MarketOrderParams,
  NEG_RISK_EXCHANGE_V2_ADDRESS,
  ORDER_TYPE_STRING,
  ORDER_TYPEHASH,
  OrderSigner,
  type OrderSignerOptions,
  orderDigest,
  orderDomainSeparator,
  orderJson,
  orderStructHash,
  POLYGON_CHAIN_ID,
  type PolymarketChainId,
  type PolymarketOrderType,
  postOrderBody,
  postOrdersBody,
  SignatureType,
  type SignedOrder,
  type UnsignedOrder,
} from './order-signing.ts';
export {
  deriveWsUrl,
  type PolymarketConfig,
  polymarketConfigFromEnv,
  type ResolvedPolymarketConfig,
  redactConfig,
  resolvePolymarketConfig,
} from './polymarket-config.ts';
export {
  limitConfig,
  POLYMARKET_PUBLISHED_LIMITS,
  type PublishedLimit,
  polymarketRateLimits,
} from './polymarket-rate-limits.ts';
export { type BulkCancelOutcome, MAX_BATCH_ORDERS, PolymarketVenue } from './polymarket-venue.ts';
export { endpointGroup, RequestMeter } from './request-meter.ts';
export { openOrderStatus, placeReplyStatus } from './status-mapping.ts';
export { orderEventRecord, RecentKeys, tradeEventRecord, tradeOrderHashes } from './stream-events.ts';
export {
  DEFAULT_PING_INTERVAL_MS,
  DEFAULT_SILENCE_TIMEOUT_MS,
  DEFAULT_STREAM_BACKOFF,
  type StreamBackoff,
  UserStream,
  type UserStreamOptions,
} from './user-stream.ts';
