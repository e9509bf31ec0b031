/**
 * The ExecutionEngine with the Binance adapter against the simulator, under each injected fault
 * (accept-then-500, -1007 timeouts placed or not, 429 with Retry-After, replies slower than the adapter's
 * timeout, dropped user data streams, venue clock skew; and a 418 that must stop the venue cleanly):
 * resting and crossing orders are submitted and some cancelled while the fault is active; once it is
 * cleared and every order has settled, the gateway and the venue's ledger (`admin.ledger()`) must agree
 * on every order, fill and position: zero lost, zero duplicated.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Decimal, dec, type Order, OrderStatus, ZERO } from '../../../src/domain/index.ts';
import { ExecutionEngine } from '../../../src/engine/index.ts';
import { ExecError } from '../../../src/errors/index.ts';
import { type BinanceSim, type FaultSpec, startBinanceSim } from '../../../src/sim/binance/index.ts';
import { BinanceVenue, binanceOrderStatus } from '../../../src/venues/binance/index.ts';
import type { VenueEvent } from '../../../src/venues/index.ts';

interface LedgerOrder {
  symbol: string;
  orderId: number;
  clientOrderId: string;
  status: string;
  side: 'BUY' | 'SELL';
  origQty: string;
  executedQty: string;
  apiKey: string;
}
interface LedgerTrade {
  symbol: string;
  id: number;
  orderId: number;
  qty: string;
  isBuyer: boolean;
  apiKey: string;
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

interface Setup {
  sim: BinanceSim;
  venue: BinanceVenue;
  engine: ExecutionEngine;
  apiKey: string;
  events: VenueEvent[];
}

async function setup(seed: number, opts: { timeoutMs?: number; stream?: boolean } = {}): Promise<Setup> {
  const sim = await startBinanceSim({ seed });
  closers.push(() => sim.close());
  sim.admin.setPrices({ BTCUSDT: '60000' });
  const creds = sim.admin.createAccount({ USDT: '100000', BTC: '2' });
  const venue = await BinanceVenue.create({
    apiKey: creds.apiKey,
    apiSecret: creds.secret,
    baseUrl: sim.url,
    wsApiUrl: sim.wsUrl,
    recvWindow: 1000,
    neverPlacedMarginMs: 200,
    streamBackoff: { initialMs: 20, maxMs: 200 },
    ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
    ...(opts.stream === undefined ? {} : { stream: opts.stream }),
  });
  const events: VenueEvent[] = [];
  venue.subscribe((e) => events.push(e));
  const engine = new ExecutionEngine({
    enableRiskChecks: false,
    settle: { initialDelayMs: 5, maxDelayMs: 40, notFoundStrikes: 3, notFoundGraceMs: 60 },
  });
  closers.push(() => engine.close());
  engine.registerAdapter(venue, venue.orderLimiter);
  return { sim, venue, engine, apiKey: creds.apiKey, events };
}

/** Submits resting and crossing orders and cancels some; returns what the engine accepted to track. */
async function trade(s: Setup): Promise<Order[]> {
  const orders: Order[] = [];
  const submit = async (side: 'Buy' | 'Sell', price: string, size: string): Promise<Order | undefined> => {
    try {
      const o = await s.engine.submitOrder({ venue: 'binance', market: 'BTCUSDT', side, price, size });
      orders.push(o);
      return o;
    } catch (e) {
      if (!(e instanceof ExecError)) throw e;
      return undefined;
    }
  };
  for (let i = 0; i < 6; i++) {
    const bid = await submit('Buy', `${59000 - i * 10}`, `0.00${1 + i}`);
    const ask = await submit('Sell', `${61000 + i * 10}`, `0.00${1 + i}`);
    await submit(i % 2 === 0 ? 'Buy' : 'Sell', i % 2 === 0 ? '60500' : '59500', '0.002');
    // an odd round's ask is re-priced (cancelReplace) while the fault is active
    if (ask !== undefined && i % 2 === 1 && s.engine.getStatus(ask.id).status === OrderStatus.Working) {
      await s.engine.modifyOrder(ask.id, { price: `${61005 + i * 10}` }).catch((e: unknown) => {
        if (!(e instanceof ExecError)) throw e;
      });
    }
    for (const o of [bid, i % 2 === 0 ? ask : undefined]) {
      if (o === undefined) continue;
      if (s.engine.getStatus(o.id).status !== OrderStatus.Working) continue;
      await s.engine.cancelOrder(o.id).catch((e: unknown) => {
        if (!(e instanceof ExecError)) throw e;
      });
    }
  }
  return orders;
}

