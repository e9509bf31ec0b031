/**
 * The official `@binance/connector` 3.6.1 Spot client (baseURL = the simulator) runs the same flow as
 * ccxt: exchangeInfo, account, limit and market orders, getOrder, openOrders, cancelOrder, myTrades,
 * cancelAndReplace, and its axios errors carry the venue's code and message.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiCredentials, type BinanceSim, startBinanceSim } from '../../../src/sim/binance/index.ts';

// biome-ignore lint/suspicious/noExplicitAny: the untyped client's JSON replies
type Call = (...args: unknown[]) => Promise<{ data: any; headers: Record<string, string> }>;
interface SpotClient {
  exchangeInfo: Call;
  account: Call;
  newOrder: Call;
  getOrder: Call;
  openOrders: Call;
  cancelOrder: Call;
  myTrades: Call;
  cancelAndReplace: Call;
  cancelOpenOrders: Call;
}
const { Spot } = createRequire(import.meta.url)('@binance/connector') as {
  Spot: new (key: string, secret: string, opts: { baseURL: string; timeout?: number }) => SpotClient;
};

async function refusal(p: Promise<unknown>): Promise<{ status: number; data: unknown }> {
  try {
    await p;
  } catch (e) {
    const r = (e as { response: { status: number; data: unknown } }).response;
    return { status: r.status, data: r.data };
  }
  throw new Error('expected a refusal');
}

describe('@binance/connector Spot against the simulator', () => {
  let sim: BinanceSim;
  let creds: ApiCredentials;
  let client: SpotClient;

  beforeAll(async () => {
    sim = await startBinanceSim({ seed: 11 });
    creds = sim.admin.createAccount({ USDT: '50000', ETH: '5' });
    client = new Spot(creds.apiKey, creds.secret, { baseURL: sim.url, timeout: 5000 });
  });
  afterAll(() => sim.close());

  it('reads exchangeInfo for two symbols and the account', async () => {
    const info = await client.exchangeInfo({ symbols: ['BTCUSDT', 'ETHUSDT'] });
    expect(info.data.symbols.map((s: { symbol: string }) => s.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(info.headers['x-mbx-used-weight-1m']).toBe('20');
    const acct = await client.account();
    expect(acct.data.balances).toEqual(
      expect.arrayContaining([{ asset: 'USDT', free: '50000.00000000', locked: '0.00000000' }]),
    );
  });

  it('places, reads, lists and cancels a limit order', async () => {
    const placed = await client.newOrder('ETHUSDT', 'BUY', 'LIMIT', {
      price: '2950',
      quantity: '0.5',
      timeInForce: 'GTC',
      newClientOrderId: 'conn-1',
    });
    expect(placed.data).toMatchObject({
      symbol: 'ETHUSDT',
      clientOrderId: 'conn-1',
      status: 'NEW',
      fills: [],
    });
    expect(placed.headers['x-mbx-order-count-10s']).toBe('1');
    const id = placed.data.orderId as number;
    expect((await client.getOrder('ETHUSDT', { orderId: id })).data).toMatchObject({
      orderId: id,
      status: 'NEW',
      origQty: '0.50000000',
      price: '2950.00000000',
    });
    expect((await client.openOrders({ symbol: 'ETHUSDT' })).data).toHaveLength(1);
    const dup = await refusal(
      client.newOrder('ETHUSDT', 'BUY', 'LIMIT', {
        price: '2950',
        quantity: '0.5',
        timeInForce: 'GTC',
        newClientOrderId: 'conn-1',
      }),
    );
    expect(dup).toEqual({ status: 400, data: { code: -2010, msg: 'Duplicate order sent.' } });
    const c = await client.cancelOrder('ETHUSDT', { origClientOrderId: 'conn-1' });
    expect(c.data).toMatchObject({ orderId: id, origClientOrderId: 'conn-1', status: 'CANCELED' });
    expect(await refusal(client.cancelOrder('ETHUSDT', { orderId: id }))).toEqual({
      status: 400,
      data: { code: -2011, msg: 'Unknown order sent.' },
    });
  });

  it('fills market orders with FULL fills and lists the trades', async () => {
    const sell = await client.newOrder('ETHUSDT', 'SELL', 'MARKET', { quantity: '1' });
    expect(sell.data.status).toBe('FILLED');
    expect(sell.data.fills.length).toBeGreaterThan(0);
    expect(sell.data.fills[0]).toMatchObject({ commissionAsset: 'USDT', tradeId: expect.any(Number) });
    const buy = await client.newOrder('ETHUSDT', 'BUY', 'MARKET', {
      quoteOrderQty: '300',
      newOrderRespType: 'RESULT',
    });
    expect(buy.data).toMatchObject({ status: 'FILLED', origQuoteOrderQty: '300.00000000' });
    expect(buy.data.fills).toBeUndefined();
    const trades = await client.myTrades('ETHUSDT', { orderId: sell.data.orderId });
    expect(trades.data.length).toBe(sell.data.fills.length);
    expect(trades.data[0]).toMatchObject({ isBuyer: false, isMaker: false, orderId: sell.data.orderId });
    expect(trades.headers['x-mbx-used-weight-1m']).toBeDefined();
  });

  it('replaces an order with cancelAndReplace', async () => {
    const o = await client.newOrder('ETHUSDT', 'SELL', 'LIMIT', {
      price: '3100',
      quantity: '0.1',
      timeInForce: 'GTC',
    });
    const r = await client.cancelAndReplace('ETHUSDT', 'SELL', 'LIMIT', 'STOP_ON_FAILURE', {
      cancelOrderId: o.data.orderId,
      price: '3110',
      quantity: '0.1',
      timeInForce: 'GTC',
    });
    expect(r.data).toMatchObject({
      cancelResult: 'SUCCESS',
      newOrderResult: 'SUCCESS',
      cancelResponse: { orderId: o.data.orderId, status: 'CANCELED' },
      newOrderResponse: { status: 'NEW', price: '3110.00000000' },
    });
    const all = await client.cancelOpenOrders('ETHUSDT');
    expect(all.data).toHaveLength(1);
  });
});
