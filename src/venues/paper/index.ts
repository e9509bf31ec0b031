/**
 * `venues/paper/`: an in-process venue on the shared matching engine (`sim/matching`), with a seeded
 * liquidity maker and fault injection. Only the venue and its options are public; the exchange core,
 * account, liquidity maker and fault injector are internals.
 */
export { type FaultOptions, PAPER_FAULT_KINDS, type PaperFaultKind } from './fault-injector.ts';
export type { LiquidityOptions } from './liquidity-maker.ts';
export type { PaperLedger, PaperLedgerOrder } from './paper-ledger.ts';
export { DEFAULT_PAPER_MARKETS, type PaperMarket } from './paper-market.ts';
export { PaperVenue, type PaperVenueOptions } from './paper-venue.ts';
export type { LatencySetting } from './response-delay.ts';