/** Every order settled; the venue's ledger and the gateway agree on orders, fills and the position. */
async function reconcile(
  s: Setup,
  orders: readonly Order[],
): Promise<{ venueOrders: number; fills: number; replaced: number }> {
  for (const o of orders) await s.engine.whenSettled(o.id);
  for (const o of s.engine.getActiveOrders()) await s.engine.whenSettled(o.id);
  // the stream may still be delivering the last events
  await new Promise((r) => setTimeout(r, 100));
  const ledger = s.sim.admin.ledger() as { orders: LedgerOrder[]; trades: LedgerTrade[] };
  const mine = ledger.orders.filter((o) => o.apiKey === s.apiKey);
  const byClient = new Map<string, LedgerOrder>();
  // our order id -> its venue orders (the original and its cancelReplace replacements `<id>-<n>`)
  const byOrder = new Map<string, { n: number; v: LedgerOrder }[]>();
  for (const v of mine) {
    expect(byClient.has(v.clientOrderId), `client id ${v.clientOrderId} placed twice`).toBe(false);
    byClient.set(v.clientOrderId, v);
    const [base, suffix] = v.clientOrderId.split('-');
    const list = byOrder.get(base!) ?? [];
    list.push({ n: suffix === undefined ? 0 : Number.parseInt(suffix, 36), v });
    byOrder.set(base!, list);
  }
  for (const [id, list] of byOrder) {
    list.sort((a, b) => a.n - b.n);
    const current = list[list.length - 1]!.v;
    const ours = s.engine.getStatus(id);
    const filled = list.reduce((t, x) => t + dec(x.v.executedQty), 0n);
    let expected = binanceOrderStatus(current.status);
    if (expected === OrderStatus.Working && filled > 0n) expected = OrderStatus.PartiallyFilled;
    // a market order by quote amount done short of its size bound is Expired (README)
    if (expected === OrderStatus.Filled && ours.params?.quoteOrderQty !== undefined && filled < ours.size)
      expected = OrderStatus.Expired;
    expect(
      ours.status,
      `${ours.id} status (venue ${list.map((x) => `${x.v.clientOrderId}:${x.v.status}`).join(' ')}): ${ours.reason ?? ''}`,
    ).toBe(expected);
    expect(ours.filledSize, `${ours.id} filled`).toBe(filled);
    // (a replacement settled by a status query leaves the engine's venueOrderId at the old one)
    if (list.length === 1) expect(ours.venueOrderId).toBe(String(current.orderId));
  }
  for (const o of orders) {
    const ours = s.engine.getStatus(o.id);
    expect([OrderStatus.Submitting, OrderStatus.Cancelling], `${o.id} in flight`).not.toContain(ours.status);
    if (!byOrder.has(o.id)) expect(ours.status, `${o.id} unknown to the venue`).toBe(OrderStatus.Rejected);
  }
  const trades = ledger.trades.filter((t) => t.apiKey === s.apiKey);
  let net: Decimal = ZERO;
  for (const t of trades) net = (net + (t.isBuyer ? dec(t.qty) : -dec(t.qty))) as Decimal;
  const fills = s.engine.tracker.getFills();
  expect(fills.length, 'fills').toBe(trades.length);
  expect(new Set(fills.map((f) => f.tradeId)).size).toBe(fills.length);
  expect(s.engine.getPosition('binance', 'BTCUSDT').netSize, 'position').toBe(net);
  return { venueOrders: mine.length, fills: trades.length, replaced: mine.length - byOrder.size };
}

async function runScenario(seed: number, faults: readonly FaultSpec[], opts: { timeoutMs?: number } = {}) {
  const s = await setup(seed, opts);
  for (const f of faults) s.sim.admin.addFault(f);
  const orders = await trade(s);
  const hits = s.sim.admin.faults().reduce((n, f) => n + f.hits, 0);
  s.sim.admin.clearFaults();
  const r = await reconcile(s, orders);
  expect(r.fills, 'some orders crossed').toBeGreaterThan(0);
  return { ...r, hits, s, orders };
}

