/**
 * Injected faults of the Polymarket simulator (`POST /_sim/faults`): reply latency, accept-then-500,
 * refusals with 425 / 429, user-socket drops and silence, clock skew, and trades whose settlement fails
 * (`FAILED`). The common machinery (firing, scope, skew) is `../fault-set.ts`; the HTTP server, the user
 * channel and the exchange apply what this set decides.
 */
import { type ActiveFaultOf, type BaseFaultSpec, FaultSet, parseFaultBody } from '../fault-set.ts';
import type { SeededRandom } from '../seeded-random.ts';

/** The fault kinds. */
export const FAULT_KINDS = [
  'latency',
  'accept_then_500',
  'status_425',
  'status_429',
  'ws_drop',
  'ws_silent',
  'clock_skew',
  'trade_failed',
] as const;

/** One fault kind. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** A fault to inject (the body of `POST /_sim/faults`); common fields in {@link BaseFaultSpec}. */
export interface FaultSpec extends BaseFaultSpec {
  readonly kind: FaultKind;
  /** `ws_silent`: also stop answering `PING` (default false: PONGs continue). */
  readonly silencePong?: boolean;
}

/** An active fault: its spec, id, how many times it may still fire and has fired. */
export type ActiveFault = ActiveFaultOf<FaultSpec>;

/** What the request faults decide for one request. */
export interface RequestFaults {
  /** Delay the reply by this many ms (0 = none). */
  latencyMs: number;
  /** Refuse before processing with 425 or 429 (undefined = process). */
  refuse: { status: 425 | 429; error: string; retryAfter?: number } | undefined;
  /** Process, then reply 500 instead of the real reply. */
  acceptThen500: boolean;
}

/** Routes that post or cancel orders: the default scope of the refusal kinds. */
export const ORDER_ROUTES: ReadonlySet<string> = new Set([
  'POST /order',
  'POST /orders',
  'DELETE /order',
  'DELETE /orders',
  'DELETE /cancel-all',
  'DELETE /cancel-market-orders',
]);

/** Checks a parsed body and returns it as a spec; throws with a reason when invalid. */
export function parseFaultSpec(body: unknown): FaultSpec {
  return parseFaultBody<FaultSpec>(body, FAULT_KINDS);
}

/** The active faults of one simulator. */
export class SimFaults extends FaultSet<FaultSpec> {
  constructor(rng: SeededRandom) {
    super(rng, ORDER_ROUTES);
  }

  /** Decides the request faults of `route` (`"METHOD /path"`). */
  request(route: string): RequestFaults {
    const out: RequestFaults = { latencyMs: 0, refuse: undefined, acceptThen500: false };
    if (this.active.length === 0) return out;
    for (const f of this.active.slice()) {
      if (f.kind === 'latency') {
        if (this.inScope(f.route ?? '*', route) && this.fire(f)) out.latencyMs += f.ms ?? 1000;
      } else if (f.kind === 'status_425' || f.kind === 'status_429' || f.kind === 'accept_then_500') {
        if (out.refuse !== undefined || out.acceptThen500) continue;
        if (!this.inScope(f.route, route) || !this.fire(f)) continue;
        if (f.kind === 'status_425') out.refuse = { status: 425, error: 'service not ready' };
        else if (f.kind === 'status_429') {
          out.refuse = { status: 429, error: 'Too Many Requests', retryAfter: f.retryAfter ?? 1 };
        } else out.acceptThen500 = true;
      }
    }
    return out;
  }

  /** For one user-channel event delivery: deliver it, drop the socket, or stay silent. */
  wsDelivery(): 'send' | 'drop' | 'silent' {
    if (this.active.length === 0) return 'send';
    for (const f of this.active.slice()) {
      if (f.kind === 'ws_drop' && (f.count !== undefined || f.probability !== undefined) && this.fire(f)) {
        return 'drop';
      }
      if (f.kind === 'ws_silent' && this.fire(f)) return 'silent';
    }
    return 'send';
  }

  /** For one new trade: true when its settlement is to fail (a `trade_failed` fault fires). */
  tradeFails(): boolean {
    for (const f of this.active) if (f.kind === 'trade_failed' && this.fire(f)) return true;
    return false;
  }

  /** True when a `ws_silent` fault also silences PONG replies. */
  pongSilenced(): boolean {
    return this.active.some((f) => f.kind === 'ws_silent' && f.silencePong === true);
  }
}
