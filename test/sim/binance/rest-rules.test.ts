/**
 * REST rules of the simulator with hand-signed requests: key / timestamp / signature checks with their
 * exact codes, parameter errors, filters (-1013), LIMIT_MAKER, TIF, reply types, order lookups,
 * cancels, myTrades paging, query+body signing, and the cancelReplace results (200 / 409 / 400).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiCredentials, type BinanceSim, startBinanceSim } from '../../../src/sim/binance/index.ts';
import { get, signed } from './binance-test-kit.ts';

describe('Binance simulator REST rules', () => {
  let sim: BinanceSim;
  let t: ApiCredentials;

  beforeAll(async () => {
    sim = await startBinanceSim({ seed: 3 });
    t = sim.admin.createAccount({ USDT: '100000', BTC: '1', ETH: '10' });
  });
  afterAll(() => sim.close());

  const order = (p: Record<string, string | number>) =>
    signed(sim, t, 'POST', '/api/v3/order', p, { body: true });

  it('checks key, timestamp, recvWindow and signature with the exact codes', async () => {
    const noKey = await fetch(`${sim.url}/api/v3/account?timestamp=${Date.now()}&signature=00`);
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toEqual({ code: -2014, msg: 'API-key format invalid.' });
    const unknown = await signed(sim, { apiKey: 'A'.repeat(64), secret: 'x' }, 'GET', '/api/v3/account');
    expect(unknown).toMatchObject({
      status: 401,
      json: { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' },
    });
    const late = await signed(sim, t, 'GET', '/api/v3/account', {}, { timestamp: Date.now() - 6000 });
    expect(late).toMatchObject({
      status: 400,
      json: { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' },
    });
    const wide = await signed(
      sim,
      t,
      'GET',
      '/api/v3/account',
      { recvWindow: 10000 },
      { timestamp: Date.now() - 6000 },
    );
    expect(wide.status).toBe(200);
    const ahead = await signed(sim, t, 'GET', '/api/v3/account', {}, { timestamp: Date.now() + 1500 });
    expect(ahead.json).toEqual({
      code: -1021,
      msg: "Timestamp for this request was 1000ms ahead of the server's time.",
    });
    const micro = await signed(sim, t, 'GET', '/api/v3/account', {}, { timestamp: Date.now() * 1000 });
    expect(micro.status).toBe(200);
    const badSig = await signed(sim, t, 'GET', '/api/v3/account', {}, { signature: 'ab'.repeat(32) });
    expect(badSig).toMatchObject({
      status: 400,
      json: { code: -1022, msg: 'Signature for this request is not valid.' },
    });
    const upper = await signed(sim, t, 'GET', '/api/v3/account', { omitZeroBalances: 'true' });
    expect(upper.status).toBe(200);
    const tooWide = await signed(sim, t, 'GET', '/api/v3/account', { recvWindow: 60001 });
    expect(tooWide.json).toMatchObject({ code: -1131 });
    const noTs = await fetch(`${sim.url}/api/v3/account?signature=00`, {
      headers: { 'X-MBX-APIKEY': t.apiKey },
    });
    expect(await noTs.json()).toMatchObject({ code: -1102 });
  });

  it('verifies a signature over query + body as sent', async () => {
    const { createHmac } = await import('node:crypto');
    const query = 'symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC';
    const body = `quantity=0.001&price=50000&newOrderRespType=ACK&timestamp=${Date.now()}`;
    const sig = createHmac('sha256', t.secret)
      .update(query + body)
      .digest('hex');
    const res = await fetch(`${sim.url}/api/v3/order?${query}`, {
      method: 'POST',
      headers: { 'X-MBX-APIKEY': t.apiKey, 'content-type': 'application/x-www-form-urlencoded' },
      body: `${body}&signature=${sig.toUpperCase()}`,
    });
    expect(res.status).toBe(200);
    expect(Object.keys((await res.json()) as object).sort()).toEqual([
      'clientOrderId',
      'orderId',
      'orderListId',
      'symbol',
      'transactTime',
    ]);
  });

  it('refuses bad parameters and failed filters with the venue codes', async () => {
    const base = { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC' };
    const cases: Array<[Record<string, string | number>, number, string]> = [
      [
        { ...base, quantity: '0.001', price: '59000.000000001' },
        -1111,
        "Parameter 'price' has too much precision.",
      ],
      [{ ...base, quantity: '0.0010000000000', price: '59000.005' }, -1013, 'Filter failure: PRICE_FILTER'],
      [
        { ...base, quantity: '0.001', price: '1e5' },
        -1100,
        "Illegal characters found in parameter 'price'; legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'.",
      ],
      [
        { ...base, quantity: '0.001' },
        -1102,
        "Mandatory parameter 'price' was not sent, was empty/null, or malformed.",
      ],
      [{ ...base, symbol: 'NOPEUSDT', quantity: '1', price: '1' }, -1121, 'Invalid symbol.'],
      [{ ...base, quantity: '0.001', price: '59000.1234' }, -1013, 'Filter failure: PRICE_FILTER'],
      [{ ...base, quantity: '0.0000150', price: '59000' }, -1013, 'Filter failure: LOT_SIZE'],
      [{ ...base, quantity: '0.00005', price: '59000' }, -1013, 'Filter failure: NOTIONAL'],
      [{ ...base, quantity: '0.001', price: '11000' }, -1013, 'Filter failure: PERCENT_PRICE_BY_SIDE'],
      [
        { symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '150' },
        -1013,
        'Filter failure: MARKET_LOT_SIZE',
      ],
      [
        { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quoteOrderQty: '4' },
        -1013,
        'Filter failure: NOTIONAL',
      ],
      [{ ...base, timeInForce: 'GTD', quantity: '0.001', price: '59000' }, -1115, 'Invalid timeInForce.'],
      [{ ...base, side: 'HOLD', quantity: '0.001', price: '59000' }, -1117, 'Invalid side.'],
      [
        { symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', timeInForce: 'GTC', quantity: '0.001' },
        -1114,
        'TimeInForce parameter sent when not required.',
      ],
      [
        { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET' },
        -1102,
        "Param 'quantity' or 'quoteOrderQty' must be sent, but both were empty/null!",
      ],
      [
        { ...base, quantity: '0.001', price: '59000', newClientOrderId: 'bad id!' },
        -1100,
        "Illegal characters found in parameter 'newClientOrderId'; legal range is '^[a-zA-Z0-9-_]{1,36}$'.",
      ],
      [
        { ...base, quantity: '0.001', price: '59000', stopPrice: '1' },
        -1106,
        "Parameter 'stopPrice' sent when not required.",
      ],
      [
        { ...base, quantity: '100', price: '59000' },
        -2010,
        'Account has insufficient balance for requested action.',
      ],
    ];
    for (const [params, code, msg] of cases) {
      const r = await order(params);
      expect({ params, status: r.status, json: r.json }).toEqual({
        params,
        status: 400,
        json: { code, msg },
      });
    }
  });

  it('enforces MAX_NUM_ORDERS with a small per-symbol limit', async () => {
    sim.admin.addSymbol({
      symbol: 'TINYUSDT',
      baseAsset: 'TINY',
      quoteAsset: 'USDT',
      tickSize: '0.01',
      stepSize: '1',
      minQty: '1',
      maxQty: '1000',
      minNotional: '1',
      maxNumOrders: 2,
      notionalFilter: 'MIN_NOTIONAL',
    });
    const p = {
      symbol: 'TINYUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '1',
      price: '2',
    };
    expect((await order(p)).status).toBe(200);
    expect((await order(p)).status).toBe(200);
    expect((await order(p)).json).toEqual({ code: -1013, msg: 'Filter failure: MAX_NUM_ORDERS' });
    expect((await order({ ...p, price: '0.5' })).json).toEqual({
      code: -1013,
      msg: 'Filter failure: MIN_NOTIONAL',
    });
    sim.admin.setSymbolStatus('TINYUSDT', 'BREAK');
    expect((await order(p)).json).toEqual({ code: -1013, msg: 'Market is closed.' });
    const info = (await get(sim, '/api/v3/exchangeInfo?symbol=TINYUSDT')).json as {
      symbols: Array<{ status: string }>;
    };
    expect(info.symbols[0]?.status).toBe('BREAK');
  });

  it('LIMIT_MAKER would-take, IOC / FOK expiry, reply types and lookups', async () => {
    const take = await order({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT_MAKER',
      quantity: '0.001',
      price: '60100',
    });
    expect(take.json).toEqual({ code: -2010, msg: 'Order would immediately match and take.' });
    const maker = await order({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT_MAKER',
      quantity: '0.001',
      price: '59000',
    });
    expect(Object.keys(maker.json as object)).toHaveLength(5);
    const fok = await order({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'FOK',
      quantity: '0.5',
      price: '59990',
    });
    expect(fok.json).toMatchObject({ status: 'EXPIRED', executedQty: '0.00000000', fills: [] });
    const ioc = await order({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'IOC',
      quantity: '0.002',
      price: '60050',
      newOrderRespType: 'RESULT',
      newClientOrderId: 'ioc-1',
    });
    expect(ioc.json).toMatchObject({ status: 'FILLED', executedQty: '0.00200000', timeInForce: 'IOC' });
    expect((ioc.json as { fills?: unknown }).fills).toBeUndefined();
    const byClient = await signed(sim, t, 'GET', '/api/v3/order', {
      symbol: 'BTCUSDT',
      origClientOrderId: 'ioc-1',
    });
    expect(byClient.json).toMatchObject({ clientOrderId: 'ioc-1', status: 'FILLED', isWorking: true });
    expect(byClient.headers.get('x-mbx-used-weight-1m')).toMatch(/^\d+$/);
    const iocId = (ioc.json as { orderId: number }).orderId;
    const mismatch = await signed(sim, t, 'GET', '/api/v3/order', {
      symbol: 'BTCUSDT',
      orderId: iocId,
      origClientOrderId: 'other',
    });
    expect(mismatch.json).toEqual({ code: -2039, msg: 'Client order ID is not correct for this order ID.' });
    const none = await signed(sim, t, 'GET', '/api/v3/order', { symbol: 'BTCUSDT', orderId: 987654 });
    expect(none).toMatchObject({ status: 400, json: { code: -2013, msg: 'Order does not exist.' } });
    const trades = await signed(sim, t, 'GET', '/api/v3/myTrades', {
      symbol: 'BTCUSDT',
      orderId: (ioc.json as { orderId: number }).orderId,
    });
    const list = trades.json as Array<{ id: number; commissionAsset: string; isMaker: boolean }>;
    expect(list.length).toBeGreaterThan(0);
    expect(list[0]).toMatchObject({ commissionAsset: 'BTC', isMaker: false });
    const from = await signed(sim, t, 'GET', '/api/v3/myTrades', {
      symbol: 'BTCUSDT',
      fromId: list[0]!.id,
      limit: 1,
    });
    expect((from.json as Array<{ id: number }>).map((x) => x.id)).toEqual([list[0]!.id]);
    const combo = await signed(sim, t, 'GET', '/api/v3/myTrades', {
      symbol: 'BTCUSDT',
      fromId: 1,
      startTime: 1,
    });
    expect(combo.json).toEqual({ code: -1128, msg: 'Combination of optional parameters invalid.' });
    const all = await signed(sim, t, 'GET', '/api/v3/allOrders', { symbol: 'BTCUSDT' });
    expect((all.json as unknown[]).length).toBeGreaterThanOrEqual(3);
    const test = await signed(sim, t, 'POST', '/api/v3/order/test', {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.001',
      price: '1',
    });
    expect(test.json).toEqual({ code: -1013, msg: 'Filter failure: PERCENT_PRICE_BY_SIDE' });
    const ok = await signed(sim, t, 'POST', '/api/v3/order/test', {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.001',
    });
    expect(ok).toMatchObject({ status: 200, json: {} });
  });

  it('cancels all open orders of a symbol; nothing open is -2011', async () => {
    await order({
      symbol: 'ETHUSDT',
      side: 'SELL',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '1',
      price: '3200',
    });
    const del = await signed(sim, t, 'DELETE', '/api/v3/openOrders', { symbol: 'ETHUSDT' });
    expect(del.json).toEqual([expect.objectContaining({ status: 'CANCELED', origQty: '1.00000000' })]);
    const again = await signed(sim, t, 'DELETE', '/api/v3/openOrders', { symbol: 'ETHUSDT' });
    expect(again.json).toEqual({ code: -2011, msg: 'Unknown order sent.' });
    const eth = (await signed(sim, t, 'GET', '/api/v3/account')).json as {
      balances: Array<{ asset: string; locked: string }>;
    };
    expect(eth.balances.find((b) => b.asset === 'ETH')?.locked).toBe('0.00000000');
  });

  it('cancelReplace: success, STOP_ON_FAILURE, ALLOW_FAILURE and partial failures', async () => {
    const rest = (price: string, id: string) =>
      order({
        symbol: 'ETHUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: '0.1',
        price,
        newClientOrderId: id,
      });
    const replace = (p: Record<string, string | number>) =>
      signed(
        sim,
        t,
        'POST',
        '/api/v3/order/cancelReplace',
        {
          symbol: 'ETHUSDT',
          side: 'BUY',
          type: 'LIMIT',
          timeInForce: 'GTC',
          quantity: '0.1',
          ...p,
        },
        { body: true },
      );
    await rest('2900', 'cr-a');
    const ok = await replace({
      cancelReplaceMode: 'STOP_ON_FAILURE',
      cancelOrigClientOrderId: 'cr-a',
      price: '2901',
      newClientOrderId: 'cr-a',
    });
    expect(ok).toMatchObject({
      status: 200,
      json: {
        cancelResult: 'SUCCESS',
        newOrderResult: 'SUCCESS',
        cancelResponse: { origClientOrderId: 'cr-a', status: 'CANCELED' },
        newOrderResponse: { clientOrderId: 'cr-a', status: 'NEW' },
      },
    });
    const stop = await replace({
      cancelReplaceMode: 'STOP_ON_FAILURE',
      cancelOrderId: 424242,
      price: '2902',
    });
    expect(stop).toEqual(
      expect.objectContaining({
        status: 400,
        json: {
          code: -2022,
          msg: 'Order cancel-replace failed.',
          data: {
            cancelResult: 'FAILURE',
            newOrderResult: 'NOT_ATTEMPTED',
            cancelResponse: { code: -2011, msg: 'Unknown order sent.' },
            newOrderResponse: null,
          },
        },
      }),
    );
    const allow = await replace({ cancelReplaceMode: 'ALLOW_FAILURE', cancelOrderId: 424242, price: '2903' });
    expect(allow).toMatchObject({
      status: 409,
      json: {
        code: -2021,
        msg: 'Order cancel-replace partially failed.',
        data: { cancelResult: 'FAILURE', newOrderResult: 'SUCCESS', newOrderResponse: { status: 'NEW' } },
      },
    });
    await rest('2890', 'cr-b');
    const takes = await signed(sim, t, 'POST', '/api/v3/order/cancelReplace', {
      symbol: 'ETHUSDT',
      side: 'BUY',
      type: 'LIMIT_MAKER',
      quantity: '0.1',
      price: '3100',
      cancelReplaceMode: 'STOP_ON_FAILURE',
      cancelOrigClientOrderId: 'cr-b',
    });
    expect(takes).toMatchObject({
      status: 409,
      json: {
        code: -2021,
        data: {
          cancelResult: 'SUCCESS',
          newOrderResult: 'FAILURE',
          cancelResponse: { status: 'CANCELED' },
          newOrderResponse: { code: -2010, msg: 'Order would immediately match and take.' },
        },
      },
    });
    const both = await signed(sim, t, 'POST', '/api/v3/order/cancelReplace', {
      symbol: 'ETHUSDT',
      side: 'BUY',
      type: 'LIMIT_MAKER',
      quantity: '0.1',
      price: '3100',
      cancelReplaceMode: 'ALLOW_FAILURE',
      cancelOrderId: 434343,
    });
    expect(both).toMatchObject({
      status: 400,
      json: { code: -2022, data: { cancelResult: 'FAILURE', newOrderResult: 'FAILURE' } },
    });
    const filter = await replace({
      cancelReplaceMode: 'STOP_ON_FAILURE',
      cancelOrigClientOrderId: 'cr-a',
      price: '2901.001',
    });
    expect(filter).toMatchObject({ status: 400, json: { code: -1013, msg: 'Filter failure: PRICE_FILTER' } });
    const open = (await signed(sim, t, 'GET', '/api/v3/openOrders', { symbol: 'ETHUSDT' })).json as Array<{
      clientOrderId: string;
    }>;
    expect(open.map((o) => o.clientOrderId)).toContain('cr-a');
  });

  it('serves the public endpoints', async () => {
    expect((await get(sim, '/api/v3/ping')).json).toEqual({});
    const time = (await get(sim, '/api/v3/time')).json as { serverTime: number };
    expect(Math.abs(time.serverTime - Date.now())).toBeLessThan(1000);
    const depth = (await get(sim, '/api/v3/depth?symbol=BTCUSDT&limit=5')).json as {
      bids: string[][];
      asks: string[][];
    };
    expect(depth.bids).toHaveLength(5);
    expect(Number(depth.asks[0]![0])).toBeGreaterThan(Number(depth.bids[0]![0]));
    expect((await get(sim, '/api/v3/ticker/price?symbol=ETHBTC')).json).toEqual({
      symbol: 'ETHBTC',
      price: '0.05000000',
    });
    expect((await get(sim, '/api/v3/exchangeInfo?symbol=NOPE')).json).toEqual({
      code: -1121,
      msg: 'Invalid symbol.',
    });
    const info = (await get(sim, '/api/v3/exchangeInfo')).json as {
      rateLimits: unknown[];
      symbols: Array<{ orderTypes: string[]; filters: Array<{ filterType: string }> }>;
    };
    expect(info.rateLimits).toContainEqual({
      rateLimitType: 'REQUEST_WEIGHT',
      interval: 'MINUTE',
      intervalNum: 1,
      limit: 6000,
    });
    expect(info.symbols[0]?.orderTypes).toContain('LIMIT_MAKER');
    expect(info.symbols[0]?.filters.map((f) => f.filterType)).toEqual([
      'PRICE_FILTER',
      'LOT_SIZE',
      'MARKET_LOT_SIZE',
      'NOTIONAL',
      'PERCENT_PRICE_BY_SIDE',
      'MAX_NUM_ORDERS',
    ]);
  });
});
