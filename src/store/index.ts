/** `store/`: the order-event journal interface and its implementations. */
export * from './memory-journal.ts';
export * from './order-journal.ts';
