/**
 * Rate limits (per-signer order / cancel buckets with their headers, per-route buckets, 429 with
 * Retry-After, reset after the window) and heartbeats (expiry cancels the key's orders), on a manual
 * clock.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../../src/domain/index.ts';
import { type PolymarketSim, startPolymarketSim } from '../../../src/sim/polymarket/index.ts';
import { l2, limitOrderBody, Side, type Trader, trader, UserProbe } from './sim-test-kit.ts';

describe('rate limits', () => {
  const clock = new ManualClock(Date.now());
  let sim: PolymarketSim;
  let t: Trader;

  beforeAll(async () => {
    sim = await startPolymarketSim({
      seed: 21,
      clock,
      rateLimits: {
        signerOrders: { limit: 2, windowMs: 10_000 },
        signerCancels: { limit: 1, windowMs: 10_000 },
        routes: { 'GET /data/orders': { limit: 1, windowMs: 5_000 } },
      },
    });
    t = await trader(sim, { usdc: '100' });
  });
  afterAll(() => sim.close());

  it('spends the signer order bucket, answers 429 with Retry-After, and resets after the window', async () => {
    const bodies = [
      await limitOrderBody(t, 0.1, 5, Side.BUY),
      await limitOrderBody(t, 0.11, 5, Side.BUY),
      await limitOrderBody(t, 0.12, 5, Side.BUY),
    ];
    const first = await l2(sim, t, 'POST', '/order', bodies[0], clock.now());
    expect(first.status).toBe(200);
    expect(first.headers.get('poly-ratelimit-remaining')).toBe('1');
    expect(first.headers.get('poly-ratelimit-reset')).toBe('10');
    clock.advance(2_500);
    const second = await l2(sim, t, 'POST', '/order', bodies[1], clock.now());
    expect(second.headers.get('poly-ratelimit-remaining')).toBe('0');
    expect(second.headers.get('poly-ratelimit-reset')).toBe('8');
    const third = await l2(sim, t, 'POST', '/order', bodies[2], clock.now());
    expect(third.status).toBe(429);
    expect(third.json).toEqual({ error: 'Too Many Requests' });
    expect(third.headers.get('retry-after')).toBe('8');
    expect(sim.admin.ledger().orders).toHaveLength(2);

    clock.advance(7_500);
    const again = await l2(sim, t, 'POST', '/order', bodies[2], clock.now());
    expect(again.status).toBe(200);
    expect(again.headers.get('poly-ratelimit-remaining')).toBe('1');
  });

  it('charges a cancel list its length', async () => {
    const ids = sim.admin.ledger().orders.map((o) => (o as { id: string }).id);
    const many = await l2(sim, t, 'DELETE', '/orders', JSON.stringify(ids.slice(0, 2)), clock.now());
    expect(many.status).toBe(429);
    expect(many.headers.get('retry-after')).not.toBeNull();
    const one = await l2(sim, t, 'DELETE', '/order', JSON.stringify({ orderID: ids[0] }), clock.now());
    expect(one.status).toBe(200);
    expect(one.json).toEqual({ canceled: [ids[0]], not_canceled: {} });
  });

  it('limits a route as a whole', async () => {
    expect((await l2(sim, t, 'GET', '/data/orders', '', clock.now())).status).toBe(200);
    const over = await l2(sim, t, 'GET', '/data/orders?next_cursor=MA%3D%3D', '', clock.now());
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toBe('5');
    clock.advance(5_000);
    expect((await l2(sim, t, 'GET', '/data/orders', '', clock.now())).status).toBe(200);
  });
});

describe('heartbeats', () => {
  const clock = new ManualClock(Date.now());
  let sim: PolymarketSim;
  let a: Trader;
  let b: Trader;

  beforeAll(async () => {
    sim = await startPolymarketSim({ seed: 22, clock, heartbeatTimeoutMs: 10_000 });
    a = await trader(sim, { usdc: '100' });
    b = await trader(sim, { usdc: '100' });
  });
  afterAll(() => sim.close());

  it('cancels every order of a key that stops beating, and only that key', async () => {
    const socket = await UserProbe.user(sim, a);
    const mine = await l2(sim, a, 'POST', '/order', await limitOrderBody(a, 0.2, 5, Side.BUY), clock.now());
    const theirs = await l2(sim, b, 'POST', '/order', await limitOrderBody(b, 0.2, 5, Side.BUY), clock.now());
    const myId = (mine.json as { orderID: string }).orderID;
    const theirId = (theirs.json as { orderID: string }).orderID;
    expect(await socket.next()).toMatchObject({ type: 'PLACEMENT', id: myId });

    const start = await l2(sim, a, 'POST', '/v1/heartbeats', '{"heartbeat_id":""}', clock.now());
    expect(start.status).toBe(200);
    const id = (start.json as { heartbeat_id: string }).heartbeat_id;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const wrong = await l2(sim, a, 'POST', '/v1/heartbeats', '{"heartbeat_id":"nope"}', clock.now());
    expect(wrong.status).toBe(400);
    expect(wrong.json).toMatchObject({ heartbeat_id: id, error_msg: 'Invalid Heartbeat ID' });

    clock.advance(6_000);
    const beat = await l2(
      sim,
      a,
      'POST',
      '/v1/heartbeats',
      JSON.stringify({ heartbeat_id: id }),
      clock.now(),
    );
    expect(beat.json).toEqual({ heartbeat_id: id });
    clock.advance(9_000);
    sim.admin.checkHeartbeats();
    expect(status(myId)).toBe('LIVE');

    clock.advance(1_500);
    sim.admin.checkHeartbeats();
    expect(status(myId)).toBe('CANCELED');
    expect(status(theirId)).toBe('LIVE');
    expect(await socket.next()).toMatchObject({ type: 'CANCELLATION', id: myId });
    // the session is over: its id is refused, an empty id starts a new one
    const stale = await l2(
      sim,
      a,
      'POST',
      '/v1/heartbeats',
      JSON.stringify({ heartbeat_id: id }),
      clock.now(),
    );
    expect(stale.status).toBe(400);
    socket.close();
  });

  it('expires on its own timer with the wall clock', async () => {
    const quick = await startPolymarketSim({ seed: 23, heartbeatTimeoutMs: 100 });
    try {
      const q = await trader(quick, { usdc: '10' });
      const placed = await l2(quick, q, 'POST', '/order', await limitOrderBody(q, 0.3, 5, Side.BUY));
      const id = (placed.json as { orderID: string }).orderID;
      expect((await l2(quick, q, 'POST', '/v1/heartbeats', '{"heartbeat_id":""}')).status).toBe(200);
      const live = () => (quick.admin.ledger().orders as { status: string }[])[0]?.status;
      expect(live()).toBe('LIVE');
      await vi.waitFor(() => expect(live()).toBe('CANCELED'), { timeout: 1000, interval: 20 });
      expect(id).toMatch(/^0x[0-9a-f]{64}$/);
    } finally {
      await quick.close();
    }
  });

  function status(id: string): string {
    const orders = sim.admin.ledger().orders as { id: string; status: string }[];
    return orders.find((o) => o.id === id)?.status ?? 'missing';
  }
});
