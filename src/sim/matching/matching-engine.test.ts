import { describe, expect, it } from 'vitest';
import { type Decimal, dec, ManualClock } from '../../domain/index.ts';
import { MatchingEngine } from './matching-engine.ts';
import type { MatchingEngineOptions, NewOrder } from './types.ts';

const M = 'BTC-USD';
const d = (s: string | number): Decimal => dec(s);

function engine(opts: MatchingEngineOptions = {}): { eng: MatchingEngine; clock: ManualClock } {
  const clock = new ManualClock(1_000);
  return { eng: new MatchingEngine({ clock, ...opts }), clock };
}

function limit(
  owner: string,
  side: 'Buy' | 'Sell',
  price: string,
  size: string,
  extra: Partial<NewOrder> = {},
) {
  return { owner, market: M, side, price: d(price), size: d(size), ...extra } satisfies NewOrder;
}

describe('MatchingEngine: resting and priority', () => {
  it('rests non-crossing orders and reports best bid / ask and depth', () => {
    const { eng } = engine();
    expect(eng.place(limit('a', 'Buy', '99', '1')).status).toBe('open');
    eng.place(limit('a', 'Buy', '98', '2'));
    eng.place(limit('b', 'Buy', '99', '3'));
    eng.place(limit('c', 'Sell', '101', '1'));
    eng.place(limit('c', 'Sell', '102', '4'));
    expect(eng.bestBid(M)).toBe(d(99));
    expect(eng.bestAsk(M)).toBe(d(101));
    const depth = eng.depth(M, 5);
    expect(depth.bids).toEqual([
      { price: d(99), size: d(4), orders: 2 },
      { price: d(98), size: d(2), orders: 1 },
    ]);
    expect(depth.asks.map((l) => l.price)).toEqual([d(101), d(102)]);
    expect(eng.depth(M, 1).bids).toHaveLength(1);
  });

  it('fills in price then time priority, at the maker price', () => {
    const { eng } = engine();
    const first = eng.place(limit('m1', 'Sell', '101', '1', { id: 'first' }));
    const second = eng.place(limit('m2', 'Sell', '101', '1', { id: 'second' }));
    const better = eng.place(limit('m3', 'Sell', '100', '1', { id: 'better' }));
    const r = eng.place(limit('t', 'Buy', '105', '2.5'));
    expect(r.trades.map((t) => [t.makerOrderId, t.price, t.size])).toEqual([
      [better.orderId, d(100), d(1)],
      [first.orderId, d(101), d(1)],
      [second.orderId, d(101), d('0.5')],
    ]);
    expect(r.status).toBe('filled');
    expect(r.filled).toBe(d('2.5'));
    expect(r.remaining).toBe(0n);
    expect(eng.lookup('second')).toMatchObject({
      status: 'partially_filled',
      filled: d('0.5'),
      remaining: d('0.5'),
    });
    expect(eng.lookup('first')?.status).toBe('filled');
    expect(eng.bestAsk(M)).toBe(d(101));
  });

  it('partially fills across levels and rests the remainder at its limit', () => {
    const { eng } = engine();
    eng.place(limit('m', 'Sell', '100', '1'));
    eng.place(limit('m', 'Sell', '101', '1'));
    eng.place(limit('m', 'Sell', '103', '1'));
    const r = eng.place(limit('t', 'Buy', '101', '5'));
    expect(r.status).toBe('partially_filled');
    expect(r.filled).toBe(d(2));
    expect(r.remaining).toBe(d(3));
    expect(eng.bestBid(M)).toBe(d(101));
    expect(eng.bestAsk(M)).toBe(d(103));
    expect(eng.openOrders('t')).toHaveLength(1);
  });

  it('gives trades unique sequential ids and timestamps from the clock', () => {
    const { eng, clock } = engine({ tradeIdPrefix: 'X-' });
    eng.place(limit('m', 'Sell', '100', '3'));
    clock.set(5_000);
    const r1 = eng.place(limit('t', 'Buy', '100', '1'));
    const r2 = eng.place(limit('t', 'Buy', '100', '1'));
    expect([...r1.trades, ...r2.trades].map((t) => [t.id, t.seq, t.ts])).toEqual([
      ['X-1', 1, 5_000],
      ['X-2', 2, 5_000],
    ]);
    expect(eng.lastTradeSeq).toBe(2);
  });

  it('refuses bad input and duplicate ids', () => {
    const { eng } = engine();
    expect(eng.place(limit('a', 'Buy', '1', '0')).status).toBe('rejected');
    expect(eng.place(limit('a', 'Buy', '0', '1')).reason).toMatch(/price/);
    expect(eng.place({ owner: 'a', market: M, side: 'Buy', size: d(1) }).reason).toBe('limit price required');
    eng.place(limit('a', 'Buy', '1', '1', { id: 'x' }));
    const dup = eng.place(limit('a', 'Buy', '1', '1', { id: 'x' }));
    expect(dup).toMatchObject({ status: 'rejected', reason: 'duplicate order id' });
    expect(eng.openOrders('a')).toHaveLength(1);
  });
});

