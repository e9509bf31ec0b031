/**
 * `orders/`: the OMS. The one transition table, the OrderTracker (orders, fills, de-duplication, active
 * indexes, open exposure) and the position book. `order-entries.ts` and `fill-ledger.ts` are the
 * tracker's internals and are not exported.
 */
export type { ExposureBucket, IndexedOrder } from './exposure-index.ts';
export { ExposureIndex, notionalOf, remainingOf, ZERO_EXPOSURE } from './exposure-index.ts';
export type { ActiveOrderFilter, Applied, FillFilter, OrderTrackerOptions } from './order-tracker.ts';
export { OrderTracker } from './order-tracker.ts';
export { netRealizedPnl, PositionBook, unrealizedPnl, zeroPosition } from './position-book.ts';
export type { Target, TransitionInput, TransitionRow } from './transition-table.ts';
export {
  canRevive,
  isAllowed,
  nextPreviousStatus,
  nextStatus,
  ORDER_STATUSES,
  REVIVABLE_REJECT_CODE,
  reachableStatuses,
  resolveFill,
  restoredStatus,
  revivedStatus,
  TRANSITIONS,
  targetOf,
} from './transition-table.ts';
