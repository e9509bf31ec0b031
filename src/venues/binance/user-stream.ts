/**
 * BinanceUserStream: the user data stream over the WebSocket API (reference §8; listenKeys are
 * retired): one connection, `userDataStream.subscribe.signature` (apiKey + timestamp + recvWindow, HMAC
 * over the sorted raw parameters). `executionReport` events become order reports and fills (trade id
 * `t`, commission `n` in asset `N`, de-duplicated by trade id); `outboundAccountPosition` and
 * `balanceUpdate` update the balances. A dropped connection is reported (`down`), re-opened with
 * exponential back-off and jitter, and after each reconnect (`reconnected`) a REST gap-fill re-reads the
 * open orders and the trades since the last trade seen.
 */
import WebSocket from 'ws';
import { add, type Decimal, dec, type MarketId } from '../../domain/index.ts';
import { applyExecutionReport, type ExecutionReport } from './execution-report.ts';
import type { OrderReader } from './order-reader.ts';
import { signWs } from './signing.ts';
import type { VenueParts } from './venue-parts.ts';

/** Free and locked amounts of one asset. */
export interface AssetBalance {
  readonly free: Decimal;
  readonly locked: Decimal;
}

/** What the stream needs. */
export interface UserStreamDeps {
  readonly parts: VenueParts;
  readonly reader: OrderReader;
  readonly wsUrl: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly backoff: { readonly initialMs: number; readonly maxMs: number };
  readonly random: () => number;
  /** Silence (no ping nor message) after which the connection is dropped, ms. */
  readonly silenceMs: number;
}

/** The user data stream of one account. */
export class BinanceUserStream {
  readonly #d: UserStreamDeps;
  #ws: WebSocket | undefined;
  #running = false;
  #subscribed = false;
  #everUp = false;
  #attempt = 0;
  #timer: NodeJS.Timeout | undefined;
  #nextId = 1;
  #startedAt = 0;
  #gapFill: Promise<void> = Promise.resolve();
  #lastHeard = 0;
  #watchdog: NodeJS.Timeout | undefined;
  /** Latest balances from the stream. */
  readonly balances = new Map<string, AssetBalance>();

  constructor(deps: UserStreamDeps) {
    this.#d = deps;
  }

  /** True while subscribed. */
  get isOpen(): boolean {
    return this.#subscribed;
  }

