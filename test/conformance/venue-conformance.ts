/**
 * The venue adapter conformance suite: behaviour that ANY VenueAdapter (paper, and the Polymarket,
 * Binance and Uniswap adapters against their simulators) must show. A venue's test file calls
 * {@link describeVenueConformance} with a setup that returns a {@link ConformanceTarget}.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  asClientOrderId,
  asOrderId,
  type Decimal,
  type Fill,
  isTerminal,
  type MarketId,
  type Order,
  type OrderId,
  sub,
  type VenueOrderId,
  ZERO,
} from '../../src/domain/index.ts';
import type { VenueAdapter, VenueEvent, VenueOrderReport } from '../../src/venues/venue-adapter.ts';

/** What the suite needs to know about one venue and market. */
export interface ConformanceTarget {
  readonly adapter: VenueAdapter;
  /** A market on which the suite may trade `size` several times. */
  readonly market: MarketId;
  /** Order size used by every test (valid for the market's step, minimum size and notional). */
  readonly size: Decimal;
  /** A buy price that rests without trading (at least one tick above the lowest allowed price). */
  restingBuyPrice(): Decimal;
  /** A buy price that crosses the book far enough to fill `size` at once. */
  crossingBuyPrice(): Decimal;
  /** Builds an order for this venue and market (default: {@link conformanceOrder}). */
  makeOrder?(partial?: Partial<Order>): Order;
  /** Makes sure sell liquidity for `size` rests below `crossingBuyPrice()` (called before crossing tests). */
  ensureLiquidity?(): Promise<void>;
  /** False when the venue has no amend: `modifyOrder` must then refuse cleanly. Default true. */
  readonly supportsModify?: boolean;
  /** How long to wait for streamed events, ms. Default 5000. */
  readonly eventTimeoutMs?: number;
  /** Stops servers and releases the adapter. */
  teardown(): Promise<void>;
}

let counter = 0;

