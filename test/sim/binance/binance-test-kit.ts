/**
 * Helpers of the Binance simulator suites: signed REST calls written by hand (node:crypto HMAC over the
 * exact query / body sent), public calls, and a WebSocket API client that collects pushed events.
 */
import { createHmac } from 'node:crypto';
import WebSocket from 'ws';
import type { ApiCredentials, BinanceSim } from '../../../src/sim/binance/index.ts';

/** A decoded reply. */
export interface Answer {
  status: number;
  json: unknown;
  headers: Headers;
}

/** Options of {@link signed}. */
export interface SignedOptions {
  /** Put the parameters in a form body (POST / DELETE) instead of the query. */
  body?: boolean;
  timestamp?: number;
  /** Replace the signature. */
  signature?: string;
  headers?: Record<string, string>;
}

function encode(params: Record<string, string | number>): string {
  return Object.entries(params)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
}

/** A SIGNED request: `timestamp` appended, HMAC of the exact text sent. */
export async function signed(
  sim: BinanceSim,
  creds: ApiCredentials,
  method: string,
  path: string,
  params: Record<string, string | number> = {},
  opts: SignedOptions = {},
): Promise<Answer> {
  const text = encode({ ...params, timestamp: opts.timestamp ?? Date.now() });
  const sig = opts.signature ?? createHmac('sha256', creds.secret).update(text).digest('hex');
  const all = `${text}&signature=${sig}`;
  const headers: Record<string, string> = { 'X-MBX-APIKEY': creds.apiKey, ...opts.headers };
  let url = `${sim.url}${path}`;
  let body: string | undefined;
  if (opts.body) {
    body = all;
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else url += `?${all}`;
  const res = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }) });
  const t = await res.text();
  let json: unknown = t;
  try {
    json = JSON.parse(t);
  } catch {
    json = t;
  }
  return { status: res.status, json, headers: res.headers };
}

/** A public GET. */
export async function get(sim: BinanceSim, pathAndQuery: string): Promise<Answer> {
  const res = await fetch(`${sim.url}${pathAndQuery}`);
  return { status: res.status, json: await res.json(), headers: res.headers };
}

/** A WebSocket API connection that records replies by id and pushed events. */
export class WsClient {
  readonly events: Array<{ subscriptionId: number; event: Record<string, unknown> }> = [];
  private readonly waiting = new Map<string, (v: Record<string, unknown>) => void>();
  private seq = 0;
  closed: Promise<number>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as Record<string, unknown>;
      if ('subscriptionId' in m && 'event' in m) {
        this.events.push(m as { subscriptionId: number; event: Record<string, unknown> });
        return;
      }
      const done = this.waiting.get(String(m.id));
      this.waiting.delete(String(m.id));
      done?.(m);
    });
    this.closed = new Promise((resolve) => ws.on('close', (code) => resolve(code)));
  }

  /** Opens a connection to the simulator's WebSocket API. */
  static async open(sim: BinanceSim): Promise<WsClient> {
    const ws = new WebSocket(sim.wsUrl);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new WsClient(ws);
  }

  /** Sends a request; resolves with the reply. */
  call(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>> {
    const id = `r${++this.seq}`;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.ws.send(JSON.stringify(params === undefined ? { id, method } : { id, method, params }));
    });
  }

  /** `userDataStream.subscribe.signature` for `creds`. */
  subscribe(creds: ApiCredentials, timestamp = Date.now()): Promise<Record<string, unknown>> {
    const payload = `apiKey=${creds.apiKey}&timestamp=${timestamp}`;
    const signature = createHmac('sha256', creds.secret).update(payload).digest('hex');
    return this.call('userDataStream.subscribe.signature', { apiKey: creds.apiKey, timestamp, signature });
  }

  /** Resolves once an event matching `pred` has arrived (polls the recorded list). */
  async waitFor(
    pred: (e: Record<string, unknown>) => boolean,
    timeoutMs = 3000,
  ): Promise<Record<string, unknown>> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.events.find((e) => pred(e.event));
      if (hit !== undefined) return hit.event;
      if (Date.now() > end) throw new Error('event did not arrive');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  close(): void {
    this.ws.close();
  }
}
