import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  add,
  asClientOrderId,
  asMarketId,
  asOrderId,
  type Decimal,
  dec,
  ManualClock,
  type Order,
  sub,
  ZERO,
} from '../../domain/index.ts';
import { NetworkError } from '../../errors/index.ts';
import type { VenueEvent } from '../venue-adapter.ts';
import { PaperVenue, type PaperVenueOptions } from './paper-venue.ts';

const PM = asMarketId('PM-YES');
const BTC = asMarketId('BTC-USD');
let n = 0;

function order(partial: Partial<Order> & Pick<Order, 'side'>): Order {
  const id = asOrderId(`t${++n}`);
  return {
    id,
    clientOrderId: asClientOrderId(id),
    venue: 'paper' as Order['venue'],
    market: PM,
    orderType: 'Limit',
    size: dec(10),
    timeInForce: 'GTC',
    status: 'Submitting',
    filledSize: ZERO,
    fees: ZERO,
    createdAt: 0,
    updatedAt: 0,
    ...partial,
  };
}

function venue(opts: PaperVenueOptions = {}) {
  const clock = new ManualClock(1_000_000);
  const v = new PaperVenue({ clock, seed: 42, ...opts });
  const events: VenueEvent[] = [];
  v.subscribe((e) => events.push(e));
  const ref = (m = PM): Decimal => v.referencePrice(m) as Decimal;
  return { v, clock, events, ref };
}

const ticks = (k: number): Decimal => (dec('0.01') * BigInt(k)) as Decimal;

afterEach(() => {
  vi.useRealTimers();
});

