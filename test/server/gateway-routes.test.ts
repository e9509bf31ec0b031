import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorOf, type Gateway, setupGateway } from './gateway-support.ts';

let gw: Gateway;
beforeEach(async () => {
  gw = await setupGateway();
});
afterEach(async () => {
  await gw.close();
});

const resting = (over: Record<string, unknown> = {}) => ({
  venue: 'paper',
  market: 'PM-YES',
  side: 'Buy',
  price: gw.price('-0.1'),
  size: '10',
  ...over,
});

describe('orders', () => {
  it('submits (201), reads by id and client order id, and shows money as decimal strings', async () => {
    const res = await gw.call('POST', '/v1/orders', { scope: 'trade', body: resting({ size: 10.5 }) });
    expect(res.statusCode).toBe(201);
    const o = res.json();
    expect(o).toMatchObject({
      venue: 'paper',
      market: 'PM-YES',
      side: 'Buy',
      status: 'Working',
      size: '10.5',
    });
    expect(o.price).toBe(gw.price('-0.1'));
    expect(o.filledSize).toBe('0');
    const byId = await gw.call('GET', `/v1/orders/${o.id}`, { scope: 'read' });
    expect(byId.statusCode).toBe(200);
    expect(byId.json()).toEqual(o);
    const byClient = await gw.call('GET', `/v1/orders/${o.clientOrderId}`, { scope: 'read' });
    expect(byClient.json().id).toBe(o.id);
    const missing = await gw.call('GET', '/v1/orders/nope', { scope: 'read' });
    expect(missing.statusCode).toBe(404);
    expect(errorOf(missing)).toMatchObject({ code: 'ORDER_NOT_FOUND', details: { orderId: 'nope' } });
  });

  it('a crossing order fills; its fill and the position appear in /v1/fills and /v1/positions', async () => {
    const res = await gw.call('POST', '/v1/orders', {
      scope: 'trade',
      body: {
        venue: 'paper',
        market: 'PM-YES',
        side: 'Buy',
        price: gw.price('0.05'),
        size: '5',
        timeInForce: 'IOC',
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().status).toBe('Filled');
    const fills = (await gw.call('GET', '/v1/fills?venue=paper', { scope: 'read' })).json();
    expect(fills.items.length).toBeGreaterThan(0);
    expect(fills.items[0]).toMatchObject({
      orderId: res.json().id,
      venue: 'paper',
      market: 'PM-YES',
      side: 'Buy',
    });
    expect(typeof fills.items[0].price).toBe('string');
    const positions = (await gw.call('GET', '/v1/positions', { scope: 'read' })).json();
    expect(positions.items).toEqual([
      expect.objectContaining({ venue: 'paper', market: 'PM-YES', netSize: '5' }),
    ]);
    const none = (await gw.call('GET', '/v1/positions?market=BTC-USD', { scope: 'read' })).json();
    expect(none.items).toEqual([]);
  });

  it('pages through fills in arrival order with an opaque cursor', async () => {
    for (let i = 0; i < 4; i++) {
      const r = await gw.call('POST', '/v1/orders', {
        scope: 'trade',
        body: {
          venue: 'paper',
          market: 'PM-YES',
          side: i % 2 ? 'Sell' : 'Buy',
          price: gw.price(i % 2 ? '-0.05' : '0.05'),
          size: '3',
          timeInForce: 'IOC',
        },
      });
      expect(r.json().status).toBe('Filled');
    }
    const all = (await gw.call('GET', '/v1/fills?limit=1000', { scope: 'read' })).json();
    expect(all.items.length).toBeGreaterThanOrEqual(4);
    expect(all.nextCursor).toBeNull();
    const seen: unknown[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/v1/fills?limit=1${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await gw.call('GET', url, { scope: 'read' })).json();
      expect(page.items).toHaveLength(1);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(all.items);
    const firstOrder = all.items[0].orderId;
    const one = (await gw.call('GET', `/v1/fills?orderId=${firstOrder}`, { scope: 'read' })).json();
    expect(one.items.every((f: { orderId: string }) => f.orderId === firstOrder)).toBe(true);
    const bad = await gw.call('GET', '/v1/fills?cursor=WyJ4IiwxXQ', { scope: 'read' });
    expect(errorOf(bad)).toMatchObject({ code: 'VALIDATION_ERROR', details: { field: 'cursor' } });
  });

  it('Idempotency-Key: the first submit is 201, a repeat returns the same order with 200 and sends nothing', async () => {
    const headers = { 'idempotency-key': 'strat-1.order-42' };
    const first = await gw.call('POST', '/v1/orders', { scope: 'trade', body: resting(), headers });
    const again = await gw.call('POST', '/v1/orders', { scope: 'trade', body: resting(), headers });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    expect(first.json().clientOrderId).toBe('strat-1.order-42');
    expect([...gw.engine.tracker.orders()]).toHaveLength(1);
    // the same key in the body works the same way
    const body = await gw.call('POST', '/v1/orders', {
      scope: 'trade',
      body: resting({ clientOrderId: 'strat-1.order-42' }),
    });
    expect(body.statusCode).toBe(200);
    // concurrent repeats: one 201, the others 200, one order
    const many = await Promise.all(
      [1, 2, 3].map(() =>
        gw.call('POST', '/v1/orders', {
          scope: 'trade',
          body: resting(),
          headers: { 'idempotency-key': 'k-2' },
        }),
      ),
    );
    expect(many.map((r) => r.statusCode).sort()).toEqual([200, 200, 201]);
    expect(new Set(many.map((r) => r.json().id)).size).toBe(1);
    // a key reused for a different order, and a header that disagrees with the body, are refused
    const other = await gw.call('POST', '/v1/orders', {
      scope: 'trade',
      body: resting({ size: '11' }),
      headers,
    });
    expect(other.statusCode).toBe(400);
    expect(errorOf(other).details.field).toBe('clientOrderId');
    const clash = await gw.call('POST', '/v1/orders', {
      scope: 'trade',
      body: resting({ clientOrderId: 'a' }),
      headers: { 'idempotency-key': 'b' },
    });
    expect(errorOf(clash).code).toBe('VALIDATION_ERROR');
    const badKey = await gw.call('POST', '/v1/orders', {
      scope: 'trade',
      body: resting(),
      headers: { 'idempotency-key': 'has space' },
    });
    expect(errorOf(badKey).details.field).toBe('Idempotency-Key');
  });

  it('lists orders newest first with filters and cursor pagination', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await gw.call('POST', '/v1/orders', {
        scope: 'trade',
        body: resting({ size: String(10 + i), strategy: i % 2 === 0 ? 'even' : 'odd' }),
      });
      ids.push(r.json().id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/v1/orders?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = (await gw.call('GET', url, { scope: 'read' })).json();
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((o: { id: string }) => o.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());
    const even = (
      await gw.call('GET', '/v1/orders?strategy=even&status=Working,Filled', { scope: 'read' })
    ).json();
    expect(even.items.map((o: { id: string }) => o.id)).toEqual([ids[6], ids[4], ids[2], ids[0]]);
    const active = (
      await gw.call('GET', '/v1/orders?status=active&venue=paper&market=PM-YES', { scope: 'read' })
    ).json();
    expect(active.items).toHaveLength(7);
    const none = (await gw.call('GET', '/v1/orders?market=BTC-USD', { scope: 'read' })).json();
    expect(none).toEqual({ items: [], nextCursor: null });
    const badStatus = await gw.call('GET', '/v1/orders?status=Done', { scope: 'read' });
    expect(errorOf(badStatus)).toMatchObject({ code: 'VALIDATION_ERROR', details: { field: 'status' } });
    const badCursor = await gw.call('GET', '/v1/orders?cursor=xyz', { scope: 'read' });
    expect(errorOf(badCursor)).toMatchObject({ code: 'VALIDATION_ERROR', details: { field: 'cursor' } });
    const badLimit = await gw.call('GET', '/v1/orders?limit=0', { scope: 'read' });
    expect(badLimit.statusCode).toBe(400);
    expect(errorOf(badLimit).details.field).toBe('limit');
  });

  it('modifies (PATCH), cancels (DELETE) and cancels all by filter', async () => {
    const a = (await gw.call('POST', '/v1/orders', { scope: 'trade', body: resting() })).json();
    const mod = await gw.call('PATCH', `/v1/orders/${a.id}`, { scope: 'trade', body: { size: 12 } });
    expect(mod.statusCode).toBe(200);
    expect(mod.json().size).toBe('12');
    const empty = await gw.call('PATCH', `/v1/orders/${a.id}`, { scope: 'trade', body: {} });
    expect(errorOf(empty).code).toBe('VALIDATION_ERROR');
    const del = await gw.call('DELETE', `/v1/orders/${a.id}`, { scope: 'trade' });
    expect(del.statusCode).toBe(200);
    expect(del.json().status).toBe('Cancelled');
    const again = await gw.call('DELETE', `/v1/orders/${a.id}`, { scope: 'trade' });
    expect(again.statusCode).toBe(409);
    expect(errorOf(again).code).toBe('INVALID_ORDER_STATE');
    const late = await gw.call('PATCH', `/v1/orders/${a.id}`, {
      scope: 'trade',
      body: { price: gw.price('-0.2') },
    });
    expect(late.statusCode).toBe(409);

    await gw.call('POST', '/v1/orders', { scope: 'trade', body: resting({ strategy: 's1' }) });
    await gw.call('POST', '/v1/orders', { scope: 'trade', body: resting({ strategy: 's1', size: '11' }) });
    await gw.call('POST', '/v1/orders', { scope: 'trade', body: resting({ strategy: 's2' }) });
    const some = await gw.call('POST', '/v1/orders/cancel-all', { scope: 'trade', body: { strategy: 's1' } });
    expect(some.statusCode).toBe(200);
    expect(some.json().cancelled).toHaveLength(2);
    expect(some.json().failed).toEqual([]);
    const rest = await gw.call('POST', '/v1/orders/cancel-all', { scope: 'trade' });
    expect(rest.json().cancelled.map((o: { strategy: string }) => o.strategy)).toEqual(['s2']);
    expect(gw.engine.getActiveOrders()).toHaveLength(0);
  });

  it('maps engine errors: risk 422 with the policies, venue refusal of a market order stays an order', async () => {
    await gw.close();
    gw = await setupGateway({ risk: 'policies: [{type: MaxOrderSize, max_size: 5}]' });
    const res = await gw.call('POST', '/v1/orders', { scope: 'trade', body: resting({ size: '6' }) });
    expect(res.statusCode).toBe(422);
    const e = errorOf(res);
    expect(e.code).toBe('RISK_REJECTED');
    expect(e.details.policies).toEqual([expect.objectContaining({ policy: 'MaxOrderSize' })]);
    const unknownVenue = await gw.call('POST', '/v1/orders', {
      scope: 'trade',
      body: resting({ venue: 'nowhere' }),
    });
    expect(unknownVenue.statusCode).toBeGreaterThanOrEqual(400);
    expect(unknownVenue.statusCode).toBeLessThan(500);
    errorOf(unknownVenue);
  });
});

describe('risk, venues, health, readiness, metrics, docs', () => {
  it('GET /v1/risk and POST /v1/risk/state (admin)', async () => {
    const r = await gw.call('GET', '/v1/risk', { scope: 'read' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ tradingState: 'ACTIVE', policies: [] });
    const halt = await gw.call('POST', '/v1/risk/state', {
      scope: 'admin',
      body: { state: 'HALTED', reason: 'ops' },
    });
    expect(halt.statusCode).toBe(200);
    expect(halt.json()).toMatchObject({ tradingState: 'HALTED', reason: 'ops' });
    const refused = await gw.call('POST', '/v1/orders', { scope: 'trade', body: resting() });
    expect(errorOf(refused).code).toBe('RISK_REJECTED');
    const bad = await gw.call('POST', '/v1/risk/state', { scope: 'admin', body: { state: 'PAUSED' } });
    expect(errorOf(bad)).toMatchObject({ code: 'VALIDATION_ERROR', details: { field: 'state' } });
    const trade = await gw.call('POST', '/v1/risk/state', { scope: 'trade', body: { state: 'ACTIVE' } });
    expect(trade.statusCode).toBe(403);
  });

  it('GET /v1/risk shows each policy with its limit and current use', async () => {
    await gw.close();
    gw = await setupGateway({ risk: 'policies: [{type: PositionLimit, max_size: 1000}]' });
    const r = (await gw.call('GET', '/v1/risk', { scope: 'read' })).json();
    expect(r.policies).toEqual([expect.objectContaining({ policy: 'PositionLimit' })]);
    expect(r.description.length).toBeGreaterThan(1);
  });

  it('GET /v1/venues: health, rate-limit usage, reconciliation', async () => {
    await gw.engine.recover();
    await gw.call('POST', '/v1/orders', { scope: 'trade', body: resting() });
    const v = await gw.call('GET', '/v1/venues', { scope: 'read' });
    expect(v.statusCode).toBe(200);
    const [paper] = v.json().items;
    expect(paper.venue).toBe('paper');
    expect(paper.health.ok).toBe(true);
    expect(paper.rateLimit.admitted).toBeGreaterThanOrEqual(1);
    expect(paper.reconciliation).toMatchObject({ venue: 'paper', reason: 'start' });
  });

  it('GET /health without auth; GET /ready is 200 when ready and 503 when closing', async () => {
    expect((await gw.call('GET', '/health')).json()).toEqual({ status: 'ok' });
    const ready = await gw.call('GET', '/ready');
    expect(ready.statusCode).toBe(200);
    // without a token only the gate; with one, the journal and each venue's last reconciliation
    expect(ready.json()).toEqual({ ready: true, phase: 'ready' });
    const detail = await gw.call('GET', '/ready', { scope: 'read' });
    expect(detail.json()).toMatchObject({ ready: true, phase: 'ready', journal: 'memory', venues: [] });
    await gw.engine.close();
    const closing = await gw.call('GET', '/ready');
    expect(closing.statusCode).toBe(503);
    expect(closing.json()).toMatchObject({ ready: false, phase: 'closing' });
    const refused = await gw.call('POST', '/v1/orders', { scope: 'trade', body: resting() });
    expect(refused.statusCode).toBe(503);
    expect(errorOf(refused).code).toBe('NOT_READY');
  });

  it('GET /metrics: Prometheus text with the read scope', async () => {
    await gw.call('POST', '/v1/orders', { scope: 'trade', body: resting() });
    const m = await gw.call('GET', '/metrics', { scope: 'read' });
    expect(m.statusCode).toBe(200);
    expect(m.headers['content-type']).toContain('text/plain');
    expect(m.body.startsWith('#')).toBe(true);
    expect(m.body).toContain('exec_orders_placed_total');
    expect((await gw.call('GET', '/metrics')).statusCode).toBe(401);
  });

  it('serves the OpenAPI document at /docs/json and the UI at /docs', async () => {
    const doc = (await gw.call('GET', '/docs/json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of [
      '/v1/orders',
      '/v1/orders/{id}',
      '/v1/orders/cancel-all',
      '/v1/fills',
      '/v1/positions',
      '/v1/risk',
      '/v1/risk/state',
      '/v1/venues',
      '/ready',
      '/metrics',
    ])
      expect(Object.keys(doc.paths)).toContain(p);
    expect(doc.paths['/v1/orders'].post.requestBody).toBeDefined();
    const ui = await gw.call('GET', '/docs/');
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
  });
});

describe('error shape', () => {
  it('malformed JSON, a wrong type, an unknown field and an unknown route are 4xx in the one shape', async () => {
    const bad = await gw.call('POST', '/v1/orders', { scope: 'trade', body: '{"venue": ' });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).code).toBe('VALIDATION_ERROR');
    const wrong = await gw.call('POST', '/v1/orders', { scope: 'trade', body: resting({ size: true }) });
    expect(wrong.statusCode).toBe(400);
    expect(errorOf(wrong).details.field).toBe('size');
    const extra = await gw.call('POST', '/v1/orders', { scope: 'trade', body: resting({ colour: 'red' }) });
    expect(errorOf(extra)).toMatchObject({ code: 'VALIDATION_ERROR', details: { field: 'colour' } });
    const unauth = await gw.call('GET', '/v1/orders');
    expect(unauth.headers['www-authenticate']).toBe('Bearer');
    const engineSide = await gw.call('POST', '/v1/orders', { scope: 'trade', body: resting({ side: 'Up' }) });
    expect(errorOf(engineSide)).toMatchObject({ code: 'VALIDATION_ERROR', details: { field: 'side' } });
    const decimal = await gw.call('POST', '/v1/orders', { scope: 'trade', body: resting({ size: '1e5x' }) });
    expect(errorOf(decimal).details.field).toBe('size');
    const nf = await gw.call('GET', '/v2/nothing', { scope: 'read' });
    expect(nf.statusCode).toBe(404);
    expect(errorOf(nf).code).toBe('NOT_FOUND');
    const media = await gw.app.inject({
      method: 'POST',
      url: '/v1/orders',
      headers: { authorization: 'Bearer trade-token-9b3e2d7c41a8f0e6', 'content-type': 'text/xml' },
      payload: '<order/>',
    });
    expect(media.statusCode).toBe(415);
    errorOf(media);
  });
});
