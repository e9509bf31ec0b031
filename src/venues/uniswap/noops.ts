/**
 * Noops: the wallet's 0-value self transfers, each of which takes one nonce so that nothing else can:
 * the same-nonce replacement that cancels a pending swap (fees raised by more than 10 %, within the cap),
 * a no-op on the nonce of a swap the node does not have (today's fees: nothing to outbid), and fillers of
 * nonce gaps (nonces given back unsent, holes among the wallet's pooled transactions after a crash).
 */
import type { ChainClient, Fees, SignedTx } from './chain-client.ts';
import { classifySendError, type SendClass, UniswapCode } from './error-classifier.ts';
import { chainGaps, type NonceManager } from './nonce-manager.ts';
import type { Refusal } from './order-plan.ts';

/** Gas of a 0-value transfer to an account without code. */
const NOOP_GAS = 21_000n;

/** Signs and sends the wallet's no-ops and keeps its nonces free of holes. */
export class Noops {
  readonly #chain: ChainClient;
  readonly #nonces: NonceManager;
  readonly #maxFeePerGas: bigint;
  #closed = false;

  constructor(chain: ChainClient, nonces: NonceManager, maxFeePerGas: bigint) {
    this.#chain = chain;
    this.#nonces = nonces;
    this.#maxFeePerGas = maxFeePerGas;
  }

  /**
   * Signs the no-op that replaces a pending transaction on `nonce` paid with `old` fees: tip and max fee
   * raised by more than 10 % (nodes require it), at least today's; refused above the fee cap.
   */
  async replacement(nonce: number, old: Fees | undefined): Promise<SignedTx | Refusal> {
    const now = await this.#chain.fees();
    const bump = (x: bigint): bigint => (x * 11n) / 10n + 1n;
    const was = old ?? { maxFeePerGas: 0n, maxPriorityFeePerGas: 0n };
    let tip = bump(was.maxPriorityFeePerGas);
    if (tip < now.maxPriorityFeePerGas) tip = now.maxPriorityFeePerGas;
    let maxFee = bump(was.maxFeePerGas);
    if (maxFee < now.maxFeePerGas) maxFee = now.maxFeePerGas;
    if (maxFee < tip) maxFee = tip;
    if (maxFee > this.#maxFeePerGas)
      return {
        kind: 'rejected',
        code: UniswapCode.FeeTooLow,
        message: `the replacement needs a max fee of ${maxFee} wei, above maxFeePerGas ${this.#maxFeePerGas} wei`,
      };
    return this.sign(nonce, { maxFeePerGas: maxFee, maxPriorityFeePerGas: tip });
  }

  /** Signs a no-op on `nonce` at today's fees. */
  async atTodaysFees(nonce: number): Promise<SignedTx> {
    const { maxFeePerGas, maxPriorityFeePerGas } = await this.#chain.fees();
    return this.sign(nonce, { maxFeePerGas, maxPriorityFeePerGas });
  }

  /** Sends a signed no-op and says what the node's answer means; a no-op the node took marks its nonce sent. */
  async send(tx: SignedTx): Promise<SendClass> {
    let c: SendClass;
    try {
      await this.#chain.send(tx.raw);
      c = { kind: 'sent' };
    } catch (e) {
      c = classifySendError(e);
    }
    if (c.kind === 'sent') this.#nonces.markSent(tx.nonce);
    return c;
  }

  /** Stops filling gaps (the adapter is closing). */
  close(): void {
    this.#closed = true;
  }

  /** Gives back a nonce whose transaction was never sent: reused if it was the last, else filled now. */
  release(nonce: number): void {
    if (this.#nonces.release(nonce) === 'gap') void this.fillGaps();
  }

  /** Fills nonces given back unsent with no-ops (one that cannot be sent is tried again next time). */
  async fillGaps(): Promise<void> {
    for (const n of this.#nonces.gaps()) {
      if (this.#closed) return;
      if (!this.#nonces.claimGap(n, 'gap')) continue;
      try {
        const c = await this.send(await this.atTodaysFees(n));
        if (c.kind === 'sent' || c.kind === 'nonce_used') this.#nonces.markSent(n, 'gap');
        else this.#nonces.release(n);
      } catch {
        this.#nonces.release(n);
      }
    }
  }

  /** Fills holes among the wallet's pooled transactions (signed before a crash, never sent). */
  async fillChainGaps(): Promise<number[]> {
    const pooled = await this.#chain.pooledNonces();
    if (pooled === undefined) return [];
    const { latest } = await this.#chain.counts();
    const holes = chainGaps(latest, pooled);
    for (const n of holes) {
      const c = await this.send(await this.atTodaysFees(n));
      if (c.kind === 'rejected' || c.kind === 'unknown')
        throw new Error(`nonce ${n} (a hole among pooled transactions) not filled: ${describe(c)}`);
      this.#nonces.markSent(n, 'gap');
    }
    if (holes.length > 0) await this.resync();
    return holes;
  }

  /** Learns the wallet's mined and pooled counts again. */
  async resync(): Promise<void> {
    await this.#nonces.sync({
      latest: async () => (await this.#chain.counts()).latest,
      pending: async () => (await this.#chain.counts()).pending,
    });
  }

  private sign(nonce: number, fees: Fees): Promise<SignedTx> {
    return this.#chain.sign({ to: this.#chain.address, value: 0n, gas: NOOP_GAS, nonce, fees });
  }
}

function describe(c: SendClass): string {
  if (c.kind === 'rejected') return c.message;
  if (c.kind === 'unknown') return c.reason;
  return c.kind;
}
