/**
 * The units a process has leased from the shared Redis buckets and not yet spent: a short list of leases
 * (oldest first), each with its expiry and the buckets' arrival times right after it was granted, which a
 * refund of its unused units needs. Spending is synchronous and allocation-free.
 */

/** @internal One lease from the shared buckets. */
export interface Lease {
  /** Units not yet spent. */
  units: number;
  /** Each bucket's arrival time (server ms, as Redis wrote it) right after the grant. */
  readonly ends: readonly string[];
  /** Local clock ms after which the unused units are given back instead of spent. */
  readonly expiresAt: number;
}

/** Slack when comparing fractional units. */
const EPS = 1e-9;

/** @internal Leased, unspent units of one limiter. */
export class LeaseLedger {
  private leases: Lease[] = [];
  /** Units on hand across all leases. */
  total = 0;
  /** The earliest expiry among the leases (+Infinity when there are none). */
  nextExpiry = Number.POSITIVE_INFINITY;

  /** Adds a granted lease. */
  add(units: number, ends: readonly string[], expiresAt: number): void {
    this.leases.push({ units, ends, expiresAt });
    this.total += units;
    if (expiresAt < this.nextExpiry) this.nextExpiry = expiresAt;
  }

  /** Spends `w` units from the oldest leases if that many are on hand (the caller expires first). */
  take(w: number): boolean {
    if (this.total + EPS < w) return false;
    this.total -= w;
    while (w > EPS) {
      const l = this.leases[0] as Lease;
      const d = Math.min(l.units, w);
      l.units -= d;
      w -= d;
      if (l.units <= EPS) this.leases.shift();
    }
    if (this.total <= EPS) this.clear();
    return true;
  }

  /** Removes and returns the leases expired at `now` that still hold units. */
  expire(now: number): Lease[] {
    if (now < this.nextExpiry) return [];
    const out: Lease[] = [];
    const keep: Lease[] = [];
    for (const l of this.leases) (l.expiresAt <= now ? out : keep).push(l);
    this.leases = keep;
    this.recount();
    return out;
  }

  /** Removes and returns every lease (shutdown). */
  drain(): Lease[] {
    const out = this.leases;
    this.clear();
    return out;
  }

  private clear(): void {
    this.leases = [];
    this.total = 0;
    this.nextExpiry = Number.POSITIVE_INFINITY;
  }

  private recount(): void {
    this.total = 0;
    this.nextExpiry = Number.POSITIVE_INFINITY;
    for (const l of this.leases) {
      this.total += l.units;
      if (l.expiresAt < this.nextExpiry) this.nextExpiry = l.expiresAt;
    }
  }
}