/** A fresh order (unique id, `Submitting`) for a venue and market; `partial` overrides any field. */
export function conformanceOrder(
  adapter: VenueAdapter,
  market: MarketId,
  partial: Partial<Order> = {},
): Order {
  counter++;
  const id = asOrderId(
    `cf${Date.now().toString(36)}${counter.toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`,
  );
  const now = Date.now();
  return {
    id,
    clientOrderId: asClientOrderId(id),
    venue: adapter.venueId,
    market,
    side: 'Buy',
    orderType: 'Limit',
    size: ZERO,
    timeInForce: 'GTC',
    status: 'Submitting',
    filledSize: ZERO,
    fees: ZERO,
    createdAt: now,
    updatedAt: now,
    ...partial,
  };
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Registers the conformance tests for one adapter. */
export function describeVenueConformance(name: string, setup: () => Promise<ConformanceTarget>): void {
  describe(`venue conformance: ${name}`, () => {
    let t: ConformanceTarget;
    let unsubscribe: (() => void) | undefined;
    const events: VenueEvent[] = [];

    beforeAll(async () => {
      t = await setup();
      unsubscribe = t.adapter.subscribe((e) => events.push(e));
    });
    afterAll(async () => {
      unsubscribe?.();
      await t?.teardown();
    });

    const timeout = (): number => t.eventTimeoutMs ?? 5000;
    const make = (partial: Partial<Order>): Order =>
      t.makeOrder?.(partial) ?? conformanceOrder(t.adapter, t.market, partial);
    const fillsOf = (id: OrderId): Fill[] =>
      events.flatMap((e) => (e.type === 'fill' && e.fill.orderId === id ? [e.fill] : []));
    const isOpen = async (o: Order, venueOrderId?: VenueOrderId): Promise<boolean> => {
      const open = await t.adapter.getOpenOrders(t.market);
      return open.some(
        (r) => r.orderId === o.id || (venueOrderId !== undefined && r.venueOrderId === venueOrderId),
      );
    };
    /** Places a resting buy and returns the order as the engine would track it. */
    const placeResting = async (partial: Partial<Order> = {}): Promise<Order> => {
      const o = make({ side: 'Buy', price: t.restingBuyPrice(), size: t.size, ...partial });
      const out = await t.adapter.placeOrder(o);
      expect(out.kind, show(out)).toBe('accepted');
      if (out.kind !== 'accepted') throw new Error('not accepted');
      expect(out.status).toBe('Working');
      return { ...o, venueOrderId: out.venueOrderId, status: 'Working' };
    };

    it('reports healthy', async () => {
      const h = await t.adapter.healthCheck();
      expect(h.ok).toBe(true);
    });

    it('publishes instrument rules for its market', () => {
      const rules = t.adapter.instrument(t.market);
      expect(rules?.market).toBe(t.market);
      expect(rules?.venue).toBe(t.adapter.venueId);
    });

    it('places a resting limit order: Working, visible in status and open orders', async () => {
      const o = await placeResting();
      const rep = await t.adapter.getOrderStatus({
        orderId: o.id,
        venueOrderId: o.venueOrderId!,
        market: t.market,
      });
      expect(rep?.status).toBe('Working');
      expect(rep?.filledSize).toBe(ZERO);
      expect(rep?.venueOrderId).toBe(o.venueOrderId);
      if (rep?.orderId !== undefined) expect(rep.orderId).toBe(o.id);
      expect(await isOpen(o, o.venueOrderId)).toBe(true);
      expect((await t.adapter.cancelOrder(o)).kind).toBe('cancelled');
    });

    it('cancels a resting order: Cancelled and no longer open', async () => {
      const o = await placeResting();
      const out = await t.adapter.cancelOrder(o);
      expect(out.kind).toBe('cancelled');
      const rep = await t.adapter.getOrderStatus({
        orderId: o.id,
        venueOrderId: o.venueOrderId!,
        market: t.market,
      });
      expect(rep?.status).toBe('Cancelled');
      expect(await isOpen(o, o.venueOrderId)).toBe(false);
      await eventually(
        () =>
          events.find((e) => e.type === 'order' && e.report.status === 'Cancelled' && sameOrder(e.report, o)),
        timeout(),
        'the Cancelled order event',
      );
    });

    it('refuses to cancel an unknown order, without throwing', async () => {
      const ghost = make({ side: 'Buy', price: t.restingBuyPrice(), size: t.size });
      const out = await t.adapter.cancelOrder(ghost);
      expect(out.kind).toBe('rejected');
      if (out.kind === 'rejected') expect(out.code.length).toBeGreaterThan(0);
    });

    it('answers null for the status of an order it never received', async () => {
      const ghost = make({ side: 'Buy', price: t.restingBuyPrice(), size: t.size });
      expect(await t.adapter.getOrderStatus({ orderId: ghost.id, market: t.market })).toBeNull();
    });

    it('fills a crossing order, streams fills with unique trade ids, and returns them from getFills', async () => {
      await t.ensureLiquidity?.();
      const limit = t.crossingBuyPrice();
      const o = make({ side: 'Buy', price: limit, size: t.size });
      const out = await t.adapter.placeOrder(o);
      expect(out.kind, show(out)).toBe('accepted');
      if (out.kind !== 'accepted') return;
      expect(['Working', 'PartiallyFilled', 'Filled']).toContain(out.status);
      const streamed = await eventually(
        () => {
          const fs = fillsOf(o.id);
          return fs.reduce((s, f) => s + f.size, 0n) >= t.size ? fs : undefined;
        },
        timeout(),
        'fill events covering the order size',
      );
      const ids = streamed.map((f) => f.tradeId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(streamed.reduce((s, f) => s + f.size, 0n)).toBe(t.size);
      for (const f of streamed) {
        expect(f.venue).toBe(t.adapter.venueId);
        expect(f.market).toBe(t.market);
        expect(f.side).toBe('Buy');
        expect(f.price <= limit).toBe(true);
        expect(f.size > 0n).toBe(true);
      }
      for (const f of out.fills ?? []) expect(ids).toContain(f.tradeId);
      const history = (await t.adapter.getFills(0, t.market)).filter((f) => f.orderId === o.id);
      expect(history.map((f) => f.tradeId).sort()).toEqual([...ids].sort());
      const rep = await t.adapter.getOrderStatus({
        orderId: o.id,
        venueOrderId: out.venueOrderId,
        market: t.market,
      });
      expect(rep?.status).toBe('Filled');
      expect(rep?.filledSize).toBe(t.size);
      expect(await isOpen(o, out.venueOrderId)).toBe(false);
      // a filled order cannot be cancelled, and asking does not throw
      const cancel = await t.adapter.cancelOrder({ ...o, venueOrderId: out.venueOrderId, status: 'Filled' });
      expect(cancel.kind).toBe('rejected');
    });

    it('does not leave an IOC remainder open', async () => {
      const o = make({ side: 'Buy', price: t.restingBuyPrice(), size: t.size, timeInForce: 'IOC' });
      const out = await t.adapter.placeOrder(o);
      expect(['accepted', 'rejected']).toContain(out.kind);
      if (out.kind === 'accepted') {
        expect(isTerminal(out.status)).toBe(true);
        const rep = await t.adapter.getOrderStatus({
          orderId: o.id,
          venueOrderId: out.venueOrderId,
          market: t.market,
        });
        if (rep !== null) expect(isTerminal(rep.status)).toBe(true);
      }
      expect(await isOpen(o, out.kind === 'accepted' ? out.venueOrderId : undefined)).toBe(false);
    });

    it('modifies the price of a resting order, or refuses cleanly', async () => {
      const o = await placeResting();
      const tick = t.adapter.instrument(t.market)?.tickSize;
      const newPrice = sub(o.price as Decimal, tick ?? (((o.price as Decimal) / 100n) as Decimal));
      const out = await t.adapter.modifyOrder(o, newPrice);
      let live = o;
      if (t.supportsModify === false) {
        expect(out.kind).toBe('rejected');
      } else {
        expect(out.kind, show(out)).toBe('amended');
        const venueOrderId = (out.kind === 'amended' ? out.venueOrderId : undefined) ?? o.venueOrderId;
        live = { ...o, price: newPrice, ...(venueOrderId === undefined ? {} : { venueOrderId }) };
        const rep = await t.adapter.getOrderStatus({
          orderId: o.id,
          venueOrderId: live.venueOrderId!,
          market: t.market,
        });
        expect(rep?.status).toBe('Working');
        if (rep?.price !== undefined) expect(rep.price).toBe(newPrice);
      }
      expect((await t.adapter.cancelOrder(live)).kind).toBe('cancelled');
    });

    it('refuses a post-only order that would cross', async () => {
      await t.ensureLiquidity?.();
      const o = make({ side: 'Buy', price: t.crossingBuyPrice(), size: t.size, orderType: 'PostOnly' });
      const out = await t.adapter.placeOrder(o);
      expect(out.kind).toBe('rejected');
      if (out.kind === 'rejected') {
        expect(out.code.length).toBeGreaterThan(0);
        expect(out.message.length).toBeGreaterThan(0);
      }
      expect(fillsOf(o.id)).toEqual([]);
      expect(await isOpen(o)).toBe(false);
    });

    it('stops delivering events to a listener after it unsubscribes', async () => {
      const late: VenueEvent[] = [];
      const off = t.adapter.subscribe((e) => late.push(e));
      off();
      const o = await placeResting();
      expect((await t.adapter.cancelOrder(o)).kind).toBe('cancelled');
      await eventually(
        () =>
          events.find((e) => e.type === 'order' && e.report.status === 'Cancelled' && sameOrder(e.report, o)),
        timeout(),
        'the Cancelled order event',
      );
      expect(late.filter((e) => e.type !== 'connection')).toEqual([]);
    });
  });
}

function sameOrder(r: VenueOrderReport, o: Order): boolean {
  return r.orderId === o.id || (o.venueOrderId !== undefined && r.venueOrderId === o.venueOrderId);
}

function show(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
}
