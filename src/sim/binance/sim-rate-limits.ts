/**
 * The venue's rate limits (reference §7) on clock-aligned fixed windows: REQUEST_WEIGHT per minute and
 * RAW_REQUESTS per 5 minutes per IP, the unfilled-order count (ORDERS) per 10 s and per day per account,
 * the 429 answer with Retry-After, and the 418 auto-ban of an IP that keeps going after its 429s (2
 * minutes, doubling on each repeat, at most 3 days).
 */
import { BinanceApiError } from './errors.ts';

/** Limits; each overrides the production default. */
export interface BinanceRateLimitOptions {
  /** REQUEST_WEIGHT per minute per IP. Default 6000. */
  readonly requestWeightPerMinute?: number;
  /** RAW_REQUESTS per 5 minutes per IP. Default 300000. */
  readonly rawRequestsPer5m?: number;
  /** ORDERS (unfilled count) per 10 s per account. Default 100. */
  readonly ordersPer10s?: number;
  /** ORDERS per day per account. Default 200000. */
  readonly ordersPerDay?: number;
  /** Requests refused 429 in one window after which the IP is banned (418). Default 5. */
  readonly banAfter429s?: number;
  /** First ban length, seconds (doubles per repeat, capped at 3 days). Default 120. */
  readonly banSeconds?: number;
}

const MIN = 60_000;
const DAY = 86_400_000;
const MAX_BAN_MS = 3 * DAY;

class Counter {
  start = Number.NEGATIVE_INFINITY;
  used = 0;
  constructor(readonly windowMs: number) {}
  roll(now: number): void {
    const start = Math.floor(now / this.windowMs) * this.windowMs;
    if (start !== this.start) {
      this.start = start;
      this.used = 0;
    }
  }
  retryAfterS(now: number): number {
    return Math.max(1, Math.ceil((this.start + this.windowMs - now) / 1000));
  }
}

interface IpState {
  weight: Counter;
  raw: Counter;
  refusals: number;
  refusalWindow: number;
  bannedUntil: number;
  bans: number;
}

interface AccountState {
  tenS: Counter;
  day: Counter;
}

/** The `rateLimits` entry of one limit. */
export interface RateLimitInfo {
  rateLimitType: 'REQUEST_WEIGHT' | 'ORDERS' | 'RAW_REQUESTS';
  interval: 'SECOND' | 'MINUTE' | 'DAY';
  intervalNum: number;
  limit: number;
}

/** The limits of one simulator. */
export class SimRateLimits {
  private readonly ips = new Map<string, IpState>();
  private readonly accounts = new Map<string, AccountState>();
  private opts: Required<BinanceRateLimitOptions>;

  constructor(opts: BinanceRateLimitOptions = {}) {
    this.opts = defaults(opts);
  }

  /** Replaces some limits (the others keep their value). */
  configure(opts: BinanceRateLimitOptions): void {
    this.opts = { ...this.opts, ...opts };
  }

