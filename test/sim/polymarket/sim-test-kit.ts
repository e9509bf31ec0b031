/**
 * Test helpers for the simulator's user channel, rate limits, heartbeats and faults: a trader (official
 * client plus raw L2 requests that expose headers) and a user-channel probe that queues messages.
 */
import {
  type ApiKeyCreds,
  ClobClient,
  isV2Order,
  OrderType,
  orderToJsonV2,
  Side,
} from '@polymarket/clob-client-v2';
import { createWalletClient, type Hex, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { polygon } from 'viem/chains';
import WebSocket from 'ws';
import { l2Signature, type PolymarketSim } from '../../../src/sim/polymarket/index.ts';

export const TOKEN_A = '71321045679252212594626385532706912750332728571942532289631379312455583992563';
export const TOKEN_N = '48331043336612883890938759509493159234755048973500640148014422747788308965732';

/** One funded account with API credentials. */
export interface Trader {
  readonly address: Hex;
  readonly client: ClobClient;
  readonly creds: ApiKeyCreds;
  /** `{"apiKey","secret","passphrase"}` for the user channel. */
  readonly wsAuth: { apiKey: string; secret: string; passphrase: string };
}

/** Creates a funded account and its API key. */
export async function trader(sim: PolymarketSim, funding: object): Promise<Trader> {
  const { address, privateKey } = sim.admin.createAccount(funding);
  const signer = createWalletClient({
    account: privateKeyToAccount(privateKey),
    chain: polygon,
    transport: http('http://127.0.0.1:9'),
  });
  const creds = await new ClobClient({ host: sim.url, chain: 137, signer }).createOrDeriveApiKey();
  const client = new ClobClient({ host: sim.url, chain: 137, signer, creds });
  return {
    address,
    client,
    creds,
    wsAuth: { apiKey: creds.key, secret: creds.secret, passphrase: creds.passphrase },
  };
}

/** A signed GTC limit-order envelope (JSON text) built by the official client. */
export async function limitOrderBody(t: Trader, price: number, size: number, side: Side, token = TOKEN_A) {
  const order = await t.client.createOrder({ tokenID: token, price, size, side });
  if (!isV2Order(order)) throw new Error('expected a V2 order');
  return JSON.stringify(orderToJsonV2(order, t.creds.key, OrderType.GTC));
}

/** A raw L2 request (headers visible); `path` may carry a query, which is not signed. */
export async function l2(
  sim: PolymarketSim,
  t: Trader,
  method: string,
  path: string,
  body = '',
  nowMs: number = Date.now(),
): Promise<{ status: number; headers: Headers; json: unknown }> {
  const ts = String(Math.floor(nowMs / 1000));
  const signed = path.split('?')[0] as string;
  const res = await fetch(`${sim.url}${path}`, {
    method,
    headers: {
      POLY_ADDRESS: t.address,
      POLY_SIGNATURE: l2Signature(t.creds.secret, ts, method, signed, body),
      POLY_TIMESTAMP: ts,
      POLY_API_KEY: t.creds.key,
      POLY_PASSPHRASE: t.creds.passphrase,
      'content-type': 'application/json',
    },
    ...(body === '' ? {} : { body }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text === '' ? undefined : JSON.parse(text) };
}

/** A user-channel socket whose text messages are queued for `next`. */
export class UserProbe {
  private readonly queue: string[] = [];
  private waiter: (() => void) | undefined;
  /** Resolves with the close code and reason. */
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      this.queue.push(d.toString());
      this.waiter?.();
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
  }

  /** Opens `/ws/user` and sends `first` (an object is JSON-encoded) once open. */
  static async open(sim: PolymarketSim, first?: object | string): Promise<UserProbe> {
    const ws = new WebSocket(sim.wsUrl);
    const probe = new UserProbe(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    if (first !== undefined) ws.send(typeof first === 'string' ? first : JSON.stringify(first));
    return probe;
  }

  /** Opens and authenticates with `t`'s credentials, following `markets` (empty = all). */
  static async user(sim: PolymarketSim, t: Trader, markets: string[] = []): Promise<UserProbe> {
    const p = await UserProbe.open(sim, { auth: t.wsAuth, type: 'user', markets });
    await p.roundTrip();
    return p;
  }

  /** Sends `PING` and waits for its `PONG` (so that earlier messages were processed). */
  async roundTrip(): Promise<void> {
    this.ws.send('PING');
    expectText(await this.nextText(), 'PONG');
  }

  /** The next text message, within `timeoutMs`. */
  async nextText(timeoutMs = 2000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no message');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = undefined;
    }
    return this.queue.shift() as string;
  }

  /** The next message parsed as a JSON object. */
  async next(timeoutMs?: number): Promise<Record<string, unknown>> {
    return JSON.parse(await this.nextText(timeoutMs)) as Record<string, unknown>;
  }

  /** Messages received and not yet read. */
  pending(): number {
    return this.queue.length;
  }

  close(): void {
    this.ws.close();
  }
}

function expectText(got: string, want: string): void {
  if (got !== want) throw new Error(`expected ${want}, got ${got}`);
}

export { OrderType, Side };
