/**
 * Injected faults of the Binance simulator (`POST /_sim/faults`): reply latency, accept-then-500, the
 * -1007 backend timeout (placed or not), refusals with 429 / 418, user-data stream drops and clock skew.
 * Each fault fires on a seeded probability and at most `count` times; this set decides, the HTTP server
 * and the WebSocket API apply.
 */
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

/** A fault to inject (the body of `POST /_sim/faults`). */
export interface FaultSpec {
  readonly kind: FaultKind;
  /** Fires at most this many times, then is removed; absent = until `DELETE /_sim/faults`. */
  readonly count?: number;
  /** Chance (0..1, seeded) that an eligible request / event is hit; default 1. */
  readonly probability?: number;
  /** `"*"`, `"METHOD /path"` or `"/path"`; default `"*"` for latency, the order routes otherwise. */
  readonly route?: string;
  /** `latency`: added delay of the reply, ms (default 1000). */
  readonly ms?: number;
  /** `status_429` / `status_418`: the Retry-After header, seconds (default 1 / 120). */
  readonly retryAfter?: number;
  /** `timeout_1007`: whether the request is processed before the -1007 reply (default true). */
  readonly placed?: boolean;
  /** `timeout_1007`: HTTP status of the -1007 reply (default 503). */
  readonly status?: number;
  /** `clock_skew`: the simulator clock runs this many seconds ahead (negative: behind). */
  readonly seconds?: number;
}

/** An active fault. */
export interface ActiveFault extends FaultSpec {
  readonly id: number;
  remaining: number | undefined;
  hits: number;
}

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
  num('status', (n) => Number.isInteger(n) && n >= 400 && n <= 599);
  num('seconds', Number.isFinite);
  if (b.route !== undefined && typeof b.route !== 'string') invalid('bad route');
  if (b.placed !== undefined && typeof b.placed !== 'boolean') invalid('bad placed');
  if (b.kind === 'clock_skew' && typeof b.seconds !== 'number') invalid('clock_skew needs seconds');
  return b as unknown as FaultSpec;
}

/** The active faults of one simulator. */
export class SimFaults {
  private readonly active: ActiveFault[] = [];
  private nextId = 1;

  constructor(private readonly rng: SeededRandom) {}

  /** Adds a fault (validated by {@link parseFaultSpec}). */
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
    const out: RequestFaults = { latencyMs: 0, refuse: undefined, replace: undefined };
    if (this.active.length === 0) return out;
    for (const f of this.active.slice()) {
      if (f.kind === 'latency') {
        if (inScope(f.route ?? '*', route) && this.fire(f)) out.latencyMs += f.ms ?? 1000;
        continue;
      }
      if (f.kind === 'stream_drop' || f.kind === 'clock_skew') continue;
      if (out.refuse !== undefined || out.replace !== undefined) continue;
      if (!inScope(f.route, route) || !this.fire(f)) continue;
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
