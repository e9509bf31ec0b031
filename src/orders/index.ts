/**
 * `orders/`: the OMS. The one transition table, the OrderTracker (orders, fills, de-duplication, active
 * indexes, open exposure) and the position book.
 */
export type { ExposureBucket, IndexedOrder } from './exposure-index.ts';
export { ExposureIndex, notionalOf, remainingOf, ZERO_EXPOSURE } from './exposure-index.ts';
export type { ActiveOrderFilter, Applied, FillFilter, OrderTrackerOptions } from './order-tracker.ts';
export { OrderTracker } from './order-tracker.ts';
export { netRealizedPnl, PositionBook, unrealizedPnl, zeroPosition } from './position-book.ts';
export type { Target, TransitionInput, TransitionRow } from './transition-table.ts';
export {
  isAllowed,
  nextPreviousStatus,
  nextStatus,
  ORDER_STATUSES,
  reachableStatuses,
  resolveFill,
  restoredStatus,
  TRANSITIONS,
  targetOf,
} from './transition-table.ts';
