/**
 * Injected faults of the simulator (`POST /_sim/faults`): reply latency, accept-then-500, refusals with
 * 425 / 429, user-socket drops and silence, clock skew, and trades whose settlement fails (`FAILED`). Each fault fires on a seeded probability and
 * at most `count` times; the set decides, the HTTP server and the user channel apply.
 */
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

/** A fault to inject (the body of `POST /_sim/faults`). */
export interface FaultSpec {
  readonly kind: FaultKind;
  /** Fires at most this many times, then is removed; absent = until `DELETE /_sim/faults`. */
  readonly count?: number;
  /** Chance (0..1, seeded) that an eligible request / event is hit; default 1. */
  readonly probability?: number;
  /**
   * Requests it applies to: `"*"`, `"METHOD /path"` or `"/path"` (any method). Default: `"*"` for
   * `latency`, the order and cancel routes for `accept_then_500`, `status_425`, `status_429`.
   */
  readonly route?: string;
  /** `latency`: added delay of the reply, ms (default 1000). */
  readonly ms?: number;
  /** `status_429`: the `Retry-After` header, seconds (default 1). */
  readonly retryAfter?: number;
  /** `clock_skew`: the simulator clock runs this many seconds ahead (negative: behind). */
  readonly seconds?: number;
  /** `ws_silent`: also stop answering `PING` (default false: PONGs continue). */
  readonly silencePong?: boolean;
}

/** An active fault: its spec, id, how many times it may still fire and has fired. */
export interface ActiveFault extends FaultSpec {
  readonly id: number;
  remaining: number | undefined;
  hits: number;
}

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

function invalid(text: string): never {
  throw new Error(`invalid fault: ${text}`);
}

/** Checks a parsed body and returns it as a spec; throws with a reason when invalid. */
export function parseFaultSpec(body: unknown): FaultSpec {
  if (typeof body !== 'object' || body === null) invalid('expected an object');
  const b = body as Record<string, unknown>;
  if (!FAULT_KINDS.includes(b.kind as FaultKind)) invalid(`kind must be one of ${FAULT_KINDS.join(', ')}`);
  const num = (name: string, ok: (n: number) => boolean): void => {
    const v = b[name];
    if (v !== undefined && (typeof v !== 'number' || !ok(v))) invalid(`bad ${name}`);
  };
  num('count', (n) => Number.isInteger(n) && n >= 1);
  num('probability', (n) => n >= 0 && n <= 1);
  num('ms', (n) => Number.isFinite(n) && n >= 0);
  num('retryAfter', (n) => Number.isInteger(n) && n >= 0);
  num('seconds', Number.isFinite);
  if (b.route !== undefined && typeof b.route !== 'string') invalid('bad route');
  if (b.kind === 'clock_skew' && typeof b.seconds !== 'number') invalid('clock_skew needs seconds');
  return b as unknown as FaultSpec;
}

/** The active faults of one simulator. */
export class SimFaults {
  private readonly active: ActiveFault[] = [];
  private nextId = 1;

  constructor(private readonly rng: SeededRandom) {}

  /** Adds a fault (already validated by {@link parseFaultSpec}). */
  add(spec: FaultSpec): ActiveFault {
    const f: ActiveFault = { ...spec, id: this.nextId++, remaining: spec.count, hits: 0 };
    this.active.push(f);
    return f;
  }

  /** Removes every fault (and the clock skew). */
  clear(): void {
    this.active.length = 0;
  }

  /** The active faults. */
  list(): readonly ActiveFault[] {
    return this.active;
  }

  /** Current clock skew in ms (sum of the `clock_skew` faults). */
  skewMs(): number {
    let s = 0;
    for (const f of this.active) if (f.kind === 'clock_skew') s += (f.seconds ?? 0) * 1000;
    return s;
  }

  /** Decides the request faults of `route` (`"METHOD /path"`). */
  request(route: string): RequestFaults {
    const out: RequestFaults = { latencyMs: 0, refuse: undefined, acceptThen500: false };
    if (this.active.length === 0) return out;
    for (const f of this.active.slice()) {
      if (f.kind === 'latency') {
        if (inScope(f.route ?? '*', route) && this.fire(f)) out.latencyMs += f.ms ?? 1000;
      } else if (f.kind === 'status_425' || f.kind === 'status_429' || f.kind === 'accept_then_500') {
        if (out.refuse !== undefined || out.acceptThen500) continue;
        if (!inScope(f.route, route) || !this.fire(f)) continue;
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

  /** Draws whether `f` fires now; counts it and removes it once exhausted. */
  private fire(f: ActiveFault): boolean {
    const p = f.probability ?? 1;
    if (p < 1 && this.rng.next() >= p) return false;
    f.hits++;
    if (f.remaining !== undefined) {
      f.remaining--;
      if (f.remaining <= 0) this.active.splice(this.active.indexOf(f), 1);
    }
    return true;
  }
}

function inScope(scope: string | undefined, route: string): boolean {
  if (scope === undefined) return ORDER_ROUTES.has(route);
  if (scope === '*') return true;
  if (scope.startsWith('/')) return route.slice(route.indexOf(' ') + 1) === scope;
  return scope === route;
}
