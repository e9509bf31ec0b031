import { describe, expect, it } from 'vitest';
import { riskOrder } from '../../test/support/builders.ts';
import { TestRiskContext } from '../../test/support/risk-context.ts';
import { type Decimal, dec, ManualClock, type Order, type Side } from '../domain/index.ts';
import { RiskRejected } from '../errors/index.ts';
import type { RiskOrder } from './risk-context.ts';
import { RiskEngine } from './risk-engine.ts';

function rejection(fn: () => void): RiskRejected {
  try {
    fn();
  } catch (err) {
    if (err instanceof RiskRejected) return err;
    throw err;
  }
  throw new Error('expected RiskRejected');
}

/** The live order as risk sees it, and the same order with a new size and/or price. */
function asRisk(o: Order): RiskOrder {
  return riskOrder(o.side, o.size, o.price, { venue: o.venue, market: o.market });
}
function modified(
  o: Order,
  size: number | string | Decimal,
  price: string | Decimal | undefined = o.price,
): RiskOrder {
  return riskOrder(o.side, size, price, { venue: o.venue, market: o.market });
}

const policies = (lines: string) => RiskEngine.fromYaml(`policies:\n${lines}`, { clock: new ManualClock(0) });
const failing = (engine: RiskEngine, o: Order, size: number | string, ctx: TestRiskContext, price?: string) =>
  engine.evaluateReplace(asRisk(o), modified(o, size, price === undefined ? o.price : price), ctx);

describe('RiskEngine.checkReplace: per-order policies see the full proposed order', () => {
  it('MaxOrderSize, MaxNotionalPerOrder, PriceBand and MarketFilter judge the proposed order', () => {
    const engine = policies(`  - { type: MaxOrderSize, max_size: 10 }
  - { type: MaxNotionalPerOrder, max_notional: 5 }
  - { type: PriceBand, max_deviation_bps: 1000 }
`);
    const ctx = new TestRiskContext().setReferencePrice('paper', 'MKT', '0.5');
    const live = ctx.placeOrder('paper', 'MKT', 'Buy', 8, '0.5');
    expect(failing(engine, live, 10, ctx)).toEqual([]);
    expect(failing(engine, live, 11, ctx).map((v) => [v.policy, v.actual])).toEqual([
      ['MaxOrderSize', '11'],
      ['MaxNotionalPerOrder', '5.5'],
    ]);
    // Smaller, but at a price outside the band: still refused.
    expect(failing(engine, live, 4, ctx, '0.6').map((v) => [v.policy, v.actual])).toEqual([
      ['PriceBand', '2000'],
    ]);
    const filter = policies('  - { type: MarketFilter, deny: [MKT] }\n');
    expect(failing(filter, live, 1, ctx).map((v) => v.policy)).toEqual(['MarketFilter']);
  });
});

describe('RiskEngine.checkReplace: exposure policies see only the increase', () => {
  it('PositionLimit: the live order already counts; a decrease or a price change passes, growth is judged', () => {
    const engine = policies('  - { type: PositionLimit, max_size: 100 }\n');
    const ctx = new TestRiskContext().setPosition('paper', 'MKT', { netSize: 90, avgEntryPrice: '0.5' });
    const live = ctx.placeOrder('paper', 'MKT', 'Buy', 10, '0.5'); // worst case 100: at the limit
    // As a new order the same size would not fit: the live one is already counted.
    expect(engine.evaluate(asRisk(live), ctx).map((v) => v.actual)).toEqual(['110']);
    expect(() => engine.checkReplace(asRisk(live), modified(live, 10, dec('0.45')), ctx)).not.toThrow();
    expect(() => engine.checkReplace(asRisk(live), modified(live, 3), ctx)).not.toThrow();
    const err = rejection(() => engine.checkReplace(asRisk(live), modified(live, 11), ctx));
    expect(err.policies).toEqual([
      {
        policy: 'PositionLimit',
        reason: 'position on MKT would exceed the limit',
        limit: '100',
        actual: '101',
      },
    ]);
  });

  it('InventoryLimit and DailyNotionalLimit count only the added size, at the proposed price', () => {
    const engine = policies(`  - { type: InventoryLimit, max_value_usd: 10 }
  - { type: DailyNotionalLimit, max_notional: 10 }
`);
    const ctx = new TestRiskContext();
    const live = ctx.placeOrder('paper', 'MKT', 'Buy', 20, '0.5'); // 10 of value and notional: at both limits
    expect(engine.evaluate(riskOrder('Buy', 1, '0.5'), ctx).map((v) => v.policy)).toEqual([
      'InventoryLimit',
      'DailyNotionalLimit',
    ]);
    expect(failing(engine, live, 20, ctx)).toEqual([]);
    expect(failing(engine, live, 5, ctx)).toEqual([]);
    expect(failing(engine, live, 21, ctx).map((v) => [v.policy, v.actual])).toEqual([
      ['InventoryLimit', '10.5'],
      ['DailyNotionalLimit', '10.5'],
    ]);
  });

  it('a modification that changes the side counts the whole proposed size', () => {
    const engine = policies('  - { type: PositionLimit, max_size: 10 }\n');
    const ctx = new TestRiskContext();
    const live = ctx.placeOrder('paper', 'MKT', 'Buy', 5, '0.5');
    const sell = riskOrder('Sell', 11, '0.5');
    expect(engine.evaluateReplace(asRisk(live), sell, ctx).map((v) => v.actual)).toEqual(['11']);
  });
});

