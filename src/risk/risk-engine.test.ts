import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeFill, makeOrder, riskOrder } from '../../test/support/builders.ts';
import { TestRiskContext } from '../../test/support/risk-context.ts';
import { dec, ManualClock } from '../domain/index.ts';
import { ConfigError, RiskRejected } from '../errors/index.ts';
import { MaxOrderSize } from './policies/max-order-size.ts';
import { RiskEngine } from './risk-engine.ts';
import type { TradingState } from './trading-state.ts';

const ORIGINAL = `
policies:
  - type: PositionLimit
    max_size: 1000
  - type: InventoryLimit
    max_value_usd: 10000
`;

function rejection(fn: () => void): RiskRejected {
  try {
    fn();
  } catch (err) {
    if (err instanceof RiskRejected) return err;
    throw err;
  }
  throw new Error('expected RiskRejected');
}

const FILL = makeFill(makeOrder(), 't1', 1, 1);

describe('RiskEngine: the original two-policy file', () => {
  const engine = RiskEngine.fromYaml(ORIGINAL);

  it('loads both policies and describes them', () => {
    expect(engine.policies.map((p) => p.type)).toEqual(['PositionLimit', 'InventoryLimit']);
    expect(engine.tradingState).toBe('ACTIVE');
    const lines = engine.describe();
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('<= 1000');
    expect(lines[1]).toContain('<= 10000 USD');
    expect(lines[2]).toMatch(/^TradingState: ACTIVE/);
  });

  it('passes an order within both limits and refuses one breaking both, listing both', () => {
    const ctx = new TestRiskContext()
      .setPosition('paper', 'MKT', { netSize: 900 })
      .setReferencePrice('paper', 'MKT', 10);
    expect(() => engine.check(riskOrder('Buy', 100, 10), ctx)).not.toThrow();
    const err = rejection(() => engine.check(riskOrder('Buy', 101, 10), ctx));
    expect(err.code).toBe('RISK_REJECTED');
    expect(err.policies.map((v) => [v.policy, v.limit, v.actual])).toEqual([
      ['PositionLimit', '1000', '1001'],
      ['InventoryLimit', '10000', '10010'],
    ]);
    expect(engine.evaluate(riskOrder('Buy', 101, 10), ctx)).toEqual(err.policies);
  });

  it('reports usage per policy', () => {
    const ctx = new TestRiskContext()
      .setPosition('paper', 'MKT', { netSize: 900 })
      .setReferencePrice('paper', 'MKT', 10);
    expect(engine.usage(ctx)).toEqual([
      { policy: 'PositionLimit', limit: '1000 per market', current: '900 on MKT (limit 1000)' },
      { policy: 'InventoryLimit', limit: '10000 USD', current: '9000 USD' },
    ]);
  });
});

describe('RiskEngine: every failure together', () => {
  it('lists all failing policies of all ten types in file order', () => {
    const clock = new ManualClock(0);
    const engine = RiskEngine.fromYaml(
      `policies:
  - { type: PositionLimit, max_size: 10 }
  - { type: InventoryLimit, max_value_usd: 10 }
  - { type: MaxOrderSize, max_size: 10 }
  - { type: MaxNotionalPerOrder, max_notional: 10 }
  - { type: MaxOpenOrders, max_orders: 1 }
  - { type: OrderRateLimit, max_orders: 5, interval_ms: 1000 }
  - { type: PriceBand, max_deviation_bps: 100 }
  - { type: DailyLossLimit, max_loss: 1000 }
  - { type: MarketFilter, deny: [MKT] }
  - { type: DailyNotionalLimit, max_notional: 10 }
`,
      { clock },
    );
    const ctx = new TestRiskContext()
      .addOpenOrder('paper', 'OTHER', 'Buy', 1, 1)
      .setReferencePrice('paper', 'MKT', 1);
    const err = rejection(() => engine.check(riskOrder('Buy', 11, 2), ctx));
    expect(err.policies.map((v) => v.policy)).toEqual([
      'PositionLimit',
      'InventoryLimit',
      'MaxOrderSize',
      'MaxNotionalPerOrder',
      'MaxOpenOrders',
      'PriceBand',
      'MarketFilter',
      'DailyNotionalLimit',
    ]);
    expect(err.message).toContain('MaxOrderSize: order size exceeds the limit (actual 11, limit 10)');
    expect(engine.tradingState).toBe('ACTIVE');
  });
});

