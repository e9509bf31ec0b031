/**
 * UniswapVenue: the Uniswap adapter (V2 router + V3 SwapRouter / QuoterV2 over JSON-RPC, one wallet).
 * An order becomes one signed swap transaction whose hash is its venue id, fixed in `prepareOrder` (and
 * journaled) before anything is sent; `placeOrder` sends exactly that transaction and waits for its
 * receipt. A swap never gets a second signature: an unknown outcome is settled by the hash and the nonce.
 * `cancelOrder` replaces a pending swap with a same-nonce, higher-fee 0-value self transfer and reports
 * which one was mined. Receipts become fills from the pools' Swap events; reverts become rejections with
 * the contract's reason. A poll loop streams results of swaps that were still pending, and fills nonce gaps.
 */
import type { Hex, Transport } from 'viem';
import {
  asVenueOrderId,
  type Clock,
  type Decimal,
  type Fill,
  fmt,
  type InstrumentRules,
  type MarketId,
  type Order,
  type OrderId,
  type OrderStatus,
  type Side,
  systemClock,
  type VenueId,
  type VenueOrderId,
  ZERO,
} from '../../domain/index.ts';
import type {
  CancelOutcome,
  ModifyOutcome,
  OrderRef,
  PlaceOutcome,
  PrepareOutcome,
  VenueAdapter,
  VenueHealth,
  VenueListener,
  VenueOrderReport,
} from '../venue-adapter.ts';
import { VenueListeners } from '../venue-listeners.ts';
import { ApprovalBook } from './approvals.ts';
import { ChainClient, type Fees, type SignedTx } from './chain-client.ts';
import { classifyRevert, classifySendError, UniswapCode } from './error-classifier.ts';
import { NonceManager } from './nonce-manager.ts';
import { Noops } from './noops.ts';
import type { Refusal } from './order-plan.ts';
import { RoutePlanner } from './route-planner.ts';
import { SwapBuilder } from './swap-builder.ts';
import { decodeSide, fillsFromReceipt, gasCost, summarise } from './swap-decoder.ts';
import {
  type MarketInfo,
  type ResolvedUniswapConfig,
  resolveUniswapConfig,
  type UniswapVenueConfig,
} from './uniswap-config.ts';

/** Dependencies of {@link createUniswapVenue} (all optional). */
export interface UniswapVenueDeps {
  readonly clock?: Clock;
  /** A viem transport instead of `http(rpcUrl)` (tests wrap it). */
  readonly transport?: Transport;
}

/** How a swap ended on chain. */
type SwapResult =
  | { readonly kind: 'mined'; readonly status: OrderStatus; readonly fills: readonly Fill[] }
  | { readonly kind: 'reverted'; readonly code: string; readonly message: string }
  /** Our same-nonce no-op was mined instead: the swap is cancelled. */
  | { readonly kind: 'replaced' };

type Probe =
  | SwapResult
  | { readonly kind: 'pending' }
  | { readonly kind: 'absent'; readonly nonceUsed: boolean };

/** One order's swap as the adapter tracks it. */
interface Swap {
  readonly orderId: OrderId;
  readonly market: MarketInfo;
  readonly side: Side;
  readonly size: Decimal;
  readonly hash: Hex;
  nonce?: number;
  raw?: Hex;
  fees?: Fees;
  /** prepared: signed, never sent; sent: the node took it; maybe: sent without an answer; refused: never in the pool. */
  send: 'prepared' | 'sent' | 'maybe' | 'refused';
  /** The engine was told the swap is Working (pending): a later revert is reported as Expired. */
  acked: boolean;
  /** Which pool and why. */
  why?: string;
  /** The same-nonce no-op that replaces it (a cancel, or a swap the node never had). */
  cancel?: SignedTx;
  /** Hashes of every no-op ever signed on its nonce: whichever of them is mined, the swap was replaced. */
  noops?: Hex[];
  /** A cancel was asked for: a nonce the node does not hold is taken by a no-op even without a status query. */
  cancelAsked?: boolean;
  /** sent: the node took the no-op; maybe: its send went unanswered (the same bytes are sent again). */
  cancelSend?: 'sent' | 'maybe';
  result?: SwapResult;
}

