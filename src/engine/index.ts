/** `engine/`: the ExecutionEngine, its events, the audit log, the settling of unknown outcomes, recovery and reconciliation. */
export * from './audit-log.ts';
export * from './engine-events.ts';
export * from './execution-engine.ts';
export * from './order-request.ts';
export type { ReconcileOptions, ReconcileReport, ReplayReport } from './reconciler.ts';
export * from './risk-context.ts';
export type { SettleOptions } from './settler.ts';
