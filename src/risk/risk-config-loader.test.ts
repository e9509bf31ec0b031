import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { riskOrder } from '../../test/support/builders.ts';
import { TestRiskContext } from '../../test/support/risk-context.ts';
import { ConfigError, type ConfigIssue, type PolicyViolation } from '../errors/index.ts';
import { loadRiskConfig } from './risk-config-loader.ts';

function issuesOf(text: string): ConfigIssue[] {
  try {
    loadRiskConfig(text, { source: 'risk.yaml' });
  } catch (err) {
    if (err instanceof ConfigError) return [...err.issues];
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadRiskConfig: every problem at once, with path and line', () => {
  it('reports unknown types, unknown fields, missing fields, wrong types and non-positive limits together', () => {
    const text = [
      'policies:', // 1
      '  - type: PositionLimit', // 2
      '    max_size: 1000', // 3
      '    max_sise: 5', // 4  unknown field
      '  - type: InventoryLimit', // 5
      '    max_value_usd: -10', // 6  negative
      '  - type: Frobnicate', // 7  unknown type
      '    x: 1', // 8
      '  - type: MaxOrderSize', // 9  missing max_size
      '  - type: MaxNotionalPerOrder', // 10
      '    max_notional: lots', // 11 wrong type
      '  - type: OrderRateLimit', // 12
      '    max_orders: 0', // 13 zero
      '    interval_ms: 1.5', // 14 not whole
      '  - type: DailyLossLimit', // 15
      '    max_loss: true', // 16 wrong type
      '    include_fees: maybe', // 17 wrong type
      'trading_state: PAUSED', // 18
      'extra: 1', // 19
    ].join('\n');
    expect(issuesOf(text)).toEqual([
      {
        path: 'policies[0].max_sise',
        line: 4,
        message: 'unknown field for PositionLimit (fields: max_size, per_market)',
      },
      { path: 'policies[1].max_value_usd', line: 6, message: 'must be greater than 0 (got -10)' },
      {
        path: 'policies[2].type',
        line: 7,
        message: expect.stringMatching(
          /^unknown policy type "Frobnicate" \(known: PositionLimit, InventoryLimit, /,
        ),
      },
      {
        path: 'policies[3].max_size',
        line: 9,
        message: 'missing required field (largest size of one order)',
      },
      {
        path: 'policies[4].max_notional',
        line: 11,
        message: 'must be a number (got "lots": must be a decimal number)',
      },
      { path: 'policies[5].max_orders', line: 13, message: 'must be greater than 0 (got 0)' },
      { path: 'policies[5].interval_ms', line: 14, message: 'must be a whole number (got 1.5)' },
      { path: 'policies[6].max_loss', line: 16, message: 'must be a number (got boolean)' },
      { path: 'policies[6].include_fees', line: 17, message: 'must be true or false' },
      { path: 'trading_state', line: 18, message: 'must be one of ACTIVE, REDUCING, HALTED' },
      { path: 'extra', line: 19, message: 'unknown top-level key (expected policies, trading_state)' },
    ]);
  });

  it('puts the source name and every line in the message', () => {
    expect(() =>
      loadRiskConfig('policies:\n  - type: MaxOrderSize\n    max_size: 0\n', { source: 'r.yaml' }),
    ).toThrow('r.yaml: 1 problem\n  line 3: policies[0].max_size: must be greater than 0 (got 0)');
  });

  it('reports malformed YAML with its line', () => {
    const issues = issuesOf('policies:\n  - type: PositionLimit\n    max_size: [1000\n  - type: X\n');
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]?.path).toBe('(yaml)');
    expect(issues[0]?.line).toBeGreaterThanOrEqual(3);
  });

  it('reports duplicate keys as malformed YAML at the duplicate', () => {
    const issues = issuesOf('policies:\n  - type: MaxOrderSize\n    max_size: 1\n    max_size: 2\n');
    expect(issues).toEqual([{ path: '(yaml)', line: 4, message: expect.stringContaining('unique') }]);
  });

  it('checks the structure: policies list, entries as maps with a type, empty values', () => {
    expect(issuesOf('')).toEqual([{ path: 'policies', message: expect.stringContaining('empty') }]);
    expect(issuesOf('- 1\n')).toEqual([{ path: '(root)', line: 1, message: expect.any(String) }]);
    expect(issuesOf('trading_state: ACTIVE\n')).toEqual([
      { path: 'policies', line: 1, message: 'missing required key (a list of policies, may be empty)' },
    ]);
    expect(issuesOf('policies: 3\n')).toEqual([
      { path: 'policies', line: 1, message: 'must be a list of policies' },
    ]);
    expect(
      issuesOf('policies:\n  - PositionLimit\n  - max_size: 3\n  - type: MaxOrderSize\n    max_size:\n'),
    ).toEqual([
      { path: 'policies[0]', line: 2, message: 'must be a map with a `type` and the policy fields' },
      { path: 'policies[1].type', line: 3, message: expect.stringMatching(/^missing required field/) },
      { path: 'policies[2].max_size', line: 5, message: 'missing value' },
    ]);
  });

  it('checks maps, lists and allow/deny', () => {
    const text = [
      'policies:',
      '  - type: PositionLimit',
      '    max_size: 10',
      '    per_market: { BTCUSDT: 0, "ETH USDT": x }',
      '  - type: MarketFilter',
      '  - type: MarketFilter',
      '    allow: []',
      '    deny: [ok, {a: 1}]',
      '    venues: { allow: [paper], only: [x] }',
      '  - type: MaxOpenOrders',
      '    max_orders: 2',
      '    per_market: [1]',
      '  - type: OrderRateLimit',
      '    max_orders: 10000000',
      '    interval_ms: 1000',
    ].join('\n');
    expect(issuesOf(text)).toEqual([
      { path: 'policies[0].per_market.BTCUSDT', line: 4, message: 'must be greater than 0 (got 0)' },
      {
        path: 'policies[0].per_market["ETH USDT"]',
        line: 4,
        message: 'must be a number (got "x": must be a decimal number)',
      },
      { path: 'policies[1]', line: 5, message: 'give at least one of allow, deny, venues' },
      {
        path: 'policies[2].allow',
        line: 7,
        message: 'must list at least one entry (omit the field to not restrict)',
      },
      { path: 'policies[2].deny[1]', line: 8, message: 'must be a non-empty name' },
      { path: 'policies[2].venues.only', line: 9, message: 'unknown field (fields: allow, deny)' },
      { path: 'policies[3].per_market', line: 12, message: 'must be a map of market id to limit' },
      { path: 'policies[4].max_orders', line: 14, message: 'must be at most 1000000 (got 10000000)' },
    ]);
  });
});

