import { describe, expect, it } from 'vitest';
import { riskOrder } from '../../../test/support/builders.ts';
import { TestRiskContext, violationsOf } from '../../../test/support/risk-context.ts';
import { dec } from '../../domain/index.ts';
import { MaxOrderSize } from './max-order-size.ts';

describe('MaxOrderSize', () => {
  const p = new MaxOrderSize({ maxSize: dec('250.5') });
  const ctx = new TestRiskContext();

  it('passes below and exactly at the limit', () => {
    expect(violationsOf(p, riskOrder('Buy', 1, '0.5'), ctx)).toEqual([]);
    expect(violationsOf(p, riskOrder('Sell', '250.5', '0.5'), ctx)).toEqual([]);
  });

  it('fails above the limit', () => {
    expect(violationsOf(p, riskOrder('Buy', '250.500000000000000001', '0.5'), ctx)).toEqual([
      {
        policy: 'MaxOrderSize',
        reason: 'order size exceeds the limit',
        limit: '250.5',
        actual: '250.500000000000000001',
      },
    ]);
  });

  it('describes itself', () => {
    expect(p.describe()).toBe("MaxOrderSize: each order's size <= 250.5");
    expect(p.usage(ctx)).toEqual({ policy: 'MaxOrderSize', limit: '250.5', current: 'per order' });
  });
});
