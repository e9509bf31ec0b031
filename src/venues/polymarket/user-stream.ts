/**
 * UserStream: one connection to the Polymarket user WebSocket channel (reference §10) kept alive.
 * Sends the auth message (raw API credentials, never logged) with the markets to follow (empty = all),
 * a text `PING` every `pingIntervalMs`, treats silence (no `PONG` nor event) beyond `silenceTimeoutMs` as a
 * dead connection, and reconnects with exponential back-off and jitter (injectable randomness). Reports
 * `up` (first open), `down` (once per outage) and `reconnected` (each later open) to its owner, and hands
 * every JSON object received to `onMessage`. Owns only the socket and its timers: no venue semantics.
 */
import WebSocket from 'ws';
import type { ApiCredentials } from './auth-headers.ts';

/** Reconnect delays: `min(maxMs, initialMs * 2^attempt)`, scaled by a jitter factor in [0.5, 1). */
export interface StreamBackoff {
  readonly initialMs: number;
  readonly maxMs: number;
}

/** Options of a {@link UserStream}. */
export interface UserStreamOptions {
  /** `ws(s)://…/ws/user`. */
  readonly url: string;
  /** The API credentials, read at each (re)connect. */
  readonly creds: () => ApiCredentials | undefined;
  /** Condition ids to follow, read at each (re)connect; empty = every market. */
  readonly markets: () => readonly string[];
  /** Text `PING` period, ms. */
  readonly pingIntervalMs: number;
  /** Nothing received for this long = dead connection, ms. */
  readonly silenceTimeoutMs: number;
  readonly backoff: StreamBackoff;
  /** Uniform [0, 1) for the jitter. */
  readonly random: () => number;
  /** Wall time, ms (silence measurement). */
  readonly now: () => number;
  /** One JSON object received (arrays are split into their objects). */
  readonly onMessage: (msg: Record<string, unknown>) => void;
  /** Connection state changes. */
  readonly onState: (state: 'up' | 'down' | 'reconnected', reason?: string) => void;
}

/** Default PING period (the venue asks for about 10 s). */
export const DEFAULT_PING_INTERVAL_MS = 10_000;
/** Default silence limit before the connection is declared dead. */
export const DEFAULT_SILENCE_TIMEOUT_MS = 25_000;
/** Default reconnect back-off. */
export const DEFAULT_STREAM_BACKOFF: StreamBackoff = { initialMs: 250, maxMs: 30_000 };

/** The user-channel connection with heartbeats and reconnect. */
export class UserStream {
  readonly #o: UserStreamOptions;
  #ws: WebSocket | undefined;
  #ping: NodeJS.Timeout | undefined;
  #retry: NodeJS.Timeout | undefined;
  #lastSeen = 0;
  #attempt = 0;
  #everUp = false;
  #down = false;
  #stopped = true;

  constructor(options: UserStreamOptions) {
    this.#o = options;
  }

  /** True while a socket is open. */
  get isOpen(): boolean {
    return this.#ws?.readyState === WebSocket.OPEN;
  }

  /** Opens the connection (no-op when running). */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#open();
  }

  /** Follows more markets on the open socket (later connects read `markets()` anyway). */
  subscribe(markets: readonly string[]): void {
    if (markets.length === 0 || !this.isOpen) return;
    this.#ws!.send(JSON.stringify({ operation: 'subscribe', markets }));
  }

  /** Closes the socket and stops every timer; resolves once the socket is closed. */
  stop(): Promise<void> {
    this.#stopped = true;
    this.#clearTimers();
    const ws = this.#ws;
    this.#ws = undefined;
    if (ws === undefined || ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      ws.once('close', () => resolve());
      ws.terminate();
    });
  }

  #clearTimers(): void {
    if (this.#ping !== undefined) clearInterval(this.#ping);
    if (this.#retry !== undefined) clearTimeout(this.#retry);
    this.#ping = undefined;
    this.#retry = undefined;
  }

  #open(): void {
    if (this.#stopped) return;
    const ws = new WebSocket(this.#o.url);
    this.#ws = ws;
    ws.on('open', () => this.#opened(ws));
    ws.on('message', (data, isBinary) => {
      if (ws !== this.#ws) return;
      this.#lastSeen = this.#o.now();
      this.#attempt = 0;
      if (!isBinary) this.#receive(data.toString());
    });
    ws.on('close', (code, reason) => this.#lost(ws, `closed ${code}${reason.length ? ` ${reason}` : ''}`));
    ws.on('error', (e) => this.#lost(ws, `error: ${e.message}`));
  }

  #opened(ws: WebSocket): void {
    if (ws !== this.#ws || this.#stopped) return;
    const c = this.#o.creds();
    const auth = c === undefined ? {} : { apiKey: c.key, secret: c.secret, passphrase: c.passphrase };
    ws.send(JSON.stringify({ auth, type: 'user', markets: [...this.#o.markets()] }));
    this.#lastSeen = this.#o.now();
    this.#ping = setInterval(() => this.#tick(ws), this.#o.pingIntervalMs);
    const first = !this.#everUp;
    this.#everUp = true;
    this.#down = false;
    this.#o.onState(first ? 'up' : 'reconnected');
  }

  #tick(ws: WebSocket): void {
    if (ws !== this.#ws) return;
    if (this.#o.now() - this.#lastSeen > this.#o.silenceTimeoutMs) {
      this.#lost(ws, `silent for more than ${this.#o.silenceTimeoutMs} ms`);
      ws.terminate();
      return;
    }
    if (ws.readyState === WebSocket.OPEN) ws.send('PING');
  }

  #receive(text: string): void {
    if (text === 'PONG' || text === '') return;
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      return;
    }
    const items = Array.isArray(v) ? v : [v];
    for (const m of items) {
      if (typeof m !== 'object' || m === null) continue;
      try {
        this.#o.onMessage(m as Record<string, unknown>);
      } catch {
        // the owner's failure on one message does not stop the stream
      }
    }
  }

  /** The socket `ws` is gone (or declared dead): report once and schedule a reconnect. */
  #lost(ws: WebSocket, reason: string): void {
    if (ws !== this.#ws) return;
    this.#ws = undefined;
    ws.removeAllListeners('message');
    ws.on('error', () => {});
    this.#clearTimers();
    if (this.#stopped) return;
    if (!this.#down) {
      this.#down = true;
      this.#o.onState('down', reason);
    }
    const b = this.#o.backoff;
    const base = Math.min(b.maxMs, b.initialMs * 2 ** Math.min(this.#attempt, 30));
    this.#attempt++;
    const delay = Math.max(1, Math.round(base * (0.5 + 0.5 * this.#o.random())));
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      this.#open();
    }, delay);
  }
}