describe('loadRiskConfig: exact values', () => {
  it('reads numbers from the source text, not through floats', () => {
    const cfg = loadRiskConfig(
      [
        'policies:',
        '  - type: MaxOrderSize',
        '    max_size: 123456789012345678901234567890.000000000000000001',
        '  - type: MaxNotionalPerOrder',
        '    max_notional: "0.3"',
        '  - type: PriceBand',
        '    max_deviation_bps: 1e2',
      ].join('\n'),
    );
    const ctx = new TestRiskContext();
    const [size, notional, band] = cfg.policies;
    const out: PolicyViolation[] = [];
    size!.evaluate(riskOrder('Buy', '123456789012345678901234567890.000000000000000001', 1), ctx, out);
    expect(out).toEqual([]);
    size!.evaluate(riskOrder('Buy', '123456789012345678901234567890.000000000000000002', 1), ctx, out);
    expect(out).toHaveLength(1);
    out.length = 0;
    // 0.1 × 3 is exactly 0.3 (in floats 0.30000000000000004 > 0.3).
    notional!.evaluate(riskOrder('Buy', 3, '0.1'), ctx, out);
    expect(out).toEqual([]);
    expect(band!.describe()).toContain('within 100 bps');
  });

  it('keeps numeric market ids digit for digit', () => {
    const id = '71321045679252212594626385532706912750332728571942532289631379312455583992563';
    const cfg = loadRiskConfig(
      `policies:\n  - type: MarketFilter\n    allow: [${id}]\n  - type: PositionLimit\n    max_size: 5\n    per_market: { ${id}: 1 }\n`,
    );
    const ctx = new TestRiskContext();
    const out: PolicyViolation[] = [];
    for (const p of cfg.policies) p.evaluate(riskOrder('Buy', 1, '0.5', { market: id }), ctx, out);
    expect(out).toEqual([]);
    for (const p of cfg.policies) p.evaluate(riskOrder('Buy', 2, '0.5', { market: id }), ctx, out);
    expect(out).toEqual([expect.objectContaining({ policy: 'PositionLimit', limit: '1' })]);
  });

  it('accepts an empty policy list and an initial state', () => {
    expect(loadRiskConfig('policies: []\ntrading_state: HALTED\n')).toEqual({
      policies: [],
      tradingState: 'HALTED',
    });
    expect(loadRiskConfig('policies:\n').policies).toEqual([]);
  });
});

describe('docs/risk.md', () => {
  it('its full example file loads with all ten policy types', () => {
    const doc = readFileSync(new URL('../../docs/risk.md', import.meta.url), 'utf8');
    const example = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const cfg = loadRiskConfig(example!);
    expect(new Set(cfg.policies.map((p) => p.type)).size).toBe(10);
    expect(cfg.tradingState).toBe('ACTIVE');
  });
});
