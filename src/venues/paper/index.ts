/**
 * `venues/paper/`: an in-process venue on the shared matching engine, with a seeded liquidity maker and
 * fault injection.
 */
export {
  FaultInjector,
  type FaultOptions,
  type FiredFault,
  PAPER_FAULT_KINDS,
  type PaperFaultKind,
} from './fault-injector.ts';
export { LIQUIDITY_OWNER, LiquidityMaker, type LiquidityOptions } from './liquidity-maker.ts';
export { PaperAccount, type PaperOrderRecord, toOrderStatus } from './paper-account.ts';
export { PaperExchange, type PaperExchangeConfig } from './paper-exchange.ts';
export type { PaperLedger, PaperLedgerOrder } from './paper-ledger.ts';
export {
  DEFAULT_PAPER_MARKETS,
  type MarketSpec,
  marketSpec,
  orderProblem,
  type PaperMarket,
  priceProblem,
  type Refusal,
  sizeProblem,
} from './paper-market.ts';
export { PaperVenue, type PaperVenueOptions } from './paper-venue.ts';
export { type LatencySetting, ResponseDelay } from './response-delay.ts';
export { SeededRandom } from './seeded-random.ts';