describe('MatchingEngine: order types and time in force', () => {
  it('market orders sweep up to the worst price and never rest', () => {
    const { eng } = engine();
    eng.place(limit('m', 'Sell', '100', '1'));
    eng.place(limit('m', 'Sell', '110', '1'));
    const r = eng.place({ owner: 't', market: M, side: 'Buy', type: 'Market', price: d(105), size: d(3) });
    expect(r).toMatchObject({ status: 'cancelled', filled: d(1), remaining: d(2) });
    const all = eng.place({ owner: 't', market: M, side: 'Buy', type: 'Market', size: d(3) });
    expect(all).toMatchObject({ status: 'cancelled', filled: d(1) });
    expect(eng.openOrders('t')).toEqual([]);
    expect(eng.bestBid(M)).toBeUndefined();
  });

  it('IOC cancels its remainder', () => {
    const { eng } = engine();
    eng.place(limit('m', 'Sell', '100', '1'));
    const r = eng.place(limit('t', 'Buy', '100', '2', { timeInForce: 'IOC' }));
    expect(r).toMatchObject({ status: 'cancelled', filled: d(1), remaining: d(1) });
    expect(eng.bestBid(M)).toBeUndefined();
  });

  it('FOK trades nothing unless it can fill entirely', () => {
    const { eng } = engine();
    eng.place(limit('m', 'Sell', '100', '1'));
    eng.place(limit('m', 'Sell', '101', '1'));
    const no = eng.place(limit('t', 'Buy', '101', '2.5', { timeInForce: 'FOK' }));
    expect(no).toMatchObject({ status: 'cancelled', filled: 0n, trades: [] });
    expect(eng.depth(M).asks.map((l) => l.size)).toEqual([d(1), d(1)]);
    const limited = eng.place(limit('t', 'Buy', '100', '2', { timeInForce: 'FOK' }));
    expect(limited.filled).toBe(0n);
    const yes = eng.place(limit('t', 'Buy', '101', '2', { timeInForce: 'FOK' }));
    expect(yes).toMatchObject({ status: 'filled', filled: d(2) });
  });

  it('FOK does not count the taker own orders under cancel-taker or cancel-maker', () => {
    const { eng } = engine();
    eng.place(limit('t', 'Sell', '100', '1'));
    eng.place(limit('m', 'Sell', '100', '1'));
    expect(eng.place(limit('t', 'Buy', '100', '1', { timeInForce: 'FOK' })).status).toBe('cancelled');
    eng.setSelfTradePrevention('cancel-maker');
    expect(eng.place(limit('t', 'Buy', '100', '2', { timeInForce: 'FOK' })).status).toBe('cancelled');
    expect(eng.openOrders('t')).toHaveLength(1);
    const ok = eng.place(limit('t', 'Buy', '100', '1', { timeInForce: 'FOK' }));
    expect(ok.status).toBe('filled');
    expect(ok.cancelledMakers?.map((o) => o.owner)).toEqual(['t']);
  });

  it('post-only rests or is refused with a reason when it would cross', () => {
    const { eng } = engine();
    eng.place(limit('m', 'Sell', '100', '1'));
    const cross = eng.place(limit('t', 'Buy', '100', '1', { type: 'PostOnly' }));
    expect(cross.status).toBe('rejected');
    expect(cross.reason).toMatch(/cross/);
    expect(eng.place(limit('t', 'Buy', '99.99', '1', { type: 'PostOnly' })).status).toBe('open');
    expect(eng.place(limit('t', 'Buy', '99', '1', { type: 'PostOnly', timeInForce: 'IOC' })).status).toBe(
      'rejected',
    );
    expect(eng.depth(M).asks[0]?.size).toBe(d(1));
  });

  it('GTD orders rest until expire(now) removes and reports them', () => {
    const { eng, clock } = engine();
    const a = eng.place(limit('a', 'Buy', '99', '1', { timeInForce: 'GTD', expireAt: 2_000 }));
    const b = eng.place(limit('a', 'Buy', '98', '1', { timeInForce: 'GTD', expireAt: 3_000 }));
    eng.place(limit('a', 'Buy', '97', '1', { timeInForce: 'GTD', expireAt: 2_500 }));
    eng.cancel(b.orderId);
    expect(eng.expire(1_999)).toEqual([]);
    const out = eng.expire(2_600);
    expect(out.map((o) => [o.price, o.status])).toEqual([
      [d(99), 'expired'],
      [d(97), 'expired'],
    ]);
    expect(eng.lookup(a.orderId)?.status).toBe('expired');
    expect(eng.expire(10_000)).toEqual([]);
    expect(eng.bestBid(M)).toBeUndefined();
    clock.set(5_000);
    expect(eng.place(limit('a', 'Buy', '99', '1', { timeInForce: 'GTD', expireAt: 5_000 })).status).toBe(
      'rejected',
    );
    expect(eng.place(limit('a', 'Buy', '99', '1', { timeInForce: 'GTD' })).reason).toMatch(/expireAt/);
  });
});

