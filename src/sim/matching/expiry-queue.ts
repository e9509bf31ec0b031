/**
 * A binary min-heap of GTD orders keyed by expiry time. Entries are never removed early: finished orders
 * are skipped when they reach the top (lazy deletion), which keeps cancel and fill O(1).
 */
import type { BookOrder } from './order-book.ts';

/** Min-heap of orders by `expireAt`. */
export class ExpiryQueue {
  private readonly heap: BookOrder[] = [];

  /** Number of entries (finished orders included until popped). */
  get size(): number {
    return this.heap.length;
  }

  /** Adds a GTD order. */
  push(o: BookOrder): void {
    const h = this.heap;
    h.push(o);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent] as BookOrder;
      if ((p.expireAt as number) <= (o.expireAt as number)) break;
      h[i] = p;
      i = parent;
    }
    h[i] = o;
  }

  /** Earliest expiry in the queue (finished orders included), or undefined. */
  peekTime(): number | undefined {
    return this.heap[0]?.expireAt;
  }

  /** Removes and returns the entry with the earliest expiry. */
  pop(): BookOrder | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (top === undefined || last === undefined || h.length === 0) return top;
    const n = h.length;
    const t = last.expireAt as number;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && ((h[r] as BookOrder).expireAt as number) < ((h[l] as BookOrder).expireAt as number)) c = r;
      const child = h[c] as BookOrder;
      if ((child.expireAt as number) >= t) break;
      h[i] = child;
      i = c;
    }
    h[i] = last;
    return top;
  }
}
