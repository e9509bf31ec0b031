/**
 * ApprovalBook: ERC-20 approvals of the adapter's wallet. Before the first swap of a token through a
 * router it reads the allowance and, if short, approves the maximum once (one transaction per token and
 * router, concurrent callers wait for the same one), waiting for its receipt.
 */
import { encodeFunctionData } from 'viem';
import { erc20Abi } from './abis.ts';
import type { ChainClient, SignedTx } from './chain-client.ts';
import { classifySendError } from './error-classifier.ts';
import type { NonceManager } from './nonce-manager.ts';
import { MAX_UINT256 } from './swap-amounts.ts';
import type { Address } from './uniswap-config.ts';

/** Allowances at or above this are treated as unlimited. */
const ENOUGH = 1n << 255n;

/** Approvals per (token, spender). */
export class ApprovalBook {
  readonly #done = new Set<string>();
  readonly #inFlight = new Map<string, Promise<void>>();
  #closed = false;

  constructor(
    private readonly chain: ChainClient,
    private readonly nonces: NonceManager,
    private readonly timeoutMs: number,
  ) {}

  /** Stops waiting for approval receipts: a wait in progress ends with an error. */
  close(): void {
    this.#closed = true;
  }

  /** True when `spender` is known to be approved for `token`. */
  has(token: Address, spender: Address): boolean {
    return this.#done.has(`${token}:${spender}`);
  }

  /** Makes sure `spender` may move the wallet's `token` (approving the maximum once if needed). */
  ensure(token: Address, spender: Address): Promise<void> {
    const key = `${token}:${spender}`;
    if (this.#done.has(key)) return Promise.resolve();
    let p = this.#inFlight.get(key);
    if (!p) {
      p = this.approve(token, spender, key).finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, p);
    }
    return p;
  }

  private async approve(token: Address, spender: Address, key: string): Promise<void> {
    const allowance = await this.chain.client.readContract({
      address: token,
      abi: erc20Abi,
      functionName: 'allowance',
      args: [this.chain.address, spender],
    });
    if (allowance >= ENOUGH) {
      this.#done.add(key);
      return;
    }
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [spender, MAX_UINT256] });
    const gas = await this.chain.client
      .estimateGas({ account: this.chain.address, to: token, data })
      .catch(() => 100_000n);
    const fees = await this.chain.fees();
    const nonce = this.nonces.allocate(`approve:${token}`);
    let tx: SignedTx;
    try {
      tx = await this.chain.sign({ to: token, data, gas: (gas * 12n) / 10n, nonce, fees });
    } catch (e) {
      // nothing was signed: the nonce goes back (reused, or a gap the adapter fills)
      this.nonces.release(nonce);
      throw e;
    }
    try {
      await this.chain.send(tx.raw);
    } catch (e) {
      const c = classifySendError(e);
      if (c.kind === 'rejected') {
        this.nonces.release(nonce);
        throw new Error(`approval of ${token} refused by the node: ${c.message}`);
      }
    }
    this.nonces.markSent(nonce);
    // an approval is a one-off: it gets at least 30 s (a busy node), more if receipts are given longer
    const until = performance.now() + Math.max(this.timeoutMs, 30_000);
    for (let delay = 2; ; delay = Math.min(delay * 2, 200)) {
      const r = await this.chain.receipt(tx.hash, 1); // the allowance is usable once mined
      if (r) {
        if (r.status !== 'success') throw new Error(`approval of ${token} for ${spender} reverted`);
        this.#done.add(key);
        return;
      }
      if (this.#closed) throw new Error(`approval ${tx.hash} of ${token}: the adapter is closing`);
      if (performance.now() > until) throw new Error(`approval ${tx.hash} of ${token} not mined in time`);
      await new Promise((res) => setTimeout(res, delay));
    }
  }
}
