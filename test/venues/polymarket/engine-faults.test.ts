/**
 * The ExecutionEngine with the Polymarket adapter against the simulator, under each injected fault that
 * concerns order placement and cancels (accept-then-500, 425, 429, a reply slower than the adapter's
 * timeout, clock skew): resting and crossing orders are submitted and some are cancelled while the fault
 * is active; once it is cleared and every order has settled, the gateway and the venue's ledger must agree
 * on every order, fill and position: zero lost, zero duplicated.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { asMarketId, type Decimal, dec, type Order, OrderStatus, ZERO } from '../../../src/domain/index.ts';
import { ExecutionEngine } from '../../../src/engine/index.ts';
import { ExecError } from '../../../src/errors/index.ts';
import { type FaultSpec, type PolymarketSim, startPolymarketSim } from '../../../src/sim/polymarket/index.ts';
import {
  openOrderStatus,
  PolymarketVenue,
  polymarketRateLimits,
} from '../../../src/venues/polymarket/index.ts';
import { conformanceOrder } from '../../conformance/venue-conformance.ts';

const TOKEN_A = '71321045679252212594626385532706912750332728571942532289631379312455583992563';
const MARKET = asMarketId(TOKEN_A);

interface LedgerOrder {
  id: string;
  status: string;
  maker_address: string;
  side: 'BUY' | 'SELL';
  original_size: string;
  size_matched: string;
  expiration: string;
}
interface LedgerTrade {
  id: string;
  taker_order_id: string;
  side: 'BUY' | 'SELL';
  size: string;
  maker_address: string;
  maker_orders: { order_id: string; maker_address: string; matched_amount: string }[];
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

/** One scenario: a fresh simulator, our account and a liquidity account, the faults, then the checks. */
async function runScenario(
  seed: number,
  faults: readonly FaultSpec[],
  opts: { timeoutMs?: number } = {},
): Promise<{ sim: PolymarketSim; orders: Order[]; hits: number }> {
  const sim = await startPolymarketSim({ seed });
  closers.push(() => sim.close());
  const trader = sim.admin.createAccount({ usdc: '1000', tokens: { [TOKEN_A]: '300' } });
  const maker = sim.admin.createAccount({ usdc: '1000', tokens: { [TOKEN_A]: '300' } });
  const venue = await PolymarketVenue.create({
    host: sim.url,
    privateKey: trader.privateKey,
    ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
  });
  const lp = await PolymarketVenue.create({ host: sim.url, privateKey: maker.privateKey, venueId: 'lp' });
  closers.push(() => lp.close());
  await venue.prepareMarket(TOKEN_A);
  const engine = new ExecutionEngine({
    enableRiskChecks: false,
    settle: { initialDelayMs: 5, maxDelayMs: 40, notFoundStrikes: 3, notFoundGraceMs: 60 },
  });
  closers.push(() => engine.close());
  engine.registerAdapter(venue, polymarketRateLimits().build('polymarket'));

  // the liquidity account's resting orders: asks from 0.60 up, bids from 0.40 down (10 shares each)
  for (let k = 0; k < 6; k++) {
    for (const [side, price] of [
      ['Sell', dec(`0.${60 + k}`)],
      ['Buy', dec(`0.${40 - k}`)],
    ] as const) {
      const r = await lp.placeOrder(conformanceOrder(lp, MARKET, { side, price, size: dec(10) }));
      expect(r.kind, `liquidity ${side} ${price}`).toBe('accepted');
    }
  }

  for (const f of faults) sim.admin.addFault(f);
  const orders: Order[] = [];
  const submit = async (side: 'Buy' | 'Sell', price: string, size: number): Promise<Order | undefined> => {
    try {
      const o = await engine.submitOrder({ venue: 'polymarket', market: TOKEN_A, side, price, size });
      orders.push(o);
      return o;
    } catch (e) {
      if (!(e instanceof ExecError)) throw e;
      return undefined;
    }
  };
  for (let i = 0; i < 6; i++) {
    // resting, away from the liquidity account's prices
    const bid = await submit('Buy', `0.${20 + i}`, 5 + i);
    const ask = await submit('Sell', `0.${80 + i}`, 5 + i);
    // crossing: takes part of the liquidity account's best level
    await submit(i % 2 === 0 ? 'Buy' : 'Sell', i % 2 === 0 ? '0.65' : '0.35', 5);
    for (const o of [bid, i % 2 === 0 ? ask : undefined]) {
      if (o === undefined) continue;
      const cur = engine.getStatus(o.id);
      // only Working orders here; a cancel racing its own settling has its own test below
      if (cur.status !== OrderStatus.Working) continue;
      await engine.cancelOrder(o.id).catch((e: unknown) => {
        if (!(e instanceof ExecError)) throw e;
      });
    }
  }
  const hits = sim.admin.faults().reduce((s, f) => s + f.hits, 0);
  sim.admin.clearFaults();
  for (const o of orders) await engine.whenSettled(o.id);
  for (const o of engine.getActiveOrders()) await engine.whenSettled(o.id);

  // ---- the venue's truth against the gateway's -----------------------------------------------------
  const me = venue.makerAddress.toLowerCase();
  const ledger = sim.admin.ledger() as { orders: LedgerOrder[]; trades: LedgerTrade[] };
  const mine = ledger.orders.filter((o) => o.maker_address.toLowerCase() === me);
  const byHash = new Map<string, LedgerOrder>();
  for (const o of mine) {
    expect(byHash.has(o.id), `venue order ${o.id} listed twice`).toBe(false);
    byHash.set(o.id, o);
  }
  const tracked = new Map<string, Order>();
  for (const o of engine.tracker.orders()) {
    if (o.venueOrderId === undefined) continue;
    expect(tracked.has(o.venueOrderId), `hash ${o.venueOrderId} held by two orders`).toBe(false);
    tracked.set(o.venueOrderId, o);
  }
  const now = Math.floor(Date.now() / 1000);
  for (const v of mine) {
    const ours = tracked.get(v.id);
    expect(ours, `venue order ${v.id} tracked by the engine`).toBeDefined();
    const matched = dec(v.size_matched);
    expect(ours!.status, `${ours!.id} status`).toBe(
      openOrderStatus(v.status, matched, dec(v.original_size), Number(v.expiration), now),
    );
    expect(ours!.filledSize, `${ours!.id} filled`).toBe(matched);
  }
  for (const o of orders) {
    const ours = engine.getStatus(o.id);
    expect([OrderStatus.Submitting, OrderStatus.Cancelling], `${o.id} in flight`).not.toContain(ours.status);
    if (ours.venueOrderId === undefined || !byHash.has(ours.venueOrderId))
      expect(ours.status, `${o.id} unknown to the venue`).toBe(OrderStatus.Rejected);
  }
  // every order we submitted reached the venue at most once: as many venue orders as tracked hashes there
  expect(mine.length).toBe(
    orders.filter((o) => byHash.has(engine.getStatus(o.id).venueOrderId ?? '')).length,
  );

  // fills and position: our side of every trade at the venue
  let net: Decimal = ZERO;
  let ourFills = 0;
  for (const t of ledger.trades) {
    if (t.maker_address.toLowerCase() === me) {
      ourFills++;
      net = (net + (t.side === 'BUY' ? dec(t.size) : -dec(t.size))) as Decimal;
    }
    for (const m of t.maker_orders) {
      const o = byHash.get(m.order_id);
      if (o === undefined) continue;
      ourFills++;
      net = (net + (o.side === 'BUY' ? dec(m.matched_amount) : -dec(m.matched_amount))) as Decimal;
    }
  }
  expect(engine.tracker.getFills().length, 'fills').toBe(ourFills);
  expect(engine.getPosition('polymarket', TOKEN_A).netSize, 'position').toBe(net);
  const filledSum = [...tracked.values()].reduce((s, o) => (s + o.filledSize) as Decimal, ZERO);
  const tradedSum = mine.reduce((s, o) => (s + dec(o.size_matched)) as Decimal, ZERO);
  expect(filledSum).toBe(tradedSum);
  expect(ourFills, 'some orders crossed').toBeGreaterThan(0);
  return { sim, orders, hits };
}

