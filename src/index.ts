/**
 * ag-exec: the library entry point. Re-exports the public API of every module.
 */
export * from './domain/index.ts';
export * from './engine/index.ts';
export * from './errors/index.ts';
export * from './metrics/index.ts';
export * from './orders/index.ts';
export * from './ratelimit/index.ts';
export * from './risk/index.ts';
export * from './store/index.ts';
export * from './validation/index.ts';
export * from './venues/index.ts';
