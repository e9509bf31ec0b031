import { describe, expect, it } from 'vitest';
import { makeOrder } from '../../test/support/builders.ts';
import { asVenueOrderId, dec, OrderStatus } from '../domain/index.ts';
import { eventsForReport } from './venue-report.ts';

describe('eventsForReport', () => {
  const working = () => {
    const o = makeOrder({ size: '10', price: '0.5' });
    o.status = OrderStatus.Working;
    o.venueOrderId = asVenueOrderId('v1');
    return o;
  };

  it('a replacement found by a status query amends price / size and carries its new venue id', () => {
    const o = working();
    const events = eventsForReport(
      o,
      {
        market: o.market,
        status: OrderStatus.Working,
        filledSize: dec(0),
        venueOrderId: asVenueOrderId('v2'),
        size: dec(8),
        price: dec('0.5'),
      },
      5,
      'settled',
    );
    expect(events).toEqual([
      { type: 'Amended', orderId: o.id, ts: 5, reason: 'settled', size: dec(8), venueOrderId: 'v2' },
    ]);
  });

  it('a report of the same order and terms says nothing new', () => {
    const o = working();
    const r = {
      market: o.market,
      status: OrderStatus.Working,
      filledSize: dec(0),
      venueOrderId: asVenueOrderId('v1'),
      size: dec(10),
      price: dec('0.5'),
    };
    expect(eventsForReport(o, r, 5, 'x')).toEqual([]);
  });

  it('an unrecognised venue status only acknowledges an order waiting for its answer', () => {
    const o = makeOrder({ size: '10', price: '0.5' });
    o.status = OrderStatus.Submitting;
    const r = { market: o.market, status: OrderStatus.Cancelled, filledSize: dec(0), unrecognised: 'ODD' };
    expect(eventsForReport(o, r, 5, 'x').map((e) => e.type)).toEqual(['Accepted']);
  });
});
