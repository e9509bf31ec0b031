/**
 * The user WebSocket channel (`/ws/user`) on the simulator's HTTP server: auth by raw API credentials in
 * the first message, market subscriptions (empty = all), `PING` -> `PONG`, idle close, and delivery of
 * order and trade events of the key's address, subject to the `ws_drop` / `ws_silent` faults.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Clock } from '../../domain/index.ts';
import type { ExchangeListener, OrderEventType } from './exchange.ts';
import type { SimOrder, SimTrade } from './records.ts';
import type { SimFaults } from './sim-faults.ts';
import type { ApiKeyRecord, SimState } from './sim-state.ts';
import { orderEventView, tradeEventView } from './views.ts';

/** Path of the user channel. */
export const USER_CHANNEL_PATH = '/ws/user';

/** Close code and reason of a refused first message. */
export const WS_AUTH_CLOSE = { code: 1008, reason: 'invalid auth' } as const;

interface UserSocket {
  readonly ws: WebSocket;
  key: ApiKeyRecord | undefined;
  /** Lowercase address of the key. */
  address: string;
  /** Lowercase condition ids; empty = every market. */
  readonly markets: Set<string>;
  idle: NodeJS.Timeout | undefined;
}

/** The user channel: its sockets and the exchange events routed to them. */
export class UserChannel implements ExchangeListener {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<UserSocket>();

  constructor(
    private readonly state: SimState,
    private readonly faults: SimFaults,
    private readonly clock: Clock,
    /** A socket that sends nothing for this long is closed, ms. */
    private readonly idleTimeoutMs: number,
  ) {}

  /** Serves upgrades to {@link USER_CHANNEL_PATH} on `server`; other upgrade paths are refused. */
  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      if (path !== USER_CHANNEL_PATH) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
    });
  }

  /** Number of open sockets (authenticated or not). */
  get size(): number {
    return this.sockets.size;
  }

  /** Abruptly drops every open socket (no close frame); returns how many. */
  dropAll(): number {
    const n = this.sockets.size;
    for (const s of [...this.sockets]) this.drop(s);
    return n;
  }

  /** Terminates every socket and stops the server side. */
  close(): void {
    this.dropAll();
    this.wss.close();
  }

  /** Sends an order event to the owner's sockets that follow its market. */
  onOrder(order: SimOrder, type: OrderEventType): void {
    if (this.sockets.size === 0) return;
    let text: string | undefined;
    const owner = order.signer.toLowerCase();
    for (const s of this.sockets) {
      if (s.address !== owner || !follows(s, order.market.conditionId)) continue;
      text ??= JSON.stringify(orderEventView(order, type, this.clock.now()));
      this.deliver(s, text);
    }
  }

  /** Sends a trade event to every participant's sockets that follow its market. */
  onTrade(trade: SimTrade): void {
    if (this.sockets.size === 0) return;
    for (const s of this.sockets) {
      if (s.key === undefined || !trade.participants.has(s.address)) continue;
      if (!follows(s, trade.taker.market.conditionId)) continue;
      this.deliver(s, JSON.stringify(tradeEventView(trade, s.address, this.clock.now())));
    }
  }

  private accept(ws: WebSocket): void {
    const s: UserSocket = { ws, key: undefined, address: '', markets: new Set(), idle: undefined };
    this.sockets.add(s);
    this.touch(s);
    ws.on('message', (data, isBinary) => this.receive(s, isBinary ? '' : data.toString()));
    ws.on('close', () => this.forget(s));
    ws.on('error', () => this.drop(s));
  }

  private receive(s: UserSocket, text: string): void {
    this.touch(s);
    if (text === 'PING') {
      if (!this.faults.pongSilenced()) s.ws.send('PONG');
      return;
    }
    let msg: Record<string, unknown> | undefined;
    try {
      const v = JSON.parse(text) as unknown;
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) msg = v as Record<string, unknown>;
    } catch {
      msg = undefined;
    }
    if (s.key === undefined) {
      const key = msg === undefined ? undefined : this.authenticate(msg);
      if (key === undefined) {
        s.ws.close(WS_AUTH_CLOSE.code, WS_AUTH_CLOSE.reason);
        this.forget(s);
        return;
      }
      s.key = key;
      s.address = key.address.toLowerCase();
      for (const m of marketList(msg?.markets)) s.markets.add(m);
      return;
    }
    if (msg === undefined) return;
    const op = msg.operation;
    if (op === 'subscribe') for (const m of marketList(msg.markets)) s.markets.add(m);
    else if (op === 'unsubscribe') for (const m of marketList(msg.markets)) s.markets.delete(m);
  }

  private authenticate(msg: Record<string, unknown>): ApiKeyRecord | undefined {
    if (typeof msg.type !== 'string' || msg.type.toLowerCase() !== 'user') return undefined;
    const auth = msg.auth as Record<string, unknown> | undefined;
    if (typeof auth !== 'object' || auth === null) return undefined;
    const rec = typeof auth.apiKey === 'string' ? this.state.keys.get(auth.apiKey) : undefined;
    if (rec === undefined || auth.secret !== rec.secret || auth.passphrase !== rec.passphrase)
      return undefined;
    return rec;
  }

  private deliver(s: UserSocket, text: string): void {
    const how = this.faults.wsDelivery();
    if (how === 'send') s.ws.send(text);
    else if (how === 'drop') this.drop(s);
  }

  private touch(s: UserSocket): void {
    if (s.idle !== undefined) clearTimeout(s.idle);
    s.idle = setTimeout(() => {
      s.ws.close(1001, 'idle timeout');
      this.forget(s);
    }, this.idleTimeoutMs);
    s.idle.unref();
  }

  private drop(s: UserSocket): void {
    s.ws.terminate();
    this.forget(s);
  }

  private forget(s: UserSocket): void {
    if (s.idle !== undefined) clearTimeout(s.idle);
    s.idle = undefined;
    this.sockets.delete(s);
  }
}

function follows(s: UserSocket, conditionId: string): boolean {
  return s.markets.size === 0 || s.markets.has(conditionId);
}

function marketList(v: unknown): string[] {
  return Array.isArray(v)
    ? v.filter((m): m is string => typeof m === 'string').map((m) => m.toLowerCase())
    : [];
}
