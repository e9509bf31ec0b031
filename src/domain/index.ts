/**
 * `domain/`: ids, enumerations, orders, fills, events, instrument rules and exact decimals.
 * Imports nothing else from the project.
 */
export * from './decimal.ts';
export * from './events.ts';
export * from './ids.ts';
export * from './instrument.ts';
export * from './order.ts';
export * from './clock.ts';
