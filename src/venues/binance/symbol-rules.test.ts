/** exchangeInfo filters -> InstrumentRules, the adapter's own filter checks, wire decimals. */
import { describe, expect, it } from 'vitest';
import { asMarketId, asVenueId, dec } from '../../domain/index.ts';
import { OrderValidator } from '../../validation/index.ts';
import { checkSymbolRules, instrumentRulesOf, parseSymbolInfo, wireDecimal } from './symbol-rules.ts';

const BTCUSDT = {
  symbol: 'BTCUSDT',
  status: 'TRADING',
  baseAsset: 'BTC',
  quoteAsset: 'USDT',
  orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET'],
  quoteOrderQtyMarketAllowed: true,
  cancelReplaceAllowed: true,
  filters: [
    {
      filterType: 'PRICE_FILTER',
      minPrice: '0.01000000',
      maxPrice: '1000000.00000000',
      tickSize: '0.01000000',
    },
    { filterType: 'LOT_SIZE', minQty: '0.00001000', maxQty: '9000.00000000', stepSize: '0.00001000' },
    { filterType: 'MARKET_LOT_SIZE', minQty: '0.00000000', maxQty: '120.00000000', stepSize: '0.00000000' },
    {
      filterType: 'NOTIONAL',
      minNotional: '5.00000000',
      applyMinToMarket: true,
      maxNotional: '9000000.00000000',
      applyMaxToMarket: false,
      avgPriceMins: 5,
    },
    { filterType: 'MAX_NUM_ORDERS', maxNumOrders: 200 },
    {
      filterType: 'PERCENT_PRICE_BY_SIDE',
      bidMultiplierUp: '5',
      bidMultiplierDown: '0.2',
      askMultiplierUp: '5',
      askMultiplierDown: '0.2',
      avgPriceMins: 5,
    },
  ],
};

describe('exchangeInfo filters -> rules', () => {
  const s = parseSymbolInfo(BTCUSDT);

  it('reads every filter exactly', () => {
    expect(s.price).toEqual({ min: dec('0.01'), max: dec('1000000'), step: dec('0.01') });
    expect(s.lot).toEqual({ min: dec('0.00001'), max: dec('9000'), step: dec('0.00001') });
    expect(s.marketLot).toEqual({ max: dec('120') });
    expect(s.minNotional).toBe(dec(5));
    expect(s.maxNotional).toBe(dec(9_000_000));
    expect(s.maxNumOrders).toBe(200);
    expect(s.percentBySide?.bidDown).toBe(dec('0.2'));
  });

  it('gives the validator tick, step, sizes, price range and notional', () => {
    const rules = instrumentRulesOf(asVenueId('binance'), asMarketId('BTCUSDT'), s);
    expect(rules).toMatchObject({
      tickSize: dec('0.01'),
      sizeStep: dec('0.00001'),
      minSize: dec('0.00001'),
      maxSize: dec('9000'),
      minNotional: dec(5),
      minPrice: dec('0.01'),
      baseAsset: 'BTC',
      quoteAsset: 'USDT',
    });
    const v = OrderValidator.new();
    const order = (price: string, size: string) => ({
      venue: 'binance',
      market: 'BTCUSDT',
      side: 'Buy' as const,
      orderType: 'Limit' as const,
      timeInForce: 'GTC' as const,
      price: dec(price),
      size: dec(size),
    });
    expect(() => v.validate(order('60000.001', '0.001') as never, rules, 0)).toThrow(/tick/);
    expect(() => v.validate(order('60000', '0.000015') as never, rules, 0)).toThrow(/step/);
    expect(() => v.validate(order('60000', '0.00001') as never, rules, 0)).toThrow(/notional/i);
    expect(() => v.validate(order('60000', '0.001') as never, rules, 0)).not.toThrow();
  });

  it('refuses what the validator cannot express, in the venue filter order', () => {
    const buy = { side: 'BUY' as const, type: 'LIMIT' as const, quantity: dec('0.001') };
    expect(
      checkSymbolRules(s, { ...buy, price: dec('60000') }, { referencePrice: dec(60000) }),
    ).toBeUndefined();
    expect(
      checkSymbolRules(s, { ...buy, price: dec('300001') }, { referencePrice: dec(60000) })?.filter,
    ).toBe('PERCENT_PRICE_BY_SIDE');
    expect(checkSymbolRules(s, { ...buy, price: dec('11999') }, { referencePrice: dec(60000) })?.filter).toBe(
      'PERCENT_PRICE_BY_SIDE',
    );
    const mkt = { side: 'SELL' as const, type: 'MARKET' as const };
    expect(checkSymbolRules(s, { ...mkt, quantity: dec('121') })?.filter).toBe('MARKET_LOT_SIZE');
    expect(
      checkSymbolRules(s, { ...mkt, quantity: dec('0.00005') }, { referencePrice: dec(60000) })?.filter,
    ).toBe('NOTIONAL');
    expect(checkSymbolRules(s, { ...mkt, quoteOrderQty: dec('4.99') })?.filter).toBe('NOTIONAL');
    expect(checkSymbolRules(s, { ...mkt, quoteOrderQty: dec('5') })).toBeUndefined();
    expect(checkSymbolRules(s, { ...buy, price: dec('60000') }, { openOrders: 200 })?.filter).toBe(
      'MAX_NUM_ORDERS',
    );
    expect(checkSymbolRules({ ...s, status: 'HALT' }, { ...buy, price: dec('60000') })?.filter).toBe(
      'STATUS',
    );
    expect(checkSymbolRules({ ...s, orderTypes: ['LIMIT'] }, { ...mkt, quantity: dec(1) })?.filter).toBe(
      'ORDER_TYPE',
    );
  });

  it('formats prices and quantities as tick / step text without floats', () => {
    expect(wireDecimal(dec('60000.5'), dec('0.01'))).toBe('60000.50');
    expect(wireDecimal(dec('0.1'), dec('0.00001'))).toBe('0.10000');
    expect(wireDecimal(dec('123456789012.12345678'), dec('0.00000001'))).toBe('123456789012.12345678');
    expect(wireDecimal(dec('3'), dec('1'))).toBe('3');
  });

  it('reads the legacy MIN_NOTIONAL filter', () => {
    const legacy = parseSymbolInfo({
      ...BTCUSDT,
      filters: [{ filterType: 'MIN_NOTIONAL', minNotional: '10', applyToMarket: false, avgPriceMins: 5 }],
    });
    expect(legacy.minNotional).toBe(dec(10));
    expect(legacy.applyMinToMarket).toBe(false);
  });
});
