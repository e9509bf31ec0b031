/**
 * `risk/`: pre-trade risk. {@link RiskEngine} with policies loaded from YAML, one file per policy type under
 * `policies/`, and the trading state (ACTIVE / REDUCING / HALTED).
 */
export {
  DailyLossLimit,
  type DailyLossLimitOptions,
  dailyLossLimitDefinition,
} from './policies/daily-loss-limit.ts';
export {
  DailyNotionalLimit,
  type DailyNotionalLimitOptions,
  dailyNotionalLimitDefinition,
} from './policies/daily-notional-limit.ts';
export {
  InventoryLimit,
  type InventoryLimitOptions,
  inventoryLimitDefinition,
} from './policies/inventory-limit.ts';
export { MarketFilter, type MarketFilterOptions, marketFilterDefinition } from './policies/market-filter.ts';
export {
  MaxNotionalPerOrder,
  type MaxNotionalPerOrderOptions,
  maxNotionalPerOrderDefinition,
} from './policies/max-notional-per-order.ts';
export {
  MaxOpenOrders,
  type MaxOpenOrdersOptions,
  maxOpenOrdersDefinition,
} from './policies/max-open-orders.ts';
export { MaxOrderSize, type MaxOrderSizeOptions, maxOrderSizeDefinition } from './policies/max-order-size.ts';
export {
  OrderRateLimit,
  type OrderRateLimitOptions,
  orderRateLimitDefinition,
} from './policies/order-rate-limit.ts';
export {
  PositionLimit,
  type PositionLimitOptions,
  positionLimitDefinition,
} from './policies/position-limit.ts';
export { PriceBand, type PriceBandOptions, priceBandDefinition } from './policies/price-band.ts';
export { POLICY_DEFINITIONS, policyDefinition } from './policy-registry.ts';
export { type LoadRiskConfigOptions, loadRiskConfig, type RiskConfig } from './risk-config-loader.ts';
export type { PolicyUsage, RiskContext, RiskOrder } from './risk-context.ts';
export { RiskEngine, type RiskEngineOptions, type TradingStateListener } from './risk-engine.ts';
export {
  type AllowDeny,
  type FieldKind,
  type FieldSpec,
  type FieldValue,
  type PolicyDefinition,
  type PolicyEnv,
  PolicyFields,
  type ReplaceScope,
  type RiskPolicy,
} from './risk-policy.ts';
export {
  evaluateReplaceGate,
  evaluateTradingGate,
  isTradingState,
  TRADING_STATE_POLICY,
  TRADING_STATES,
  type TradingState,
} from './trading-state.ts';
