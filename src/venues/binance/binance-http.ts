/**
 * HTTP transport of the Binance adapter: {@link RawHttp} keep-alive connections and a per-request timeout;
 * signed requests (reference §2, §3): `timestamp` from the measured venue clock (GET /api/v3/time,
 * corrected by half the round trip) and `recvWindow`, RFC 3986 parameters (query for GET / DELETE, form
 * body for POST / PUT), HMAC-SHA256 over exactly the text sent. A -1021 re-measures the clock and sends
 * the request once more (a -1021 proves it was not executed). Every request spends its REQUEST_WEIGHT
 * from the {@link WeightMeter} first; the venue's count headers correct our limiters, a 429 pauses them
 * and a 418 stops the venue. Never throws for an HTTP status: returns a {@link BinanceReply}.
 */
import type { KeyObject } from 'node:crypto';
import type { Clock } from '../../domain/index.ts';
import { endpointWeight } from './binance-rate-limits.ts';
import { BinanceCode, binanceError, type ReplyFacts, retryAfterMs } from './error-classifier.ts';
import { RawHttp } from './raw-http.ts';
import type { WeightMeter } from './request-meter.ts';
import { encodeParams, hmacKey, signRest, type WireParams } from './signing.ts';

/** One reply (or transport failure). */
export interface BinanceReply extends ReplyFacts {
  /** Round trip, ms. */
  readonly latencyMs: number;
}

/** A signed request's reply, with the `timestamp` and `recvWindow` it was last sent with. */
export interface SignedReply extends BinanceReply {
  readonly timestamp: number;
  readonly recvWindow: number;
}

/** Options of {@link BinanceHttp}. */
export interface BinanceHttpOptions {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly recvWindow: number;
  readonly timeoutMs: number;
  readonly maxSockets: number;
  readonly clock: Clock;
  readonly meter: WeightMeter;
  /** The venue's count of one ORDERS bucket (`orders10S`, `orders1D`). */
  readonly onOrderCount?: (bucket: string, count: number) => void;
  /** A 429 -1015 (order count): order entry must pause `ms`. */
  readonly onOrderPause?: (ms: number, reason: string) => void;
  /** A 418: the venue is stopped. */
  readonly onBan?: (reason: string, ms: number) => void;
}

/** Keep-alive JSON client for one Binance REST host. */
export class BinanceHttp {
  readonly #base: URL;
  readonly #prefix: string;
  readonly #raw: RawHttp;
  readonly #o: BinanceHttpOptions;
  readonly #apiKey: string;
  readonly #secret: KeyObject;
  /** Venue clock minus ours, ms. */
  offsetMs = 0;
  /** Half the round trip of the last clock measurement, ms (the offset's uncertainty). */
  offsetErrorMs = 0;

  constructor(o: BinanceHttpOptions) {
    this.#base = new URL(o.baseUrl);
    this.#prefix = this.#base.pathname.replace(/\/$/, '');
    this.#raw = new RawHttp(this.#base, o.maxSockets);
    this.#apiKey = o.apiKey;
    this.#secret = hmacKey(o.apiSecret);
    this.#o = o;
  }

  /** The venue's time now (our clock plus the measured offset), ms. */
  venueNow(): number {
    return Math.round(this.#o.clock.now() + this.offsetMs);
  }

  /** The recvWindow sent with signed requests. */
  get recvWindow(): number {
    return this.#o.recvWindow;
  }

  /**
   * Measures the venue clock: `GET /api/v3/time`; offset = serverTime - the midpoint of the round trip.
   * @returns false when the venue did not answer.
   */
  async syncTime(): Promise<boolean> {
    const t0 = this.#o.clock.now();
    const r = await this.call('GET', '/api/v3/time', [], false);
    const t1 = this.#o.clock.now();
    const st = (r.body as { serverTime?: unknown } | undefined)?.serverTime;
    if (r.status !== 200 || typeof st !== 'number') return false;
    this.offsetMs = st - (t0 + t1) / 2;
    this.offsetErrorMs = (t1 - t0) / 2;
    return true;
  }

  /** A public request. */
  get(path: string, params: WireParams = []): Promise<BinanceReply> {
    return this.call('GET', path, params, false);
  }

  /**
   * A signed request: `timestamp` and `recvWindow` appended, signed over the exact text sent. A -1021
   * re-measures the clock and sends it once more (with a new timestamp).
   */
  async signed(method: string, path: string, params: WireParams): Promise<SignedReply> {
    let r = await this.#signedOnce(method, path, params);
    if (r.status === 400 && binanceError(r.body)?.code === BinanceCode.InvalidTimestamp) {
      await this.syncTime();
      r = await this.#signedOnce(method, path, params);
    }
    return r;
  }

  async #signedOnce(method: string, path: string, params: WireParams): Promise<SignedReply> {
    const recvWindow = this.#o.recvWindow;
    let timestamp = 0;
    const reply = await this.call(method, path, params, true, () => {
      // stamped once the weight is granted (a wait must not age the timestamp)
      timestamp = this.venueNow();
      return [...params, ['recvWindow', String(recvWindow)], ['timestamp', String(timestamp)]];
    });
    return { ...reply, timestamp, recvWindow };
  }

