/**
 * The resting side of one market: price levels kept sorted (binary search, best level at the end of the
 * array so that consuming it is a pop), each level a FIFO doubly linked list of orders (O(1) removal of
 * any order). It knows nothing about matching rules; {@link MatchingEngine} drives it.
 */
import type { Decimal, OrderType, Side, TimeInForce } from '../../domain/index.ts';
import type { DepthLevel, MatchStatus, OrderView } from './types.ts';

/** The engine's mutable record of one order (internal to the matching package). */
export class BookOrder {
  filled = 0n as Decimal;
  status: MatchStatus = 'open';
  reason: string | undefined = undefined;
  updatedAt: number;
  /** Queue links while resting. */
  prev: BookOrder | null = null;
  next: BookOrder | null = null;
  level: PriceLevel | null = null;

  constructor(
    readonly id: string,
    readonly owner: string,
    readonly market: string,
    readonly side: Side,
    readonly type: OrderType,
    readonly timeInForce: TimeInForce,
    public price: Decimal | undefined,
    public size: Decimal,
    readonly expireAt: number | undefined,
    readonly createdAt: number,
    /** Entry sequence in the engine (1, 2, ...): orders the open-order listings. */
    readonly seq: number,
  ) {
    this.updatedAt = createdAt;
  }

  /** Unfilled quantity. */
  get remaining(): Decimal {
    return (this.size - this.filled) as Decimal;
  }

  /** True while the order rests in a book. */
  get live(): boolean {
    return this.status === 'open' || this.status === 'partially_filled';
  }

  /** A plain snapshot. */
  view(): OrderView {
    const v: {
      -readonly [K in keyof OrderView]: OrderView[K];
    } = {
      id: this.id,
      owner: this.owner,
      market: this.market,
      side: this.side,
      type: this.type,
      timeInForce: this.timeInForce,
      size: this.size,
      filled: this.filled,
      remaining: this.remaining,
      status: this.status,
      createdAt: this.createdAt,
      updatedAt: this.updatedAt,
    };
    if (this.price !== undefined) v.price = this.price;
    if (this.expireAt !== undefined) v.expireAt = this.expireAt;
    if (this.reason !== undefined) v.reason = this.reason;
    return v;
  }
}

/** All resting orders at one price, oldest first. */
export class PriceLevel {
  head: BookOrder | null = null;
  tail: BookOrder | null = null;
  /** Σ remaining of the orders at this level. */
  total = 0n as Decimal;
  count = 0;

  /** @param key sort key: the price for bids, minus the price for asks (best = largest key). */
  constructor(
    readonly price: Decimal,
    readonly key: bigint,
  ) {}

  /** Appends at the back of the queue. */
  push(o: BookOrder): void {
    o.level = this;
    o.prev = this.tail;
    o.next = null;
    if (this.tail === null) this.head = o;
    else this.tail.next = o;
    this.tail = o;
    this.total = (this.total + o.remaining) as Decimal;
    this.count++;
  }

  /** Removes an order from anywhere in the queue. */
  unlink(o: BookOrder): void {
    if (o.prev === null) this.head = o.next;
    else o.prev.next = o.next;
    if (o.next === null) this.tail = o.prev;
    else o.next.prev = o.prev;
    this.total = (this.total - o.remaining) as Decimal;
    this.count--;
    o.prev = null;
    o.next = null;
    o.level = null;
  }
}

/** One side of a book: levels sorted ascending by key, best at the end. */
export class BookSide {
  readonly levels: PriceLevel[] = [];

  constructor(readonly side: Side) {}

  private keyOf(price: Decimal): bigint {
    return this.side === 'Buy' ? price : -price;
  }

  /** The best level, if any. */
  best(): PriceLevel | undefined {
    const n = this.levels.length;
    return n === 0 ? undefined : this.levels[n - 1];
  }

  /** Index of the first level whose key is >= `key`. */
  private lowerBound(key: bigint): number {
    const levels = this.levels;
    let lo = 0;
    let hi = levels.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((levels[mid] as PriceLevel).key < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The level at `price`, created when missing. */
  levelAt(price: Decimal): PriceLevel {
    const key = this.keyOf(price);
    const levels = this.levels;
    const last = this.best();
    if (last === undefined || last.key < key) {
      const level = new PriceLevel(price, key);
      levels.push(level);
      return level;
    }
    if (last.key === key) return last;
    const i = this.lowerBound(key);
    const found = levels[i];
    if (found !== undefined && found.key === key) return found;
    const level = new PriceLevel(price, key);
    levels.splice(i, 0, level);
    return level;
  }

  /** The level at `price`, if present. */
  find(price: Decimal): PriceLevel | undefined {
    const key = this.keyOf(price);
    const found = this.levels[this.lowerBound(key)];
    return found !== undefined && found.key === key ? found : undefined;
  }

  /** Drops an empty level. */
  dropLevel(level: PriceLevel): void {
    const levels = this.levels;
    if (levels[levels.length - 1] === level) {
      levels.pop();
      return;
    }
    const i = this.lowerBound(level.key);
    if (levels[i] === level) levels.splice(i, 1);
  }

  /** Adds an order at the back of its price level. */
  add(o: BookOrder): void {
    this.levelAt(o.price as Decimal).push(o);
  }

  /** Removes a resting order (dropping its level when it empties). */
  remove(o: BookOrder): void {
    const level = o.level;
    if (level === null) return;
    level.unlink(o);
    if (level.count === 0) this.dropLevel(level);
  }

  /** Appends the resting orders of `owner` to `out` (any order). */
  collectOwned(owner: string, out: BookOrder[]): void {
    for (const level of this.levels) {
      for (let o = level.head; o !== null; o = o.next) if (o.owner === owner) out.push(o);
    }
  }

  /** Top `max` levels, best first. */
  depth(max: number): DepthLevel[] {
    const out: DepthLevel[] = [];
    for (let i = this.levels.length - 1; i >= 0 && out.length < max; i--) {
      const l = this.levels[i] as PriceLevel;
      out.push({ price: l.price, size: l.total, orders: l.count });
    }
    return out;
  }
}

/** Bids and asks of one market. */
export class OrderBook {
  readonly bids = new BookSide('Buy');
  readonly asks = new BookSide('Sell');

  constructor(readonly market: string) {}

  /** The side where orders of `side` rest. */
  sideOf(side: Side): BookSide {
    return side === 'Buy' ? this.bids : this.asks;
  }

  /** The side an order of `side` trades against. */
  oppositeOf(side: Side): BookSide {
    return side === 'Buy' ? this.asks : this.bids;
  }

  /** True when the best bid is at or above the best ask. */
  isCrossed(): boolean {
    const b = this.bids.best();
    const a = this.asks.best();
    return b !== undefined && a !== undefined && b.price >= a.price;
  }
}