describe('RiskEngine.checkReplace: a modification is not a new order', () => {
  it('MaxOpenOrders does not count it', () => {
    const engine = policies('  - { type: MaxOpenOrders, max_orders: 1 }\n');
    const ctx = new TestRiskContext();
    const live = ctx.placeOrder('paper', 'MKT', 'Buy', 5, '0.5');
    expect(engine.evaluate(riskOrder('Buy', 1, '0.5'), ctx).map((v) => v.policy)).toEqual(['MaxOpenOrders']);
    expect(() => engine.checkReplace(asRisk(live), modified(live, 6), ctx)).not.toThrow();
  });

  it('OrderRateLimit neither checks nor counts it', () => {
    const clock = new ManualClock(0);
    const engine = RiskEngine.fromYaml(
      'policies:\n  - { type: OrderRateLimit, max_orders: 2, interval_ms: 1000 }\n',
      {
        clock,
      },
    );
    const ctx = new TestRiskContext();
    const live = ctx.placeOrder('paper', 'MKT', 'Buy', 5, '0.5');
    engine.check(asRisk(live), ctx);
    for (let i = 0; i < 5; i++) engine.checkReplace(asRisk(live), modified(live, 6 + i), ctx);
    expect(() => engine.check(riskOrder('Buy', 1, '0.5'), ctx)).not.toThrow();
    expect(rejection(() => engine.check(riskOrder('Buy', 1, '0.5'), ctx)).policies[0]?.policy).toBe(
      'OrderRateLimit',
    );
    // The rate limit reached does not block a modification.
    expect(() => engine.checkReplace(asRisk(live), modified(live, 7), ctx)).not.toThrow();
  });
});

describe('RiskEngine.checkReplace: every failure, trading state and halts', () => {
  it('lists every failure in file order, like check()', () => {
    const engine = policies(`  - { type: PositionLimit, max_size: 10 }
  - { type: MaxOpenOrders, max_orders: 1 }
  - { type: MaxOrderSize, max_size: 10 }
  - { type: PriceBand, max_deviation_bps: 100 }
`);
    const ctx = new TestRiskContext().setReferencePrice('paper', 'MKT', '0.5');
    const live = ctx.placeOrder('paper', 'MKT', 'Buy', 5, '0.5');
    const err = rejection(() => engine.checkReplace(asRisk(live), modified(live, 12, dec('0.6')), ctx));
    expect(err.policies.map((v) => [v.policy, v.actual])).toEqual([
      ['PositionLimit', '12'],
      ['MaxOrderSize', '12'],
      ['PriceBand', '2000'],
    ]);
  });

  it('HALTED refuses every modification, even one that reduces the size', () => {
    const engine = RiskEngine.empty();
    engine.setTradingState('HALTED', 'operator');
    const ctx = new TestRiskContext();
    const live = ctx.placeOrder('paper', 'MKT', 'Buy', 5, '0.5');
    const err = rejection(() => engine.checkReplace(asRisk(live), modified(live, 1), ctx));
    expect(err.policies).toEqual([
      {
        policy: 'TradingState',
        reason: 'trading is HALTED (operator); no order modifications',
        limit: 'ACTIVE',
        actual: 'HALTED',
      },
    ]);
  });

  it('REDUCING refuses a modification that increases exposure and passes one that reduces it', () => {
    const engine = new RiskEngine([], { tradingState: 'REDUCING', reason: 'end of day' });
    const ctx = new TestRiskContext().setPosition('paper', 'MKT', { netSize: -10, avgEntryPrice: 1 });
    const cover = ctx.placeOrder('paper', 'MKT', 'Buy', 4, 1);
    const pass = (o: Order, size: number, side: Side = o.side) =>
      engine.evaluateReplace(asRisk(o), riskOrder(side, size, 1), ctx).length === 0;
    expect(pass(cover, 2)).toBe(true); // smaller
    expect(pass(cover, 4)).toBe(true); // price-only modifications add nothing
    expect(pass(cover, 10)).toBe(true); // -10 + 10 = 0: still only covers the short
    expect(pass(cover, 11)).toBe(false); // would go long
    const add = ctx.placeOrder('paper', 'MKT', 'Sell', 3, 1); // adds to the short (placed before REDUCING)
    expect(pass(add, 1)).toBe(true); // reducing it reduces exposure
    expect(pass(add, 4)).toBe(false);
    expect(engine.evaluateReplace(asRisk(cover), riskOrder('Buy', 11, 1), ctx)[0]?.actual).toBe('1');
  });

  it('a DailyLossLimit breach refuses the modification and halts trading', () => {
    const engine = policies('  - { type: DailyLossLimit, max_loss: 100 }\n');
    const ctx = new TestRiskContext();
    engine.evaluateTradingState(ctx); // snapshot: realized 0
    const live = ctx.placeOrder('paper', 'MKT', 'Buy', 5, '0.5');
    ctx.setPosition('paper', 'OTHER', { netSize: 0, realizedPnl: -101 });
    const err = rejection(() => engine.checkReplace(asRisk(live), modified(live, 1), ctx));
    expect(err.policies.map((v) => v.policy)).toEqual(['DailyLossLimit']);
    expect(engine.tradingState).toBe('HALTED');
  });
});