describe('PaperVenue basics', () => {
  it('publishes instrument rules and a reference price per market', () => {
    const { v } = venue();
    expect(v.instrument(PM)).toMatchObject({
      tickSize: dec('0.01'),
      minPrice: ZERO,
      maxPrice: dec(1),
      priceBoundsExclusive: true,
      quoteAsset: 'USDC',
    });
    expect(v.instrument(BTC)).toMatchObject({
      tickSize: dec('0.01'),
      sizeStep: dec('0.0001'),
      minNotional: dec(5),
    });
    expect(v.referencePrice(BTC)).toBe(dec(60000));
    expect(v.instrument(asMarketId('NOPE'))).toBeUndefined();
    expect(v.marketIds()).toEqual(['PM-YES', 'BTC-USD', 'ETH-USD']);
  });

  it('quotes a ladder around the reference; a crossing buy fills at the maker prices with taker fees', async () => {
    const { v, events, ref } = venue({
      fees: { makerBps: 0, takerBps: 10 },
      liquidity: { enabled: true, levels: 3 },
    });
    const depth = v.depth(PM);
    expect(depth.asks.map((l) => l.price)).toEqual([
      add(ref(), ticks(1)),
      add(ref(), ticks(2)),
      add(ref(), ticks(3)),
    ]);
    expect(depth.bids.map((l) => l.price)).toEqual([
      sub(ref(), ticks(1)),
      sub(ref(), ticks(2)),
      sub(ref(), ticks(3)),
    ]);
    const o = order({ side: 'Buy', price: add(ref(), ticks(2)), size: dec(700) });
    const out = await v.placeOrder(o);
    expect(out).toMatchObject({ kind: 'accepted', venueOrderId: 'P-1', status: 'Filled' });
    const fills = events.flatMap((e) => (e.type === 'fill' ? [e.fill] : []));
    expect(fills.map((f) => [f.price, f.size, f.liquidity])).toEqual([
      [add(ref(), ticks(1)), dec(500), 'taker'],
      [add(ref(), ticks(2)), dec(200), 'taker'],
    ]);
    expect(fills[0]?.fee).toBe(dec('0.255')); // 500 × 0.51 × 10 bps
    expect(out.kind === 'accepted' && out.fills?.map((f) => f.tradeId)).toEqual(fills.map((f) => f.tradeId));
    const last = events.at(-1);
    expect(last?.type === 'order' && last.report).toMatchObject({ status: 'Filled', filledSize: dec(700) });
    const rep = await v.getOrderStatus({ orderId: o.id, market: PM });
    expect(rep?.avgFillPrice).toBe(dec('0.512857142857142857')); // (255 + 104) / 700
  });

  it('refuses what the venue would refuse, with codes', async () => {
    const { v, ref } = venue();
    const codes = async (o: Order) => {
      const out = await v.placeOrder(o);
      return out.kind === 'rejected' ? out.code : out.kind;
    };
    expect(await codes(order({ side: 'Buy', market: asMarketId('X'), price: dec('0.5') }))).toBe(
      'UNKNOWN_MARKET',
    );
    expect(await codes(order({ side: 'Buy', price: dec('0.505') }))).toBe('INVALID_TICK');
    expect(await codes(order({ side: 'Buy', price: dec(1) }))).toBe('PRICE_OUT_OF_BOUNDS');
    expect(await codes(order({ side: 'Buy', price: dec('0.3'), size: dec('1.001') }))).toBe('INVALID_SIZE');
    expect(await codes(order({ side: 'Buy', price: dec('0.3'), size: dec('0.5') }))).toBe('SIZE_TOO_SMALL');
    expect(await codes(order({ side: 'Buy', market: BTC, price: dec(100), size: dec('0.01') }))).toBe(
      'MIN_NOTIONAL',
    );
    expect(await codes(order({ side: 'Buy', price: dec('0.3'), timeInForce: 'GTD', expireAt: 5 }))).toBe(
      'INVALID_EXPIRY',
    );
    expect(await codes(order({ side: 'Buy', price: add(ref(), ticks(1)), orderType: 'PostOnly' }))).toBe(
      'POST_ONLY_WOULD_CROSS',
    );
    const first = order({ side: 'Buy', price: dec('0.3') });
    expect(await codes(first)).toBe('accepted');
    expect(await codes({ ...first })).toBe('DUPLICATE_ORDER');
    expect(v.ledger().duplicates).toEqual([first.id]);
    const rejected = order({ side: 'Buy', price: dec('0.305') });
    await v.placeOrder(rejected);
    expect(await v.getOrderStatus({ orderId: rejected.id, market: PM })).toMatchObject({
      status: 'Rejected',
    });
  });

  it('amends natively: size down keeps the order, a crossing price trades, post-only crossing is refused', async () => {
    const { v, ref, events } = venue();
    const o = order({ side: 'Buy', price: sub(ref(), ticks(10)), size: dec(100) });
    const placed = await v.placeOrder(o);
    const tracked = {
      ...o,
      venueOrderId: placed.kind === 'accepted' ? placed.venueOrderId : undefined,
    } as Order;
    expect(await v.modifyOrder(tracked, undefined, dec(50))).toMatchObject({
      kind: 'amended',
      size: dec(50),
    });
    expect(await v.modifyOrder(tracked, add(ref(), ticks(1)))).toMatchObject({ kind: 'amended' });
    expect(events.some((e) => e.type === 'fill' && e.fill.orderId === o.id)).toBe(true);
    expect((await v.getOrderStatus({ orderId: o.id, market: PM }))?.status).toBe('Filled');
    expect(await v.modifyOrder(tracked, ref())).toMatchObject({ kind: 'rejected', code: 'ORDER_NOT_OPEN' });
    const p = order({ side: 'Buy', price: sub(ref(), ticks(10)), orderType: 'PostOnly' });
    await v.placeOrder(p);
    expect(await v.modifyOrder(p, add(ref(), ticks(1)))).toMatchObject({
      kind: 'rejected',
      code: 'POST_ONLY_WOULD_CROSS',
    });
    expect(await v.modifyOrder(p, dec('0.001'))).toMatchObject({ kind: 'rejected', code: 'INVALID_TICK' });
    expect(await v.modifyOrder(p)).toMatchObject({ kind: 'rejected', code: 'INVALID_AMEND' });
  });

  it('expires GTD orders with the clock, on any call or step', async () => {
    const { v, clock, events, ref } = venue();
    const o = order({
      side: 'Buy',
      price: sub(ref(), ticks(10)),
      timeInForce: 'GTD',
      expireAt: clock.now() + 1_000,
    });
    expect(await v.placeOrder(o)).toMatchObject({ kind: 'accepted', status: 'Working' });
    clock.advance(999);
    expect((await v.getOrderStatus({ orderId: o.id, market: PM }))?.status).toBe('Working');
    clock.advance(1);
    expect((await v.getOrderStatus({ orderId: o.id, market: PM }))?.status).toBe('Expired');
    expect(await v.getOpenOrders(PM)).toEqual([]);
    expect(
      events.some((e) => e.type === 'order' && e.report.orderId === o.id && e.report.status === 'Expired'),
    ).toBe(true);
    const o2 = order({
      side: 'Buy',
      price: sub(ref(), ticks(10)),
      timeInForce: 'GTD',
      expireAt: clock.now() + 10,
    });
    await v.placeOrder(o2);
    clock.advance(10);
    v.step();
    expect(v.ledger().orders.find((r) => r.orderId === o2.id)?.status).toBe('Expired');
  });

  it('IOC remainders are cancelled and FOK that cannot fill trades nothing', async () => {
    const { v, ref } = venue({ liquidity: { enabled: true, levels: 1 } });
    const ioc = await v.placeOrder(
      order({ side: 'Buy', price: add(ref(), ticks(5)), size: dec(600), timeInForce: 'IOC' }),
    );
    expect(ioc).toMatchObject({ kind: 'accepted', status: 'Cancelled' });
    expect(ioc.kind === 'accepted' && ioc.fills?.reduce((s, f) => s + f.size, 0n)).toBe(dec(500));
    v.step();
    const fok = await v.placeOrder(
      order({ side: 'Buy', price: add(ref(), ticks(5)), size: dec(600), timeInForce: 'FOK' }),
    );
    expect(fok).toMatchObject({ kind: 'accepted', status: 'Cancelled' });
    expect(fok.kind === 'accepted' && fok.fills).toBe(undefined);
    expect(await v.getOpenOrders()).toEqual([]);
  });

  it('forgets the oldest finished orders beyond maxFinishedOrders, never open ones', async () => {
    const { v } = venue({ maxFinishedOrders: 2 });
    const open = order({ side: 'Buy', price: dec('0.2') });
    await v.placeOrder(open);
    const done: Order[] = [];
    for (let i = 0; i < 4; i++) {
      const o = order({ side: 'Buy', price: dec('0.3') });
      await v.placeOrder(o);
      await v.cancelOrder(o);
      done.push(o);
    }
    const status = async (o: Order) =>
      (await v.getOrderStatus({ orderId: o.id, market: PM }))?.status ?? null;
    expect(await Promise.all(done.map(status))).toEqual([null, null, 'Cancelled', 'Cancelled']);
    expect(await status(open)).toBe('Working');
    expect(v.ledger().orders).toHaveLength(3);
  });

  it('never trades the account with itself: the incoming order is cancelled', async () => {
    const { v } = venue({ liquidity: { enabled: false } });
    const sell = order({ side: 'Sell', price: dec('0.4') });
    await v.placeOrder(sell);
    const buy = order({ side: 'Buy', price: dec('0.4') });
    expect(await v.placeOrder(buy)).toMatchObject({ kind: 'accepted', status: 'Cancelled' });
    expect(await v.getOrderStatus({ orderId: buy.id, market: PM })).toMatchObject({
      reason: 'self-trade prevented',
    });
    expect((await v.getOpenOrders()).map((r) => r.orderId)).toEqual([sell.id]);
    expect(v.ledger().fills).toEqual([]);
  });

  it('closes: health not ok, places refused, timers stopped', async () => {
    const { v } = venue();
    v.start(10);
    await v.close();
    expect((await v.healthCheck()).ok).toBe(false);
    expect(await v.placeOrder(order({ side: 'Buy', price: dec('0.3') }))).toMatchObject({
      code: 'VENUE_CLOSED',
    });
  });
});

