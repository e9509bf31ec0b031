/**
 * End to end: `ag-exec serve` as a process with its SQLite journal, trading on the Polymarket and Binance
 * simulators (each its own `ag-exec sim` process) over HTTP and the WebSocket stream; a SIGKILL and a
 * restart; the API shows the same orders, fills and positions, and a stream client that resumes from its
 * last sequence number gets exactly the events it missed, numbered as before the crash.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { asMarketId, dec } from '../../src/domain/index.ts';
import { directOrder } from '../../src/venues/direct-order.ts';
import { PolymarketVenue } from '../../src/venues/polymarket/index.ts';
import { killAgExecProcesses, startAgExec } from '../support/ag-exec-process.ts';

const TOKEN = 'trade-token-for-tests-0123456789';
const TOKEN_A = '71321045679252212594626385532706912750332728571942532289631379312455583992563';
const dir = mkdtempSync(join(tmpdir(), 'ag-serve-restart-'));
afterAll(() => {
  killAgExecProcesses();
  rmSync(dir, { recursive: true, force: true });
});

async function post(url: string, body: unknown): Promise<Record<string, unknown>> {
  const r = await fetch(url, { method: 'POST', body: JSON.stringify(body) });
  return (await r.json()) as Record<string, unknown>;
}

const auth = { authorization: `Bearer ${TOKEN}` };

async function api(base: string, path: string, init: RequestInit = {}): Promise<Record<string, unknown>> {
  const r = await fetch(`${base}${path}`, {
    ...init,
    headers: init.body === undefined ? auth : { ...auth, 'content-type': 'application/json' },
  });
  const body = (await r.json()) as Record<string, unknown>;
  if (r.status >= 400)
    throw new Error(`${init.method ?? 'GET'} ${path}: ${r.status} ${JSON.stringify(body)}`);
  return body;
}

interface Msg {
  readonly type: string;
  readonly seq?: number;
  readonly notice?: boolean;
  readonly gap?: boolean;
  readonly lastSeq?: number;
  readonly data?: {
    event?: { type: string };
    order?: { id: string; status: string };
    fill?: { tradeId: string };
  };
}

/** A stream client that keeps every message. */
async function listen(wsUrl: string, since?: number): Promise<{ ws: WebSocket; msgs: Msg[] }> {
  const ws = new WebSocket(since === undefined ? wsUrl : `${wsUrl}?since=${since}`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  const msgs: Msg[] = [];
  ws.on('message', (d) => msgs.push(JSON.parse(String(d)) as Msg));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return { ws, msgs };
}

async function until(what: () => boolean, label: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** What identifies an order or fill event, whichever process sent it. */
const content = (m: Msg) => ({
  seq: m.seq,
  type: m.type,
  event: m.data?.event?.type,
  order: m.data?.order?.id,
  status: m.data?.order?.status,
  trade: m.data?.fill?.tradeId,
});

/** Orders as the API lists them, by id (without times that the venue's clock may move). */
async function orders(base: string): Promise<Record<string, unknown>[]> {
  const page = (await api(base, '/v1/orders?limit=500')) as { items: Record<string, unknown>[] };
  return page.items
    .map(({ id, venue, status, filledSize, venueOrderId }) => ({
      id,
      venue,
      status,
      filledSize,
      venueOrderId,
    }))
    .sort((a, b) => String(a.id).localeCompare(String(b.id)));
}

describe('ag-exec serve with the simulators, across a SIGKILL', () => {
  it('shows the same orders, fills and positions after a restart, and the stream resumes from the client’s seq', async () => {
    // the venues, each in its own process: they outlive the gateway's crash
    const pm = (await startAgExec(['sim', 'polymarket', '--port', '0', '--seed', '5'])).ready;
    const bn = (await startAgExec(['sim', 'binance', '--port', '0', '--seed', '5'])).ready;
    const trader = await post(`${pm.url}/_sim/accounts`, { usdc: '100000', tokens: { [TOKEN_A]: '1000' } });
    const maker = await post(`${pm.url}/_sim/accounts`, { usdc: '100000', tokens: { [TOKEN_A]: '1000' } });
    const lp = await PolymarketVenue.create({
      host: pm.url!,
      privateKey: String(maker.privateKey),
      venueId: 'lp',
      stream: false,
    });
    await lp.placeOrder(directOrder(lp, asMarketId(TOKEN_A), 'Sell', dec('0.60'), dec('100')));
    const creds = await post(`${bn.url}/_sim/accounts`, { balances: { USDT: '1000000', BTC: '10' } });

    const config = join(dir, 'gateway.yaml');
    writeFileSync(
      config,
      [
        'store:',
        '  kind: sqlite',
        `  path: ${join(dir, 'journal.db')}`,
        'venues:',
        '  - kind: polymarket',
        '    id: polymarket',
        `    host: ${pm.url}`,
        `    wsUrl: ${pm.wsUrl}`,
        '    chainId: 137',
        '  - kind: binance',
        '    id: binance',
        `    baseUrl: ${bn.url}`,
        `    wsApiUrl: ${bn.wsUrl}`,
        '    symbols: [BTCUSDT]',
        '',
      ].join('\n'),
    );
    const env = {
      AG_EXEC_TOKENS: `trade:${TOKEN}`,
      POLYMARKET_PRIVATE_KEY: String(trader.privateKey),
      BINANCE_API_KEY: String(creds.apiKey),
      BINANCE_API_SECRET: String(creds.secret),
    };
    const first = await startAgExec(['serve', '--config', config, '--port', '0'], env);
    const base = first.ready.url;
    const wsUrl = first.ready.wsUrl!;

    // one client stays to the end; another reads the first events only, then goes away
    const watcher = await listen(wsUrl);
    const early = await listen(wsUrl);
    const submit = (body: Record<string, unknown>) =>
      api(base, '/v1/orders', { method: 'POST', body: JSON.stringify(body) });
    const resting = await submit({
      venue: 'polymarket',
      market: TOKEN_A,
      side: 'Buy',
      price: '0.40',
      size: '10',
    });
    await until(() => early.msgs.filter((m) => m.type === 'order').length >= 2, 'the first order events');
    early.ws.close();
    const lastSeen = Math.max(
      ...early.msgs.filter((m) => m.notice === undefined && m.seq !== undefined).map((m) => m.seq!),
    );

    await submit({
      venue: 'polymarket',
      market: TOKEN_A,
      side: 'Buy',
      price: '0.60',
      size: '20',
      timeInForce: 'IOC',
    });
    const ticker = (await (await fetch(`${bn.url}/api/v3/ticker/price?symbol=BTCUSDT`)).json()) as {
      price: string;
    };
    const px = Number(ticker.price);
    await submit({
      venue: 'binance',
      market: 'BTCUSDT',
      side: 'Buy',
      price: (px * 1.05).toFixed(2),
      size: '0.01',
      timeInForce: 'IOC',
    });
    const bnResting = await submit({
      venue: 'binance',
      market: 'BTCUSDT',
      side: 'Buy',
      price: (px * 0.8).toFixed(2),
      size: '0.01',
    });
    await api(base, `/v1/orders/${resting.id}`, { method: 'DELETE' });
    await until(() => watcher.msgs.filter((m) => m.type === 'fill').length >= 2, 'fills on both venues');
    await until(
      () =>
        watcher.msgs.some((m) => m.data?.order?.id === resting.id && m.data?.order?.status === 'Cancelled'),
      'the cancel',
    );
    await new Promise((r) => setTimeout(r, 300)); // the last events are committed (group commit)

    const before = {
      orders: await orders(base),
      fills: ((await api(base, '/v1/fills?limit=500')) as { items: unknown[] }).items,
      positions: ((await api(base, '/v1/positions')) as { items: unknown[] }).items,
    };
    expect(before.orders.length).toBe(4);
    expect(before.fills.length).toBeGreaterThanOrEqual(2);
    const seen = watcher.msgs.filter((m) => m.type === 'order' || m.type === 'fill');

    first.child.kill('SIGKILL');
    await first.exited;
    watcher.ws.terminate();

    const second = await startAgExec(['serve', '--config', config, '--port', '0'], env);
    const base2 = second.ready.url;
    expect(await orders(base2)).toEqual(before.orders);
    expect(((await api(base2, '/v1/fills?limit=500')) as { items: unknown[] }).items).toEqual(before.fills);
    expect(((await api(base2, '/v1/positions')) as { items: unknown[] }).items).toEqual(before.positions);

    // the early client resumes from its last seq: the events it missed, numbered as before the crash
    const back = await listen(second.ready.wsUrl!, lastSeen);
    const missed = seen.filter((m) => m.seq! > lastSeen);
    expect(missed.filter((m) => m.type === 'fill').length).toBeGreaterThanOrEqual(2);
    await until(
      () => back.msgs.filter((m) => m.type === 'order' || m.type === 'fill').length >= missed.length,
      'the replay',
    );
    expect(back.msgs[0]).toMatchObject({ type: 'hello', lastSeq: seen[seen.length - 1]!.seq });
    expect(back.msgs[0]!.gap).toBeUndefined();
    const replayed = back.msgs.filter((m) => m.type === 'order' || m.type === 'fill');
    expect(replayed.map(content)).toEqual(missed.map(content));

    // and live events go on from there
    await api(base2, `/v1/orders/${bnResting.id}`, { method: 'DELETE' });
    await until(
      () =>
        back.msgs.some((m) => m.data?.order?.id === bnResting.id && m.data?.order?.status === 'Cancelled'),
      'the live cancel',
    );
    const live = back.msgs.filter(
      (m) => (m.type === 'order' || m.type === 'fill') && m.seq! > seen[seen.length - 1]!.seq!,
    );
    expect(live.map((m) => m.seq)).toEqual(live.map((_, i) => seen[seen.length - 1]!.seq! + 1 + i));
    back.ws.close();
    await lp.close();
  }, 90_000);
});
