import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeOrder, VENUE } from '../../test/support/builders.ts';
import { asClientOrderId, asOrderId, asVenueId, asVenueOrderId, type Order } from '../domain/index.ts';
import { ValidationError } from '../errors/index.ts';
import { OrderTracker } from './order-tracker.ts';

describe('OrderTracker id look-ups (order entries)', () => {
  it('order ids and client order ids: any mix of own ids, other ids and clashes acts as two separate indexes', () => {
    const names = ['a', 'b', 'c', 'd', 'e'] as const;
    const arbOrder = fc.record({ id: fc.constantFrom(...names), clientId: fc.constantFrom(...names) });
    fc.assert(
      fc.property(fc.array(arbOrder, { maxLength: 8 }), (specs) => {
        const tracker = new OrderTracker();
        const byId = new Map<string, Order>();
        const byClient = new Map<string, Order>();
        for (const [i, s] of specs.entries()) {
          const order: Order = { ...makeOrder({ id: s.id }), clientOrderId: asClientOrderId(s.clientId) };
          const refused = byId.has(s.id) || byClient.has(s.clientId);
          if (refused) {
            expect(() => tracker.trackOrder(order), `order ${i}`).toThrow(ValidationError);
          } else {
            tracker.trackOrder(order);
            byId.set(s.id, order);
            byClient.set(s.clientId, order);
          }
        }
        for (const n of names) {
          expect(tracker.getOrder(asOrderId(n))).toBe(byId.get(n));
          expect(tracker.getByClientOrderId(asClientOrderId(n))).toBe(byClient.get(n));
        }
        expect([...tracker.orders()]).toEqual([...byId.values()]);
      }),
      { seed: 3, numRuns: 500 },
    );
  });

  it('names which id clashes', () => {
    const tracker = new OrderTracker();
    tracker.trackOrder({ ...makeOrder({ id: 'x' }), clientOrderId: asClientOrderId('x') });
    tracker.trackOrder({ ...makeOrder({ id: 'y' }), clientOrderId: asClientOrderId('k') });
    const clash = (id: string, clientId: string) => {
      try {
        tracker.trackOrder({ ...makeOrder({ id }), clientOrderId: asClientOrderId(clientId) });
      } catch (e) {
        return e instanceof ValidationError ? e.message : String(e);
      }
      return 'tracked';
    };
    expect(clash('x', 'q')).toMatch(/order\.id/);
    expect(clash('z', 'x')).toMatch(/order\.clientOrderId/);
    expect(clash('k', 'k')).toMatch(/order\.clientOrderId/);
    expect(clash('y', 'y')).toMatch(/order\.id/);
    expect(clash('w', 'y')).toBe('tracked');
    expect(tracker.getByClientOrderId(asClientOrderId('y'))?.id).toBe('w');
    expect(tracker.getByClientOrderId(asClientOrderId('k'))?.id).toBe('y');
  });

  it('venue order ids are kept per venue, across venues used in turn', () => {
    const tracker = new OrderTracker();
    const other = asVenueId('binance');
    const a = makeOrder({ id: 'a' });
    const b = makeOrder({ id: 'b', venue: 'binance' });
    const c = makeOrder({ id: 'c' });
    let ts = 0;
    for (const o of [a, b, c]) {
      tracker.trackOrder(o);
      tracker.apply({ type: 'Submitted', orderId: o.id, ts: ++ts, order: o });
      tracker.apply({ type: 'Accepted', orderId: o.id, ts: ++ts, venueOrderId: asVenueOrderId(`V-${o.id}`) });
    }
    tracker.apply({ type: 'Accepted', orderId: b.id, ts: ++ts });
    expect(tracker.getByVenueOrderId(VENUE, asVenueOrderId('V-a'))).toBe(a);
    expect(tracker.getByVenueOrderId(other, asVenueOrderId('V-b'))).toBe(b);
    expect(tracker.getByVenueOrderId(VENUE, asVenueOrderId('V-c'))).toBe(c);
    expect(tracker.getByVenueOrderId(VENUE, asVenueOrderId('V-b'))).toBeUndefined();
    expect(tracker.getByVenueOrderId(other, asVenueOrderId('V-a'))).toBeUndefined();
  });
});