/** Most fills kept in memory for getFills. */
const FILLS_KEPT = 10_000;
/** Oldest fill kept in memory for getFills, ms. */
const FILLS_KEPT_MS = 24 * 60 * 60 * 1000;
/** Shortest interval between reference-price refreshes, ms. */
const PRICE_REFRESH_MS = 1_000;

/** Creates and starts a Uniswap adapter: validates the config, checks the chain, finds pools, syncs nonces. */
export async function createUniswapVenue(
  cfg: UniswapVenueConfig,
  deps: UniswapVenueDeps = {},
): Promise<UniswapVenue> {
  const venue = new UniswapVenue(resolveUniswapConfig(cfg), deps);
  await venue.start();
  return venue;
}

/** The Uniswap venue adapter. */
export class UniswapVenue implements VenueAdapter {
  readonly venueId: VenueId;
  /** Status queries and cancels go to the node, not to an order-entry budget. */
  readonly budgetCost = { cancel: 0, query: 0 } as const;
  readonly #cfg: ResolvedUniswapConfig;
  readonly #clock: Clock;
  readonly #chain: ChainClient;
  readonly #planner: RoutePlanner;
  readonly #nonces = new NonceManager();
  readonly #approvals: ApprovalBook;
  readonly #noops: Noops;
  readonly #builder: SwapBuilder;
  readonly #listeners = new VenueListeners();
  readonly #byOrder = new Map<OrderId, Swap>();
  readonly #byHash = new Map<Hex, Swap>();
  readonly #fills: Fill[] = [];
  readonly #prices = new Map<MarketId, Decimal>();
  #timer: NodeJS.Timeout | undefined;
  /** The poll round running now, if any (close() waits for it). */
  #tickRun: Promise<void> | undefined;
  #ticks = 0;
  /** A swap of ours moved a pool: the next poll round refreshes the reference prices. */
  #pricesStale = false;
  #pricedAt = 0;
  #closed = false;

  constructor(cfg: ResolvedUniswapConfig, deps: UniswapVenueDeps = {}) {
    this.#cfg = cfg;
    this.venueId = cfg.venueId;
    this.#clock = deps.clock ?? systemClock;
    this.#chain = new ChainClient(cfg, deps.transport);
    this.#planner = new RoutePlanner(this.#chain, cfg);
    this.#approvals = new ApprovalBook(this.#chain, this.#nonces, cfg.receiptTimeoutMs);
    this.#noops = new Noops(this.#chain, this.#nonces, cfg.maxFeePerGas);
    this.#builder = new SwapBuilder(cfg, this.#chain, this.#planner, this.#nonces, this.#approvals);
  }

  /** The wallet address (never the key). */
  get address(): `0x${string}` {
    return this.#chain.address;
  }

