/**
 * What every route of the simulator works with (symbols, accounts, exchange, clock, limits, faults,
 * liquidity maker, seeded generator), plus one parsed REST request and the route table entry type.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Clock } from '../../domain/index.ts';
import type { SeededRandom } from '../seeded-random.ts';
import type { Accounts, SimAccount } from './accounts.ts';
import type { BinanceExchange } from './exchange.ts';
import type { Reply } from './http-io.ts';
import type { LiquidityMaker } from './liquidity-maker.ts';
import type { Params } from './params.ts';
import type { SimFaults } from './sim-faults.ts';
import type { SimRateLimits } from './sim-rate-limits.ts';
import type { SimSymbol } from './symbols.ts';

/** Shared state of one simulator instance. */
export interface SimContext {
  readonly symbols: Map<string, SimSymbol>;
  readonly accounts: Accounts;
  readonly exchange: BinanceExchange;
  /** The venue clock (clock skew included). */
  readonly clock: Clock;
  readonly limits: SimRateLimits;
  readonly faults: SimFaults;
  readonly maker: LiquidityMaker;
  readonly rng: SeededRandom;
}

/** One REST request. `rawQuery` / `rawBody` are exactly as sent (signature checks use them). */
export interface BinanceRequest {
  readonly method: string;
  readonly path: string;
  readonly rawQuery: string;
  readonly rawBody: string;
  readonly params: Params;
  readonly headers: IncomingHttpHeaders;
  readonly ip: string;
}

/** One endpoint: its weight, whether it is signed, and its handler. */
export interface Route {
  /** REQUEST_WEIGHT of a request (may depend on its parameters). */
  weight(p: Params): number;
  /** When set, the weight a successful (2xx) request finally costs. */
  readonly successWeight?: number;
  /** SIGNED (TRADE / USER_DATA): API key, timestamp and signature are checked first. */
  readonly signed: boolean;
  handle(ctx: SimContext, r: BinanceRequest, account: SimAccount | undefined): Reply;
}

/** A route of constant weight. */
export function route(
  weight: number,
  signed: boolean,
  handle: Route['handle'],
  successWeight?: number,
): Route {
  return successWeight === undefined
    ? { weight: () => weight, signed, handle }
    : { weight: () => weight, signed, handle, successWeight };
}
