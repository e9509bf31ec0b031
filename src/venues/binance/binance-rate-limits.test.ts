/** Binance rate limits: exchangeInfo -> linked buckets, header sync, endpoint weights. */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../domain/index.ts';
import { binanceRateLimits, endpointWeight } from './binance-rate-limits.ts';

describe('Binance rate limits from exchangeInfo', () => {
  const info = {
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
      { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 200000 },
      { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 300000 },
    ],
  };

  it('builds linked order buckets and a weight bucket', () => {
    const l = binanceRateLimits(info);
    expect(l.orders.buckets).toEqual([
      { name: 'orders10S', capacity: 100, refillPerSecond: 10 },
      { name: 'orders1D', capacity: 200000, refillPerSecond: 200000 / 86400 },
    ]);
    expect(l.weight.buckets).toEqual([{ name: 'weight1M', capacity: 6000, refillPerSecond: 100 }]);
  });

  it('admits 100 orders at once, then refuses; the venue count header raises ours', () => {
    const clock = new ManualClock(0);
    const orders = binanceRateLimits(info).orders.build('binance', { clock });
    for (let i = 0; i < 100; i++) expect(orders.tryAcquire()).toBe(true);
    expect(orders.tryAcquire()).toBe(false);
    clock.advance(1000);
    expect(orders.tryAcquire()).toBe(true);
    const fresh = binanceRateLimits(info).orders.build('binance', { clock });
    fresh.sync('orders10S', 95);
    for (let i = 0; i < 5; i++) expect(fresh.tryAcquire()).toBe(true);
    expect(fresh.tryAcquire()).toBe(false);
  });

  it('falls back to the production limits', () => {
    expect(binanceRateLimits({ rateLimits: [] }).orders.buckets.map((b) => b.name)).toEqual([
      'orders10S',
      'orders1D',
    ]);
  });

  it('weighs endpoints as the venue does', () => {
    expect(endpointWeight('POST', '/api/v3/order')).toBe(1);
    expect(endpointWeight('GET', '/api/v3/order')).toBe(4);
    expect(endpointWeight('GET', '/api/v3/openOrders', [['symbol', 'BTCUSDT']])).toBe(6);
    expect(endpointWeight('GET', '/api/v3/openOrders', [])).toBe(80);
    expect(endpointWeight('GET', '/api/v3/myTrades', [['orderId', '1']])).toBe(5);
    expect(endpointWeight('GET', '/api/v3/myTrades', [])).toBe(20);
    expect(endpointWeight('GET', '/api/v3/exchangeInfo')).toBe(20);
  });
});
