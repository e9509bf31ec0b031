/** Order wire parameters per type and venue order records -> reports. */
import { describe, expect, it } from 'vitest';
import { asClientOrderId, asOrderId, asVenueId, dec, type Order, ZERO } from '../../domain/index.ts';
import { orderReport, orderWire } from './order-codec.ts';
import { parseSymbolInfo } from './symbol-rules.ts';

const S = parseSymbolInfo({
  symbol: 'BTCUSDT',
  status: 'TRADING',
  baseAsset: 'BTC',
  quoteAsset: 'USDT',
  orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET'],
  filters: [
    { filterType: 'PRICE_FILTER', minPrice: '0.01', maxPrice: '1000000', tickSize: '0.01' },
    { filterType: 'LOT_SIZE', minQty: '0.00001', maxQty: '9000', stepSize: '0.00001' },
  ],
});

function order(p: Partial<Order>): Order {
  const id = asOrderId('o1');
  return {
    id,
    clientOrderId: asClientOrderId(id),
    venue: asVenueId('binance'),
    market: 'BTCUSDT' as Order['market'],
    side: 'Buy',
    orderType: 'Limit',
    price: dec('60000.5'),
    size: dec('0.001'),
    timeInForce: 'GTC',
    status: 'Submitting',
    filledSize: ZERO,
    fees: ZERO,
    createdAt: 0,
    updatedAt: 0,
    ...p,
  };
}

const params = (o: Order) => {
  const w = orderWire(o, S);
  return w.ok ? Object.fromEntries(w.params) : w;
};

describe('order wire form', () => {
  it('LIMIT with time in force, tick / step text', () => {
    expect(params(order({ timeInForce: 'IOC' }))).toEqual({
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'IOC',
      quantity: '0.00100',
      price: '60000.50',
    });
  });

  it('PostOnly -> LIMIT_MAKER without time in force; IOC post-only refused', () => {
    expect(params(order({ orderType: 'PostOnly', side: 'Sell' }))).toEqual({
      side: 'SELL',
      type: 'LIMIT_MAKER',
      quantity: '0.00100',
      price: '60000.50',
    });
    expect(params(order({ orderType: 'PostOnly', timeInForce: 'IOC' }))).toMatchObject({ ok: false });
  });

  it('MARKET by quantity or by quote amount', () => {
    expect(params(order({ orderType: 'Market' }))).toEqual({
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.00100',
    });
    expect(params(order({ orderType: 'Market', params: { quoteOrderQty: '100.5' } }))).toEqual({
      side: 'BUY',
      type: 'MARKET',
      quoteOrderQty: '100.50000000',
    });
    expect(params(order({ orderType: 'Market', params: { quoteOrderQty: '-1' } }))).toMatchObject({
      ok: false,
    });
  });

  it('refuses GTD and limit orders without a price', () => {
    expect(params(order({ timeInForce: 'GTD', expireAt: 1 }))).toMatchObject({ ok: false });
    const { price: _p, ...noPrice } = order({});
    expect(params(noPrice as Order)).toMatchObject({ ok: false });
  });
});

describe('order reports', () => {
  const rec = {
    symbol: 'BTCUSDT',
    orderId: 7,
    clientOrderId: 'o1-1',
    price: '60000.00000000',
    origQty: '0.00100000',
    executedQty: '0.00040000',
    cummulativeQuoteQty: '24.00000000',
    status: 'PARTIALLY_FILLED',
    side: 'BUY',
    updateTime: 5,
  };

  it('maps status, sizes and the average price', () => {
    expect(orderReport(rec, asOrderId('o1'))).toMatchObject({
      orderId: 'o1',
      venueOrderId: '7',
      status: 'PartiallyFilled',
      filledSize: dec('0.0004'),
      size: dec('0.001'),
      price: dec(60000),
      avgFillPrice: dec(60000),
      side: 'Buy',
      updatedAt: 5,
    });
  });

  it('adds what replaced venue orders filled', () => {
    const r = orderReport({ ...rec, executedQty: '0', status: 'NEW' }, asOrderId('o1'), dec('0.0002'));
    expect(r).toMatchObject({ status: 'PartiallyFilled', filledSize: dec('0.0002'), size: dec('0.0012') });
  });

  it('a market order by quote amount short of its size bound ends Expired', () => {
    const r = orderReport({ ...rec, status: 'FILLED' }, asOrderId('o1'), ZERO, dec('0.01'));
    expect(r.status).toBe('Expired');
    expect(r.size).toBeUndefined();
  });

  it('keeps an unknown status as unrecognised', () => {
    expect(orderReport({ ...rec, status: 'PENDING_SOMETHING' }, asOrderId('o1')).unrecognised).toBe(
      'PENDING_SOMETHING',
    );
  });
});
