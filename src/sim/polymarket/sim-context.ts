/**
 * What every route handler of the simulator works with: the state, the exchange, the clock, the
 * settings, rate limits, heartbeats, faults and the user channel, plus one parsed request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../domain/index.ts';
import type { PolymarketExchange } from './exchange.ts';
import type { Heartbeats } from './heartbeats.ts';
import type { SimFaults } from './sim-faults.ts';
import type { SimRateLimits } from './sim-rate-limits.ts';
import type { SimState } from './sim-state.ts';
import type { UserChannel } from './user-channel.ts';

/** Shared state and settings of one simulator instance. */
export interface SimContext {
  readonly state: SimState;
  readonly exchange: PolymarketExchange;
  readonly clock: Clock;
  readonly chainId: number;
  /** Accepted distance of POLY_TIMESTAMP from the simulator clock, in seconds. */
  readonly authWindowSeconds: number;
  /** Items per page of `/data/orders` and `/data/trades`. */
  readonly pageSize: number;
  /** Most orders in one `POST /orders`. */
  readonly maxBatch: number;
  readonly limits: SimRateLimits;
  readonly heartbeats: Heartbeats;
  readonly faults: SimFaults;
  readonly channel: UserChannel;
}

/** One request: method, path without query, query, raw body text. */
export interface SimRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly raw: string;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
}
