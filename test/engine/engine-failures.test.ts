/**
 * The engine when its own parts fail: the journal, the rate limiter, status queries and trade queries.
 * Nothing may be lost, sent twice, or left in flight with nobody settling it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { dec, fmt, type OrderEvent, OrderStatus } from '../../src/domain/index.ts';
import { ExecutionEngine } from '../../src/engine/index.ts';
import { RateLimitExceeded, StoreError } from '../../src/errors/index.ts';
import { RateLimiterConfig } from '../../src/ratelimit/index.ts';
import { MemoryJournal } from '../../src/store/index.ts';
import { PaperVenue } from '../../src/venues/paper/index.ts';

const engines: ExecutionEngine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
});

const SETTLE = { initialDelayMs: 2, maxDelayMs: 10, notFoundStrikes: 3, notFoundGraceMs: 20 };

function setup(
  opts: ConstructorParameters<typeof ExecutionEngine>[0] = {},
  limiter = RateLimiterConfig.new(1e6, 1e6),
) {
  const venue = new PaperVenue({ seed: 5, latencyMs: 0 });
  const engine = new ExecutionEngine({ settle: SETTLE, ...opts });
  engines.push(engine);
  engine.registerAdapter(venue, limiter.build('paper'));
  const ref = venue.referencePrice('PM-YES' as never)!;
  const restingBuy = {
    venue: 'paper',
    market: 'PM-YES',
    side: 'Buy',
    price: fmt((ref - dec('0.1')) as never),
    size: 2,
  };
  return { venue, engine, restingBuy };
}

describe('engine failure paths', () => {
  for (const how of ['rejects its promise', 'throws'] as const) {
    it(`a journal that cannot record the intent (${how}): nothing is sent, the order is Rejected, StoreError`, async () => {
      class BrokenJournal extends MemoryJournal {
        override append(event: OrderEvent): Promise<void> | undefined {
          if (event.type !== 'Submitted') return super.append(event);
          if (how === 'throws') throw new Error('disk full');
          return Promise.reject(new Error('disk full'));
        }
      }
      const { engine, venue, restingBuy } = setup({ journal: new BrokenJournal() });
      const err = await engine.submitOrder({ ...restingBuy, clientOrderId: 'j-1' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreError);
      expect((err as StoreError).message).toContain('disk full');
      expect(venue.ledger().orders).toEqual([]);
      expect(engine.getStatus('j-1').status).toBe(OrderStatus.Rejected);
      expect(engine.getActiveOrders()).toEqual([]);
    });
  }

  it('a cancel refused by the rate limiter leaves the order as it was, not stuck in Cancelling', async () => {
    const { engine, restingBuy } = setup({ rateLimitMaxWaitMs: 0 }, RateLimiterConfig.new(0.001, 1));
    const o = await engine.submitOrder(restingBuy);
    expect(o.status).toBe(OrderStatus.Working);
    await expect(engine.cancelOrder(o.id)).rejects.toBeInstanceOf(RateLimitExceeded);
    expect(engine.getStatus(o.id).status).toBe(OrderStatus.Working);
    expect(engine.unsettledCount).toBe(0);
  });

  it('a failing status query or trade query is retried until the order is settled', async () => {
    const { engine, venue } = setup();
    const ask = venue.depth('PM-YES' as never).asks[0]!;
    let fillQueries = 0;
    const realGetFills = venue.getFills.bind(venue);
    venue.getFills = (since, market) => {
      fillQueries++;
      return fillQueries === 1 ? Promise.reject(new Error('connection reset')) : realGetFills(since, market);
    };
    venue.injectFault('lost_response', { count: 1, delayMs: 2 });
    venue.injectFault('status_error', { count: 1 });
    const o = await engine.submitOrder({
      venue: 'paper',
      market: 'PM-YES',
      side: 'Buy',
      price: fmt(ask.price),
      size: 1,
      timeInForce: 'IOC',
    });
    expect(o.status).toBe(OrderStatus.Submitting);
    const settled = await engine.whenSettled(o.id);
    expect(settled.status).toBe(OrderStatus.Filled);
    expect(fillQueries).toBeGreaterThanOrEqual(2);
    expect(engine.tracker.getFills({ orderId: o.id }).reduce((s, f) => s + f.size, 0n)).toBe(dec(1));
    expect(venue.ledger().orders.filter((v) => v.orderId === o.id)).toHaveLength(1);
  });

  it('a halted engine refuses at once, before waiting for a rate-limit slot', async () => {
    const { engine, restingBuy } = setup({}, RateLimiterConfig.new(0.001, 1));
    await engine.submitOrder(restingBuy);
    engine.riskEngine.setTradingState('HALTED', 'test');
    await expect(engine.submitOrder(restingBuy)).rejects.toMatchObject({ code: 'RISK_REJECTED' });
  });
});

describe('engine: late truths', () => {
  it('a fill for an order given up as "never arrived" is still recorded (see late-venue.test.ts for its revival)', async () => {
    const { engine, venue, restingBuy } = setup();
    venue.injectFault('timeout_before_accept', { count: 1 });
    const o = await engine.submitOrder(restingBuy);
    const gaveUp = await engine.whenSettled(o.id);
    expect(gaveUp.status).toBe(OrderStatus.Rejected);
    const fill = {
      orderId: o.id,
      venue: o.venue,
      market: o.market,
      tradeId: 'late-1' as never,
      side: o.side,
      price: o.price!,
      size: dec(1),
      fee: dec(0),
      timestamp: Date.now(),
    };
    expect(engine.recordFill(fill).changed).toBe(true);
    expect(fmt(engine.getPosition('paper', 'PM-YES').netSize)).toBe('1');
    expect(fmt(engine.getStatus(o.id).filledSize)).toBe('1');
  });
});

describe('engine: modify goes through risk as a replacement', () => {
  it('per-order limits see the whole new size; a price-only change is not a new order', async () => {
    const { engine, restingBuy } = setup();
    const { RiskEngine } = await import('../../src/risk/index.ts');
    engine.setRiskEngine(
      RiskEngine.fromYaml(
        'policies:\n  - type: MaxOrderSize\n    max_size: 100\n  - type: MaxOpenOrders\n    max_orders: 1\n',
      ),
    );
    const o = await engine.submitOrder({ ...restingBuy, size: 60 });
    const err = await engine.modifyOrder(o.id, { size: 110 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'RISK_REJECTED' });
    expect((err as { policies: { policy: string }[] }).policies.map((p) => p.policy)).toEqual([
      'MaxOrderSize',
    ]);
    expect(fmt(engine.getStatus(o.id).size)).toBe('60');
    const moved = await engine.modifyOrder(o.id, { price: fmt((o.price! - dec('0.01')) as never) });
    expect(moved.price).toBe(o.price! - dec('0.01'));
    await expect(engine.submitOrder(restingBuy)).rejects.toMatchObject({ code: 'RISK_REJECTED' });
  });
});