  /**
   * Sends one request after its weight is granted. `stamp` builds the final parameters of a signed
   * request at send time.
   */
  call(
    method: string,
    path: string,
    params: WireParams,
    signed: boolean,
    stamp?: () => WireParams,
  ): Promise<BinanceReply> {
    const wait = this.#o.meter.acquire(endpointWeight(method, path, params));
    const go = () => this.#exchange(method, path, stamp?.() ?? params, signed);
    if (wait === undefined) return go();
    return wait.then((refusal) => (refusal === undefined ? go() : { notSent: refusal, latencyMs: 0 }));
  }

  async #exchange(method: string, path: string, params: WireParams, signed: boolean): Promise<BinanceReply> {
    const inBody = method === 'POST' || method === 'PUT';
    let text = encodeParams(params);
    if (signed) text += `${text === '' ? '' : '&'}signature=${signRest(this.#secret, text)}`;
    let head = `X-MBX-APIKEY: ${this.#apiKey}\r\nAccept: application/json\r\nUser-Agent: ag-exec\r\n`;
    let fullPath = `${this.#prefix}${path}`;
    if (inBody) head += 'Content-Type: application/x-www-form-urlencoded\r\n';
    else if (text !== '') fullPath += `?${text}`;
    const started = performance.now();
    const r = await this.#raw.request(method, fullPath, head, inBody ? text : undefined, this.#o.timeoutMs);
    const latencyMs = performance.now() - started;
    if (r.status === undefined) return { networkError: r.networkError ?? 'no response', latencyMs };
    const h = r.headers ?? {};
    const body = parseBody(r.text ?? '');
    const retryAfter = h['retry-after'] ?? null;
    this.#feedback(r.status, body, retryAfter, h);
    return { status: r.status, body, retryAfter, latencyMs };
  }

  /** The venue's counts, 429 and 418 fed back to the limiters. */
  #feedback(
    status: number,
    body: unknown,
    retryAfter: string | null,
    h: Readonly<Record<string, string>>,
  ): void {
    for (const name in h) {
      if (!name.startsWith('x-mbx-')) continue;
      const v = Number(h[name]);
      if (!Number.isFinite(v)) continue;
      if (name.startsWith('x-mbx-used-weight-'))
        this.#o.meter.sync(`weight${name.slice(18).toUpperCase()}`, v);
      else if (name.startsWith('x-mbx-order-count-'))
        this.#o.onOrderCount?.(`orders${name.slice(18).toUpperCase()}`, v);
    }
    if (status === 429) {
      const ms = retryAfterMs(retryAfter) ?? 1000;
      const e = binanceError(body);
      if (e?.code === BinanceCode.TooManyOrders) this.#o.onOrderPause?.(ms, `429 ${e.msg}`);
      else this.#o.meter.pause(ms, `429 ${e?.msg ?? 'too many requests'}`);
    } else if (status === 418) {
      const ms = retryAfterMs(retryAfter) ?? 120_000;
      const reason = `418 IP banned by the venue: ${binanceError(body)?.msg ?? ''}`;
      this.#o.meter.ban(ms, reason);
      this.#o.onBan?.(reason, ms);
    }
  }

  /** Closes the keep-alive sockets. */
  close(): void {
    this.#raw.close();
  }
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
