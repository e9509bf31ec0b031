import { describe, expect, it } from 'vitest';
import { dec, OrderStatus } from '../../domain/index.ts';
import { openOrderReport } from './clob-records.ts';
import { openOrderStatus, placeReplyStatus } from './status-mapping.ts';

const d = (s: string) => dec(s);

describe('placeReplyStatus (reference §11)', () => {
  it('live / delayed / unmatched are Working, any case', () => {
    for (const s of ['live', 'LIVE', 'delayed', 'unmatched'])
      expect(placeReplyStatus(s, 'GTC', d('0'), d('10'))).toBe(OrderStatus.Working);
  });
  it('matched: Filled when complete or FOK, PartiallyFilled with a rest, Cancelled for a FAK remainder', () => {
    expect(placeReplyStatus('matched', 'GTC', d('10'), d('10'))).toBe(OrderStatus.Filled);
    expect(placeReplyStatus('matched', 'FOK', d('9.99'), d('10'))).toBe(OrderStatus.Filled);
    expect(placeReplyStatus('matched', 'GTC', d('4'), d('10'))).toBe(OrderStatus.PartiallyFilled);
    expect(placeReplyStatus('matched', 'FAK', d('4'), d('10'))).toBe(OrderStatus.Cancelled);
    // matched with empty amounts: not final, the trades settle how much
    expect(placeReplyStatus('matched', 'FAK', d('0'), d('10'))).toBe(OrderStatus.PartiallyFilled);
    expect(placeReplyStatus('matched', 'GTC', d('0'), d('10'))).toBe(OrderStatus.PartiallyFilled);
  });
  it('unknown strings are undefined (reconcile)', () => {
    expect(placeReplyStatus('weird', 'GTC', d('0'), d('10'))).toBeUndefined();
  });
});

describe('openOrderStatus (reference §11)', () => {
  it('LIVE by size_matched', () => {
    expect(openOrderStatus('LIVE', d('0'), d('10'), 0, 100)).toBe(OrderStatus.Working);
    expect(openOrderStatus('live', d('3'), d('10'), 0, 100)).toBe(OrderStatus.PartiallyFilled);
    expect(openOrderStatus('LIVE', d('10'), d('10'), 0, 100)).toBe(OrderStatus.Filled);
  });
  it('MATCHED is Filled, or Cancelled when a FAK remainder was killed', () => {
    expect(openOrderStatus('MATCHED', d('10'), d('10'), 0, 100)).toBe(OrderStatus.Filled);
    expect(openOrderStatus('MATCHED', d('4'), d('10'), 0, 100)).toBe(OrderStatus.Cancelled);
  });
  it('CANCELED is Cancelled, or Expired past a GTD expiration', () => {
    expect(openOrderStatus('CANCELED', d('2'), d('10'), 0, 100)).toBe(OrderStatus.Cancelled);
    expect(openOrderStatus('CANCELED', d('0'), d('10'), 90, 100)).toBe(OrderStatus.Expired);
    expect(openOrderStatus('CANCELED', d('0'), d('10'), 200, 100)).toBe(OrderStatus.Cancelled);
  });
  it('unknown strings are undefined', () => {
    expect(openOrderStatus('ZOMBIE', d('0'), d('10'), 0, 100)).toBeUndefined();
  });
});

describe('openOrderReport', () => {
  const rec = (status: string) => ({
    id: `0x${'ab'.repeat(32)}`,
    status,
    owner: 'k',
    maker_address: `0x${'11'.repeat(20)}`,
    market: '0xcond',
    asset_id: '123',
    side: 'BUY',
    original_size: '10',
    size_matched: '4',
    price: '0.5',
    associate_trades: [],
    outcome: 'Yes',
    created_at: 1_700_000_000,
    expiration: '0',
    order_type: 'GTC',
  });

  it('maps a known status and leaves `unrecognised` unset', () => {
    const r = openOrderReport(rec('live'), () => undefined, 1_700_000_100);
    expect(r.status).toBe(OrderStatus.PartiallyFilled);
    expect(r.unrecognised).toBeUndefined();
  });

  it('marks a status it cannot read as unrecognised (the engine then reconciles instead of applying it)', () => {
    const r = openOrderReport(rec('SUSPENDED'), () => undefined, 1_700_000_100);
    expect(r.unrecognised).toBe('SUSPENDED');
    expect(r.reason).toMatch(/unrecognised venue status SUSPENDED/);
  });
});