describe('ExecutionEngine + PolymarketVenue under simulator faults: zero lost, zero duplicated', () => {
  it('accept_then_500 on order and cancel routes (placed or cancelled, answer lost)', async () => {
    const r = await runScenario(31, [{ kind: 'accept_then_500', probability: 0.5 }]);
    expect(r.hits).toBeGreaterThan(3);
  });

  it('status_425 on order and cancel routes (refused before processing)', async () => {
    const r = await runScenario(32, [{ kind: 'status_425', probability: 0.4 }]);
    expect(r.hits).toBeGreaterThan(3);
  });

  it('status_429 with Retry-After on order and cancel routes', async () => {
    const r = await runScenario(33, [{ kind: 'status_429', probability: 0.3, retryAfter: 0 }]);
    expect(r.hits).toBeGreaterThan(2);
  });

  it('replies slower than the adapter timeout (processed, answer too late)', async () => {
    const r = await runScenario(
      34,
      [
        { kind: 'latency', ms: 300, route: 'POST /order', probability: 0.5 },
        { kind: 'latency', ms: 300, route: 'DELETE /order', probability: 0.5 },
      ],
      { timeoutMs: 120 },
    );
    expect(r.hits).toBeGreaterThan(3);
  });

  it('venue clock 20 s ahead (inside the auth window)', async () => {
    const r = await runScenario(35, [{ kind: 'clock_skew', seconds: 20 }]);
    expect(r.orders.filter((o) => o.status !== OrderStatus.Rejected).length).toBeGreaterThan(10);
  });

  // The adapter's user channel is off. A cancel whose outcome is unknown lands at the venue AFTER the settler's status query read the order
  // LIVE (here: cancelled by a second session of the same key while the query's reply is held). The
  // settler re-sends the cancel, the venue answers not_canceled "Order already canceled", the settler
  // applies CancelRejected (back to Working) and stops: the gateway keeps a Working order the venue has
  // cancelled. Expected: Cancelled.
  it('a re-sent cancel answered "already canceled" leaves the order Cancelled (engine settler)', async () => {
    const sim = await startPolymarketSim({ seed: 36 });
    closers.push(() => sim.close());
    const trader = sim.admin.createAccount({ usdc: '100' });
    // REST only: the settler's answers are the one source of truth here (a stream would mask the race)
    const venue = await PolymarketVenue.create({
      host: sim.url,
      privateKey: trader.privateKey,
      stream: false,
    });
    const twin = await PolymarketVenue.create({
      host: sim.url,
      privateKey: trader.privateKey,
      venueId: 'twin',
    });
    closers.push(() => twin.close());
    const engine = new ExecutionEngine({
      enableRiskChecks: false,
      settle: { initialDelayMs: 5, maxDelayMs: 40, notFoundStrikes: 3, notFoundGraceMs: 60 },
    });
    closers.push(() => engine.close());
    engine.registerAdapter(venue, polymarketRateLimits().build('polymarket'));
    const o = await engine.submitOrder({
      venue: 'polymarket',
      market: TOKEN_A,
      side: 'Buy',
      price: '0.2',
      size: 5,
    });
    expect(o.status).toBe(OrderStatus.Working);
    const hash = o.venueOrderId!;
    sim.admin.addFault({ kind: 'status_425', count: 1, route: 'DELETE /order' });
    const held = sim.admin.addFault({ kind: 'latency', ms: 400, count: 1, route: `GET /data/order/${hash}` });
    const c = await engine.cancelOrder(o.id);
    expect(c.status).toBe(OrderStatus.Cancelling);
    // the settler's query has been processed (order LIVE), its reply is held: now the cancel lands
    for (let i = 0; i < 200 && sim.admin.faults().some((f) => f.id === held.id); i++)
      await new Promise((r) => setTimeout(r, 5));
    const twinCancel = await twin.cancelOrders([hash as never]);
    expect(twinCancel).toMatchObject({ kind: 'done', canceled: [hash] });
    const settled = await engine.whenSettled(o.id);
    const ledger = sim.admin.ledger() as { orders: LedgerOrder[] };
    expect(ledger.orders.find((x) => x.id === hash)?.status).toBe('CANCELED');
    expect(settled.status).toBe(OrderStatus.Cancelled);
  });

  it('trade_failed: the fills of a FAILED trade are taken back, with an alert; positions equal the venue', async () => {
    const sim = await startPolymarketSim({ seed: 37 });
    closers.push(() => sim.close());
    const trader = sim.admin.createAccount({ usdc: '100', tokens: { [TOKEN_A]: '50' } });
    const maker = sim.admin.createAccount({ usdc: '100', tokens: { [TOKEN_A]: '50' } });
    const venue = await PolymarketVenue.create({ host: sim.url, privateKey: trader.privateKey });
    const lp = await PolymarketVenue.create({ host: sim.url, privateKey: maker.privateKey, venueId: 'lp' });
    closers.push(() => lp.close());
    await venue.prepareMarket(TOKEN_A);
    const engine = new ExecutionEngine({
      enableRiskChecks: false,
      settle: { initialDelayMs: 5, maxDelayMs: 40, notFoundStrikes: 3, notFoundGraceMs: 60 },
    });
    closers.push(() => engine.close());
    engine.registerAdapter(venue, polymarketRateLimits().build('polymarket'));
    const alerts: string[] = [];
    engine.on((e) => {
      if (e.type === 'alert') alerts.push(e.kind);
    });
    for (const price of ['0.6', '0.61']) {
      const r = await lp.placeOrder(
        conformanceOrder(lp, MARKET, { side: 'Sell', price: dec(price), size: dec(10) }),
      );
      expect(r.kind).toBe('accepted');
    }
    sim.admin.addFault({ kind: 'trade_failed', count: 1 });
    const failed = await engine.submitOrder({
      venue: 'polymarket',
      market: TOKEN_A,
      side: 'Buy',
      price: '0.6',
      size: 5,
    });
    const kept = await engine.submitOrder({
      venue: 'polymarket',
      market: TOKEN_A,
      side: 'Buy',
      price: '0.61',
      size: 12,
    });
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && !alerts.includes('fill_reversed'))
      await new Promise((r) => setTimeout(r, 10));
    await engine.whenSettled(failed.id);
    await engine.whenSettled(kept.id);
    const ledger = sim.admin.ledger() as {
      trades: (LedgerTrade & { status: string })[];
      balances: Record<string, { usdc: string; tokens: Record<string, string> }>;
    };
    expect(ledger.trades.map((t) => t.status).sort()).toEqual(['CONFIRMED', 'FAILED']);
    expect(alerts).toContain('fill_reversed');
    const f = engine.getStatus(failed.id);
    expect(f.filledSize).toBe(ZERO);
    expect(f.status).toBe(OrderStatus.Cancelled);
    expect(f.reason).toMatch(/FAILED/);
    const k = engine.getStatus(kept.id);
    expect(k.filledSize).toBe(dec(12));
    // the gateway's position is the venue's balance change: only the CONFIRMED trade moved shares
    const held = ledger.balances[venue.makerAddress.toLowerCase()] ?? ledger.balances[venue.makerAddress]!;
    expect(engine.getPosition('polymarket', TOKEN_A).netSize).toBe(dec(held.tokens[TOKEN_A]!) - dec(50));
    expect(engine.getPosition('polymarket', TOKEN_A).netSize).toBe(dec(12));
    expect(engine.tracker.getFills({ orderId: failed.id })).toEqual([]);
  });

  it('the engine releases finished orders; the adapter keeps their hashes for its retention only', async () => {
    const sim = await startPolymarketSim({ seed: 38 });
    closers.push(() => sim.close());
    const trader = sim.admin.createAccount({ usdc: '100' });
    const engine = new ExecutionEngine({ enableRiskChecks: false });
    closers.push(() => engine.close());
    const kept = await PolymarketVenue.create({
      host: sim.url,
      privateKey: trader.privateKey,
      stream: false,
    });
    const dropped = await PolymarketVenue.create({
      host: sim.url,
      privateKey: trader.privateKey,
      venueId: 'short',
      stream: false,
      idRetentionMs: 0,
    });
    engine.registerAdapter(kept, polymarketRateLimits().build('polymarket'));
    engine.registerAdapter(dropped, polymarketRateLimits().build('short'));
    for (const venue of [kept, dropped]) {
      const o = await engine.submitOrder({
        venue: venue.venueId,
        market: TOKEN_A,
        side: 'Buy',
        price: '0.1',
        size: 5,
      });
      const live = await engine.submitOrder({
        venue: venue.venueId,
        market: TOKEN_A,
        side: 'Buy',
        price: '0.11',
        size: 5,
      });
      expect(venue.venueOrderIdOf(o.id)).toBe(o.venueOrderId);
      expect((await engine.cancelOrder(o.id)).status).toBe(OrderStatus.Cancelled);
      // the cancelled order is released; the live one is not
      expect(venue.venueOrderIdOf(o.id)).toBe(venue === kept ? o.venueOrderId : undefined);
      expect(venue.venueOrderIdOf(live.id)).toBe(live.venueOrderId);
    }
  });
});
