/**
 * `domain/`: ids, enumerations, orders, fills, events, instrument rules and exact decimals.
 * Imports nothing else from the project.
 */

export * from './clock.ts';
export * from './decimal.ts';
export * from './events.ts';
export * from './ids.ts';
export * from './instrument.ts';
export * from './order.ts';
