/** `engine/`: the ExecutionEngine, its events, the audit log and the settling of unknown outcomes. */
export * from './audit-log.ts';
export * from './engine-events.ts';
export * from './execution-engine.ts';
export * from './order-request.ts';
export * from './risk-context.ts';
export type { SettleOptions } from './settler.ts';