describe('MatchingEngine: self-trade prevention', () => {
  function setup(stp: 'cancel-taker' | 'cancel-maker' | 'allow') {
    const { eng } = engine({ stp });
    eng.place(limit('other', 'Sell', '100', '1', { id: 'o1' }));
    eng.place(limit('me', 'Sell', '100', '1', { id: 'mine' }));
    eng.place(limit('other', 'Sell', '101', '1', { id: 'o2' }));
    return eng;
  }

  it('cancel-taker (default) cancels the incoming remainder at the own order', () => {
    const eng = setup('cancel-taker');
    const r = eng.place(limit('me', 'Buy', '101', '3'));
    expect(r).toMatchObject({ status: 'cancelled', filled: d(1), reason: 'self-trade prevented' });
    expect(eng.lookup('mine')?.status).toBe('open');
    expect(eng.lookup('o2')?.status).toBe('open');
  });

  it('cancel-maker removes the resting own order and keeps matching', () => {
    const eng = setup('cancel-maker');
    const r = eng.place(limit('me', 'Buy', '101', '3'));
    expect(r.trades.map((t) => t.makerOrderId)).toEqual(['o1', 'o2']);
    expect(r.cancelledMakers?.map((o) => [o.id, o.status])).toEqual([['mine', 'cancelled']]);
    expect(eng.lookup('mine')?.status).toBe('cancelled');
    expect(r).toMatchObject({ status: 'partially_filled', filled: d(2) });
  });

  it('allow lets an owner trade with itself', () => {
    const eng = setup('allow');
    const r = eng.place(limit('me', 'Buy', '101', '3'));
    expect(r.trades.map((t) => t.makerOrderId)).toEqual(['o1', 'mine', 'o2']);
    expect(eng.trades('me')).toHaveLength(3);
  });
});

