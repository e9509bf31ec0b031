/**
 * NonceManager: the nonces of the adapter's one wallet. Concurrent orders get consecutive nonces
 * (allocation is synchronous); each nonce is tracked from signed to sent; a nonce given back unsent is
 * reused when nothing after it was handed out, and otherwise reported as a gap that must be filled
 * (a 0-value self transfer) or every later transaction waits forever. On start (and after a restart) it
 * learns the chain's latest and pending counts; {@link chainGaps} finds holes among pooled transactions.
 */

/** Where the manager reads the wallet's transaction counts. */
export interface NonceSource {
  /** Transactions mined (`eth_getTransactionCount` at `latest`). */
  latest(): Promise<number>;
  /** Transactions mined or pooled (`eth_getTransactionCount` at `pending`). */
  pending(): Promise<number>;
}

/** State of one nonce handed out by the manager. */
export type NonceState = 'signed' | 'sent' | 'released';

interface Slot {
  state: NonceState;
  /** What holds it (an order id, `approve:<token>`, `noop`...). */
  owner: string;
}

/** Nonces of one wallet. */
export class NonceManager {
  #next: number | undefined;
  readonly #slots = new Map<number, Slot>();
  /** Highest count the chain has mined, as last seen. */
  #mined = 0;

  /** Learns the chain's counts; the next nonce is past every mined and pooled transaction. */
  async sync(source: NonceSource): Promise<void> {
    const [latest, pending] = await Promise.all([source.latest(), source.pending()]);
    this.observeMined(latest);
    const local = this.#next ?? 0;
    this.#next = Math.max(local, latest, pending);
  }

  /** True once {@link sync} has run. */
  get ready(): boolean {
    return this.#next !== undefined;
  }

  /** The next nonce that {@link allocate} would return. */
  get next(): number {
    if (this.#next === undefined) throw new Error('nonce manager not synced with the chain');
    return this.#next;
  }

  /** Hands out the next nonce to `owner` (synchronous: concurrent callers get consecutive nonces). */
  allocate(owner: string): number {
    const n = this.next;
    this.#next = n + 1;
    this.#slots.set(n, { state: 'signed', owner });
    return n;
  }

  /** Records that the transaction with this nonce reached the node (or may have). */
  markSent(nonce: number, owner?: string): void {
    const s = this.#slots.get(nonce);
    if (s) {
      s.state = 'sent';
      if (owner !== undefined) s.owner = owner;
    } else if (nonce >= this.#mined) this.#slots.set(nonce, { state: 'sent', owner: owner ?? 'restored' });
  }

  /**
   * Gives back a nonce whose transaction was never sent. Returns `reused` when it was the last one handed
   * out (the next allocation takes it again) and `gap` when later nonces exist: the caller must fill it.
   */
  release(nonce: number): 'reused' | 'gap' | 'unknown' {
    const s = this.#slots.get(nonce);
    if (!s || s.state === 'sent') return 'unknown';
    if (this.#next === nonce + 1) {
      this.#slots.delete(nonce);
      this.#next = nonce;
      // earlier released nonces at the top can be reused as well
      while (this.#next > this.#mined && this.#slots.get(this.#next - 1)?.state === 'released') {
        this.#slots.delete(this.#next - 1);
        this.#next--;
      }
      return 'reused';
    }
    s.state = 'released';
    return 'gap';
  }

  /** Nonces given back unsent below the next one: each must be filled for later transactions to mine. */
  gaps(): number[] {
    return [...this.#slots.entries()]
      .filter(([n, s]) => s.state === 'released' && n >= this.#mined)
      .map(([n]) => n)
      .sort((a, b) => a - b);
  }

  /** Takes a released nonce for a gap filler (it is then `signed` by `owner`). */
  claimGap(nonce: number, owner: string): boolean {
    const s = this.#slots.get(nonce);
    if (s?.state !== 'released') return false;
    s.state = 'signed';
    s.owner = owner;
    return true;
  }

  /** The chain has mined `count` transactions: nonces below are final and forgotten. */
  observeMined(count: number): void {
    if (count <= this.#mined) return;
    this.#mined = count;
    for (const n of [...this.#slots.keys()]) if (n < count) this.#slots.delete(n);
    if (this.#next !== undefined && this.#next < count) this.#next = count;
  }

  /** Count of mined transactions as last seen. */
  get mined(): number {
    return this.#mined;
  }

  /** State of a nonce still tracked. */
  stateOf(nonce: number): NonceState | undefined {
    return this.#slots.get(nonce)?.state;
  }
}

/**
 * Holes among a wallet's pooled transactions: nonces from `minedCount` up to the highest pooled one that
 * no pooled transaction (and no `inFlight` nonce of ours) uses. Those transactions never reached the node
 * (signed, then lost in a crash): later ones wait forever until each hole is filled.
 */
export function chainGaps(
  minedCount: number,
  pooled: readonly number[],
  inFlight: readonly number[] = [],
): number[] {
  const used = new Set([...pooled, ...inFlight]);
  const top = Math.max(-1, ...pooled);
  const out: number[] = [];
  for (let n = minedCount; n < top; n++) if (!used.has(n)) out.push(n);
  return out;
}
