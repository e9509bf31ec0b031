/**
 * The WebSocket API at `/ws-api/v3` (reference §8): `ping`, `time`, `userDataStream.subscribe.signature`
 * (key, timestamp / recvWindow and the sorted-params HMAC checked like REST), `userDataStream.unsubscribe`
 * and `session.subscriptions`; replies `{id,status,result|error,rateLimits}`. Pushes
 * `{subscriptionId, event}` with `executionReport` and `outboundAccountPosition` to the subscribed
 * accounts; pings every 20 s and drops a connection silent for 60 s; `stream_drop` faults apply.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { SimAccount } from './accounts.ts';
import { accountOfKey, checkTimestamp } from './auth.ts';
import { BinanceApiError, MSG, mandatory } from './errors.ts';
import type { ExchangeListener } from './exchange.ts';
import { Params } from './params.ts';
import type { ExecType, SimOrder, SimTrade } from './records.ts';
import { signatureMatches, wsPayload } from './signature.ts';
import type { SimContext } from './sim-context.ts';
import { RateRefusal } from './sim-rate-limits.ts';
import { accountPosition, executionReport } from './views.ts';

/** Path of the WebSocket API. */
export const WS_API_PATH = '/ws-api/v3';

/** Timing of the server's pings. */
export interface StreamTimingOptions {
  /** Ping interval, ms. Default 20 000. */
  readonly pingIntervalMs?: number;
  /** A connection that answers no ping for this long is dropped, ms. Default 60 000. */
  readonly pongTimeoutMs?: number;
}

interface Conn {
  readonly ws: WebSocket;
  readonly ip: string;
  readonly subs: Map<number, SimAccount>;
  nextSub: number;
  lastPong: number;
}

const WEIGHTS: Record<string, number> = {
  ping: 1,
  time: 1,
  'userDataStream.subscribe.signature': 2,
  'userDataStream.unsubscribe': 2,
  'session.subscriptions': 2,
};

/** The WebSocket API server side and the user data events. */
export class UserStream implements ExchangeListener {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly conns = new Set<Conn>();
  private executionId = 0;
  private readonly timer: NodeJS.Timeout;
  private readonly pongTimeoutMs: number;

  constructor(
    private readonly ctx: SimContext,
    timing: StreamTimingOptions = {},
  ) {
    this.pongTimeoutMs = timing.pongTimeoutMs ?? 60_000;
    this.timer = setInterval(() => this.heartbeat(), timing.pingIntervalMs ?? 20_000);
    this.timer.unref();
  }

