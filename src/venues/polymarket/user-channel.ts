/**
 * UserChannel: the Polymarket venue's use of the user WebSocket channel (see {@link UserStream}). Order
 * events become order reports, trade events our fills (counted at MATCHED; the CONFIRMED repeat has the
 * same ids and is dropped, as is any fill already emitted by the place ack or a gap-fill). After each
 * reconnect a REST gap-fill re-reads our open orders and the trades since the last trade seen. A FAILED
 * trade (stream or gap-fill) takes back each of our fills in it (`fill_reversed`, which the engine applies
 * and alerts on); its orders are re-read and reported with a reason starting `trade <id> FAILED`.
 */
import {
  asVenueOrderId,
  type Fill,
  type MarketId,
  type OrderId,
  tryDec,
  type VenueId,
  ZERO,
} from '../../domain/index.ts';
import type { VenueAdapter } from '../venue-adapter.ts';
import type { EventSink } from '../venue-listeners.ts';
import type { ApiSession } from './api-session.ts';
import type { ClobHttp } from './clob-http.ts';
import { isFailedTrade, type TradeRecord, tradeFills } from './clob-records.ts';
import type { MarketCache } from './market-cache.ts';
import type { OrderIdMap } from './order-id-map.ts';
import type { OrderReader } from './order-reader.ts';
import type { ResolvedPolymarketConfig } from './polymarket-config.ts';
import { orderEventRecord, RecentKeys, tradeEventRecord, tradeOrderHashes } from './stream-events.ts';
import { UserStream } from './user-stream.ts';

/** What a {@link UserChannel} listens and reports with. */
export interface UserChannelDeps {
  readonly cfg: ResolvedPolymarketConfig;
  readonly http: ClobHttp;
  readonly markets: MarketCache;
  readonly ids: OrderIdMap;
  readonly reader: OrderReader;
  readonly events: EventSink;
  readonly venueId: VenueId;
  /** The order maker (our side of a trade). */
  readonly makerAddress: string;
  /** Reconnect jitter source. */
  readonly random: () => number;
  /** The API credentials and key, once known. */
  readonly session: Pick<ApiSession, 'creds' | 'apiKey'>;
  /** The venue's reads (re-reading an order of a FAILED trade; the gap-fill). */
  readonly venue: Pick<VenueAdapter, 'getOrderStatus' | 'getOpenOrders'>;
}

/** The user channel, its fill de-duplication and its gap-fills. */
export class UserChannel {
  /** Orders under cancel-then-replace: their stream order events are not reported meanwhile. */
  readonly replacing = new Set<OrderId>();
  readonly #d: UserChannelDeps;
  #stream: UserStream | undefined;
  readonly #seenFills = new RecentKeys();
  readonly #seenReversals = new RecentKeys();
  /** Match time (ms) of the latest fill seen: the gap-fill reads trades from there. */
  #lastTradeMs = 0;
  #gapFill: Promise<void> = Promise.resolve();

  /** Listens with the given dependencies; call {@link start}. */
  constructor(deps: UserChannelDeps) {
    this.#d = deps;
  }

  /** Starts the user channel. Idempotent. */
  start(): void {
    if (this.#stream !== undefined) return;
    const d = this.#d;
    const cfg = d.cfg;
    if (this.#lastTradeMs === 0) this.#lastTradeMs = d.http.venueSeconds() * 1000;
    this.#stream = new UserStream({
      url: cfg.wsUrl,
      creds: () => d.session.creds,
      markets: () => (cfg.streamMarkets === 'prepared' ? d.markets.conditionIds() : []),
      pingIntervalMs: cfg.streamPingMs,
      silenceTimeoutMs: cfg.streamSilenceMs,
      backoff: cfg.streamBackoff,
      random: d.random,
      now: () => Date.now(),
      onMessage: (m) => this.#onStreamMessage(m),
      onState: (state, reason) => {
        d.events.emit({ type: 'connection', state, ...(reason === undefined ? {} : { reason }) });
        if (state === 'reconnected') this.#scheduleGapFill();
      },
    });
    this.#stream.start();
  }

  /** True while the socket is open. */
  get isOpen(): boolean {
    return this.#stream?.isOpen ?? false;
  }

  /** Adds markets (condition ids) to a running channel. */
  subscribe(conditionIds: string[]): void {
    this.#stream?.subscribe(conditionIds);
  }

