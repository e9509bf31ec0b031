/**
 * The adapter meters its own cancels and reads: over budget a cancel is not sent (the venue still has
 * the order), and a 429 from the venue pauses that endpoint group.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { asMarketId, dec } from '../../../src/domain/index.ts';
import { startPolymarketSim } from '../../../src/sim/polymarket/index.ts';
import { endpointGroup, PolymarketVenue } from '../../../src/venues/polymarket/index.ts';
import { conformanceOrder } from '../../conformance/venue-conformance.ts';

const TOKEN_A = '71321045679252212594626385532706912750332728571942532289631379312455583992563';
const A = asMarketId(TOKEN_A);
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

describe('request metering (Polymarket adapter)', () => {
  it('maps requests to the published endpoint groups; single orders are left to the engine', () => {
    expect(endpointGroup('DELETE', '/order')).toBe('DELETE /order');
    expect(endpointGroup('DELETE', '/cancel-market-orders')).toBe('DELETE /cancel-all');
    expect(endpointGroup('GET', '/data/order/0xab')).toBe('GET /data/orders');
    expect(endpointGroup('GET', '/data/trades?id=x')).toBe('GET /data/trades');
    expect(endpointGroup('POST', '/orders')).toBe('POST /orders');
    expect(endpointGroup('POST', '/order')).toBeUndefined();
    expect(endpointGroup('GET', '/tick-size?token_id=1')).toBeUndefined();
  });

  it('a cancel over budget is refused unsent; the venue still has the order', async () => {
    const sim = await startPolymarketSim({ seed: 41 });
    closers.push(() => sim.close());
    const acct = sim.admin.createAccount({ usdc: '100' });
    const venue = await PolymarketVenue.create({
      host: sim.url,
      privateKey: acct.privateKey,
      stream: false,
      meterLimits: { 'DELETE /order': { per10s: 2 } },
      meterMaxWaitMs: 0,
    });
    closers.push(() => venue.close());
    const orders = [0.1, 0.11, 0.12].map((p) => conformanceOrder(venue, A, { price: dec(p), size: dec(5) }));
    for (const o of orders) expect((await venue.placeOrder(o)).kind).toBe('accepted');
    const out = await Promise.all(orders.map((o) => venue.cancelOrder(o)));
    expect(out.slice(0, 2).map((x) => x.kind)).toEqual(['cancelled', 'cancelled']);
    expect(out[2]).toMatchObject({ kind: 'rejected', code: 'rate_limited' });
    expect(out[2]?.kind === 'rejected' && out[2].message).toMatch(/not sent/);
    const ledger = sim.admin.ledger() as { orders: { id: string; status: string }[] };
    const third = ledger.orders.find((o) => o.id === venue.venueOrderIdOf(orders[2]!.id));
    expect(third?.status).toBe('LIVE');
    expect(venue.requestLimiter('DELETE /order')?.stats.rejected).toBeGreaterThan(0);
  });

  it('a cancel waits for its budget when allowed to', async () => {
    const sim = await startPolymarketSim({ seed: 42 });
    closers.push(() => sim.close());
    const acct = sim.admin.createAccount({ usdc: '100' });
    const venue = await PolymarketVenue.create({
      host: sim.url,
      privateKey: acct.privateKey,
      stream: false,
      meterLimits: { 'DELETE /order': { per10s: 20 } }, // one request per 0.5 s once the burst is spent
      meterMaxWaitMs: 5000,
    });
    closers.push(() => venue.close());
    const orders = Array.from({ length: 21 }, (_, i) =>
      conformanceOrder(venue, A, { price: dec(`0.${10 + i}`), size: dec(5) }),
    );
    for (const o of orders) expect((await venue.placeOrder(o)).kind).toBe('accepted');
    const out = await Promise.all(orders.map((o) => venue.cancelOrder(o)));
    expect(out.every((x) => x.kind === 'cancelled')).toBe(true);
    expect(venue.requestLimiter('DELETE /order')?.stats.waited).toBeGreaterThan(0);
  });

  it('a 429 from the venue pauses the group for its Retry-After: the next cancel is not sent', async () => {
    const sim = await startPolymarketSim({ seed: 43 });
    closers.push(() => sim.close());
    const acct = sim.admin.createAccount({ usdc: '100' });
    const venue = await PolymarketVenue.create({
      host: sim.url,
      privateKey: acct.privateKey,
      stream: false,
      meterMaxWaitMs: 0,
    });
    closers.push(() => venue.close());
    const a = conformanceOrder(venue, A, { price: dec('0.1'), size: dec(5) });
    const b = conformanceOrder(venue, A, { price: dec('0.11'), size: dec(5) });
    for (const o of [a, b]) expect((await venue.placeOrder(o)).kind).toBe('accepted');
    const fault = sim.admin.addFault({
      kind: 'status_429',
      count: 1,
      retryAfter: 30,
      route: 'DELETE /order',
    });
    expect(await venue.cancelOrder(a)).toMatchObject({ kind: 'rejected', code: 'rate_limited' });
    expect(fault.hits).toBe(1);
    const second = await venue.cancelOrder(b);
    expect(second).toMatchObject({ kind: 'rejected', code: 'rate_limited' });
    expect(second.kind === 'rejected' && second.message).toMatch(/not sent/);
    expect(venue.requestLimiter('DELETE /order')?.pausedUntil()).toBeGreaterThan(Date.now() + 20_000);
  });
});
