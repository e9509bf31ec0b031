/**
 * `POST /_sim/faults` / `DELETE /_sim/faults`: every kind (latency, accept_then_500, status_425,
 * status_429, ws_drop, ws_silent, clock_skew), counts, seeded probabilities and validation.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type PolymarketSim, startPolymarketSim } from '../../../src/sim/polymarket/index.ts';
import { l2, limitOrderBody, Side, type Trader, trader, UserProbe } from './sim-test-kit.ts';

async function fault(sim: PolymarketSim, body: object): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${sim.url}/_sim/faults`, { method: 'POST', body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

function orderIds(sim: PolymarketSim): string[] {
  return sim.admin.ledger().orders.map((o) => (o as { id: string }).id);
}

describe('faults', () => {
  let sim: PolymarketSim;
  let t: Trader;
  let price = 0.05;
  const nextBody = () => {
    price = Math.round((price + 0.01) * 100) / 100;
    return limitOrderBody(t, price, 5, Side.BUY);
  };

  beforeAll(async () => {
    sim = await startPolymarketSim({ seed: 31 });
    t = await trader(sim, { usdc: '1000' });
  });
  afterEach(async () => {
    const res = await fetch(`${sim.url}/_sim/faults`, { method: 'DELETE' });
    expect(await res.json()).toEqual({ ok: true });
  });
  afterAll(() => sim.close());

  it('validates fault bodies and lists active faults', async () => {
    expect((await fault(sim, { kind: 'meteor' })).status).toBe(400);
    expect((await fault(sim, { kind: 'latency', probability: 2 })).status).toBe(400);
    expect((await fault(sim, { kind: 'clock_skew' })).status).toBe(400);
    const ok = await fault(sim, { kind: 'status_425', count: 2 });
    expect(ok).toMatchObject({
      status: 200,
      json: { id: expect.any(Number), kind: 'status_425', remaining: 2 },
    });
    const list = (await (await fetch(`${sim.url}/_sim/faults`)).json()) as { faults: unknown[] };
    expect(list.faults).toHaveLength(1);
  });

  it('accept_then_500 places the order and answers 500', async () => {
    await fault(sim, { kind: 'accept_then_500', count: 1 });
    const body = await nextBody();
    const r = await l2(sim, t, 'POST', '/order', body);
    expect(r.status).toBe(500);
    expect(r.json).toEqual({ error: 'Internal Server Error' });
    const ids = orderIds(sim);
    expect(ids).toHaveLength(1);
    const read = await l2(sim, t, 'GET', `/data/order/${ids[0]}`);
    expect(read.json).toMatchObject({ id: ids[0], status: 'LIVE' });
    const resend = await l2(sim, t, 'POST', '/order', body);
    expect(resend.json).toEqual({ error: `order ${ids[0]} is invalid. Duplicated.` });
  });

  it('status_425 and status_429 refuse before processing, for `count` requests', async () => {
    await fault(sim, { kind: 'status_425', count: 1 });
    const before = orderIds(sim).length;
    const body = await nextBody();
    const r425 = await l2(sim, t, 'POST', '/order', body);
    expect(r425).toMatchObject({ status: 425, json: { error: 'service not ready' } });
    expect(orderIds(sim)).toHaveLength(before);

    await fault(sim, { kind: 'status_429', count: 1, retryAfter: 3 });
    const r429 = await l2(sim, t, 'POST', '/order', body);
    expect(r429).toMatchObject({ status: 429, json: { error: 'Too Many Requests' } });
    expect(r429.headers.get('retry-after')).toBe('3');
    expect(orderIds(sim)).toHaveLength(before);

    expect((await l2(sim, t, 'POST', '/order', body)).status).toBe(200);
    expect(orderIds(sim)).toHaveLength(before + 1);
    // default scope is the order routes: reads are untouched
    await fault(sim, { kind: 'status_425' });
    expect((await fetch(`${sim.url}/time`)).status).toBe(200);
  });

  it('a probability is drawn from the seed: same seed, same pattern', async () => {
    const pattern = async (s: PolymarketSim): Promise<string> => {
      await fault(s, { kind: 'status_429', probability: 0.5, route: 'GET /time' });
      let out = '';
      for (let i = 0; i < 40; i++) out += (await fetch(`${s.url}/time`)).status === 429 ? 'x' : '.';
      return out;
    };
    const other = await startPolymarketSim({ seed: 31 });
    try {
      const p1 = await pattern(sim);
      const p2 = await pattern(other);
      expect(p1).toBe(p2);
      const hits = p1.split('x').length - 1;
      expect(hits).toBeGreaterThan(5);
      expect(hits).toBeLessThan(35);
    } finally {
      await other.close();
    }
  });

  it('latency delays the reply of the matching route', async () => {
    await fault(sim, { kind: 'latency', ms: 250, route: '/time', count: 1 });
    const t0 = Date.now();
    expect((await fetch(`${sim.url}/time`)).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(240);
    expect(sim.admin.faults()).toHaveLength(0);
  });

  it('clock_skew moves the venue clock until cleared', async () => {
    const now = Math.floor(Date.now() / 1000);
    await fault(sim, { kind: 'clock_skew', seconds: 3600 });
    const skewed = (await (await fetch(`${sim.url}/time`)).json()) as number;
    expect(Math.abs(skewed - (now + 3600))).toBeLessThanOrEqual(2);
    expect((await l2(sim, t, 'GET', '/data/orders')).status).toBe(401);
    await fetch(`${sim.url}/_sim/faults`, { method: 'DELETE' });
    const back = (await (await fetch(`${sim.url}/time`)).json()) as number;
    expect(Math.abs(back - now)).toBeLessThanOrEqual(2);
    expect((await l2(sim, t, 'GET', '/data/orders')).status).toBe(200);
  });

  it('ws_drop drops open user sockets, and with a count drops the sockets that would get an event', async () => {
    const s1 = await UserProbe.user(sim, t);
    await fault(sim, { kind: 'ws_drop' });
    expect((await s1.closed).code).toBe(1006);
    expect(sim.admin.userSockets()).toBe(0);

    await fault(sim, { kind: 'ws_drop', count: 1 });
    const s2 = await UserProbe.user(sim, t);
    expect((await l2(sim, t, 'POST', '/order', await nextBody())).status).toBe(200);
    expect((await s2.closed).code).toBe(1006);
    expect(s2.pending()).toBe(0);

    const s3 = await UserProbe.user(sim, t);
    const r = await l2(sim, t, 'POST', '/order', await nextBody());
    expect(await s3.next()).toMatchObject({ type: 'PLACEMENT', id: (r.json as { orderID: string }).orderID });
    s3.close();
  });

  it('ws_silent keeps the socket open but sends no events until cleared', async () => {
    const s = await UserProbe.user(sim, t);
    await fault(sim, { kind: 'ws_silent' });
    await l2(sim, t, 'POST', '/order', await nextBody());
    await s.roundTrip();
    expect(s.pending()).toBe(0);
    await fetch(`${sim.url}/_sim/faults`, { method: 'DELETE' });
    const r = await l2(sim, t, 'POST', '/order', await nextBody());
    expect(await s.next()).toMatchObject({ type: 'PLACEMENT', id: (r.json as { orderID: string }).orderID });

    await fault(sim, { kind: 'ws_silent', silencePong: true });
    s.ws.send('PING');
    await expect(s.nextText(200)).rejects.toThrow('no message');
    s.close();
  });
});