  /** Opens the connection (idempotent). */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#startedAt = this.#d.parts.http.venueNow();
    this.#open();
    // the venue pings every 20 s: a connection silent for longer than the silence limit is dead
    this.#watchdog = setInterval(
      () => {
        const ws = this.#ws;
        if (
          ws !== undefined &&
          ws.readyState === WebSocket.OPEN &&
          Date.now() - this.#lastHeard > this.#d.silenceMs
        )
          ws.terminate();
      },
      Math.max(1000, this.#d.silenceMs / 4),
    );
    this.#watchdog.unref();
  }

  /** Closes for good. */
  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    if (this.#watchdog !== undefined) clearInterval(this.#watchdog);
    const ws = this.#ws;
    this.#ws = undefined;
    if (ws !== undefined && ws.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.terminate();
      });
    }
    await this.#gapFill.catch(() => undefined);
  }

  /** Resolves once subscribed (or rejects after `timeoutMs`). */
  async whenOpen(timeoutMs = 5000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!this.#subscribed) {
      if (Date.now() > until) throw new Error('user data stream not subscribed in time');
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  #open(): void {
    const d = this.#d;
    const ws = new WebSocket(d.wsUrl);
    this.#ws = ws;
    const subId = `sub-${this.#nextId++}`;
    this.#lastHeard = Date.now();
    ws.on('ping', () => {
      this.#lastHeard = Date.now();
    });
    ws.on('open', () => {
      const params: Record<string, string> = {
        apiKey: d.apiKey,
        recvWindow: String(d.parts.http.recvWindow),
        timestamp: String(d.parts.http.venueNow()),
      };
      const signature = signWs(d.apiSecret, params);
      ws.send(
        JSON.stringify({
          id: subId,
          method: 'userDataStream.subscribe.signature',
          params: {
            ...params,
            timestamp: Number(params.timestamp),
            recvWindow: Number(params.recvWindow),
            signature,
          },
        }),
      );
    });
    ws.on('message', (data) => {
      this.#lastHeard = Date.now();
      let msg: { id?: string; status?: number; error?: { code?: number; msg?: string }; event?: unknown };
      try {
        msg = JSON.parse(data.toString()) as typeof msg;
      } catch {
        return;
      }
      if (msg.id === subId) this.#onSubscribed(ws, msg);
      else if (msg.event !== undefined) this.#onEvent(msg.event as { e?: string });
    });
    ws.on('error', () => {
      // 'close' follows
    });
    ws.on('close', (code) => {
      if (this.#ws !== ws) return;
      this.#ws = undefined;
      const wasUp = this.#subscribed;
      this.#subscribed = false;
      if (wasUp)
        d.parts.events.emit({
          type: 'connection',
          state: 'down',
          reason: `user data stream closed (${code})`,
        });
      if (this.#running) this.#schedule();
    });
  }

  #onSubscribed(ws: WebSocket, msg: { status?: number; error?: { code?: number; msg?: string } }): void {
    const d = this.#d;
    if (msg.status !== 200) {
      const why = `user data stream subscription refused: ${msg.error?.code} ${msg.error?.msg ?? ''}`;
      d.parts.events.emit({ type: 'connection', state: 'down', reason: why });
      if (msg.error?.code === -1021) void d.parts.http.syncTime();
      ws.terminate();
      return;
    }
    this.#subscribed = true;
    this.#attempt = 0;
    if (!this.#everUp) {
      this.#everUp = true;
      d.parts.events.emit({ type: 'connection', state: 'up' });
      return;
    }
    d.parts.events.emit({ type: 'connection', state: 'reconnected' });
    this.#gapFill = this.#gapFill.then(() => this.#fillGap()).catch(() => undefined);
  }

  #schedule(): void {
    const { initialMs, maxMs } = this.#d.backoff;
    const base = Math.min(maxMs, initialMs * 2 ** this.#attempt);
    this.#attempt = Math.min(this.#attempt + 1, 30);
    const delay = base / 2 + (base / 2) * this.#d.random();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#running) this.#open();
    }, delay);
  }

  /**
   * After a reconnect: the open orders, the orders we held open that are no longer open (asked one by
   * one: they ended while the stream was down), and the trades since the last trade seen.
   */
  async #fillGap(): Promise<void> {
    const p = this.#d.parts;
    const since = Math.max(0, (p.events.lastTradeMs || this.#startedAt) - 60_000);
    for (const symbol of p.live.symbols()) {
      const fills = await this.#d.reader.fillsOf(symbol, since);
      for (const f of fills) p.events.fill(f);
      const open = new Set<string>();
      for (const rep of await this.#d.reader.open(symbol as MarketId)) {
        if (rep.orderId === undefined) continue;
        open.add(rep.orderId);
        p.events.report(rep);
      }
      for (const id of p.live.openIds(symbol)) {
        if (open.has(id)) continue;
        const rep = await this.#d.reader
          .status({ orderId: id, market: symbol as MarketId })
          .catch(() => null);
        if (rep !== null) p.events.report(rep);
      }
    }
  }

  #onEvent(ev: { e?: string }): void {
    if (ev.e === 'executionReport') applyExecutionReport(this.#d.parts, ev as ExecutionReport);
    else if (ev.e === 'outboundAccountPosition') {
      const b = (ev as { B?: { a: string; f: string; l: string }[] }).B ?? [];
      for (const x of b) this.balances.set(x.a, { free: dec(x.f), locked: dec(x.l) });
    } else if (ev.e === 'balanceUpdate') {
      const u = ev as { a?: string; d?: string };
      if (u.a !== undefined && u.d !== undefined) {
        const cur = this.balances.get(u.a);
        if (cur !== undefined) this.balances.set(u.a, { ...cur, free: add(cur.free, dec(u.d)) });
      }
    }
  }
}
