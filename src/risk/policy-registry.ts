/** The policy types the YAML loader knows, by name (ten in all). */
import { dailyLossLimitDefinition } from './policies/daily-loss-limit.ts';
import { dailyNotionalLimitDefinition } from './policies/daily-notional-limit.ts';
import { inventoryLimitDefinition } from './policies/inventory-limit.ts';
import { marketFilterDefinition } from './policies/market-filter.ts';
import { maxNotionalPerOrderDefinition } from './policies/max-notional-per-order.ts';
import { maxOpenOrdersDefinition } from './policies/max-open-orders.ts';
import { maxOrderSizeDefinition } from './policies/max-order-size.ts';
import { orderRateLimitDefinition } from './policies/order-rate-limit.ts';
import { positionLimitDefinition } from './policies/position-limit.ts';
import { priceBandDefinition } from './policies/price-band.ts';
import type { PolicyDefinition } from './risk-policy.ts';

/** Every built-in policy type, in documentation order. */
export const POLICY_DEFINITIONS: readonly PolicyDefinition[] = [
  positionLimitDefinition,
  inventoryLimitDefinition,
  maxOrderSizeDefinition,
  maxNotionalPerOrderDefinition,
  maxOpenOrdersDefinition,
  orderRateLimitDefinition,
  priceBandDefinition,
  dailyLossLimitDefinition,
  marketFilterDefinition,
  dailyNotionalLimitDefinition,
];

const BY_TYPE: ReadonlyMap<string, PolicyDefinition> = new Map(POLICY_DEFINITIONS.map((d) => [d.type, d]));

/** The definition of a policy type, or `undefined` when there is no such type. */
export function policyDefinition(type: string): PolicyDefinition | undefined {
  return BY_TYPE.get(type);
}
