/**
 * The machinery every simulator's injected faults share (`POST /_sim/faults`): the common fields and their
 * checks (`count`, `probability`, `route`, `ms`, `retryAfter`, `seconds`), the active set with ids and hit
 * counts, seeded firing (a fault fires on its probability, at most `count` times, then is removed), route
 * scoping and the clock skew. Each simulator adds its own kinds and decides what they do.
 */
import type { SeededRandom } from './seeded-random.ts';

/** Fields every fault may carry. */
export interface BaseFaultSpec {
  readonly kind: string;
  /** Fires at most this many times, then is removed; absent = until `DELETE /_sim/faults`. */
  readonly count?: number;
  /** Chance (0..1, seeded) that an eligible request / event is hit; default 1. */
  readonly probability?: number;
  /** `"*"`, `"METHOD /path"` or `"/path"` (any method); absent: the simulator's order routes. */
  readonly route?: string;
  /** `latency`: added delay of the reply, ms (default 1000). */
  readonly ms?: number;
  /** Refusals: the `Retry-After` header, seconds. */
  readonly retryAfter?: number;
  /** `clock_skew`: the simulator clock runs this many seconds ahead (negative: behind). */
  readonly seconds?: number;
}

/** An active fault: its spec, id, how many times it may still fire and has fired. */
export type ActiveFaultOf<S extends BaseFaultSpec> = S & {
  readonly id: number;
  remaining: number | undefined;
  hits: number;
};

function invalid(text: string): never {
  throw new Error(`invalid fault: ${text}`);
}

/**
 * Checks the common fields of a parsed body against the simulator's `kinds`, plus `extra` checks of its
 * own fields (each throws through `invalid`); returns the body as a spec or throws with a reason.
 */
export function parseFaultBody<S extends BaseFaultSpec>(
  body: unknown,
  kinds: readonly string[],
  extra: (b: Record<string, unknown>, invalid: (text: string) => never) => void = () => {},
): S {
  if (typeof body !== 'object' || body === null) invalid('expected an object');
  const b = body as Record<string, unknown>;
  if (!kinds.includes(b.kind as string)) invalid(`kind must be one of ${kinds.join(', ')}`);
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
  extra(b, invalid);
  return b as unknown as S;
}

/** The active faults of one simulator. */
export class FaultSet<S extends BaseFaultSpec> {
  protected readonly active: ActiveFaultOf<S>[] = [];
  private nextId = 1;

  /** @param orderRoutes the default scope of a fault without `route` */
  constructor(
    private readonly rng: SeededRandom,
    private readonly orderRoutes: ReadonlySet<string>,
  ) {}

  /** Adds a fault (already validated). */
  add(spec: S): ActiveFaultOf<S> {
    const f = { ...spec, id: this.nextId++, remaining: spec.count, hits: 0 } as ActiveFaultOf<S>;
    this.active.push(f);
    return f;
  }

  /** Removes every fault (and the clock skew). */
  clear(): void {
    this.active.length = 0;
  }

  /** The active faults. */
  list(): readonly ActiveFaultOf<S>[] {
    return this.active;
  }

  /** Current clock skew in ms (sum of the `clock_skew` faults). */
  skewMs(): number {
    let s = 0;
    for (const f of this.active) if (f.kind === 'clock_skew') s += (f.seconds ?? 0) * 1000;
    return s;
  }

  /** True when `route` (`"METHOD /path"`) is in `scope` (a fault's `route`; absent: the order routes). */
  protected inScope(scope: string | undefined, route: string): boolean {
    if (scope === undefined) return this.orderRoutes.has(route);
    if (scope === '*') return true;
    if (scope.startsWith('/')) return route.slice(route.indexOf(' ') + 1) === scope;
    return scope === route;
  }

  /** Draws whether `f` fires now; counts it and removes it once exhausted. */
  protected fire(f: ActiveFaultOf<S>): boolean {
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