  /** Serves upgrades to {@link WS_API_PATH}; other paths are refused with 404. */
  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      if (path !== WS_API_PATH) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req.socket.remoteAddress ?? ''));
    });
  }

  /** Number of open connections. */
  get size(): number {
    return this.conns.size;
  }

  /** Number of active user data subscriptions over all connections. */
  get subscriptions(): number {
    let n = 0;
    for (const c of this.conns) n += c.subs.size;
    return n;
  }

  /** Drops every connection at once (no close frame: 1006); returns how many. */
  dropAll(): number {
    const n = this.conns.size;
    for (const c of [...this.conns]) this.drop(c);
    return n;
  }

  /** Stops the pings and drops every connection. */
  close(): void {
    clearInterval(this.timer);
    this.dropAll();
    this.wss.close();
  }

  /** Pushes the `executionReport` of an order change to the owner's subscriptions. */
  onExecution(order: SimOrder, x: ExecType, trade: SimTrade | undefined, cancelClientId?: string): void {
    if (this.conns.size === 0 || order.account === undefined) return;
    const now = Math.floor(this.ctx.clock.now());
    const event = executionReport(order, x, trade, cancelClientId, now, ++this.executionId);
    this.push(order.account, event);
  }

  /** Pushes `outboundAccountPosition` for the assets that moved. */
  onBalances(account: SimAccount, assets: ReadonlySet<string>): void {
    if (this.conns.size === 0) return;
    this.push(account, accountPosition(account, assets, Math.floor(this.ctx.clock.now())));
  }

  /** An order's first fill gives one back from the account's unfilled-order count. */
  onFirstFill(account: SimAccount): void {
    this.ctx.limits.giveBack(account.id, this.ctx.clock.now());
  }

  private push(account: SimAccount, event: Record<string, unknown>): void {
    for (const c of [...this.conns]) {
      for (const [id, a] of c.subs) {
        if (a !== account) continue;
        if (this.ctx.faults.streamDelivery() === 'drop') {
          this.drop(c);
          break;
        }
        c.ws.send(JSON.stringify({ subscriptionId: id, event }));
      }
    }
  }

  private accept(ws: WebSocket, ip: string): void {
    const c: Conn = { ws, ip, subs: new Map(), nextSub: 0, lastPong: Date.now() };
    this.conns.add(c);
    ws.on('pong', () => {
      c.lastPong = Date.now();
    });
    ws.on('message', (data, isBinary) => this.receive(c, isBinary ? '' : data.toString()));
    ws.on('close', () => this.conns.delete(c));
    ws.on('error', () => this.drop(c));
  }

  private heartbeat(): void {
    const now = Date.now();
    for (const c of [...this.conns]) {
      if (now - c.lastPong > this.pongTimeoutMs) this.drop(c);
      else c.ws.ping();
    }
  }

  private receive(c: Conn, text: string): void {
    let msg: Record<string, unknown> | undefined;
    try {
      const v = JSON.parse(text) as unknown;
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) msg = v as Record<string, unknown>;
    } catch {
      msg = undefined;
    }
    const id = msg?.id ?? null;
    const reply = (status: number, payload: Record<string, unknown>): void => {
      const used = this.ctx.limits.usedWeight(c.ip, this.ctx.clock.now());
      const rateLimits = [
        {
          rateLimitType: 'REQUEST_WEIGHT',
          interval: 'MINUTE',
          intervalNum: 1,
          limit: this.ctx.limits.options.requestWeightPerMinute,
          count: used,
        },
      ];
      c.ws.send(JSON.stringify({ id, status, ...payload, rateLimits }));
    };
    try {
      if (msg === undefined || typeof msg.method !== 'string') {
        throw new BinanceApiError(400, -1000, 'Malformed request.');
      }
      const method = msg.method;
      const params = (typeof msg.params === 'object' && msg.params !== null ? msg.params : {}) as Record<
        string,
        unknown
      >;
      this.ctx.limits.admit(c.ip, WEIGHTS[method] ?? 1, this.ctx.clock.now());
      reply(200, { result: this.call(c, method, params) });
    } catch (e) {
      if (!(e instanceof BinanceApiError)) {
        reply(500, { error: { code: -1000, msg: MSG.unknown1000 } });
        return;
      }
      const extra = e instanceof RateRefusal ? { retryAfter: Date.now() + e.retryAfterS * 1000 } : {};
      reply(e.status, { error: { code: e.code, msg: e.msg, ...extra } });
    }
  }

  private call(c: Conn, method: string, params: Record<string, unknown>): unknown {
    const now = this.ctx.clock.now();
    switch (method) {
      case 'ping':
        return {};
      case 'time':
        return { serverTime: Math.floor(now) };
      case 'userDataStream.subscribe.signature': {
        const account = accountOfKey(this.ctx, params.apiKey);
        checkTimestamp(Params.of(params), now, false);
        const sig = params.signature;
        if (typeof sig !== 'string' || sig === '') throw mandatory('signature');
        if (!signatureMatches(account.secret, wsPayload(params), sig)) {
          throw new BinanceApiError(400, -1022, MSG.badSignature);
        }
        for (const a of c.subs.values()) {
          if (a === account) throw new BinanceApiError(400, -2035, MSG.alreadySubscribed);
        }
        const subscriptionId = c.nextSub++;
        c.subs.set(subscriptionId, account);
        return { subscriptionId };
      }
      case 'userDataStream.unsubscribe': {
        if (c.subs.size === 0) throw new BinanceApiError(400, -2036, MSG.notSubscribed);
        const sid = params.subscriptionId;
        if (sid === undefined) c.subs.clear();
        else if (!c.subs.delete(Number(sid))) throw new BinanceApiError(400, -2036, MSG.notSubscribed);
        return {};
      }
      case 'session.subscriptions':
        return [...c.subs.keys()].map((subscriptionId) => ({ subscriptionId }));
      default:
        throw new BinanceApiError(400, -1020, MSG.unsupported);
    }
  }

  private drop(c: Conn): void {
    c.ws.terminate();
    this.conns.delete(c);
  }
}
