/**
 * The simulator's user WebSocket channel: auth by raw credentials, order events (PLACEMENT, UPDATE,
 * CANCELLATION), trade events (MATCHED then CONFIRMED) to both sides of a cross, market subscriptions,
 * PING / PONG and the idle timeout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PolymarketSim, startPolymarketSim } from '../../../src/sim/polymarket/index.ts';
import { Side, TOKEN_A, TOKEN_N, type Trader, trader, UserProbe } from './sim-test-kit.ts';

describe('user channel', () => {
  let sim: PolymarketSim;
  let seller: Trader;
  let buyer: Trader;
  let marketA: string;
  let marketN: string;

  beforeAll(async () => {
    sim = await startPolymarketSim({ seed: 11 });
    seller = await trader(sim, { usdc: '10', tokens: { [TOKEN_A]: '100', [TOKEN_N]: '100' } });
    buyer = await trader(sim, { usdc: '500' });
    const bookA = await seller.client.getOrderBook(TOKEN_A);
    const bookN = await seller.client.getOrderBook(TOKEN_N);
    marketA = bookA.market;
    marketN = bookN.market;
  });
  afterAll(() => sim.close());

  it('refuses a bad first message with a close reason', async () => {
    const wrongSecret = await UserProbe.open(sim, {
      auth: { ...seller.wsAuth, secret: 'nope' },
      type: 'user',
      markets: [],
    });
    expect(await wrongSecret.closed).toEqual({ code: 1008, reason: 'invalid auth' });
    const notJson = await UserProbe.open(sim, 'hello');
    expect(await notJson.closed).toEqual({ code: 1008, reason: 'invalid auth' });
  });

  it('answers PING with PONG and closes an idle socket', async () => {
    const quick = await startPolymarketSim({ seed: 12, wsIdleTimeoutMs: 300 });
    try {
      const t = await trader(quick, {});
      const p = await UserProbe.user(quick, t);
      p.ws.send('PING');
      expect(await p.nextText()).toBe('PONG');
      const started = Date.now();
      expect(await p.closed).toEqual({ code: 1001, reason: 'idle timeout' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      expect(quick.admin.userSockets()).toBe(0);
    } finally {
      await quick.close();
    }
  });

  it('streams placement, a cross to both sides (MATCHED then CONFIRMED) and a cancel', async () => {
    const s = await UserProbe.user(sim, seller);
    const b = await UserProbe.user(sim, buyer);

    const ask = await seller.client.createAndPostOrder({
      tokenID: TOKEN_A,
      price: 0.6,
      size: 20,
      side: Side.SELL,
    });
    const placed = await s.next();
    expect(placed).toMatchObject({
      event_type: 'order',
      type: 'PLACEMENT',
      id: ask.orderID,
      owner: seller.creds.key,
      market: marketA,
      asset_id: TOKEN_A,
      side: 'SELL',
      original_size: '20',
      size_matched: '0',
      price: '0.6',
      associate_trades: [],
      outcome: 'Yes',
      expiration: '0',
      order_type: 'GTC',
      status: 'LIVE',
      maker_address: seller.address,
    });
    expect(typeof placed.created_at).toBe('number');
    expect(placed.timestamp).toMatch(/^\d{13}$/);

    const bid = await buyer.client.createAndPostOrder({
      tokenID: TOKEN_A,
      price: 0.6,
      size: 5,
      side: Side.BUY,
    });
    expect(await b.next()).toMatchObject({
      type: 'PLACEMENT',
      id: bid.orderID,
      status: 'MATCHED',
      size_matched: '5',
    });
    const takerMatched = await b.next();
    const takerConfirmed = await b.next();
    expect(takerMatched).toMatchObject({
      event_type: 'trade',
      type: 'TRADE',
      taker_order_id: bid.orderID,
      market: marketA,
      asset_id: TOKEN_A,
      side: 'BUY',
      size: '5',
      price: '0.6',
      status: 'MATCHED',
      trader_side: 'TAKER',
      owner: buyer.creds.key,
    });
    expect(takerMatched.maker_orders).toMatchObject([
      {
        order_id: ask.orderID,
        owner: seller.creds.key,
        matched_amount: '5',
        price: '0.6',
        asset_id: TOKEN_A,
      },
    ]);
    expect(takerConfirmed).toMatchObject({ id: takerMatched.id, status: 'CONFIRMED', trader_side: 'TAKER' });
    expect(takerConfirmed.transaction_hash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(bid.tradeIDs).toEqual([takerMatched.id]);

    expect(await s.next()).toMatchObject({
      type: 'UPDATE',
      id: ask.orderID,
      size_matched: '5',
      status: 'LIVE',
    });
    expect(await s.next()).toMatchObject({ event_type: 'trade', status: 'MATCHED', trader_side: 'MAKER' });
    expect(await s.next()).toMatchObject({ event_type: 'trade', status: 'CONFIRMED', trader_side: 'MAKER' });

    await seller.client.cancelOrder({ orderID: ask.orderID });
    expect(await s.next()).toMatchObject({
      type: 'CANCELLATION',
      id: ask.orderID,
      status: 'CANCELED',
      size_matched: '5',
    });
    await b.roundTrip();
    expect(b.pending()).toBe(0);
    s.close();
    b.close();
  });

  it('filters by subscribed markets and follows subscribe / unsubscribe', async () => {
    const onlyN = await UserProbe.user(sim, seller, [marketN]);
    const all = await UserProbe.user(sim, seller);
    const a1 = await seller.client.createAndPostOrder({
      tokenID: TOKEN_A,
      price: 0.9,
      size: 5,
      side: Side.SELL,
    });
    const n1 = await seller.client.createAndPostOrder({
      tokenID: TOKEN_N,
      price: 0.9,
      size: 5,
      side: Side.SELL,
    });
    expect((await all.next()).id).toBe(a1.orderID);
    expect((await all.next()).id).toBe(n1.orderID);
    expect((await onlyN.next()).id).toBe(n1.orderID);

    onlyN.ws.send(JSON.stringify({ operation: 'subscribe', markets: [marketA] }));
    onlyN.ws.send(JSON.stringify({ operation: 'unsubscribe', markets: [marketN] }));
    await onlyN.roundTrip();
    await seller.client.cancelOrders([n1.orderID, a1.orderID]);
    expect(await onlyN.next()).toMatchObject({ type: 'CANCELLATION', id: a1.orderID });
    await onlyN.roundTrip();
    expect(onlyN.pending()).toBe(0);

    // another key's events never reach this socket
    const other = await buyer.client.createAndPostOrder({
      tokenID: TOKEN_A,
      price: 0.1,
      size: 5,
      side: Side.BUY,
    });
    expect(other.status).toBe('live');
    expect(await all.next()).toMatchObject({ type: 'CANCELLATION', id: n1.orderID });
    expect(await all.next()).toMatchObject({ type: 'CANCELLATION', id: a1.orderID });
    await all.roundTrip();
    expect(all.pending()).toBe(0);
    onlyN.close();
    all.close();
  });
});
