/**
 * The ExecutionEngine with the Polymarket adapter registered, against the simulator: submit, cancel, and
 * fills of a crossing order arrive in the order (by our OrderId) and agree with the venue's ledger.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asMarketId, dec, OrderStatus } from '../../../src/domain/index.ts';
import { ExecutionEngine } from '../../../src/engine/index.ts';
import { type PolymarketSim, startPolymarketSim } from '../../../src/sim/polymarket/index.ts';
import { PolymarketVenue, polymarketRateLimits } from '../../../src/venues/polymarket/index.ts';
import { conformanceOrder, eventually } from '../../conformance/venue-conformance.ts';

const TOKEN_A = '71321045679252212594626385532706912750332728571942532289631379312455583992563';

describe('ExecutionEngine with the Polymarket adapter', () => {
  let sim: PolymarketSim;
  let venue: PolymarketVenue;
  let lp: PolymarketVenue;
  let engine: ExecutionEngine;

  beforeAll(async () => {
    sim = await startPolymarketSim({ seed: 21 });
    const trader = sim.admin.createAccount({ usdc: '500' });
    const maker = sim.admin.createAccount({ usdc: '10', tokens: { [TOKEN_A]: '100' } });
    venue = await PolymarketVenue.create({ host: sim.url, privateKey: trader.privateKey });
    lp = await PolymarketVenue.create({ host: sim.url, privateKey: maker.privateKey, venueId: 'lp' });
    await venue.prepareMarket(TOKEN_A);
    engine = new ExecutionEngine({
      settle: { initialDelayMs: 5, maxDelayMs: 50, notFoundStrikes: 3, notFoundGraceMs: 50 },
    });
    engine.registerAdapter(venue, polymarketRateLimits().build('polymarket'));
  });
  afterAll(async () => {
    await engine.close();
    await lp.close();
    await sim.close();
  });

  it('submits a resting order (Working, hash as venueOrderId), then cancels it', async () => {
    const o = await engine.submitOrder({
      venue: 'polymarket',
      market: TOKEN_A,
      side: 'Buy',
      price: '0.2',
      size: 7,
    });
    expect(o.status).toBe(OrderStatus.Working);
    expect(o.venueOrderId).toMatch(/^0x[0-9a-f]{64}$/);
    const open = await venue.getOpenOrders(asMarketId(TOKEN_A));
    expect(open.find((r) => r.venueOrderId === o.venueOrderId)?.orderId).toBe(o.id);
    const c = await engine.cancelOrder(o.id);
    expect(c.status).toBe(OrderStatus.Cancelled);
    const ledger = sim.admin.ledger() as { orders: { id: string; status: string }[] };
    expect(ledger.orders.find((x) => x.id === o.venueOrderId)?.status).toBe('CANCELED');
  });

  it('sees the fills of a crossing order, by our order id, matching the venue ledger', async () => {
    const ask = await lp.placeOrder(
      conformanceOrder(lp, asMarketId(TOKEN_A), { side: 'Sell', price: dec('0.45'), size: dec(12) }),
    );
    expect(ask.kind).toBe('accepted');
    const o = await engine.submitOrder({
      venue: 'polymarket',
      market: TOKEN_A,
      side: 'Buy',
      price: '0.5',
      size: 12,
    });
    const filled = await eventually(
      () => {
        const s = engine.getStatus(o.id);
        return s.status === OrderStatus.Filled ? s : undefined;
      },
      5000,
      'the order to be Filled',
    );
    expect(filled.filledSize).toBe(dec(12));
    expect(filled.avgFillPrice).toBe(dec('0.45'));
    const pos = engine.getPosition('polymarket', TOKEN_A);
    expect(pos?.netSize).toBe(dec(12));
    const ledger = sim.admin.ledger() as { trades: { taker_order_id: string; size: string }[] };
    const trades = ledger.trades.filter((t) => t.taker_order_id === o.venueOrderId);
    expect(trades.map((t) => t.size)).toEqual(['12']);
  });

  it('modifies a partially filled order by cancel-then-replace: same order, new hash, sizes carried over', async () => {
    const o = await engine.submitOrder({
      venue: 'polymarket',
      market: TOKEN_A,
      side: 'Buy',
      price: '0.3',
      size: 10,
    });
    const hit = await lp.placeOrder(
      conformanceOrder(lp, asMarketId(TOKEN_A), { side: 'Sell', price: dec('0.3'), size: dec(5) }),
    );
    expect(hit).toMatchObject({ kind: 'accepted', status: 'Filled' });
    const first = o.venueOrderId;
    const m = await engine.modifyOrder(o.id, { price: '0.31' });
    expect(m.price).toBe(dec('0.31'));
    expect(m.venueOrderId).not.toBe(first);
    const rep = await venue.getOrderStatus({
      orderId: o.id,
      venueOrderId: m.venueOrderId!,
      market: asMarketId(TOKEN_A),
    });
    expect(rep).toMatchObject({
      orderId: o.id,
      status: 'PartiallyFilled',
      size: dec(10),
      filledSize: dec(5),
    });
    const ledger = sim.admin.ledger() as { orders: { id: string; original_size: string; status: string }[] };
    expect(ledger.orders.find((x) => x.id === m.venueOrderId)).toMatchObject({
      original_size: '5',
      status: 'LIVE',
    });
    expect(ledger.orders.find((x) => x.id === first)?.status).toBe('CANCELED');
    const c = await engine.cancelOrder(o.id);
    expect(c.status).toBe(OrderStatus.Cancelled);
  });
});
