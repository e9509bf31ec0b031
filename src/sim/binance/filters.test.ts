import { describe, expect, it } from 'vitest';
import { dec } from '../../domain/index.ts';
import { failingFilter } from './filters.ts';
import { DEFAULT_SYMBOLS, parseSymbol } from './symbols.ts';

const btc = parseSymbol(DEFAULT_SYMBOLS[0]!);
const avg = dec('60000');

describe('failingFilter', () => {
  it('passes a well-formed limit order', () => {
    expect(
      failingFilter(
        btc,
        { type: 'LIMIT', side: 'BUY', price: dec('59000.01'), quantity: dec('0.001') },
        avg,
        0,
      ),
    ).toBeUndefined();
  });

  it('names PRICE_FILTER for an off-tick or out-of-range price', () => {
    const o = { type: 'LIMIT', side: 'BUY', quantity: dec('0.001') } as const;
    expect(failingFilter(btc, { ...o, price: dec('59000.005') }, avg, 0)).toBe('PRICE_FILTER');
    expect(failingFilter(btc, { ...o, price: dec('2000000') }, undefined, 0)).toBe('PRICE_FILTER');
  });

  it('names PERCENT_PRICE_BY_SIDE outside avg x [0.2, 5]', () => {
    const o = { type: 'LIMIT_MAKER', side: 'SELL', quantity: dec('0.001') } as const;
    expect(failingFilter(btc, { ...o, price: dec('11999.99') }, avg, 0)).toBe('PERCENT_PRICE_BY_SIDE');
    expect(failingFilter(btc, { ...o, price: dec('12000') }, avg, 0)).toBeUndefined();
    expect(failingFilter(btc, { ...o, price: dec('300000.01') }, avg, 0)).toBe('PERCENT_PRICE_BY_SIDE');
  });

  it('names LOT_SIZE, MARKET_LOT_SIZE, NOTIONAL and MAX_NUM_ORDERS', () => {
    const l = { type: 'LIMIT', side: 'BUY', price: dec('60000') } as const;
    expect(failingFilter(btc, { ...l, quantity: dec('0.000015') }, avg, 0)).toBe('LOT_SIZE');
    expect(failingFilter(btc, { ...l, quantity: dec('0') }, avg, 0)).toBe('LOT_SIZE');
    expect(failingFilter(btc, { ...l, quantity: dec('0.00008') }, avg, 0)).toBe('NOTIONAL');
    expect(failingFilter(btc, { type: 'MARKET', side: 'SELL', quantity: dec('121') }, avg, 0)).toBe(
      'MARKET_LOT_SIZE',
    );
    expect(failingFilter(btc, { type: 'MARKET', side: 'BUY', quoteOrderQty: dec('4.99') }, avg, 0)).toBe(
      'NOTIONAL',
    );
    expect(failingFilter(btc, { ...l, quantity: dec('0.001') }, avg, 199)).toBeUndefined();
    expect(failingFilter(btc, { ...l, quantity: dec('0.001') }, avg, 200)).toBe('MAX_NUM_ORDERS');
  });

  it('uses the legacy MIN_NOTIONAL name when the symbol lists it', () => {
    const legacy = parseSymbol({ ...DEFAULT_SYMBOLS[0]!, notionalFilter: 'MIN_NOTIONAL' });
    const o = { type: 'LIMIT', side: 'BUY', price: dec('60000'), quantity: dec('0.00001') } as const;
    expect(failingFilter(legacy, o, avg, 0)).toBe('MIN_NOTIONAL');
  });
});
