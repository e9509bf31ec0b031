/**
 * User-channel messages to REST record shapes: a trade event seen by a maker yields the same fill ids as
 * the REST read (`<tradeId>:<orderHash>`), maker sides are inferred when the venue omits them, FAILED
 * trades yield no fill, CANCELLATION reads as CANCELED; the bounded de-duplication set; the WS URL
 * derivation of the configuration.
 */
import { describe, expect, it } from 'vitest';
import { asOrderId, asVenueId, dec, type OrderId } from '../../../src/domain/index.ts';
import {
  deriveWsUrl,
  isFailedTrade,
  orderEventRecord,
  RecentKeys,
  resolvePolymarketConfig,
  tradeEventRecord,
  tradeFills,
  tradeOrderHashes,
} from '../../../src/venues/polymarket/index.ts';

const ME = '0x1111111111111111111111111111111111111111';
const HASH = `0x${'ab'.repeat(32)}`;
const OTHER = `0x${'cd'.repeat(32)}`;
const KEY = '00000000-0000-4000-8000-000000000001';

/** A venue-shaped trade event (maker orders without side or maker address, as the venue sends them). */
function tradeEvent(status: string): Record<string, unknown> {
  return {
    event_type: 'trade',
    type: 'TRADE',
    id: 't-1',
    taker_order_id: OTHER,
    market: '0xcond',
    asset_id: '123',
    side: 'BUY',
    size: '7',
    price: '0.42',
    fee_rate_bps: '0',
    status,
    match_time: '1700000000',
    owner: 'someone-else',
    trader_side: 'MAKER',
    maker_orders: [
      { order_id: HASH, owner: KEY, matched_amount: '5', price: '0.42', asset_id: '123', outcome: 'Yes' },
      { order_id: `0x${'ee'.repeat(32)}`, owner: 'x', matched_amount: '2', price: '0.42', asset_id: '456' },
    ],
  };
}

describe('stream events', () => {
  const ours = (h: string): OrderId | undefined => (h === HASH ? asOrderId('o-1') : undefined);

  it('turns a maker-side trade event into our maker fill with the REST id scheme', () => {
    const t = tradeEventRecord(tradeEvent('MATCHED'), KEY, ME)!;
    expect(t.maker_orders?.map((m) => m.side)).toEqual(['SELL', 'BUY']);
    expect(t.maker_orders?.[0]?.maker_address).toBe(ME);
    expect(t.maker_orders?.[1]?.maker_address).toBeUndefined();
    const fills = tradeFills(t, asVenueId('polymarket'), ME, ours);
    expect(fills).toHaveLength(1);
    expect(fills[0]).toMatchObject({
      orderId: 'o-1',
      tradeId: `t-1:${HASH}`,
      side: 'Sell',
      size: dec(5),
      price: dec('0.42'),
      liquidity: 'maker',
      timestamp: 1_700_000_000_000,
    });
    // the same trade, unknown to the id map, is still ours by API key owner
    expect(tradeFills(t, asVenueId('polymarket'), ME, () => undefined)[0]?.orderId).toBe(HASH);
    expect(tradeOrderHashes(t)).toEqual([OTHER, HASH, `0x${'ee'.repeat(32)}`]);
  });

  it('a FAILED trade is recognised and yields the same fills (to be taken back); malformed events nothing', () => {
    const failed = tradeEventRecord(tradeEvent('FAILED'), KEY, ME)!;
    const matched = tradeEventRecord(tradeEvent('MATCHED'), KEY, ME)!;
    expect(isFailedTrade(failed)).toBe(true);
    expect(isFailedTrade(matched)).toBe(false);
    expect(tradeFills(failed, asVenueId('polymarket'), ME, ours)).toEqual(
      tradeFills(matched, asVenueId('polymarket'), ME, ours),
    );
    expect(tradeEventRecord({ event_type: 'trade' }, KEY, ME)).toBeUndefined();
    expect(orderEventRecord({ event_type: 'order', type: 'PLACEMENT' })).toBeUndefined();
  });

  it('reads a CANCELLATION as CANCELED whatever its status field says', () => {
    const base = {
      id: HASH,
      asset_id: '123',
      side: 'BUY',
      original_size: '10',
      size_matched: '3',
      price: '0.5',
    };
    expect(orderEventRecord({ ...base, type: 'CANCELLATION', status: 'LIVE' })?.status).toBe('CANCELED');
    expect(orderEventRecord({ ...base, type: 'PLACEMENT', status: 'LIVE' })).toMatchObject({
      status: 'LIVE',
      size_matched: '3',
    });
  });

  it('remembers recent keys and forgets the oldest past capacity', () => {
    const k = new RecentKeys(2);
    expect(k.add('a')).toBe(true);
    expect(k.add('a')).toBe(false);
    expect(k.add('b')).toBe(true);
    expect(k.add('c')).toBe(true);
    expect(k.size).toBe(2);
    expect(k.add('a')).toBe(true);
    expect(k.add('c')).toBe(false);
  });

  it('derives the user channel URL from the host', () => {
    expect(deriveWsUrl(new URL('http://127.0.0.1:4000'))).toBe('ws://127.0.0.1:4000/ws/user');
    expect(deriveWsUrl(new URL('https://example.org/api'))).toBe('wss://example.org/ws/user');
    expect(deriveWsUrl(new URL('https://clob.polymarket.com'))).toBe(
      'wss://ws-subscriptions-clob.polymarket.com/ws/user',
    );
    const key = `0x${'11'.repeat(32)}`;
    const c = resolvePolymarketConfig({ host: 'http://127.0.0.1:9', privateKey: key });
    expect(c).toMatchObject({ wsUrl: 'ws://127.0.0.1:9/ws/user', stream: true, streamPingMs: 10_000 });
    expect(() => resolvePolymarketConfig({ host: 'http://x', privateKey: key, wsUrl: 'http://x' })).toThrow(
      /wsUrl/,
    );
    expect(() =>
      resolvePolymarketConfig({ host: 'http://x', privateKey: key, streamPingMs: 100, streamSilenceMs: 50 }),
    ).toThrow(/streamSilenceMs/);
  });
});
