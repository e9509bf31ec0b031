/**
 * The WebSocket API user data stream: ping / time, `userDataStream.subscribe.signature` (bad key,
 * bad signature, stale timestamp, double subscribe), executionReport NEW / TRADE / CANCELED and
 * outboundAccountPosition for the subscribed account only, a maker fill when the reference price
 * moves through a resting order, unsubscribe, and the stream_drop fault.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiCredentials, type BinanceSim, startBinanceSim } from '../../../src/sim/binance/index.ts';
import { signed, WsClient } from './binance-test-kit.ts';

describe('user data stream over the WebSocket API', () => {
  let sim: BinanceSim;
  let a: ApiCredentials;
  let b: ApiCredentials;

  beforeAll(async () => {
    sim = await startBinanceSim({ seed: 21 });
    a = sim.admin.createAccount({ USDT: '10000', BTC: '1' });
    b = sim.admin.createAccount({ USDT: '10000' });
  });
  afterAll(() => sim.close());

  it('answers ping / time and refuses bad subscriptions with the venue codes', async () => {
    const ws = await WsClient.open(sim);
    expect(await ws.call('ping')).toMatchObject({
      status: 200,
      result: {},
      rateLimits: [expect.objectContaining({ rateLimitType: 'REQUEST_WEIGHT' })],
    });
    const time = await ws.call('time');
    expect((time.result as { serverTime: number }).serverTime).toBeGreaterThan(0);
    const badKey = await ws.call('userDataStream.subscribe.signature', {
      apiKey: 'x',
      timestamp: Date.now(),
      signature: 'ab',
    });
    expect(badKey).toMatchObject({ status: 401, error: { code: -2014, msg: 'API-key format invalid.' } });
    const badSig = await ws.call('userDataStream.subscribe.signature', {
      apiKey: a.apiKey,
      timestamp: Date.now(),
      signature: 'ab'.repeat(32),
    });
    expect(badSig).toMatchObject({
      status: 400,
      error: { code: -1022, msg: 'Signature for this request is not valid.' },
    });
    const stale = await ws.subscribe(a, Date.now() - 10_000);
    expect(stale).toMatchObject({ status: 400, error: { code: -1021 } });
    expect(await ws.call('userDataStream.unsubscribe')).toMatchObject({
      status: 400,
      error: { code: -2036 },
    });
    expect(await ws.call('userDataStream.start')).toMatchObject({ status: 400, error: { code: -1020 } });
    ws.close();
  });

  it('delivers executionReport and outboundAccountPosition for a fill after subscribe.signature', async () => {
    const ws = await WsClient.open(sim);
    const other = await WsClient.open(sim);
    const sub = await ws.subscribe(a);
    expect(sub).toMatchObject({ status: 200, result: { subscriptionId: 0 } });
    expect(await ws.subscribe(a)).toMatchObject({
      status: 400,
      error: { code: -2035, msg: 'User Data Stream subscription already active.' },
    });
    expect(await other.subscribe(b)).toMatchObject({ status: 200, result: { subscriptionId: 0 } });
    const r = await signed(sim, a, 'POST', '/api/v3/order', {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.01',
      newClientOrderId: 'ws-fill',
    });
    expect(r.status).toBe(200);
    const trade = await ws.waitFor((e) => e.e === 'executionReport' && e.x === 'TRADE' && e.X === 'FILLED');
    expect(trade).toMatchObject({
      s: 'BTCUSDT',
      c: 'ws-fill',
      S: 'BUY',
      o: 'MARKET',
      z: '0.01000000',
      m: false,
      N: 'BTC',
      i: (r.json as { orderId: number }).orderId,
    });
    expect(typeof trade.t).toBe('number');
    expect(ws.events[0]?.event.x).toBe('NEW');
    const pos = await ws.waitFor((e) => e.e === 'outboundAccountPosition');
    expect((pos.B as Array<{ a: string }>).map((x) => x.a)).toEqual(['BTC', 'USDT']);
    expect(ws.events.every((e) => e.subscriptionId === 0)).toBe(true);
    await new Promise((res) => setTimeout(res, 50));
    expect(other.events).toHaveLength(0);
    ws.close();
    other.close();
  });

  it('reports a maker fill when the reference price moves through a resting order, and a cancel', async () => {
    const ws = await WsClient.open(sim);
    await ws.subscribe(b);
    const rest = await signed(sim, b, 'POST', '/api/v3/order', {
      symbol: 'ETHUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.5',
      price: '2990',
      newClientOrderId: 'rest-1',
    });
    expect(rest.json).toMatchObject({ status: 'NEW' });
    await signed(sim, b, 'POST', '/api/v3/order', {
      symbol: 'ETHUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.1',
      price: '2800',
      newClientOrderId: 'rest-2',
    });
    await fetch(`${sim.url}/_sim/prices`, { method: 'POST', body: JSON.stringify({ ETHUSDT: '2950' }) });
    const fill = await ws.waitFor((e) => e.c === 'rest-1' && e.X === 'FILLED');
    expect(fill).toMatchObject({ x: 'TRADE', m: true, L: '2990.00000000', z: '0.50000000' });
    await signed(sim, b, 'DELETE', '/api/v3/order', {
      symbol: 'ETHUSDT',
      origClientOrderId: 'rest-2',
      newClientOrderId: 'cxl-2',
    });
    const cancel = await ws.waitFor((e) => e.x === 'CANCELED');
    expect(cancel).toMatchObject({ X: 'CANCELED', c: 'cxl-2', C: 'rest-2' });
    expect(await ws.call('session.subscriptions')).toMatchObject({ result: [{ subscriptionId: 0 }] });
    expect(await ws.call('userDataStream.unsubscribe')).toMatchObject({ status: 200 });
    ws.close();
  });

  it('stream_drop drops every connection at once, or the one due an event when armed', async () => {
    const ws = await WsClient.open(sim);
    await ws.subscribe(a);
    await fetch(`${sim.url}/_sim/faults`, { method: 'POST', body: JSON.stringify({ kind: 'stream_drop' }) });
    expect(await ws.closed).toBe(1006);
    await fetch(`${sim.url}/_sim/faults`, { method: 'DELETE' });
    const ws2 = await WsClient.open(sim);
    await ws2.subscribe(a);
    sim.admin.addFault({ kind: 'stream_drop', count: 1 });
    await signed(sim, a, 'POST', '/api/v3/order', {
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'MARKET',
      quantity: '0.001',
    });
    expect(await ws2.closed).toBe(1006);
    expect(ws2.events).toHaveLength(0);
    expect(sim.admin.faults()).toHaveLength(0);
  });
});