describe('ExecutionEngine + BinanceVenue under simulator faults: zero lost, zero duplicated', () => {
  it('accept_then_500 on order and cancel routes (processed, answer lost)', async () => {
    const r = await runScenario(41, [{ kind: 'accept_then_500', probability: 0.5 }]);
    expect(r.hits).toBeGreaterThan(3);
    expect(r.replaced, 'some asks were re-priced').toBeGreaterThan(0);
  });

  it('timeout_1007 after placing, and before placing (never placed: proven by -2013 after the recvWindow)', async () => {
    const r = await runScenario(42, [
      { kind: 'timeout_1007', probability: 0.3 },
      { kind: 'timeout_1007', probability: 0.3, placed: false },
    ]);
    expect(r.hits).toBeGreaterThan(3);
  });

  it('status_429 with Retry-After on order and cancel routes', async () => {
    const r = await runScenario(43, [{ kind: 'status_429', probability: 0.3, retryAfter: 0 }]);
    expect(r.hits).toBeGreaterThan(2);
  });

  it('replies slower than the adapter timeout (processed, answer too late)', async () => {
    const r = await runScenario(
      44,
      [
        { kind: 'latency', ms: 300, route: 'POST /api/v3/order', probability: 0.5 },
        { kind: 'latency', ms: 300, route: 'DELETE /api/v3/order', probability: 0.5 },
      ],
      { timeoutMs: 120 },
    );
    expect(r.hits).toBeGreaterThan(3);
  });

  it('user data stream dropped (events lost): reconnect, gap-fill, nothing missed', async () => {
    const r = await runScenario(45, [{ kind: 'stream_drop', probability: 0.3 }]);
    expect(r.hits).toBeGreaterThan(0);
    expect(r.s.events.some((e) => e.type === 'connection' && e.state === 'reconnected')).toBe(true);
  });

  it('venue clock 20 s ahead, then 3 s behind: -1021 re-measures the clock, orders go through', async () => {
    const r = await runScenario(46, [{ kind: 'clock_skew', seconds: 20 }]);
    expect(r.orders.filter((o) => o.status !== OrderStatus.Rejected).length).toBeGreaterThan(10);
    const b = await runScenario(47, [{ kind: 'clock_skew', seconds: -3 }]);
    expect(b.orders.filter((o) => o.status !== OrderStatus.Rejected).length).toBeGreaterThan(10);
  });

  it.each([
    ['the stream', true],
    ['status queries only', false],
  ])(
    'a market order by quote amount whose answer is lost ends Expired with its fills (%s)',
    async (_, stream) => {
      const s = await setup(49, { stream });
      s.sim.admin.addFault({ kind: 'accept_then_500', count: 1, route: 'POST /api/v3/order' });
      const o = await s.engine.submitOrder({
        venue: 'binance',
        market: 'BTCUSDT',
        side: 'Buy',
        orderType: 'Market',
        size: '0.01',
        params: { quoteOrderQty: '100' },
      });
      const done = await s.engine.whenSettled(o.id);
      await new Promise((r) => setTimeout(r, 100));
      const now = s.engine.getStatus(o.id);
      expect([done.status, now.status]).toEqual([OrderStatus.Expired, OrderStatus.Expired]);
      const r = await reconcile(s, [o]);
      expect(r.fills).toBeGreaterThan(0);
      expect(now.filledSize > 0n && now.filledSize < dec('0.01')).toBe(true);
    },
  );

  it('status_418 stops the venue cleanly: refused locally, health not ok, a loud connection event', async () => {
    const s = await setup(48);
    const before = await s.engine.submitOrder({
      venue: 'binance',
      market: 'BTCUSDT',
      side: 'Buy',
      price: '59000',
      size: '0.001',
    });
    expect(before.status).toBe(OrderStatus.Working);
    s.sim.admin.addFault({ kind: 'status_418', count: 1, retryAfter: 120 });
    const banned = await s.engine.submitOrder({
      venue: 'binance',
      market: 'BTCUSDT',
      side: 'Buy',
      price: '59001',
      size: '0.001',
    });
    expect(banned.status).toBe(OrderStatus.Rejected);
    const down = s.events.find((e) => e.type === 'connection' && e.state === 'down');
    expect(down?.type === 'connection' && down.reason).toMatch(/VENUE STOPPED: 418/);
    const health = await s.venue.healthCheck();
    expect(health.ok).toBe(false);
    expect(health.message).toMatch(/418/);
    // nothing more reaches the venue: refused locally
    const faultsBefore = s.sim.admin.faults();
    expect(faultsBefore.length).toBe(0);
    const after = await s.engine
      .submitOrder({ venue: 'binance', market: 'BTCUSDT', side: 'Sell', price: '61000', size: '0.001' })
      .catch((e: unknown) => e);
    if (after instanceof Error) expect(after).toBeInstanceOf(ExecError);
    else expect((after as Order).status).toBe(OrderStatus.Rejected);
    const ledger = s.sim.admin.ledger() as { orders: LedgerOrder[] };
    expect(ledger.orders.filter((o) => o.apiKey === s.apiKey).map((o) => o.clientOrderId)).toEqual([
      before.id,
    ]);
    expect(s.engine.getStatus(before.id).status).toBe(OrderStatus.Working);
  });
});
