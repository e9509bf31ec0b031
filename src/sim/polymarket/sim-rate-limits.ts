/**
 * The simulator's rate limits: fixed-window buckets per route (the venue's per-IP edge limits; one
 * loopback client, so one bucket per route) and per signer for orders and cancels (a batch costs its
 * size). Defaults are the published 10-second limits of the reference (§9).
 */
import type { Clock } from '../../domain/index.ts';

/** A bucket: at most `limit` units per `windowMs`. */
export interface RateBucketSpec {
  readonly limit: number;
  readonly windowMs: number;
}

/** Rate-limit settings; each entry overrides the default of the same name. */
export interface SimRateLimitOptions {
  /** Per route (`"METHOD /path"`); merged over {@link DEFAULT_ROUTE_LIMITS}. */
  readonly routes?: Readonly<Record<string, RateBucketSpec>>;
  /** Orders posted per signer (a batch counts its orders). */
  readonly signerOrders?: RateBucketSpec;
  /** Orders cancelled per signer (by request: one id = 1, a list = its length, cancel-all = 1). */
  readonly signerCancels?: RateBucketSpec;
}

const TEN_S = 10_000;

/** Published per-10-second limits of the order and data routes. */
export const DEFAULT_ROUTE_LIMITS: Readonly<Record<string, RateBucketSpec>> = {
  'POST /order': { limit: 3500, windowMs: TEN_S },
  'DELETE /order': { limit: 3000, windowMs: TEN_S },
  'POST /orders': { limit: 1000, windowMs: TEN_S },
  'DELETE /orders': { limit: 1000, windowMs: TEN_S },
  'DELETE /cancel-all': { limit: 250, windowMs: TEN_S },
  'GET /data/orders': { limit: 500, windowMs: TEN_S },
  'GET /data/trades': { limit: 500, windowMs: TEN_S },
};

/** Default per-signer buckets (tier sizes are unpublished): the single-order route limits. */
export const DEFAULT_SIGNER_ORDERS: RateBucketSpec = { limit: 3500, windowMs: TEN_S };
/** Default per-signer cancel bucket. */
export const DEFAULT_SIGNER_CANCELS: RateBucketSpec = { limit: 3000, windowMs: TEN_S };

/** Outcome of spending from a bucket. `resetS`/`retryAfterS`: whole seconds until the window ends. */
export interface RateVerdict {
  readonly ok: boolean;
  readonly remaining: number;
  readonly resetS: number;
}

class Window {
  start = Number.NEGATIVE_INFINITY;
  used = 0;
  constructor(readonly spec: RateBucketSpec) {}

  spend(cost: number, now: number): RateVerdict {
    if (now >= this.start + this.spec.windowMs || now < this.start) {
      this.start = now;
      this.used = 0;
    }
    const resetS = Math.max(1, Math.ceil((this.start + this.spec.windowMs - now) / 1000));
    if (this.used + cost > this.spec.limit) {
      return { ok: false, remaining: this.spec.limit - this.used, resetS };
    }
    this.used += cost;
    return { ok: true, remaining: this.spec.limit - this.used, resetS };
  }
}

/** Per-route and per-signer buckets over a clock. */
export class SimRateLimits {
  private readonly routeSpecs: Record<string, RateBucketSpec>;
  private readonly routes = new Map<string, Window>();
  private readonly signers = new Map<string, Window>();
  private readonly orders: RateBucketSpec;
  private readonly cancels: RateBucketSpec;

  constructor(
    private readonly clock: Clock,
    opts: SimRateLimitOptions = {},
  ) {
    this.routeSpecs = { ...DEFAULT_ROUTE_LIMITS, ...opts.routes };
    this.orders = opts.signerOrders ?? DEFAULT_SIGNER_ORDERS;
    this.cancels = opts.signerCancels ?? DEFAULT_SIGNER_CANCELS;
  }

  /** Spends one request of `route`; undefined when the route has no bucket. */
  route(route: string): RateVerdict | undefined {
    let w = this.routes.get(route);
    if (w === undefined) {
      const spec = this.routeSpecs[route];
      if (spec === undefined) return undefined;
      w = new Window(spec);
      this.routes.set(route, w);
    }
    return w.spend(1, this.clock.now());
  }

  /** Spends `cost` from the signer's order or cancel bucket. */
  signer(kind: 'orders' | 'cancels', address: string, cost: number): RateVerdict {
    const k = `${kind}:${address.toLowerCase()}`;
    let w = this.signers.get(k);
    if (w === undefined) {
      w = new Window(kind === 'orders' ? this.orders : this.cancels);
      this.signers.set(k, w);
    }
    return w.spend(cost, this.clock.now());
  }
}