  /** Stops the channel and waits for a running gap-fill. */
  async stop(): Promise<void> {
    const stream = this.#stream;
    this.#stream = undefined;
    if (stream !== undefined) await stream.stop();
    await this.#gapFill;
  }

  /**
   * Emits a fill unless it was emitted already (stream, ack or gap-fill). Only fills read from the stream
   * or the gap-fill advance the gap-fill mark: a fill from a POST reply says nothing about what the
   * stream may have missed before it.
   */
  emitFill(f: Fill, advancesMark: boolean): void {
    if (advancesMark && f.timestamp > this.#lastTradeMs) this.#lastTradeMs = f.timestamp;
    if (this.#seenFills.add(f.tradeId)) this.#d.events.emit({ type: 'fill', fill: f });
  }

  #onStreamMessage(msg: Record<string, unknown>): void {
    const d = this.#d;
    const kind = String(msg.event_type ?? '').toLowerCase();
    if (kind === 'order') {
      const rec = orderEventRecord(msg);
      // matches are reported by the trade events that follow (an order report ahead of its fill would
      // send the engine polling); PLACEMENT is the ack of a resting order, CANCELLATION its end
      if (rec === undefined || String(msg.type).toUpperCase() === 'UPDATE') return;
      if (rec.status !== 'CANCELED' && (tryDec(rec.size_matched) ?? ZERO) !== ZERO) return;
      const h = rec.id.toLowerCase();
      const orderId = d.ids.ours(h);
      // during cancel-then-replace the modify's answer speaks for the order; a replaced hash never again
      if (orderId !== undefined && (this.replacing.has(orderId) || d.ids.hashOf(orderId) !== h)) return;
      d.events.emit({ type: 'order', report: d.reader.report(rec, d.http.venueSeconds()) });
    } else if (kind === 'trade') {
      const t = tradeEventRecord(msg, d.session.apiKey, d.makerAddress);
      if (t === undefined) return;
      if (isFailedTrade(t)) void this.#failedTrade(t);
      else for (const f of tradeFills(t, d.venueId, d.makerAddress, d.ids.ours)) this.emitFill(f, true);
    }
  }

  /**
   * A FAILED trade: each of our fills in it is taken back (`fill_reversed`), then each of our orders in it
   * is re-read and reported, with the failure as reason.
   */
  async #failedTrade(t: TradeRecord): Promise<void> {
    const d = this.#d;
    const reason = `trade ${t.id} FAILED at the venue`;
    for (const f of tradeFills(t, d.venueId, d.makerAddress, d.ids.ours)) this.#emitReversal(f, reason);
    for (const hash of tradeOrderHashes(t)) {
      const orderId = d.ids.ours(hash);
      if (orderId === undefined) continue;
      const market = d.ids.marketOf(hash) ?? ('' as MarketId);
      const r = await d.venue
        .getOrderStatus({ orderId, venueOrderId: asVenueOrderId(hash), market })
        .catch(() => null);
      if (r !== null) d.events.emit({ type: 'order', report: { ...r, reason } });
    }
  }

  /** Reports a reversal of one of our fills, once per fill (the stream repeats trade events). */
  #emitReversal(f: Fill, reason: string): void {
    if (this.#d.ids.ours(f.venueOrderId ?? '') === undefined) return;
    if (this.#seenReversals.add(f.tradeId)) this.#d.events.emit({ type: 'fill_reversed', fill: f, reason });
  }

  #scheduleGapFill(): void {
    this.#gapFill = this.#gapFill.then(() => this.#runGapFill());
  }

  /** Re-reads open orders and the trades since the last one seen; emits what the stream missed. */
  async #runGapFill(): Promise<void> {
    const d = this.#d;
    try {
      const since = this.#lastTradeMs;
      const open = await d.venue.getOpenOrders();
      for (const r of open) d.events.emit({ type: 'order', report: r });
      const { fills, reversed } = await d.reader.tradesSince(since);
      for (const f of fills) this.emitFill(f, true);
      for (const f of reversed) this.#emitReversal(f, 'trade FAILED at the venue (seen by the gap-fill)');
    } catch (e) {
      d.events.emit({
        type: 'connection',
        state: 'reconnected',
        reason: `gap-fill failed (${(e as Error).message}); reconciliation needed`,
      });
    }
  }
}
