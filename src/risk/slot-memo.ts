/**
 * SlotMemo: remembers, per market in iteration order, the exact inputs and results of a per-market sum
 * term, so that a policy walking the markets recomputes (and re-adds) only the terms whose inputs changed
 * since the last walk. Results stay exact: a term is reused only when every input is equal (bigint `===`).
 * This keeps the hot path of the aggregate policies to comparisons, without caching anything the context
 * could change behind the policy's back.
 */

/**
 * Per-slot memo of a sum over markets. Usage per walk: `begin()`, then for each market either `hit(...)`
 * (true: the term is unchanged) or `store(...)`, then `end()`; `total1` / `total2` are the sums of the two
 * result channels. A walk that stops early leaves the memo consistent (the next walk compares again).
 */
export class SlotMemo {
  private venues: string[] = [];
  private markets: string[] = [];
  private a: bigint[] = [];
  private b: bigint[] = [];
  private c: bigint[] = [];
  private d: bigint[] = [];
  private e: bigint[] = [];
  private v1: bigint[] = [];
  private v2: bigint[] = [];
  private size = 0;
  private i = 0;
  /** Σ of the first result channel over the stored slots. */
  total1 = 0n;
  /** Σ of the second result channel over the stored slots. */
  total2 = 0n;

  /** Starts a walk. */
  begin(): void {
    this.i = 0;
  }

  /** True (and moves to the next slot) when the current slot holds exactly these inputs. */
  hit(venue: string, market: string, a: bigint, b: bigint, c: bigint, d: bigint, e: bigint): boolean {
    const i = this.i;
    if (
      i < this.size &&
      this.markets[i] === market &&
      this.venues[i] === venue &&
      this.a[i] === a &&
      this.b[i] === b &&
      this.c[i] === c &&
      this.d[i] === d &&
      this.e[i] === e
    ) {
      this.i = i + 1;
      return true;
    }
    return false;
  }

  /** The first result of the slot just passed by `hit` or `store`. */
  last1(): bigint {
    return this.v1[this.i - 1]!;
  }

  /** Stores the inputs and results of the current slot and moves to the next. */
  store(
    venue: string,
    market: string,
    a: bigint,
    b: bigint,
    c: bigint,
    d: bigint,
    e: bigint,
    r1: bigint,
    r2: bigint,
  ): void {
    const i = this.i;
    if (i < this.size) {
      this.total1 += r1 - this.v1[i]!;
      this.total2 += r2 - this.v2[i]!;
    } else {
      this.total1 += r1;
      this.total2 += r2;
      this.size = i + 1;
    }
    this.venues[i] = venue;
    this.markets[i] = market;
    this.a[i] = a;
    this.b[i] = b;
    this.c[i] = c;
    this.d[i] = d;
    this.e[i] = e;
    this.v1[i] = r1;
    this.v2[i] = r2;
    this.i = i + 1;
  }

  /** Ends a complete walk: forgets slots past the last market seen. */
  end(): void {
    for (let j = this.i; j < this.size; j++) {
      this.total1 -= this.v1[j]!;
      this.total2 -= this.v2[j]!;
    }
    this.size = this.i;
  }
}
