import { describe, expect, it } from 'vitest';
import { asMarketId, asOrderId, dec } from '../../domain/index.ts';
import { OrderIdMap } from './order-id-map.ts';

const M = asMarketId('tok');
const id = (n: number) => asOrderId(`o${n}`);
const hash = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;

describe('OrderIdMap', () => {
  it('resolves every hash of an order (any case) until it is forgotten', () => {
    const m = new OrderIdMap();
    m.remember(id(1), M, hash(1).toUpperCase().replace('0X', '0x'));
    m.remember(id(1), M, hash(2), dec(3)); // a replacement after 3 filled
    expect(m.ours(hash(1))).toBe(id(1));
    expect(m.hashOf(id(1))).toBe(hash(2));
    expect(m.carriedOf(hash(2))).toBe(dec(3));
    m.forget(id(1));
    expect(m.ours(hash(1))).toBeUndefined();
    expect(m.ours(hash(2))).toBeUndefined();
    expect(m.size).toBe(0);
  });

  it('keeps a finished order for the retention period, then drops it', () => {
    const m = new OrderIdMap({ retentionMs: 1000 });
    m.remember(id(1), M, hash(1));
    m.remember(id(2), M, hash(2));
    m.finish(id(1), 10_000);
    m.sweep(10_999);
    expect(m.ours(hash(1))).toBe(id(1)); // a late fill is still attributed
    m.sweep(11_000);
    expect(m.ours(hash(1))).toBeUndefined();
    expect(m.ours(hash(2))).toBe(id(2)); // never finished: kept
    m.finish(asOrderId('unknown'), 11_000); // nothing to do
    expect(m.size).toBe(1);
  });

  it('drops the oldest finished orders beyond maxFinished, and stays bounded over many orders', () => {
    const m = new OrderIdMap({ retentionMs: 3_600_000, maxFinished: 100 });
    for (let i = 0; i < 10_000; i++) {
      m.remember(id(i), M, hash(i));
      m.finish(id(i), i);
    }
    expect(m.size).toBe(100);
    expect(m.ours(hash(9_999))).toBe(id(9_999));
    expect(m.ours(hash(9_899))).toBeUndefined();
  });

  it('forgetHash drops one hash and keeps the others', () => {
    const m = new OrderIdMap();
    m.remember(id(1), M, hash(1));
    m.remember(id(1), M, hash(2));
    m.forgetHash(id(1), hash(2));
    expect(m.ours(hash(1))).toBe(id(1));
    expect(m.hashOf(id(1))).toBeUndefined(); // the current hash was the dropped one
    m.forget(id(1));
    expect(m.size).toBe(0);
  });
});