describe('RiskEngine: recording and rate limits', () => {
  it('records only orders that pass check(); evaluate() counts nothing', () => {
    const clock = new ManualClock(0);
    const engine = RiskEngine.fromYaml(
      'policies:\n  - { type: OrderRateLimit, max_orders: 2, interval_ms: 1000 }\n',
      {
        clock,
      },
    );
    const ctx = new TestRiskContext();
    for (let i = 0; i < 5; i++) expect(engine.evaluate(riskOrder('Buy', 1, 1), ctx)).toEqual([]);
    engine.check(riskOrder('Buy', 1, 1), ctx);
    engine.check(riskOrder('Buy', 1, 1), ctx);
    expect(rejection(() => engine.check(riskOrder('Buy', 1, 1), ctx)).policies[0]?.policy).toBe(
      'OrderRateLimit',
    );
    clock.advance(1000);
    expect(() => engine.check(riskOrder('Buy', 1, 1), ctx)).not.toThrow();
  });

  it('does not record an order refused by another policy', () => {
    const clock = new ManualClock(0);
    const engine = RiskEngine.fromYaml(
      'policies:\n  - { type: OrderRateLimit, max_orders: 1, interval_ms: 1000 }\n  - { type: MaxOrderSize, max_size: 5 }\n',
      { clock },
    );
    const ctx = new TestRiskContext();
    expect(() => engine.check(riskOrder('Buy', 6, 1), ctx)).toThrow(RiskRejected);
    expect(() => engine.check(riskOrder('Buy', 5, 1), ctx)).not.toThrow();
  });

  it('an empty engine passes everything', () => {
    const engine = RiskEngine.empty();
    expect(engine.policies).toEqual([]);
    expect(engine.evaluate(riskOrder('Buy', 1e9, 1), new TestRiskContext())).toEqual([]);
    expect(engine.describe()[0]).toMatch(/no policies/);
  });
});

describe('RiskEngine: trading state', () => {
  it('REDUCING lets through only orders that move a position toward flat, counting open orders', () => {
    const engine = new RiskEngine([], { tradingState: 'REDUCING', reason: 'end of day' });
    const ctx = new TestRiskContext()
      .setPosition('paper', 'SHORT', { netSize: -10 })
      .addOpenOrder('paper', 'SHORT', 'Buy', 4, 1)
      .setPosition('paper', 'LONG', { netSize: 10 });
    const pass = (side: 'Buy' | 'Sell', size: number, market: string) =>
      engine.evaluate(riskOrder(side, size, 1, { market }), ctx).length === 0;
    expect(pass('Buy', 6, 'SHORT')).toBe(true); // -10 + 4 + 6 = 0: flat exactly
    expect(pass('Buy', 7, 'SHORT')).toBe(false); // would go long
    expect(pass('Sell', 1, 'SHORT')).toBe(false); // adds to the short
    expect(pass('Sell', 10, 'LONG')).toBe(true);
    expect(pass('Sell', 11, 'LONG')).toBe(false);
    expect(pass('Buy', 1, 'LONG')).toBe(false);
    expect(pass('Buy', 1, 'FLAT')).toBe(false);
    expect(pass('Sell', 1, 'FLAT')).toBe(false);
    expect(engine.evaluate(riskOrder('Buy', 7, 1, { market: 'SHORT' }), ctx)).toEqual([
      {
        policy: 'TradingState',
        reason:
          'trading is REDUCING (end of day); a buy must only cover a short on SHORT, worst-case position after it',
        limit: '0',
        actual: '1',
      },
    ]);
  });

  it('HALTED refuses every new order, and lists the other failures too', () => {
    const engine = new RiskEngine([new MaxOrderSize({ maxSize: dec(5) })]);
    engine.setTradingState('HALTED', 'operator');
    const ctx = new TestRiskContext().setPosition('paper', 'MKT', { netSize: -10 });
    const err = rejection(() => engine.check(riskOrder('Buy', 1, 1), ctx));
    expect(err.policies).toEqual([
      {
        policy: 'TradingState',
        reason: 'trading is HALTED (operator); no new orders',
        limit: 'ACTIVE',
        actual: 'HALTED',
      },
    ]);
    expect(rejection(() => engine.check(riskOrder('Buy', 6, 1), ctx)).policies.map((v) => v.policy)).toEqual([
      'TradingState',
      'MaxOrderSize',
    ]);
    engine.setTradingState('ACTIVE', 'resumed');
    expect(() => engine.check(riskOrder('Buy', 1, 1), ctx)).not.toThrow();
  });

  it('notifies listeners of changes only, and stops after unsubscribe', () => {
    const engine = RiskEngine.empty();
    const seen: [TradingState, TradingState, string][] = [];
    const off = engine.onStateChange((s, prev, why) => seen.push([s, prev, why]));
    engine.setTradingState('REDUCING', 'a');
    engine.setTradingState('REDUCING', 'b');
    expect(engine.tradingStateReason).toBe('b');
    engine.setTradingState('HALTED', 'c');
    off();
    engine.setTradingState('ACTIVE', 'd');
    expect(seen).toEqual([
      ['REDUCING', 'ACTIVE', 'a'],
      ['HALTED', 'REDUCING', 'c'],
    ]);
  });

  it('reads the initial state from YAML', () => {
    const engine = RiskEngine.fromYaml('trading_state: REDUCING\npolicies: []\n');
    expect(engine.tradingState).toBe('REDUCING');
    expect(engine.describe()).toEqual([
      'no policies configured: every order passes the policy checks',
      'TradingState: REDUCING (set in the policy file): only orders that reduce a position toward flat are accepted',
    ]);
  });
});