describe('PaperVenue liquidity maker', () => {
  it('is deterministic by seed', () => {
    const run = (seed: number) => {
      const v = new PaperVenue({
        clock: new ManualClock(0),
        seed,
        liquidity: { enabled: true, volatilityBps: 50 },
      });
      const path: string[] = [];
      for (let i = 0; i < 30; i++) {
        v.step();
        path.push(`${v.referencePrice(PM)}/${v.referencePrice(BTC)}`);
      }
      return { path, depth: v.depth(BTC) };
    };
    const a = run(9);
    expect(run(9)).toEqual(a);
    expect(run(10).path).not.toEqual(a.path);
    expect(new Set(a.path).size).toBeGreaterThan(5);
    for (const p of a.path) {
      const pm = BigInt(p.split('/')[0] as string);
      expect(pm > 0n && pm < dec(1)).toBe(true);
    }
  });

  it('fills resting orders when its re-quotes cross them, and streams those fills', async () => {
    const { v, events, ref } = venue({ liquidity: { enabled: true, volatilityBps: 400, levels: 2 } });
    const start = ref();
    const o = order({ side: 'Buy', price: (start - ticks(2)) as Decimal, size: dec(20) });
    await v.placeOrder(o);
    let steps = 0;
    while (!events.some((e) => e.type === 'fill' && e.fill.orderId === o.id) && steps < 500) {
      v.step();
      steps++;
    }
    const fills = events.flatMap((e) => (e.type === 'fill' && e.fill.orderId === o.id ? [e.fill] : []));
    expect(fills.length).toBeGreaterThan(0);
    expect(fills.every((f) => f.liquidity === 'maker' && f.price === o.price)).toBe(true);
    const rep = await v.getOrderStatus({ orderId: o.id, market: PM });
    expect(rep?.filledSize).toBe(fills.reduce((s, f) => s + f.size, 0n));
  });

  it('can be switched off (no quotes) while the reference still walks', () => {
    const v = new PaperVenue({ clock: new ManualClock(0), liquidity: { enabled: false } });
    v.step();
    expect(v.depth(PM)).toEqual({ market: PM, bids: [], asks: [] });
    expect(v.referencePrice(PM)).toBeDefined();
  });
});

