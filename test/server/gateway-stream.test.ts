import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { listenGateway } from '../../src/server/index.ts';
import { type Gateway, setupGateway, TOKENS } from './gateway-support.ts';

let gw: Gateway | undefined;
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await gw?.close();
  gw = undefined;
});

interface Msg {
  type: string;
  seq?: number;
  lastSeq?: number;
  oldestSeq?: number;
  gap?: boolean;
  venue?: string;
  data?: Record<string, unknown>;
}

/** A client that queues every message and can wait for a condition. */
function connect(
  url: string,
  token: string = TOKENS.read,
): Promise<{
  ws: WebSocket;
  msgs: Msg[];
  until: (n: number | ((msgs: Msg[]) => boolean)) => Promise<Msg[]>;
}> {
  const ws = new WebSocket(url, { headers: { authorization: `Bearer ${token}` } });
  sockets.push(ws);
  const msgs: Msg[] = [];
  let waiter: (() => void) | undefined;
  ws.on('message', (d) => {
    msgs.push(JSON.parse(String(d)));
    waiter?.();
  });
  const until = (n: number | ((msgs: Msg[]) => boolean)) =>
    new Promise<Msg[]>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`only ${msgs.length} of ${n} messages: ${JSON.stringify(msgs)}`)),
        5000,
      );
      const check = () => {
        if (typeof n === 'number' ? msgs.length >= n : n(msgs)) {
          clearTimeout(timer);
          waiter = undefined;
          resolve(msgs.slice());
        }
      };
      waiter = check;
      check();
    });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, msgs, until }));
    ws.once('unexpected-response', (req, res) => {
      req.destroy();
      reject(new Error(`HTTP ${res.statusCode}`));
    });
    ws.once('error', reject);
  });
}

async function listen(g: Gateway): Promise<string> {
  const where = await listenGateway(g.app, { port: 0 });
  expect(JSON.parse(where.readyLine)).toEqual({
    event: 'ready',
    service: 'gateway',
    url: where.url,
    wsUrl: where.wsUrl,
  });
  expect(where.wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v1\/stream$/);
  return where.url.replace(/^http/, 'ws');
}

describe('GET /v1/stream', () => {
  it('streams order and fill events with increasing seq; a reconnect with since gets the missed ones', async () => {
    gw = await setupGateway();
    const base = await listen(gw);
    const c = await connect(`${base}/v1/stream`);
    const [hello] = await c.until(1);
    expect(hello).toMatchObject({ type: 'hello', lastSeq: 0 });
    const post = (body: Record<string, unknown>) => gw!.call('POST', '/v1/orders', { scope: 'trade', body });
    const a = (
      await post({ venue: 'paper', market: 'PM-YES', side: 'Buy', price: gw.price('-0.1'), size: '10' })
    ).json();
    await post({
      venue: 'paper',
      market: 'PM-YES',
      side: 'Buy',
      price: gw.price('0.05'),
      size: '2',
      timeInForce: 'IOC',
    });
    const first = await c.until(5);
    const events = first.slice(1);
    const seqs = events.map((m) => m.seq!);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(events[0]).toMatchObject({
      type: 'order',
      venue: 'paper',
      data: { event: { type: 'Submitted' } },
    });
    expect((events[0]!.data!.order as { id: string }).id).toBe(a.id);
    const withFill = await c.until((ms) => ms.some((m) => m.type === 'fill'));
    const fill = withFill.find((m) => m.type === 'fill')!;
    expect(fill.data!.fill).toMatchObject({ venue: 'paper', side: 'Buy', size: expect.any(String) });
    const lastSeen = c.msgs[c.msgs.length - 1]!.seq!;
    c.ws.close();

    // while disconnected: a cancel and a trading-state change
    await gw.call('DELETE', `/v1/orders/${a.id}`, { scope: 'trade' });
    await gw.call('POST', '/v1/risk/state', { scope: 'admin', body: { state: 'REDUCING', reason: 'test' } });
    const back = await connect(`${base}/v1/stream?since=${lastSeen}`);
    const replay = await back.until(1 + 3);
    expect(replay[0]).toMatchObject({ type: 'hello', since: lastSeen });
    expect(replay[0]!.gap).toBeUndefined();
    const missed = replay.slice(1);
    // order and fill events are numbered by the journal; the risk notice carries the number before it
    expect(missed.map((m) => m.seq)).toEqual([lastSeen + 1, lastSeen + 2, lastSeen + 2]);
    expect(
      missed.map((m) => (m.type === 'order' ? (m.data!.event as { type: string }).type : m.type)),
    ).toEqual(['CancelRequested', 'Cancelled', 'risk']);
    expect(missed[2]).toMatchObject({ notice: true });
    expect(missed[2]!.data).toMatchObject({ kind: 'state', state: 'REDUCING', previous: 'ACTIVE' });
  });

  it('filters by types and market; says so when since is older than the ring; refuses without a token', async () => {
    gw = await setupGateway({ streamBuffer: 3 });
    const base = await listen(gw);
    const onlyRisk = await connect(`${base}/v1/stream?types=risk,alert&market=BTC-USD`);
    await onlyRisk.until(1);
    for (let i = 0; i < 3; i++)
      await gw.call('POST', '/v1/orders', {
        scope: 'trade',
        body: {
          venue: 'paper',
          market: 'PM-YES',
          side: 'Buy',
          price: gw.price('-0.1'),
          size: String(10 + i),
        },
      });
    await gw.call('POST', '/v1/risk/state', { scope: 'admin', body: { state: 'HALTED' } });
    const got = await onlyRisk.until(2);
    expect(got[1]).toMatchObject({ type: 'risk', data: { state: 'HALTED' } });
    expect(onlyRisk.msgs.every((m) => m.type === 'hello' || m.type === 'risk')).toBe(true);

    const old = await connect(`${base}/v1/stream?since=1`);
    const [hello, ...rest] = await old.until(4);
    expect(hello).toMatchObject({ type: 'hello', gap: true, since: 1 });
    // the ring of 3 holds the last two order events and the risk notice after them
    expect(hello!.oldestSeq).toBe(hello!.lastSeq! - 1);
    expect(rest.map((m) => m.seq)).toEqual([hello!.lastSeq! - 1, hello!.lastSeq, hello!.lastSeq]);
    expect(rest.map((m) => m.type)).toEqual(['order', 'order', 'risk']);
    const ahead = await connect(`${base}/v1/stream?since=999999`);
    expect((await ahead.until(1))[0]).toMatchObject({ gap: true });

    await expect(connect(`${base}/v1/stream`, 'wrong-token-0123456789abcdef')).rejects.toThrow('HTTP 401');
    await expect(connect(`${base}/v1/stream?types=orders`)).rejects.toThrow('HTTP 400');
    await expect(connect(`${base}/v1/stream?since=-1`)).rejects.toThrow('HTTP 400');
  });
});
