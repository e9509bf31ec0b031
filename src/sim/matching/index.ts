/**
 * `sim/matching/`: the price-time-priority matching engine shared by the venue simulators and the paper
 * venue. Imports only `domain/`.
 */
export { bps, tradeFee } from './fees.ts';
export { MatchingEngine } from './matching-engine.ts';
export type {
  AmendRequest,
  DepthLevel,
  DepthSnapshot,
  MatchingEngineOptions,
  MatchResult,
  MatchStatus,
  NewOrder,
  OrderView,
  StpMode,
  Trade,
} from './types.ts';
