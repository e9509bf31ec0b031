/**
 * Injected faults of the Binance simulator (`POST /_sim/faults`): reply latency, accept-then-500, the
 * -1007 backend timeout (placed or not), refusals with 429 / 418, user-data stream drops and clock skew.
 * Each fault fires on a seeded probability and at most `count` times; this set decides, the HTTP server
 * and the WebSocket API apply.
 */
import { type ActiveFaultOf, type BaseFaultSpec, FaultSet, parseFaultBody } from '../fault-set.ts';
import type { SeededRandom } from '../seeded-random.ts';

/** The fault kinds. */
export const FAULT_KINDS = [
  'latency',
  'accept_then_500',
  'timeout_1007',
  'status_429',
  'status_418',
  'stream_drop',
  'clock_skew',
] as const;

/** One fault kind. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** A fault to inject (the body of `POST /_sim/faults`); common fields in {@link BaseFaultSpec}. */
export interface FaultSpec extends BaseFaultSpec {
  readonly kind: FaultKind;
  /** `timeout_1007`: whether the request is processed before the -1007 reply (default true). */
  readonly placed?: boolean;
  /** `timeout_1007`: HTTP status of the -1007 reply (default 503). */
  readonly status?: number;
}

/** An active fault. */
export type ActiveFault = ActiveFaultOf<FaultSpec>;

/** What the request faults decide for one request. */
export interface RequestFaults {
  latencyMs: number;
  /** Refuse before processing (429 / 418). */
  refuse: { status: 429 | 418; retryAfter: number } | undefined;
  /** Replace the reply after (or instead of) processing. */
  replace: { kind: 'accept_then_500' | 'timeout_1007'; process: boolean; status: number } | undefined;
}

/** Routes that place or cancel orders: the default scope of every kind but latency. */
export const ORDER_ROUTES: ReadonlySet<string> = new Set([
  'POST /api/v3/order',
  'DELETE /api/v3/order',
  'DELETE /api/v3/openOrders',
  'POST /api/v3/order/cancelReplace',
]);

/** Checks a parsed body and returns it as a spec; throws with a reason when invalid. */
export function parseFaultSpec(body: unknown): FaultSpec {
  return parseFaultBody<FaultSpec>(body, FAULT_KINDS, (b, invalid) => {
    const status = b.status;
    if (
      status !== undefined &&
      !(Number.isInteger(status) && (status as number) >= 400 && (status as number) <= 599)
    )
      invalid('bad status');
    if (b.placed !== undefined && typeof b.placed !== 'boolean') invalid('bad placed');
  });
}

/** The active faults of one simulator. */
export class SimFaults extends FaultSet<FaultSpec> {
  constructor(rng: SeededRandom) {
    super(rng, ORDER_ROUTES);
  }

  /** Decides the request faults of `route` (`"METHOD /path"`). */
  request(route: string): RequestFaults {
    const out: RequestFaults = { latencyMs: 0, refuse: undefined, replace: undefined };
    if (this.active.length === 0) return out;
    for (const f of this.active.slice()) {
      if (f.kind === 'latency') {
        if (this.inScope(f.route ?? '*', route) && this.fire(f)) out.latencyMs += f.ms ?? 1000;
        continue;
      }
      if (f.kind === 'stream_drop' || f.kind === 'clock_skew') continue;
      if (out.refuse !== undefined || out.replace !== undefined) continue;
      if (!this.inScope(f.route, route) || !this.fire(f)) continue;
      if (f.kind === 'status_429') out.refuse = { status: 429, retryAfter: f.retryAfter ?? 1 };
      else if (f.kind === 'status_418') out.refuse = { status: 418, retryAfter: f.retryAfter ?? 120 };
      else if (f.kind === 'accept_then_500') out.replace = { kind: f.kind, process: true, status: 500 };
      else out.replace = { kind: 'timeout_1007', process: f.placed ?? true, status: f.status ?? 503 };
    }
    return out;
  }

  /** For one user-data event: deliver it or drop the connection (an armed `stream_drop`). */
  streamDelivery(): 'send' | 'drop' {
    if (this.active.length === 0) return 'send';
    for (const f of this.active.slice()) {
      if (
        f.kind === 'stream_drop' &&
        (f.count !== undefined || f.probability !== undefined) &&
        this.fire(f)
      ) {
        return 'drop';
      }
    }
    return 'send';
  }
}