describe('MatchingEngine: fees, cancel, amend, history', () => {
  it('charges maker and taker fees in bps, rounded up, exactly', () => {
    const { eng } = engine({ makerFeeBps: 1, takerFeeBps: '7.5' });
    eng.place(limit('m', 'Sell', '60000.01', '0.0003'));
    const [t] = eng.place(limit('t', 'Buy', '60000.01', '0.0003')).trades;
    // notional 18.000003 -> taker 0.01350000225, maker 0.0018000003
    expect(t?.takerFee).toBe(d('0.01350000225'));
    expect(t?.makerFee).toBe(d('0.0018000003'));
    const { eng: tiny } = engine({ takerFeeBps: 1 });
    tiny.place(limit('m', 'Sell', '0.000000000000000001', '0.000000000000000001'));
    const [t2] = tiny.place(limit('t', 'Buy', '1', '0.000000000000000001')).trades;
    expect(t2?.takerFee).toBe(1n);
  });

  it('cancels resting orders; unknown or finished ones are refused', () => {
    const { eng } = engine();
    const r = eng.place(limit('a', 'Buy', '99', '1'));
    expect(eng.cancel(r.orderId)).toMatchObject({ status: 'cancelled', remaining: d(1) });
    expect(eng.cancel(r.orderId)).toMatchObject({ status: 'rejected', reason: 'order is cancelled' });
    expect(eng.cancel('nope')).toMatchObject({ status: 'rejected', reason: 'unknown order' });
    expect(eng.bestBid(M)).toBeUndefined();
    expect(eng.openOrders('a')).toEqual([]);
  });

  it('amend: size decrease keeps priority, size increase and price change lose it', () => {
    const { eng } = engine();
    eng.place(limit('a', 'Sell', '100', '2', { id: 'A' }));
    eng.place(limit('b', 'Sell', '100', '2', { id: 'B' }));
    expect(eng.amend('A', { size: d(1) }).status).toBe('open');
    expect(eng.place(limit('t', 'Buy', '100', '0.5')).trades[0]?.makerOrderId).toBe('A');
    eng.amend('A', { size: d(3) });
    expect(eng.place(limit('t', 'Buy', '100', '0.5')).trades[0]?.makerOrderId).toBe('B');
    eng.place(limit('c', 'Sell', '101', '1', { id: 'C' }));
    eng.amend('C', { price: d(100) });
    eng.amend('A', { price: d(100.5) });
    eng.amend('A', { price: d(100) });
    const r = eng.place(limit('t', 'Buy', '100', '3'));
    expect(r.trades.map((t) => t.makerOrderId)).toEqual(['B', 'C', 'A']);
    expect(eng.depth(M).asks).toEqual([{ price: d(100), size: d(2), orders: 1 }]);
  });

  it('amend to a crossing price trades at once; post-only amend that would cross is refused', () => {
    const { eng } = engine();
    eng.place(limit('m', 'Sell', '100', '1'));
    eng.place(limit('a', 'Buy', '98', '2', { id: 'L' }));
    eng.place(limit('a', 'Buy', '97', '1', { id: 'P', type: 'PostOnly' }));
    const r = eng.amend('L', { price: d(100) });
    expect(r).toMatchObject({ status: 'partially_filled', filled: d(1), remaining: d(1) });
    eng.place(limit('m', 'Sell', '101', '1'));
    expect(eng.amend('P', { price: d(101) })).toMatchObject({ status: 'rejected' });
    expect(eng.lookup('P')?.price).toBe(d(97));
    expect(eng.amend('L', { size: d(1) }).reason).toMatch(/filled/);
    expect(eng.amend('L', {}).status).toBe('rejected');
    expect(eng.amend('zzz', { size: d(1) }).reason).toBe('unknown order');
  });

  it('keeps per-owner trade history and open orders per owner and market', () => {
    const { eng } = engine();
    eng.place(limit('m', 'Sell', '100', '1'));
    eng.place({ ...limit('m', 'Sell', '0.5', '10'), market: 'PM' });
    eng.place(limit('t', 'Buy', '100', '1'));
    eng.place({ ...limit('t', 'Buy', '0.5', '4'), market: 'PM' });
    expect(eng.trades('t').map((t) => t.market)).toEqual([M, 'PM']);
    expect(eng.trades('m', 'PM')).toHaveLength(1);
    expect(eng.trades('nobody')).toEqual([]);
    expect(eng.openOrders('m', 'PM')[0]?.remaining).toBe(d(6));
    expect(eng.openOrders('m', M)).toEqual([]);
    expect(eng.markets().sort()).toEqual([M, 'PM']);
  });

  it('lists the open orders of an owner in the order they entered, across markets and prices', () => {
    const { eng } = engine();
    eng.place(limit('a', 'Buy', '98', '1', { id: 'a1' }));
    eng.place(limit('a', 'Sell', '105', '1', { id: 'a2' }));
    eng.place({ ...limit('a', 'Buy', '0.4', '1', { id: 'a3' }), market: 'PM' });
    eng.place(limit('b', 'Buy', '99', '1', { id: 'b1' }));
    eng.place(limit('a', 'Buy', '99', '1', { id: 'a4' }));
    eng.amend('a1', { price: d(97) });
    eng.cancel('a2');
    expect(eng.openOrders('a').map((o) => o.id)).toEqual(['a1', 'a3', 'a4']);
    expect(eng.openOrders('a', M).map((o) => o.id)).toEqual(['a1', 'a4']);
    expect(eng.openOrders('b').map((o) => o.id)).toEqual(['b1']);
    expect(eng.openOrders('a', 'nowhere')).toEqual([]);
  });

  it('can forget finished orders to save memory', () => {
    const { eng } = engine({ retainClosedOrders: false, tradeHistory: false });
    const r = eng.place(limit('a', 'Buy', '99', '1'));
    eng.cancel(r.orderId);
    expect(eng.lookup(r.orderId)).toBeUndefined();
    eng.place(limit('m', 'Sell', '100', '1'));
    eng.place(limit('t', 'Buy', '100', '1'));
    expect(eng.trades('t')).toEqual([]);
  });
});