  /** Checks the chain id, finds the pools, learns nonces, fills start-up gaps, starts the poll loop. */
  async start(): Promise<void> {
    const id = await this.#chain.client.getChainId();
    if (id !== this.#cfg.chainId)
      throw new Error(`chainId: node reports ${id}, config says ${this.#cfg.chainId}`);
    await this.#planner.discover();
    await this.#noops.resync();
    await this.#noops.fillChainGaps();
    await this.refreshPrices();
    this.#timer = setInterval(() => {
      if (this.#tickRun || this.#closed) return;
      this.#tickRun = this.tick().finally(() => {
        this.#tickRun = undefined;
      });
    }, this.#cfg.pollIntervalMs);
    this.#timer.unref();
  }

  instrument(market: MarketId): InstrumentRules | undefined {
    return this.#cfg.markets.get(market)?.rules;
  }

  referencePrice(market: MarketId): Decimal | undefined {
    return this.#prices.get(market);
  }

  subscribe(listener: VenueListener): () => void {
    return this.#listeners.subscribe(listener);
  }

  /** Quotes, picks the pool, approves if needed, signs the swap: its hash is the venue order id. */
  async prepareOrder(order: Readonly<Order>): Promise<PrepareOutcome> {
    const existing = this.#byOrder.get(order.id);
    if (existing) return { kind: 'prepared', venueOrderId: asVenueOrderId(existing.hash) };
    try {
      const r = await this.build(order);
      if (r.kind === 'rejected') return r;
      return { kind: 'prepared', venueOrderId: asVenueOrderId(r.swap.hash) };
    } catch (e) {
      return {
        kind: 'rejected',
        code: UniswapCode.NodeRefused,
        message: `not prepared: ${(e as Error).message.split('\n')[0]}`,
      };
    }
  }

  private async build(order: Readonly<Order>): Promise<Refusal | { kind: 'built'; swap: Swap }> {
    const r = await this.#builder.build(order, () => this.#byOrder.has(order.id));
    if (r.kind === 'rejected') return r;
    if (r.kind === 'taken') return { kind: 'built', swap: this.#byOrder.get(order.id)! };
    const swap: Swap = {
      orderId: order.id,
      market: r.market,
      side: order.side,
      size: order.size,
      hash: r.signed.hash,
      nonce: r.signed.nonce,
      raw: r.signed.raw,
      fees: r.signed.fees,
      send: 'prepared',
      acked: false,
      why: r.why,
    };
    this.#byOrder.set(order.id, swap);
    this.#byHash.set(swap.hash, swap);
    return { kind: 'built', swap };
  }

  /** Which pool the order's swap uses and why (for reports and audits). */
  routeOf(orderId: OrderId): string | undefined {
    return this.#byOrder.get(orderId)?.why;
  }

  async placeOrder(order: Readonly<Order>): Promise<PlaceOutcome> {
    let swap = this.#byOrder.get(order.id);
    if (!swap) {
      let built: Awaited<ReturnType<UniswapVenue['build']>>;
      try {
        built = await this.build(order);
      } catch (e) {
        return {
          kind: 'rejected',
          code: UniswapCode.NodeRefused,
          message: `not sent: ${(e as Error).message.split('\n')[0]}`,
        };
      }
      if (built.kind === 'rejected') return built;
      swap = built.swap;
    }
    if (swap.send === 'refused')
      return {
        kind: 'rejected',
        code: UniswapCode.UnknownOrder,
        message: 'cancelled before it was sent: nothing reached the node',
      };
    if (swap.send === 'prepared') {
      const sent = await this.sendSwap(swap);
      if (sent) return sent;
    }
    return this.awaitResult(swap);
  }

  /** Sends the prepared raw transaction; returns an outcome only when the send itself decides it. */
  private async sendSwap(swap: Swap): Promise<PlaceOutcome | undefined> {
    // from here on the swap may reach the node: a cancel meanwhile must outbid it, not take its nonce back
    swap.send = 'maybe';
    try {
      await this.#chain.send(swap.raw!);
      swap.send = 'sent';
      this.#nonces.markSent(swap.nonce!);
      return undefined;
    } catch (e) {
      const c = classifySendError(e);
      switch (c.kind) {
        case 'sent':
          swap.send = 'sent';
          this.#nonces.markSent(swap.nonce!);
          return undefined;
        case 'unknown':
          swap.send = 'maybe';
          this.#nonces.markSent(swap.nonce!);
          return { kind: 'unknown', reason: c.reason };
        case 'nonce_used': {
          swap.send = 'maybe';
          const p = await this.probe(swap);
          if (p.kind === 'pending' || p.kind === 'mined' || p.kind === 'reverted' || p.kind === 'replaced')
            return undefined;
          swap.send = 'refused';
          await this.#noops.resync();
          return {
            kind: 'rejected',
            code: UniswapCode.NonceUsed,
            message: `nonce ${swap.nonce} is used by another transaction: ${c.message}`,
          };
        }
        case 'rejected':
          swap.send = 'refused';
          // a cancel's no-op may hold the nonce already (it outbid the swap): then it is not given back
          if (swap.noops === undefined) this.#noops.release(swap.nonce!);
          return { kind: 'rejected', code: c.code, message: c.message };
      }
    }
  }

  /** Waits for the swap's receipt up to the bound. */
  private async awaitResult(swap: Swap): Promise<PlaceOutcome> {
    const until = performance.now() + this.#cfg.receiptTimeoutMs;
    let delay = 2;
    for (;;) {
      const p = await this.probe(swap).catch(() => undefined);
      if (p && (p.kind === 'mined' || p.kind === 'reverted' || p.kind === 'replaced'))
        return this.outcomeOf(swap, p);
      if (performance.now() >= until || this.#closed) {
        if (p?.kind === 'pending' && this.#cfg.pendingAck === 'working') {
          swap.acked = true;
          return { kind: 'accepted', venueOrderId: asVenueOrderId(swap.hash), status: 'Working' };
        }
        return {
          kind: 'unknown',
          reason: `swap ${swap.hash} (nonce ${swap.nonce}) not mined within ${this.#cfg.receiptTimeoutMs} ms${p?.kind === 'pending' ? ': pending in the node' : ''}`,
        };
      }
      await sleep(Math.min(delay, this.#cfg.pollIntervalMs, Math.max(1, until - performance.now())));
      delay *= 2;
    }
  }

  private outcomeOf(swap: Swap, r: SwapResult): PlaceOutcome {
    const venueOrderId = asVenueOrderId(swap.hash);
    switch (r.kind) {
      case 'mined':
        return { kind: 'accepted', venueOrderId, status: r.status, fills: r.fills };
      case 'reverted':
        return { kind: 'rejected', code: r.code, message: r.message };
      case 'replaced':
        return { kind: 'accepted', venueOrderId, status: 'Cancelled' };
    }
  }

  /** Reads what the chain says about a swap; records (and streams) a final result once. */
  private async probe(swap: Swap): Promise<Probe> {
    if (swap.result) return swap.result;
    const receipt = await this.#chain.receipt(swap.hash);
    if (receipt) {
      if (swap.nonce === undefined) {
        const n = await this.nonceOf(swap.hash);
        if (n !== undefined) swap.nonce = n;
      }
      if (receipt.status === 'success') {
        const fills = fillsFromReceipt(receipt, {
          venue: this.venueId,
          orderId: swap.orderId,
          venueOrderId: asVenueOrderId(swap.hash),
          market: swap.market,
          side: swap.side,
          poolAt: (a) => this.#planner.poolAt(swap.market.id, a),
          timestamp: this.#clock.now(),
        });
        const { filled } = summarise(fills, swap.side);
        return this.settle(swap, {
          kind: 'mined',
          status: filled >= swap.size ? 'Filled' : 'Cancelled',
          fills,
        });
      }
      const reason = await this.#chain.revertReason(swap.hash, receipt);
      const c = classifyRevert(reason);
      // a reverted swap still pays for its gas: the rejection says how much
      const message = `${c.message} (gas spent: ${fmt(gasCost(receipt))} ETH)`;
      return this.settle(swap, { kind: 'reverted', code: c.code, message });
    }
    if (await this.noopMined(swap)) return this.settle(swap, { kind: 'replaced' });
    const seen = await this.#chain.lookup(swap.hash);
    if (seen.known) {
      swap.nonce ??= seen.nonce;
      // a swap restored after a restart learns its fees here: a cancel must outbid them
      if (
        swap.fees === undefined &&
        seen.maxFeePerGas !== undefined &&
        seen.maxPriorityFeePerGas !== undefined
      )
        swap.fees = { maxFeePerGas: seen.maxFeePerGas, maxPriorityFeePerGas: seen.maxPriorityFeePerGas };
      if (swap.send === 'maybe') swap.send = 'sent';
      return { kind: 'pending' };
    }
    if (swap.nonce === undefined) return { kind: 'absent', nonceUsed: false };
    const { latest } = await this.#chain.counts();
    this.#nonces.observeMined(latest);
    // the nonce went to a transaction: a no-op of ours (mined, short of the configured confirmations,
    // as the receipt check above found none with them: not final yet), else another's
    if (latest > swap.nonce && (await this.noopMined(swap, 1))) return { kind: 'pending' };
    return { kind: 'absent', nonceUsed: latest > swap.nonce };
  }

  /** True when one of the no-ops signed on the swap's nonce is mined (with `confirmations`, default the configured). */
  private async noopMined(swap: Swap, confirmations?: number): Promise<boolean> {
    for (const hash of swap.noops ?? []) if (await this.#chain.receipt(hash, confirmations)) return true;
    return false;
  }

  /** Makes `noop` the swap's current replacement (every one signed is remembered). */
  private useNoop(swap: Swap, noop: SignedTx, sent: 'sent' | 'maybe'): void {
    swap.cancel = noop;
    swap.cancelSend = sent;
    swap.noops = [...(swap.noops ?? []), noop.hash];
  }

  private async nonceOf(hash: Hex): Promise<number | undefined> {
    const l = await this.#chain.lookup(hash);
    return l.known ? l.nonce : undefined;
  }

  /** Records a final result and streams it (fills first, then the order's status) once. */
  private settle(swap: Swap, r: SwapResult): SwapResult {
    if (swap.result) return swap.result;
    swap.result = r;
    if (r.kind === 'mined') {
      this.keepFills(r.fills);
      this.#pricesStale = true;
    }
    if (r.kind === 'mined') for (const fill of r.fills) this.#listeners.emit({ type: 'fill', fill });
    this.#listeners.emit({ type: 'order', report: this.reportOf(swap, r) });
    return r;
  }

  /**
   * Keeps fills for {@link getFills} (reconciliation asks for recent ones): at most {@link FILLS_KEPT},
   * none older than {@link FILLS_KEPT_MS}. Older fills are in the journal; the chain has them all.
   */
  private keepFills(fills: readonly Fill[]): void {
    this.#fills.push(...fills);
    const oldest = this.#clock.now() - FILLS_KEPT_MS;
    let drop = Math.max(0, this.#fills.length - FILLS_KEPT);
    while (drop < this.#fills.length && this.#fills[drop]!.timestamp < oldest) drop++;
    if (drop > 0) this.#fills.splice(0, drop);
  }

  private reportOf(swap: Swap, p: Probe): VenueOrderReport {
    const base = {
      orderId: swap.orderId,
      venueOrderId: asVenueOrderId(swap.hash),
      market: swap.market.id,
      side: swap.side,
      size: swap.size,
      updatedAt: this.#clock.now(),
    };
    switch (p.kind) {
      case 'mined': {
        const { filled, avg } = summarise(p.fills, swap.side);
        return {
          ...base,
          status: p.status,
          filledSize: filled,
          ...(avg === undefined ? {} : { avgFillPrice: avg }),
          ...reasonOf(
            p.status === 'Cancelled' ? 'IOC remainder not fillable within the limit price' : undefined,
            swap.why,
          ),
        };
      }
      case 'reverted':
        // a swap already reported Working can no longer be "rejected": it expired unfilled
        return {
          ...base,
          status: swap.acked ? 'Expired' : 'Rejected',
          filledSize: ZERO,
          reason: `${p.code}: ${p.message}`,
        };
      case 'replaced':
        return {
          ...base,
          status: 'Cancelled',
          filledSize: ZERO,
          reason: 'replaced by a same-nonce 0-value transfer (cancel)',
        };
      default:
        return { ...base, status: 'Working', filledSize: ZERO, ...reasonOf('pending in the node', swap.why) };
    }
  }

  async getOrderStatus(ref: OrderRef): Promise<VenueOrderReport | null> {
    const swap = await this.find(ref.orderId, ref.venueOrderId, ref.market);
    if (!swap) return null;
    const p = await this.probe(swap);
    if (p.kind === 'absent') {
      // sent (or maybe sent) but unknown to the node: its nonce is ours, so a no-op makes sure it never lands
      if (!p.nonceUsed && swap.nonce !== undefined && (swap.send === 'sent' || swap.send === 'maybe'))
        await this.fillUnsent(swap);
      return null;
    }
    if (p.kind === 'pending') swap.acked = true;
    return this.reportOf(swap, p);
  }

  /** The swap of an order: tracked, or adopted from the chain by its hash (a restored order). */
  private async find(
    orderId: OrderId,
    venueOrderId?: VenueOrderId,
    market?: MarketId,
  ): Promise<Swap | undefined> {
    const known =
      this.#byOrder.get(orderId) ?? (venueOrderId ? this.#byHash.get(venueOrderId as Hex) : undefined);
    if (known || venueOrderId === undefined || !/^0x[0-9a-fA-F]{64}$/.test(venueOrderId)) return known;
    const m = market ? this.#cfg.markets.get(market) : undefined;
    if (!m) return undefined;
    const seen = await this.#chain.lookup(venueOrderId as Hex);
    if (!seen.known || seen.from !== this.#chain.address) return undefined; // not a transaction of this wallet
    const side = decodeSide(seen.input, m);
    if (!side) return undefined;
    const swap: Swap = {
      orderId,
      market: m,
      side: side.side,
      size: side.size,
      hash: venueOrderId as Hex,
      nonce: seen.nonce,
      send: 'sent',
      acked: false,
      ...(seen.maxFeePerGas !== undefined && seen.maxPriorityFeePerGas !== undefined
        ? { fees: { maxFeePerGas: seen.maxFeePerGas, maxPriorityFeePerGas: seen.maxPriorityFeePerGas } }
        : {}),
    };
    this.#byOrder.set(orderId, swap);
    this.#byHash.set(swap.hash, swap);
    return swap;
  }

  async cancelOrder(order: Readonly<Order>): Promise<CancelOutcome> {
    let swap: Swap | undefined;
    try {
      swap = await this.find(order.id, order.venueOrderId, order.market);
    } catch (e) {
      // the node did not answer the lookup: whether the swap exists is not known
      return { kind: 'unknown', reason: `node did not answer: ${(e as Error).message.split('\n')[0]}` };
    }
    if (!swap)
      return {
        kind: 'rejected',
        code: UniswapCode.UnknownOrder,
        message: `order ${order.id} has no swap known to this adapter`,
      };
    let p: Probe;
    try {
      p = await this.probe(swap);
    } catch (e) {
      return { kind: 'unknown', reason: `node did not answer: ${(e as Error).message.split('\n')[0]}` };
    }
    if (p.kind === 'replaced') return { kind: 'cancelled' };
    if (p.kind === 'mined' || p.kind === 'reverted')
      return {
        kind: 'rejected',
        code: UniswapCode.AlreadyMined,
        message: `swap ${swap.hash} is already mined (${describe(p)})`,
      };
    if (swap.nonce === undefined)
      return {
        kind: 'rejected',
        code: UniswapCode.UnknownOrder,
        message: `swap ${swap.hash} is unknown to the node`,
      };
    if (p.kind === 'absent' && p.nonceUsed)
      return {
        kind: 'rejected',
        code: UniswapCode.NonceUsed,
        message: `nonce ${swap.nonce} was used by another transaction: the swap can no longer be mined`,
      };
    if (swap.send === 'refused')
      return {
        kind: 'rejected',
        code: UniswapCode.UnknownOrder,
        message: `swap ${swap.hash} never reached the node`,
      };
    swap.cancelAsked = true;
    const neverSent = swap.send === 'prepared';
    if (neverSent) swap.send = 'maybe'; // never to be sent now: its nonce goes to the no-op
    await this.resendCancel(swap);
    if (!swap.cancel) {
      const r = await this.sendReplacement(swap).catch(
        (e: unknown): CancelOutcome => ({
          kind: 'rejected',
          code: UniswapCode.NodeRefused,
          message: String(e),
        }),
      );
      if (r?.kind === 'rejected' && neverSent && !swap.cancel) {
        // neither the swap nor a no-op reached the node: nothing can land; the nonce goes back
        swap.send = 'refused';
        this.#noops.release(swap.nonce);
        return { kind: 'cancelled' };
      }
      if (r) return r;
    }
    const until = performance.now() + this.#cfg.receiptTimeoutMs;
    let delay = 2;
    for (;;) {
      const q = await this.probe(swap).catch(() => undefined);
      if (q?.kind === 'replaced') return { kind: 'cancelled' };
      if (q?.kind === 'mined' || q?.kind === 'reverted')
        return {
          kind: 'rejected',
          code: UniswapCode.AlreadyMined,
          message: `the swap was mined before its replacement (${describe(q)})`,
        };
      if (performance.now() >= until || this.#closed)
        return {
          kind: 'unknown',
          reason: `neither the swap nor its replacement mined within ${this.#cfg.receiptTimeoutMs} ms`,
        };
      await sleep(Math.min(delay, this.#cfg.pollIntervalMs));
      delay *= 2;
    }
  }

  /** Signs and sends the same-nonce no-op with fees raised by more than 10 %. */
  private async sendReplacement(swap: Swap): Promise<CancelOutcome | undefined> {
    const noop = await this.#noops.replacement(swap.nonce!, swap.fees);
    if ('kind' in noop) return noop;
    const c = await this.#noops.send(noop);
    if (c.kind === 'nonce_used') return undefined; // the swap was mined meanwhile: the probe tells
    if (c.kind === 'rejected')
      return { kind: 'rejected', code: c.code, message: `replacement refused: ${c.message}` };
    this.useNoop(swap, noop, c.kind === 'sent' ? 'sent' : 'maybe');
    return c.kind === 'unknown' ? { kind: 'unknown', reason: c.reason } : undefined;
  }

  /**
   * Sends again a no-op whose send went unanswered: the same signed bytes (never a second no-op), so
   * the node either learns it now or says it has it. A definite refusal drops it as the current one (its
   * hash stays remembered): the next cancel, or the poll loop for a swap the node lacks, signs a new one.
   */
  private async resendCancel(swap: Swap): Promise<void> {
    if (swap.cancelSend !== 'maybe' || !swap.cancel || swap.result) return;
    const c = await this.#noops.send(swap.cancel);
    // known to the node, or its nonce is taken (by the no-op or the swap: the probe tells which)
    if (c.kind === 'sent' || c.kind === 'nonce_used') swap.cancelSend = 'sent';
    else if (c.kind === 'rejected') {
      delete swap.cancel;
      delete swap.cancelSend;
    }
  }

  async modifyOrder(
    _order: Readonly<Order>,
    _newPrice?: Decimal,
    _newSize?: Decimal,
  ): Promise<ModifyOutcome> {
    return {
      kind: 'rejected',
      code: UniswapCode.Unsupported,
      message: 'an AMM swap cannot be amended: cancel it (a same-nonce replacement) and send a new order',
    };
  }

  async getOpenOrders(market?: MarketId): Promise<readonly VenueOrderReport[]> {
    const out: VenueOrderReport[] = [];
    for (const swap of this.#byOrder.values()) {
      if (swap.result || swap.send === 'prepared' || swap.send === 'refused') continue;
      if (market !== undefined && swap.market.id !== market) continue;
      const p = await this.probe(swap);
      if (p.kind === 'pending') out.push(this.reportOf(swap, p));
    }
    return out;
  }

  async getFills(sinceMs: number, market?: MarketId): Promise<readonly Fill[]> {
    // swaps not settled yet (restored by hash, or still pending) are read from the chain first
    for (const swap of [...this.#byOrder.values()]) {
      if (swap.result || swap.send === 'prepared' || swap.send === 'refused') continue;
      if (market === undefined || swap.market.id === market) await this.probe(swap).catch(() => undefined);
    }
    return this.#fills.filter((f) => f.timestamp >= sinceMs && (market === undefined || f.market === market));
  }

  async healthCheck(): Promise<VenueHealth> {
    try {
      const latencyMs = await this.#chain.ping();
      return { ok: true, latencyMs };
    } catch (e) {
      return {
        ok: false,
        message: `node did not answer eth_blockNumber: ${(e as Error).message.split('\n')[0]}`,
      };
    }
  }

  /** Drops a finished order; a prepared swap that was never sent gives its nonce back (gap filled). */
  release(orderId: OrderId): void {
    const swap = this.#byOrder.get(orderId);
    if (!swap) return;
    if (swap.send === 'prepared' && swap.nonce !== undefined) {
      swap.send = 'refused';
      this.#noops.release(swap.nonce);
    }
    // a swap that is not final and may be in a node is kept: its result still streams
    if (!swap.result && (swap.send === 'sent' || swap.send === 'maybe')) return;
    this.#byOrder.delete(orderId);
    this.#byHash.delete(swap.hash);
  }

  /** Re-learns a journaled order's swap by its tx hash (venue order id). */
  restoreOrder(order: Readonly<Order>): void {
    if (order.venueOrderId === undefined || this.#byOrder.has(order.id)) return;
    const market = this.#cfg.markets.get(order.market);
    if (!market) return;
    const swap: Swap = {
      orderId: order.id,
      market,
      side: order.side,
      size: order.size,
      hash: order.venueOrderId as Hex,
      send: 'maybe',
      acked: order.status !== 'Submitting' && order.status !== 'Pending',
    };
    this.#byOrder.set(order.id, swap);
    this.#byHash.set(swap.hash, swap);
  }

  /**
   * Stops the poll loop and waits for a round in progress; no gap is filled after it. A place or cancel
   * still waiting for a receipt ends at its next check (`unknown`), an approval wait with an error.
   */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#approvals.close();
    this.#noops.close();
    await this.#tickRun?.catch(() => undefined);
    this.#listeners.clear();
  }

  /**
   * Takes the nonce of a swap the node does not have with a no-op at today's fees (there is nothing to
   * outbid), so that the swap can never land later; whichever is mined, the probe tells. A failed send is
   * tried again at the next status query.
   */
  private async fillUnsent(swap: Swap): Promise<void> {
    if (swap.cancel) return this.resendCancel(swap);
    if (swap.nonce === undefined) return;
    try {
      const noop = await this.#noops.atTodaysFees(swap.nonce);
      const c = await this.#noops.send(noop);
      if (c.kind === 'rejected' || c.kind === 'nonce_used') return;
      this.useNoop(swap, noop, c.kind === 'sent' ? 'sent' : 'maybe');
    } catch {
      // no fee estimate or signature: the next status query tries again
    }
  }

  private async refreshPrices(): Promise<void> {
    for (const m of this.#cfg.markets.values()) {
      try {
        const p = await this.#planner.midPrice(m);
        if (p !== undefined) this.#prices.set(m.id, p);
      } catch {
        // keep the last price
      }
    }
  }

  /** One round of the poll loop: results of pending swaps, nonce gaps, prices. */
  private async tick(): Promise<void> {
    for (const swap of [...this.#byOrder.values()]) {
      if (this.#closed) return;
      if (swap.result || swap.send === 'prepared' || swap.send === 'refused') continue;
      await this.resendCancel(swap);
      const p = await this.probe(swap).catch(() => undefined);
      // a cancelled swap the node does not hold, whose no-op is gone: its nonce is taken now, or it is a
      // hole that stalls every later transaction of the wallet
      if (p?.kind === 'absent' && !p.nonceUsed && swap.cancelAsked && !swap.cancel)
        await this.fillUnsent(swap);
    }
    if (this.#closed) return;
    if (this.#nonces.gaps().length > 0) await this.#noops.fillGaps();
    // at most once a second, and only when idle or our swaps moved a pool: quotes keep the node busy enough
    const now = this.#clock.now();
    if (
      !this.#closed &&
      now - this.#pricedAt >= PRICE_REFRESH_MS &&
      (this.#pricesStale || ++this.#ticks % 8 === 0)
    ) {
      this.#pricesStale = false;
      this.#pricedAt = now;
      await this.refreshPrices();
    }
  }
}

/** `{ reason }` from a status note and the route choice (which pool and why), when there is any. */
function reasonOf(note: string | undefined, route: string | undefined): { reason?: string } {
  const parts = [note, route === undefined ? undefined : `route ${route}`].filter((x) => x !== undefined);
  return parts.length === 0 ? {} : { reason: parts.join('; ') };
}

function describe(r: SwapResult): string {
  if (r.kind === 'mined') return `${r.status}, ${r.fills.length} fill(s)`;
  if (r.kind === 'reverted') return `reverted: ${r.message}`;
  return 'replaced';
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
