/**
 * ChainClient: the adapter's view of the node (viem over JSON-RPC) and its wallet. Reads fees (EIP-1559,
 * capped), block time for deadlines, counts and pooled nonces; signs transactions locally (the key never
 * leaves this object and is never shown); sends raw transactions; reads receipts and recovers a mined
 * revert's reason by replaying the transaction.
 */
import {
  type Account,
  type Chain,
  createPublicClient,
  type Hex,
  http,
  keccak256,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { min } from '../../domain/index.ts';
import { decodeRevertData, revertReasonOf } from './error-classifier.ts';
import type { Address, ResolvedUniswapConfig } from './uniswap-config.ts';

/** How long a suggested priority fee is reused, ms. */
const TIP_TTL_MS = 1_000;

/** EIP-1559 fee pair, wei. */
export interface Fees {
  readonly maxFeePerGas: bigint;
  readonly maxPriorityFeePerGas: bigint;
}

/** A transaction to sign. */
export interface TxRequest {
  readonly to: Address;
  readonly data?: Hex;
  readonly value?: bigint;
  readonly gas: bigint;
  readonly nonce: number;
  readonly fees: Fees;
}

/** A signed transaction: its raw bytes and hash (known before sending). */
export interface SignedTx {
  readonly raw: Hex;
  readonly hash: Hex;
  readonly nonce: number;
  readonly fees: Fees;
}

/** The node and the wallet. */
export class ChainClient {
  readonly client: PublicClient;
  readonly address: Address;
  readonly #account: Account & { signTransaction: NonNullable<Account['signTransaction']> };
  readonly #cfg: ResolvedUniswapConfig;
  readonly #chain: Chain;
  #tip: { value: bigint; at: number } | undefined;

  constructor(cfg: ResolvedUniswapConfig, transport?: Transport) {
    this.#cfg = cfg;
    this.#chain = {
      id: cfg.chainId,
      name: `chain-${cfg.chainId}`,
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [cfg.rpcUrl] } },
    };
    this.client = createPublicClient({
      chain: this.#chain,
      transport: transport ?? http(cfg.rpcUrl, { timeout: 10_000, retryCount: 0 }),
      pollingInterval: 20,
    }) as PublicClient;
    const account = privateKeyToAccount(cfg.privateKey);
    this.#account = account;
    this.address = account.address.toLowerCase() as Address;
  }

  /**
   * Current EIP-1559 fees from the latest block (max fee = 2 × base fee + tip, capped by the
   * configuration) and that block's time (deadlines count from the chain's clock, not ours).
   */
  async fees(): Promise<Fees & { readonly baseFee: bigint; readonly timestamp: bigint }> {
    const [block, suggested] = await Promise.all([this.client.getBlock({ blockTag: 'latest' }), this.tip()]);
    const baseFee = block.baseFeePerGas ?? 0n;
    const cap = this.#cfg.maxFeePerGas;
    const maxFeePerGas = min(baseFee * 2n + suggested, cap);
    const tip = min(suggested, maxFeePerGas);
    return { maxFeePerGas, maxPriorityFeePerGas: tip, baseFee, timestamp: block.timestamp };
  }

  /** The node's suggested priority fee, asked at most once a second (it moves slowly; 1 gwei if unknown). */
  private async tip(): Promise<bigint> {
    const now = performance.now();
    if (this.#tip && now - this.#tip.at < TIP_TTL_MS) return this.#tip.value;
    const value = await this.client
      .request({ method: 'eth_maxPriorityFeePerGas' })
      .then((h) => BigInt(h))
      .catch(() => 1_000_000_000n);
    this.#tip = { value, at: now };
    return value;
  }

  /** Transactions of the wallet mined, and mined or pooled. */
  async counts(): Promise<{ latest: number; pending: number }> {
    const [latest, pending] = await Promise.all([
      this.client.getTransactionCount({ address: this.address, blockTag: 'latest' }),
      this.client.getTransactionCount({ address: this.address, blockTag: 'pending' }),
    ]);
    return { latest, pending };
  }

  /** Nonces of the wallet's transactions in the node's pool (`txpool_content`); undefined if unsupported. */
  async pooledNonces(): Promise<number[] | undefined> {
    try {
      const r = (await this.client.request({ method: 'txpool_content' as never, params: [] as never })) as {
        pending?: Record<string, Record<string, unknown>>;
        queued?: Record<string, Record<string, unknown>>;
      };
      const out: number[] = [];
      for (const group of [r.pending ?? {}, r.queued ?? {}]) {
        for (const [from, byNonce] of Object.entries(group)) {
          if (from.toLowerCase() !== this.address) continue;
          for (const n of Object.keys(byNonce)) out.push(Number(n));
        }
      }
      return out;
    } catch {
      return undefined;
    }
  }

  /** Signs a transaction locally. */
  async sign(tx: TxRequest): Promise<SignedTx> {
    const raw = await this.#account.signTransaction({
      type: 'eip1559',
      chainId: this.#cfg.chainId,
      nonce: tx.nonce,
      to: tx.to,
      data: tx.data ?? '0x',
      value: tx.value ?? 0n,
      gas: tx.gas,
      maxFeePerGas: tx.fees.maxFeePerGas,
      maxPriorityFeePerGas: tx.fees.maxPriorityFeePerGas,
    });
    return { raw, hash: keccak256(raw), nonce: tx.nonce, fees: tx.fees };
  }

  /** Sends a signed transaction as is (throws the node's error). */
  async send(raw: Hex): Promise<void> {
    await this.client.request({ method: 'eth_sendRawTransaction', params: [raw] });
  }

  /** The receipt of a mined transaction with enough confirmations (default: the configured), or undefined. */
  async receipt(hash: Hex, confirmations = this.#cfg.confirmations): Promise<TransactionReceipt | undefined> {
    let r: TransactionReceipt;
    try {
      r = await this.client.getTransactionReceipt({ hash });
    } catch (e) {
      if ((e as Error).name === 'TransactionReceiptNotFoundError') return undefined;
      throw e;
    }
    if (confirmations > 1) {
      const head = await this.client.getBlockNumber({ cacheTime: 0 });
      if (head - r.blockNumber + 1n < BigInt(confirmations)) return undefined;
    }
    return r;
  }

  /** Whether the node knows the transaction (pooled or mined), with its nonce. */
  async lookup(hash: Hex): Promise<
    | { readonly known: false }
    | {
        readonly known: true;
        readonly from: Address;
        readonly mined: boolean;
        readonly nonce: number;
        readonly to: Address | undefined;
        readonly input: Hex;
        readonly maxFeePerGas?: bigint;
        readonly maxPriorityFeePerGas?: bigint;
      }
  > {
    try {
      const t = await this.client.getTransaction({ hash });
      return {
        known: true,
        from: t.from.toLowerCase() as Address,
        mined: t.blockNumber !== null,
        nonce: t.nonce,
        to: (t.to?.toLowerCase() as Address | undefined) ?? undefined,
        input: t.input,
        ...(t.maxFeePerGas === undefined ? {} : { maxFeePerGas: t.maxFeePerGas }),
        ...(t.maxPriorityFeePerGas === undefined ? {} : { maxPriorityFeePerGas: t.maxPriorityFeePerGas }),
      };
    } catch (e) {
      if ((e as Error).name === 'TransactionNotFoundError') return { known: false };
      throw e;
    }
  }

  /**
   * Why a mined transaction reverted: the node's call trace when it has one (`debug_traceTransaction`),
   * else a replay of the call at its block.
   */
  async revertReason(hash: Hex, receipt: TransactionReceipt): Promise<string | undefined> {
    try {
      const trace = (await this.client.request({
        method: 'debug_traceTransaction' as never,
        params: [hash, { tracer: 'callTracer' }] as never,
      })) as { output?: Hex; revertReason?: string; error?: string };
      if (typeof trace.revertReason === 'string' && trace.revertReason.length > 0) return trace.revertReason;
      const decoded = decodeRevertData(trace.output);
      if (decoded !== undefined) return decoded;
    } catch {
      // no tracer on this node: replay instead
    }
    try {
      const tx = await this.client.getTransaction({ hash });
      await this.client.call({
        account: tx.from,
        to: tx.to ?? undefined,
        data: tx.input,
        gas: tx.gas,
        blockNumber: receipt.blockNumber,
      });
      return undefined;
    } catch (e) {
      return revertReasonOf(e);
    }
  }

  /** Round-trip of `eth_blockNumber`, ms. */
  async ping(): Promise<number> {
    const t0 = performance.now();
    await this.client.getBlockNumber({ cacheTime: 0 });
    return performance.now() - t0;
  }
}
