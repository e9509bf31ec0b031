/**
 * ccxt.pro (the `binance` class of ccxt 4.5.84, unchanged) subscribes to the user data stream with
 * `userDataStream.subscribe.signature` on the simulator's WebSocket API and parses the executionReport
 * of a fill. Setup per reference §9: `urls.api.ws['ws-api'].spot` = the simulator, then
 * `loadHttpProxyAgent()`.
 */
import ccxt from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiCredentials, type BinanceSim, startBinanceSim } from '../../../src/sim/binance/index.ts';
import { signed } from './binance-test-kit.ts';

describe('ccxt.pro watchOrders against the simulator', () => {
  let sim: BinanceSim;
  let creds: ApiCredentials;
  let ex: InstanceType<typeof ccxt.pro.binance>;

  beforeAll(async () => {
    sim = await startBinanceSim({ seed: 13 });
    creds = sim.admin.createAccount({ USDT: '10000' });
    ex = new ccxt.pro.binance({
      apiKey: creds.apiKey,
      secret: creds.secret,
      options: { fetchMarkets: { types: ['spot'] }, fetchCurrencies: false, fetchMargins: false },
    });
    const api = ex.urls.api as unknown as { ws: { 'ws-api': Record<string, string> } };
    ex.urls.api = {
      ...api,
      public: `${sim.url}/api/v3`,
      private: `${sim.url}/api/v3`,
      ws: { ...api.ws, 'ws-api': { ...api.ws['ws-api'], spot: sim.wsUrl } },
    } as never;
    await (ex as unknown as { loadHttpProxyAgent(): Promise<void> }).loadHttpProxyAgent();
    await ex.loadMarkets();
  });
  afterAll(async () => {
    await ex.close();
    await sim.close();
  });

  it('delivers a filled order through userDataStream.subscribe.signature', async () => {
    const watching = ex.watchOrders('BTC/USDT');
    const deadline = Date.now() + 5000;
    while (sim.admin.userSubscriptions() === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(sim.admin.userSubscriptions()).toBe(1);
    const placed = await signed(sim, creds, 'POST', '/api/v3/order', {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.001',
      newClientOrderId: 'pro-1',
    });
    expect(placed.status).toBe(200);
    const orders = await watching;
    expect(orders[0]).toMatchObject({
      id: String((placed.json as { orderId: number }).orderId),
      clientOrderId: 'pro-1',
      symbol: 'BTC/USDT',
    });
  });
});