describe('PaperVenue faults', () => {
  it('reject: refused with SIMULATED_REJECT, once', async () => {
    const { v } = venue();
    v.injectFault('reject');
    expect(await v.placeOrder(order({ side: 'Buy', price: dec('0.3') }))).toMatchObject({
      kind: 'rejected',
      code: 'SIMULATED_REJECT',
    });
    expect((await v.placeOrder(order({ side: 'Buy', price: dec('0.3') }))).kind).toBe('accepted');
    expect(v.ledger().faults.map((f) => f.kind)).toEqual(['reject']);
  });

  it('accept_then_timeout: the order is placed, the answer is unknown, and status tells the truth', async () => {
    const { v, events, ref } = venue();
    v.injectFault('accept_then_timeout', { count: 2 });
    const resting = order({ side: 'Buy', price: dec('0.3') });
    expect(await v.placeOrder(resting)).toEqual({ kind: 'unknown', reason: 'timeout' });
    const rep = await v.getOrderStatus({ orderId: resting.id, market: PM });
    expect(rep).toMatchObject({ orderId: resting.id, venueOrderId: 'P-1', status: 'Working' });
    expect((await v.getOpenOrders(PM)).map((r) => r.orderId)).toEqual([resting.id]);
    const crossing = order({ side: 'Buy', price: add(ref(), ticks(1)), size: dec(5) });
    expect((await v.placeOrder(crossing)).kind).toBe('unknown');
    expect(await v.getOrderStatus({ orderId: crossing.id, market: PM })).toMatchObject({
      status: 'Filled',
      filledSize: dec(5),
    });
    expect(events.some((e) => e.type === 'fill' && e.fill.orderId === crossing.id)).toBe(true);
    // blindly re-sending is refused as a duplicate, and the venue records the attempt
    expect(await v.placeOrder({ ...resting })).toMatchObject({ kind: 'rejected', code: 'DUPLICATE_ORDER' });
    expect(v.ledger().orders.filter((o) => o.orderId === resting.id)).toHaveLength(1);
  });

  it('lost_response: placed, events of that placement lost, unknown after a delay', async () => {
    vi.useFakeTimers();
    const { v, events, ref } = venue();
    v.injectFault('lost_response', { delayMs: 200 });
    const o = order({ side: 'Buy', price: add(ref(), ticks(1)), size: dec(5) });
    let answer: unknown;
    void v.placeOrder(o).then((a) => {
      answer = a;
    });
    await vi.advanceTimersByTimeAsync(199);
    expect(answer).toBeUndefined();
    expect(
      events.filter((e) => e.type === 'connection').map((e) => e.type === 'connection' && e.state),
    ).toEqual(['down']);
    await vi.advanceTimersByTimeAsync(1);
    expect(answer).toEqual({ kind: 'unknown', reason: 'connection lost' });
    expect(events.at(-1)).toEqual({ type: 'connection', state: 'reconnected' });
    expect(
      events.some(
        (e) => (e.type === 'fill' ? e.fill.orderId : e.type === 'order' && e.report.orderId) === o.id,
      ),
    ).toBe(false);
    expect((await v.getOrderStatus({ orderId: o.id, market: PM }))?.status).toBe('Filled');
    expect((await v.getFills(0, PM)).filter((f) => f.orderId === o.id)).toHaveLength(1);
  });

  it('timeout_before_accept: not placed, unknown, status null, and a re-send is accepted', async () => {
    const { v } = venue();
    v.injectFault('timeout_before_accept');
    const o = order({ side: 'Buy', price: dec('0.3') });
    expect(await v.placeOrder(o)).toEqual({ kind: 'unknown', reason: 'timeout' });
    expect(await v.getOrderStatus({ orderId: o.id, market: PM })).toBeNull();
    expect(await v.getOpenOrders()).toEqual([]);
    expect(v.ledger().neverArrived).toEqual([o.id]);
    expect(await v.placeOrder(o)).toMatchObject({ kind: 'accepted', status: 'Working' });
  });

  it('cancel_timeout: the cancel is applied, the answer is unknown', async () => {
    const { v } = venue();
    const o = order({ side: 'Buy', price: dec('0.3') });
    await v.placeOrder(o);
    v.injectFault('cancel_timeout');
    expect(await v.cancelOrder(o)).toEqual({ kind: 'unknown', reason: 'timeout' });
    expect((await v.getOrderStatus({ orderId: o.id, market: PM }))?.status).toBe('Cancelled');
    expect(await v.cancelOrder(o)).toMatchObject({ kind: 'rejected', code: 'ORDER_NOT_OPEN' });
  });

  it('status_error: the next status query throws a NetworkError, once', async () => {
    const { v } = venue();
    const o = order({ side: 'Buy', price: dec('0.3') });
    await v.placeOrder(o);
    v.injectFault('status_error');
    await expect(v.getOrderStatus({ orderId: o.id, market: PM })).rejects.toBeInstanceOf(NetworkError);
    expect((await v.getOrderStatus({ orderId: o.id, market: PM }))?.status).toBe('Working');
  });

  it('probabilistic faults are seeded; clearFaults disarms', async () => {
    const pattern = async (seed: number) => {
      const v = new PaperVenue({ clock: new ManualClock(0), seed, liquidity: { enabled: false } });
      v.injectFault('reject', { probability: 0.5 });
      const kinds: string[] = [];
      for (let i = 0; i < 24; i++)
        kinds.push((await v.placeOrder(order({ side: 'Buy', price: dec('0.3') }))).kind);
      v.clearFaults();
      kinds.push((await v.placeOrder(order({ side: 'Buy', price: dec('0.3') }))).kind);
      return kinds;
    };
    const a = await pattern(5);
    expect(await pattern(5)).toEqual(a);
    expect(a.slice(0, 24)).toContain('rejected');
    expect(a.slice(0, 24)).toContain('accepted');
    expect(a.at(-1)).toBe('accepted');
  });
});

describe('PaperVenue latency', () => {
  it('answers after the configured latency and delivers pending answers on close', async () => {
    vi.useFakeTimers();
    const v = new PaperVenue({ clock: new ManualClock(0), latencyMs: { min: 5, max: 10 } });
    let health: unknown;
    void v.healthCheck().then((h) => {
      health = h;
    });
    await vi.advanceTimersByTimeAsync(4);
    expect(health).toBeUndefined();
    await vi.advanceTimersByTimeAsync(6);
    expect(health).toMatchObject({ ok: true });
    let placed: unknown;
    void v.placeOrder(order({ side: 'Buy', price: dec('0.3') })).then((p) => {
      placed = p;
    });
    await v.close();
    await Promise.resolve();
    expect(placed).toMatchObject({ kind: 'accepted' });
  });
});
