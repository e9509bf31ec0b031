/**
 * `sim/polymarket/`: a loopback simulator of the Polymarket CLOB V2 REST API (L1 / L2 auth, EIP-712 V2
 * order verification, market rules, balances, matching on `sim/matching`, venue reply shapes and
 * pagination), its user WebSocket channel, rate limits, heartbeats and fault injection, and its command.
 * Imports only `domain/`, `sim/matching/` and npm packages.
 */
export { runPolymarketSimCommand } from './command.ts';
export {
  CLOB_AUTH_MESSAGE,
  EXCHANGE_V2,
  l2Signature,
  NEG_RISK_EXCHANGE_V2,
  orderDigest,
  PUSD_COLLATERAL,
  recoverAuthSigner,
  recoverDigestSigner,
  type SignedOrderFields,
} from './eip712.ts';
export { type ParsedEnvelope, type PolyOrderType, parseEnvelope } from './order-payload.ts';
export { END_CURSOR, INITIAL_CURSOR } from './pagination.ts';
export {
  DEFAULT_MARKETS,
  type PolymarketSim,
  type PolymarketSimOptions,
  startPolymarketSim,
} from './polymarket-sim.ts';
export type { SimAdmin } from './sim-admin.ts';
export {
  type ActiveFault,
  FAULT_KINDS,
  type FaultKind,
  type FaultSpec,
  ORDER_ROUTES,
  parseFaultSpec,
} from './sim-faults.ts';
export {
  DEFAULT_ROUTE_LIMITS,
  DEFAULT_SIGNER_CANCELS,
  DEFAULT_SIGNER_ORDERS,
  type RateBucketSpec,
  type SimRateLimitOptions,
} from './sim-rate-limits.ts';
export type { ApiKeyRecord, Funding, SimMarketSpec } from './sim-state.ts';
export { USER_CHANNEL_PATH, WS_AUTH_CLOSE } from './user-channel.ts';