  /** The exchangeInfo `rateLimits` array. */
  info(): RateLimitInfo[] {
    const o = this.opts;
    return [
      {
        rateLimitType: 'REQUEST_WEIGHT',
        interval: 'MINUTE',
        intervalNum: 1,
        limit: o.requestWeightPerMinute,
      },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: o.ordersPer10s },
      { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: o.ordersPerDay },
      { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: o.rawRequestsPer5m },
    ];
  }

  /**
   * Admits one request of `weight` from `ip`, or throws 418 (banned) / 429 (-1003) with `retryAfter`.
   * Returns the weight used in the current minute after it.
   */
  admit(ip: string, weight: number, now: number): number {
    const s = this.ip(ip, now);
    if (now < s.bannedUntil) throw banned(s.bannedUntil, now);
    const o = this.opts;
    let refusal: BinanceApiError | undefined;
    if (s.weight.used + weight > o.requestWeightPerMinute) {
      refusal = tooMuch(
        `Too much request weight used; current limit is ${o.requestWeightPerMinute} request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.`,
        s.weight.retryAfterS(now),
      );
    } else if (s.raw.used + 1 > o.rawRequestsPer5m) {
      refusal = tooMuch(
        `Too many requests; current limit is ${o.rawRequestsPer5m} requests per 5 MINUTE.`,
        s.raw.retryAfterS(now),
      );
    }
    if (refusal !== undefined) {
      if (s.refusalWindow !== s.weight.start) {
        s.refusalWindow = s.weight.start;
        s.refusals = 0;
      }
      if (s.refusals >= o.banAfter429s) {
        const len = Math.min(MAX_BAN_MS, o.banSeconds * 1000 * 2 ** s.bans);
        s.bans++;
        s.bannedUntil = now + len;
        throw banned(s.bannedUntil, now);
      }
      s.refusals++;
      throw refusal;
    }
    s.weight.used += weight;
    s.raw.used++;
    return s.weight.used;
  }

  /** Gives back weight (endpoints that weigh 0 when successful). Returns the new used weight. */
  refund(ip: string, weight: number, now: number): number {
    const s = this.ip(ip, now);
    s.weight.used = Math.max(0, s.weight.used - weight);
    return s.weight.used;
  }

  /** Weight used by `ip` in the current minute. */
  usedWeight(ip: string, now: number): number {
    return this.ip(ip, now).weight.used;
  }

  /** Throws 429 -1015 when the account's unfilled-order count is at a limit. */
  checkOrders(accountId: string, now: number): void {
    const a = this.account(accountId, now);
    const o = this.opts;
    if (a.tenS.used >= o.ordersPer10s) {
      throw tooMany(
        `Too many new orders; current limit is ${o.ordersPer10s} orders per 10 SECOND.`,
        a.tenS,
        now,
      );
    }
    if (a.day.used >= o.ordersPerDay) {
      throw tooMany(`Too many new orders; current limit is ${o.ordersPerDay} orders per 1 DAY.`, a.day, now);
    }
  }

  /** Counts one new order; returns the counts for the X-MBX-ORDER-COUNT headers. */
  countOrder(accountId: string, now: number): { tenS: number; day: number } {
    const a = this.account(accountId, now);
    a.tenS.used++;
    a.day.used++;
    return { tenS: a.tenS.used, day: a.day.used };
  }

  /** An order's first fill gives back one from the count. */
  giveBack(accountId: string, now: number): void {
    const a = this.account(accountId, now);
    a.tenS.used = Math.max(0, a.tenS.used - 1);
    a.day.used = Math.max(0, a.day.used - 1);
  }

  /** Current counts of an account. */
  orderCounts(accountId: string, now: number): { tenS: number; day: number } {
    const a = this.account(accountId, now);
    return { tenS: a.tenS.used, day: a.day.used };
  }

  /** The current limits. */
  get options(): Readonly<Required<BinanceRateLimitOptions>> {
    return this.opts;
  }

  private ip(ip: string, now: number): IpState {
    let s = this.ips.get(ip);
    if (s === undefined) {
      s = {
        weight: new Counter(MIN),
        raw: new Counter(5 * MIN),
        refusals: 0,
        refusalWindow: 0,
        bannedUntil: 0,
        bans: 0,
      };
      this.ips.set(ip, s);
    }
    s.weight.roll(now);
    s.raw.roll(now);
    return s;
  }

  private account(id: string, now: number): AccountState {
    let a = this.accounts.get(id);
    if (a === undefined) {
      a = { tenS: new Counter(10_000), day: new Counter(DAY) };
      this.accounts.set(id, a);
    }
    a.tenS.roll(now);
    a.day.roll(now);
    return a;
  }
}

function defaults(o: BinanceRateLimitOptions): Required<BinanceRateLimitOptions> {
  return {
    requestWeightPerMinute: o.requestWeightPerMinute ?? 6000,
    rawRequestsPer5m: o.rawRequestsPer5m ?? 300_000,
    ordersPer10s: o.ordersPer10s ?? 100,
    ordersPerDay: o.ordersPerDay ?? 200_000,
    banAfter429s: o.banAfter429s ?? 5,
    banSeconds: o.banSeconds ?? 120,
  };
}

/** A refusal carrying the Retry-After seconds. */
export class RateRefusal extends BinanceApiError {
  constructor(
    status: number,
    code: number,
    msg: string,
    readonly retryAfterS: number,
  ) {
    super(status, code, msg);
  }
}

function tooMuch(msg: string, retryAfterS: number): RateRefusal {
  return new RateRefusal(429, -1003, msg, retryAfterS);
}

function tooMany(msg: string, c: Counter, now: number): RateRefusal {
  return new RateRefusal(429, -1015, msg, c.retryAfterS(now));
}

/** The 418 reply of a banned IP. */
export function banned(until: number, now: number): RateRefusal {
  return new RateRefusal(
    418,
    -1003,
    `Way too much request weight used; IP banned until ${Math.ceil(until)}. Please use WebSocket Streams for live updates to avoid bans.`,
    Math.max(1, Math.ceil((until - now) / 1000)),
  );
}
