/**
 * Requests that land late: the venue takes an order after the gateway has given it up as "never
 * arrived", or refuses it after a cancel was sent. The gateway must follow the venue, not its own guess.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { dec, fmt, type Order, OrderStatus } from '../../src/domain/index.ts';
import { ExecutionEngine } from '../../src/engine/index.ts';
import { RateLimiterConfig } from '../../src/ratelimit/index.ts';
import { PaperVenue } from '../../src/venues/paper/index.ts';
import type { PlaceOutcome, VenueAdapter } from '../../src/venues/venue-adapter.ts';

const engines: ExecutionEngine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
});

/** The paper venue with some of its adapter methods replaced; everything else goes straight through. */
function withOverrides(paper: PaperVenue, overrides: Partial<VenueAdapter>): VenueAdapter {
  return new Proxy(paper, {
    get(target, prop, receiver) {
      const own = overrides[prop as keyof VenueAdapter];
      if (own !== undefined) return own;
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

/**
 * The paper venue behind a slow network: a place is answered "unknown" at once and reaches the venue
 * `delayMs` later (its stream events then arrive as usual).
 */
function lateVenue(paper: PaperVenue, delayMs: number): VenueAdapter {
  return withOverrides(paper, {
    placeOrder: (order: Readonly<Order>): Promise<PlaceOutcome> => {
      const copy = { ...order };
      setTimeout(() => void paper.placeOrder(copy), delayMs);
      return Promise.resolve({ kind: 'unknown', reason: 'timeout' });
    },
  });
}

async function eventually(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 5));
  }
}

function setup(delayMs: number) {
  const paper = new PaperVenue({ seed: 9, latencyMs: 0 });
  const engine = new ExecutionEngine({
    settle: { initialDelayMs: 2, maxDelayMs: 5, notFoundStrikes: 3, notFoundGraceMs: 15 },
  });
  engines.push(engine);
  engine.registerAdapter(lateVenue(paper, delayMs));
  const ref = paper.referencePrice('PM-YES' as never)!;
  return { paper, engine, ref };
}

describe('requests that land late', () => {
  it('an order given up as "never arrived" comes back when the venue shows it after all', async () => {
    const { paper, engine, ref } = setup(150);
    const o = await engine.submitOrder({
      venue: 'paper',
      market: 'PM-YES',
      side: 'Buy',
      price: fmt((ref - dec('0.1')) as never),
      size: 3,
    });
    const gaveUp = await engine.whenSettled(o.id);
    expect(gaveUp.status).toBe(OrderStatus.Rejected);
    expect(paper.ledger().orders).toHaveLength(0); // not there yet
    await eventually(() => engine.getStatus(o.id).status === OrderStatus.Working);
    const back = engine.getStatus(o.id);
    expect(back.venueOrderId).toBe(paper.ledger().orders[0]?.venueOrderId);
    expect(engine.getActiveOrders().map((a) => a.id)).toEqual([o.id]); // risk sees it again
    expect(paper.ledger().orders).toHaveLength(1); // and it was sent once
  });

  it('an order refused by the venue while its cancel was in flight ends Rejected, not stuck in Cancelling', async () => {
    const { paper, engine, ref } = setup(5);
    // a post-only buy above the best ask: the venue will refuse it when it arrives
    const o = await engine.submitOrder({
      venue: 'paper',
      market: 'PM-YES',
      side: 'Buy',
      orderType: 'PostOnly',
      price: fmt((ref + dec('0.05')) as never),
      size: 3,
    });
    expect(o.status).toBe(OrderStatus.Submitting);
    paper.injectFault('cancel_timeout', { count: 1 });
    const c = await engine.cancelOrder(o.id);
    expect(c.status).toBe(OrderStatus.Cancelling);
    const settled = await engine.whenSettled(o.id);
    expect(settled.status).toBe(OrderStatus.Rejected);
    expect(settled.reason).toMatch(/post-only/i);
  });
});

describe('a modify in flight', () => {
  it('holds its size increase in the exposure risk sees, so a racing submit cannot pass a limit only one fits', async () => {
    const paper = new PaperVenue({ seed: 4, latencyMs: 0 });
    const slowModify = withOverrides(paper, {
      modifyOrder: (...args: Parameters<PaperVenue['modifyOrder']>) =>
        new Promise((resolve) => setTimeout(() => resolve(paper.modifyOrder(...args)), 30)),
    });
    const engine = new ExecutionEngine();
    engines.push(engine);
    engine.registerAdapter(slowModify);
    const { RiskEngine } = await import('../../src/risk/index.ts');
    engine.setRiskEngine(RiskEngine.fromYaml('policies:\n  - type: PositionLimit\n    max_size: 10\n'));
    const price = fmt((paper.referencePrice('PM-YES' as never)! - dec('0.1')) as never);
    const o = await engine.submitOrder({ venue: 'paper', market: 'PM-YES', side: 'Buy', price, size: 6 });
    const modifying = engine.modifyOrder(o.id, { size: 10 }); // +4: worst case 10, at the limit
    const racing = await engine
      .submitOrder({ venue: 'paper', market: 'PM-YES', side: 'Buy', price, size: 1 })
      .catch((e: unknown) => e);
    expect(racing).toMatchObject({ code: 'RISK_REJECTED' });
    expect(fmt((await modifying).size)).toBe('10');
    // once answered, the increase is part of the order itself and nothing stays held
    await expect(
      engine.submitOrder({ venue: 'paper', market: 'PM-YES', side: 'Buy', price, size: 1 }),
    ).rejects.toMatchObject({
      code: 'RISK_REJECTED',
    });
    expect(fmt(engine.riskContext.openExposure(o.venue, o.market).buySize)).toBe('10');
  });
});

describe('after a stream reconnect', () => {
  it('every active order is asked about, so one cancelled while the stream was down is seen', async () => {
    const paper = new PaperVenue({ seed: 6, latencyMs: 0 });
    let down = false;
    const listeners: Array<(e: Parameters<Parameters<PaperVenue['subscribe']>[0]>[0]) => void> = [];
    paper.subscribe((e) => {
      if (!down) for (const l of listeners) l(e);
    });
    const flaky = withOverrides(paper, {
      subscribe: (l: (typeof listeners)[number]) => {
        listeners.push(l);
        return () => void listeners.splice(listeners.indexOf(l), 1);
      },
    });
    const engine = new ExecutionEngine({ settle: { initialDelayMs: 2, maxDelayMs: 5 } });
    engines.push(engine);
    engine.registerAdapter(flaky);
    const price = fmt((paper.referencePrice('PM-YES' as never)! - dec('0.1')) as never);
    const o = await engine.submitOrder({ venue: 'paper', market: 'PM-YES', side: 'Buy', price, size: 2 });
    expect(o.status).toBe(OrderStatus.Working);
    down = true; // the stream is down: the venue cancels the order and nobody hears it
    await paper.cancelOrder(engine.getStatus(o.id));
    down = false;
    expect(engine.getStatus(o.id).status).toBe(OrderStatus.Working);
    for (const l of listeners) l({ type: 'connection', state: 'reconnected' });
    await eventually(() => engine.getStatus(o.id).status === OrderStatus.Cancelled);
  });
});

describe('a venue status the adapter cannot read', () => {
  it('proves only that the venue has the order: acknowledged, nothing guessed, asked again, then an alert', async () => {
    const paper = new PaperVenue({ seed: 7, latencyMs: 0 });
    let queries = 0;
    const odd = withOverrides(paper, {
      placeOrder: () => Promise.resolve({ kind: 'unknown', reason: 'timeout' }),
      getOrderStatus: (ref) => {
        queries++;
        return Promise.resolve({
          orderId: ref.orderId,
          market: ref.market,
          status: OrderStatus.Cancelled, // the adapter's guess: must not be applied
          filledSize: dec(0),
          unrecognised: 'SUSPENDED',
        });
      },
    });
    const engine = new ExecutionEngine({ settle: { initialDelayMs: 1, maxDelayMs: 2 } });
    engines.push(engine);
    const alerts: string[] = [];
    engine.on((e) => {
      if (e.type === 'alert') alerts.push(e.kind);
    });
    engine.registerAdapter(odd);
    const price = fmt((paper.referencePrice('PM-YES' as never)! - dec('0.1')) as never);
    const o = await engine.submitOrder({ venue: 'paper', market: 'PM-YES', side: 'Buy', price, size: 2 });
    expect(o.status).toBe(OrderStatus.Submitting);
    const settled = await engine.whenSettled(o.id);
    expect(settled.status).toBe(OrderStatus.Working); // the venue has it; its state is not guessed
    expect(queries).toBeGreaterThanOrEqual(20);
    expect(alerts).toContain('unrecognised_status');
  });
});

describe("the engine's limiter is the venue's order-entry budget", () => {
  it('charges cancels only when the adapter does not meter them itself (budgetCost)', async () => {
    const run = async (cost?: { cancel: number; query: number }) => {
      const paper = new PaperVenue({ seed: 8, latencyMs: 0 });
      const venue = cost === undefined ? paper : withOverrides(paper, { budgetCost: cost });
      const engine = new ExecutionEngine({ enableRiskChecks: false, rateLimitMaxWaitMs: 0 });
      engines.push(engine);
      engine.registerAdapter(venue, RateLimiterConfig.new(0.001, 1).build('paper')); // one slot, no refill
      const price = fmt((paper.referencePrice('PM-YES' as never)! - dec('0.1')) as never);
      const o = await engine.submitOrder({ venue: 'paper', market: 'PM-YES', side: 'Buy', price, size: 2 });
      return engine.cancelOrder(o.id).then(
        (c) => c.status,
        (e: unknown) => (e as Error).name,
      );
    };
    expect(await run()).toBe('RateLimitExceeded');
    expect(await run({ cancel: 0, query: 0 })).toBe(OrderStatus.Cancelled);
  });
});
