/**
 * The unchanged ccxt `binance` class against the simulator: loadMarkets, fetchBalance, limit and market
 * orders, fetchOrder, fetchOpenOrders, cancelOrder, fetchMyTrades, editOrder and its error mapping.
 *
 * ccxt setup: `urls.api` is replaced after construction by `{ public, private }` both at the simulator's
 * `/api/v3` (the only keys ccxt uses for spot); `fetchCurrencies: false` and `fetchMargins: false` stop the
 * `sapi` calls and `fetchMarkets.types: ['spot']` the futures ones (reference §9).
 */
import ccxt from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiCredentials, type BinanceSim, startBinanceSim } from '../../../src/sim/binance/index.ts';

describe('ccxt binance against the simulator', () => {
  let sim: BinanceSim;
  let creds: ApiCredentials;
  let ex: InstanceType<typeof ccxt.binance>;

  beforeAll(async () => {
    sim = await startBinanceSim({ seed: 7 });
    creds = sim.admin.createAccount({ USDT: '100000', BTC: '2' });
    ex = new ccxt.binance({
      apiKey: creds.apiKey,
      secret: creds.secret,
      options: { fetchMarkets: { types: ['spot'] }, fetchCurrencies: false, fetchMargins: false },
    });
    ex.urls.api = { public: `${sim.url}/api/v3`, private: `${sim.url}/api/v3` } as never;
  });
  afterAll(() => sim.close());

  it('loads the markets from exchangeInfo', async () => {
    const markets = await ex.loadMarkets();
    expect(markets['BTC/USDT']).toMatchObject({ id: 'BTCUSDT', active: true, spot: true });
    expect(markets['BTC/USDT']?.precision).toMatchObject({ price: 0.01, amount: 0.00001 });
    expect(markets['BTC/USDT']?.limits.cost?.min).toBe(5);
    expect(Object.keys(markets)).toEqual(expect.arrayContaining(['ETH/USDT', 'BNB/USDT', 'ETH/BTC']));
  });

  it('fetches the balance', async () => {
    const b = await ex.fetchBalance();
    expect(b.USDT).toMatchObject({ free: 100000, used: 0, total: 100000 });
    expect(b.BTC?.free).toBe(2);
  });

  it('places a resting limit order, reads it, lists it and cancels it', async () => {
    const o = await ex.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 59000);
    expect(o).toMatchObject({
      status: 'open',
      price: 59000,
      amount: 0.01,
      filled: 0,
      type: 'limit',
      side: 'buy',
    });
    expect(o.clientOrderId).toMatch(/^x-TKT5PX2F/);
    const read = await ex.fetchOrder(String(o.id), 'BTC/USDT');
    expect(read).toMatchObject({ id: o.id, status: 'open', clientOrderId: o.clientOrderId });
    const open = await ex.fetchOpenOrders('BTC/USDT');
    expect(open.map((x) => x.id)).toContain(o.id);
    expect((await ex.fetchBalance()).USDT?.used).toBe(590);
    const c = await ex.cancelOrder(String(o.id), 'BTC/USDT');
    expect(c).toMatchObject({ id: o.id, status: 'canceled' });
    expect(await ex.fetchOpenOrders('BTC/USDT')).toHaveLength(0);
    await expect(ex.cancelOrder(String(o.id), 'BTC/USDT')).rejects.toBeInstanceOf(ccxt.OrderNotFound);
  });

  it('fills a crossing limit order and a market order against the liquidity maker', async () => {
    const buy = await ex.createOrder('BTC/USDT', 'limit', 'buy', 0.02, 60100);
    expect(buy.status).toBe('closed');
    expect(buy.filled).toBe(0.02);
    expect(buy.average).toBeGreaterThan(60000);
    expect(buy.average).toBeLessThanOrEqual(60100);
    expect(buy.trades.length).toBeGreaterThan(0);
    expect(buy.fee?.currency).toBe('BTC');
    const sell = await ex.createOrder('BTC/USDT', 'market', 'sell', 0.015);
    expect(sell).toMatchObject({ status: 'closed', filled: 0.015, type: 'market' });
    expect(sell.average).toBeLessThan(60000);
    const mkt = await ex.createOrder('BTC/USDT', 'market', 'buy', undefined as never, undefined, {
      quoteOrderQty: 100,
    });
    expect(mkt.status).toBe('closed');
    expect(mkt.cost).toBeLessThanOrEqual(100);
    expect(mkt.cost).toBeGreaterThan(99);
    const trades = await ex.fetchMyTrades('BTC/USDT');
    expect(trades.length).toBeGreaterThanOrEqual(3);
    expect(trades.map((t) => t.order)).toEqual(expect.arrayContaining([buy.id, sell.id, mkt.id]));
    const fetched = await ex.fetchOrder(String(buy.id), 'BTC/USDT');
    expect(fetched).toMatchObject({ status: 'closed', filled: 0.02 });
  });

  it('edits an order through cancelReplace', async () => {
    const o = await ex.createOrder('ETH/USDT', 'limit', 'buy', 0.1, 2900);
    const edited = await ex.editOrder(String(o.id), 'ETH/USDT', 'limit', 'buy', 0.2, 2901);
    expect(edited.id).not.toBe(o.id);
    expect(edited).toMatchObject({ status: 'open', price: 2901, amount: 0.2 });
    expect((await ex.fetchOrder(String(o.id), 'ETH/USDT')).status).toBe('canceled');
    await ex.cancelAllOrders('ETH/USDT');
  });

  it('maps refusals to ccxt errors', async () => {
    await expect(ex.createOrder('BTC/USDT', 'limit', 'buy', 10, 59000)).rejects.toBeInstanceOf(
      ccxt.InsufficientFunds,
    );
    await expect(
      ex.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 60500, { postOnly: true }),
    ).rejects.toBeInstanceOf(ccxt.OrderImmediatelyFillable);
    await expect(ex.fetchOrder('999999', 'BTC/USDT')).rejects.toBeInstanceOf(ccxt.OrderNotFound);
  });
});