describe('RiskEngine: DailyLossLimit halts trading', () => {
  const yaml = 'policies:\n  - type: DailyLossLimit\n    max_loss: 100\n';

  it('check() on a breach refuses the order and switches to HALTED with the reason; evaluate() does not', () => {
    const clock = new ManualClock(0);
    const engine = RiskEngine.fromYaml(yaml, { clock });
    const ctx = new TestRiskContext().setPosition('paper', 'MKT', { netSize: 0 });
    engine.check(riskOrder('Buy', 1, 1), ctx); // snapshot realized = 0
    ctx.setPosition('paper', 'MKT', { netSize: 0, realizedPnl: -101 });
    expect(engine.evaluate(riskOrder('Buy', 1, 1), ctx).map((v) => v.policy)).toEqual(['DailyLossLimit']);
    expect(engine.tradingState).toBe('ACTIVE');
    const changes: string[] = [];
    engine.onStateChange((s, _p, why) => changes.push(`${s}: ${why}`));
    const err = rejection(() => engine.check(riskOrder('Buy', 1, 1), ctx));
    expect(err.policies.map((v) => v.policy)).toEqual(['DailyLossLimit']);
    expect(engine.tradingState).toBe('HALTED');
    expect(changes).toEqual(['HALTED: DailyLossLimit: daily loss exceeds the limit (actual 101, limit 100)']);
    expect(engine.evaluate(riskOrder('Sell', 1, 1), ctx)[0]?.policy).toBe('TradingState');
  });

  it('a listener may call check() while the halt is being reported', () => {
    const engine = RiskEngine.fromYaml(`${yaml}  - { type: MaxOrderSize, max_size: 5 }\n`, {
      clock: new ManualClock(0),
    });
    const ctx = new TestRiskContext().setPosition('paper', 'MKT', { netSize: 0 });
    engine.evaluateTradingState(ctx);
    ctx.setPosition('paper', 'MKT', { netSize: 0, realizedPnl: -101 });
    const inner: string[][] = [];
    engine.onStateChange(() => {
      inner.push(rejection(() => engine.check(riskOrder('Buy', 1, 1), ctx)).policies.map((v) => v.policy));
    });
    const outer = rejection(() => engine.check(riskOrder('Buy', 6, 1), ctx));
    expect(outer.policies.map((v) => v.policy)).toEqual(['DailyLossLimit', 'MaxOrderSize']);
    expect(inner).toEqual([['TradingState', 'DailyLossLimit']]);
    expect(() => engine.setTradingState('PAUSED' as TradingState, 'x')).toThrow(RangeError);
  });

  it('onFill re-evaluates and halts; the next day does not lift the halt by itself', () => {
    const clock = new ManualClock(0);
    const engine = RiskEngine.fromYaml(yaml, { clock });
    const ctx = new TestRiskContext().setPosition('paper', 'MKT', { netSize: 0 });
    expect(engine.evaluateTradingState(ctx)).toBe('ACTIVE');
    ctx
      .setPosition('paper', 'MKT', { netSize: 10, avgEntryPrice: 20, realizedPnl: -50 })
      .setReferencePrice('paper', 'MKT', 15);
    engine.onFill(FILL, ctx); // -50 realized - 50 unrealized = -100: at the limit
    expect(engine.tradingState).toBe('ACTIVE');
    ctx.setReferencePrice('paper', 'MKT', '14.9');
    engine.onFill(FILL, ctx);
    expect(engine.tradingState).toBe('HALTED');
    expect(engine.tradingStateReason).toBe('DailyLossLimit: daily loss 101 exceeds 100 on 1970-01-01');
    clock.advance(86_400_000);
    ctx.setReferencePrice('paper', 'MKT', 20);
    expect(engine.evaluateTradingState(ctx)).toBe('HALTED');
    engine.setTradingState('ACTIVE', 'risk manager reset');
    expect(engine.evaluate(riskOrder('Buy', 1, 1), ctx)).toEqual([]);
  });
});

describe('RiskEngine.fromFile', () => {
  it('reads a file and names it in errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'risk-'));
    const good = join(dir, 'risk.yaml');
    writeFileSync(good, ORIGINAL);
    expect(RiskEngine.fromFile(good).policies).toHaveLength(2);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'policies:\n  - type: PositionLimit\n    max_size: -1\n');
    expect(() => RiskEngine.fromFile(bad)).toThrow(`${bad}: 1 problem`);
    expect(() => RiskEngine.fromFile(join(dir, 'missing.yaml'))).toThrow(ConfigError);
  });
});
