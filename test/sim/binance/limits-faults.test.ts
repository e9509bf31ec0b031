/**
 * Rate limits (REQUEST_WEIGHT headers, 429 + Retry-After + -1003, then 418 for an IP that keeps going;
 * ORDERS -1015 with the count headers and the first-fill give-back) and every fault kind: latency,
 * accept_then_500, timeout_1007 (placed or not), status_429, status_418, clock_skew, plus validation.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ApiCredentials, type BinanceSim, startBinanceSim } from '../../../src/sim/binance/index.ts';
import { get, signed } from './binance-test-kit.ts';

async function fault(sim: BinanceSim, body: object): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${sim.url}/_sim/faults`, { method: 'POST', body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

describe('request weight: 429 then 418', () => {
  let sim: BinanceSim;
  beforeAll(async () => {
    sim = await startBinanceSim({
      seed: 5,
      clock: { now: () => 1_800_000_030_000 },
      rateLimits: { requestWeightPerMinute: 45, banAfter429s: 2, banSeconds: 120 },
    });
  });
  afterAll(() => sim.close());

  it('counts weight in X-MBX-USED-WEIGHT-1M, refuses with 429 and bans with 418', async () => {
    const first = await get(sim, '/api/v3/exchangeInfo');
    const used0 = Number(first.headers.get('x-mbx-used-weight-1m'));
    expect(used0).toBeGreaterThanOrEqual(20);
    let r = await get(sim, '/api/v3/ping');
    expect(Number(r.headers.get('x-mbx-used-weight-1m'))).toBe(used0 + 1);
    while (r.status === 200) r = await get(sim, '/api/v3/exchangeInfo');
    expect(r.status).toBe(429);
    expect(r.json).toEqual({
      code: -1003,
      msg: 'Too much request weight used; current limit is 45 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.',
    });
    expect(r.headers.get('retry-after')).toBe('30');
    expect((await get(sim, '/api/v3/exchangeInfo')).status).toBe(429);
    const ban = await get(sim, '/api/v3/exchangeInfo');
    expect(ban.status).toBe(418);
    expect((ban.json as { code: number; msg: string }).msg).toMatch(
      /^Way too much request weight used; IP banned until \d+\. /,
    );
    expect(ban.headers.get('retry-after')).toBe('120');
    expect((ban.json as { msg: string }).msg).toContain('IP banned until 1800000150000.');
    expect((await get(sim, '/api/v3/ping')).status).toBe(418);
    expect((await fetch(`${sim.url}/_sim/ledger`)).status).toBe(200);
  });
});

describe('unfilled order count', () => {
  const fixed = Math.floor(Date.now() / 10_000) * 10_000 + 2_000;
  let sim: BinanceSim;
  let t: ApiCredentials;
  beforeAll(async () => {
    sim = await startBinanceSim({ seed: 8, clock: { now: () => fixed }, rateLimits: { ordersPer10s: 3 } });
    t = sim.admin.createAccount({ USDT: '1000000' });
  });
  afterAll(() => sim.close());

  it('refuses the 4th unfilled order in 10 s with -1015; a fill gives one back', async () => {
    let n = 0;
    const place = (p: Record<string, string> = {}) =>
      signed(
        sim,
        t,
        'POST',
        '/api/v3/order',
        {
          symbol: 'BTCUSDT',
          side: 'BUY',
          type: 'LIMIT',
          timeInForce: 'GTC',
          quantity: '0.001',
          price: String(50000 + ++n),
          ...p,
        },
        { timestamp: fixed },
      );
    const a = await place();
    expect(a.headers.get('x-mbx-order-count-10s')).toBe('1');
    expect(a.headers.get('x-mbx-order-count-1d')).toBe('1');
    const taker = await signed(
      sim,
      t,
      'POST',
      '/api/v3/order',
      { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001' },
      { timestamp: fixed },
    );
    expect(taker.status).toBe(200);
    expect(taker.headers.get('x-mbx-order-count-10s')).toBe('1');
    await place();
    const c = await place();
    expect(c.headers.get('x-mbx-order-count-10s')).toBe('3');
    const d = await place();
    expect(d.status).toBe(429);
    expect(d.json).toEqual({
      code: -1015,
      msg: 'Too many new orders; current limit is 3 orders per 10 SECOND.',
    });
    expect(d.headers.get('retry-after')).toBe('8');
    const rl = await signed(sim, t, 'GET', '/api/v3/rateLimit/order', {}, { timestamp: fixed });
    expect(rl.json).toContainEqual({
      rateLimitType: 'ORDERS',
      interval: 'SECOND',
      intervalNum: 10,
      limit: 3,
      count: 3,
    });
  });
});

describe('faults', () => {
  let sim: BinanceSim;
  let t: ApiCredentials;
  let n = 0;
  const place = (extra: Record<string, string> = {}) =>
    signed(sim, t, 'POST', '/api/v3/order', {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.001',
      price: String(50000 + ++n),
      ...extra,
    });

  beforeAll(async () => {
    sim = await startBinanceSim({ seed: 9 });
    t = sim.admin.createAccount({ USDT: '1000000' });
  });
  afterEach(async () => {
    const res = await fetch(`${sim.url}/_sim/faults`, { method: 'DELETE' });
    expect(await res.json()).toEqual({ ok: true });
  });
  afterAll(() => sim.close());

  it('validates fault bodies', async () => {
    expect((await fault(sim, { kind: 'meteor' })).status).toBe(400);
    expect((await fault(sim, { kind: 'clock_skew' })).status).toBe(400);
    expect((await fault(sim, { kind: 'timeout_1007', placed: 'yes' })).status).toBe(400);
    const ok = await fault(sim, { kind: 'status_429', count: 2 });
    expect(ok).toMatchObject({
      status: 200,
      json: { id: expect.any(Number), kind: 'status_429', remaining: 2 },
    });
    const list = (await (await fetch(`${sim.url}/_sim/faults`)).json()) as { faults: unknown[] };
    expect(list.faults).toHaveLength(1);
  });

  it('accept_then_500 places the order and answers 500', async () => {
    await fault(sim, { kind: 'accept_then_500', count: 1 });
    const before = sim.admin.ledger().orders.length;
    const r = await place({ newClientOrderId: 'a500' });
    expect(r.status).toBe(500);
    expect(sim.admin.ledger().orders).toHaveLength(before + 1);
    const q = await signed(sim, t, 'GET', '/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: 'a500' });
    expect(q.json).toMatchObject({ clientOrderId: 'a500', status: 'NEW' });
  });

  it('timeout_1007 answers -1007 with the order placed, or not placed', async () => {
    await fault(sim, { kind: 'timeout_1007', count: 1 });
    const r = await place({ newClientOrderId: 't1007a' });
    expect(r.status).toBe(503);
    expect(r.json).toEqual({
      code: -1007,
      msg: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
    });
    expect(
      (await signed(sim, t, 'GET', '/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: 't1007a' }))
        .status,
    ).toBe(200);
    await fault(sim, { kind: 'timeout_1007', count: 1, placed: false, status: 408 });
    const lost = await place({ newClientOrderId: 't1007b' });
    expect(lost.status).toBe(408);
    expect(
      (await signed(sim, t, 'GET', '/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: 't1007b' })).json,
    ).toEqual({
      code: -2013,
      msg: 'Order does not exist.',
    });
  });

  it('status_429 and status_418 refuse before processing; reads are untouched by default', async () => {
    await fault(sim, { kind: 'status_429', count: 1, retryAfter: 3 });
    const before = sim.admin.ledger().orders.length;
    expect((await get(sim, '/api/v3/ping')).status).toBe(200);
    const r = await place();
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('3');
    expect((r.json as { code: number }).code).toBe(-1003);
    await fault(sim, { kind: 'status_418', route: 'DELETE /api/v3/order', count: 1 });
    const del = await signed(sim, t, 'DELETE', '/api/v3/order', {
      symbol: 'BTCUSDT',
      origClientOrderId: 'a500',
    });
    expect(del.status).toBe(418);
    expect(del.headers.get('retry-after')).toBe('120');
    expect(sim.admin.ledger().orders).toHaveLength(before);
    const again = await signed(sim, t, 'DELETE', '/api/v3/order', {
      symbol: 'BTCUSDT',
      origClientOrderId: 'a500',
    });
    expect(again.json).toMatchObject({ status: 'CANCELED', origClientOrderId: 'a500' });
  });

  it('latency holds the reply; clock_skew moves the venue clock', async () => {
    await fault(sim, { kind: 'latency', ms: 150, route: '/api/v3/time', count: 1 });
    const t0 = Date.now();
    await get(sim, '/api/v3/time');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    await fault(sim, { kind: 'clock_skew', seconds: 30 });
    const time = (await get(sim, '/api/v3/time')).json as { serverTime: number };
    expect(time.serverTime - Date.now()).toBeGreaterThan(29_000);
    const stale = await signed(sim, t, 'GET', '/api/v3/account');
    expect(stale.json).toEqual({
      code: -1021,
      msg: 'Timestamp for this request is outside of the recvWindow.',
    });
    const adjusted = await signed(sim, t, 'GET', '/api/v3/account', {}, { timestamp: time.serverTime });
    expect(adjusted.status).toBe(200);
  });
});
