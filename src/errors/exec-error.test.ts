import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConfigError,
  ErrorCode,
  ExecError,
  InvalidOrderState,
  NetworkError,
  NotReady,
  OrderNotFound,
  RateLimitExceeded,
  RiskRejected,
  StoreError,
  ValidationError,
  VenueError,
} from './index.ts';

describe('error codes', () => {
  it('docs/errors.md lists exactly the codes and classes in the code', () => {
    const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    const rows = [...doc.matchAll(/^\|\s*`([A-Z_]+)`\s*\|\s*`(\w+)`\s*\|/gm)].map((m) => [m[2], m[1]]);
    expect(Object.fromEntries(rows)).toEqual({ ...ErrorCode });
  });

  it('each subclass carries its stable code, its name and its details', () => {
    const all: ExecError[] = [
      new ValidationError('size', '-1', 'must be > 0'),
      new RiskRejected([{ policy: 'MaxOrderSize', reason: 'size over limit', limit: '10', actual: '11' }]),
      new RateLimitExceeded('paper', 'bucket requests empty', 250),
      new VenueError('binance', 'Account has insufficient balance', '-2010'),
      new OrderNotFound('ag1'),
      new NetworkError('paper', 'socket hang up'),
      new AuthenticationError('binance', 'signature invalid'),
      new InvalidOrderState('ag1', 'Filled', 'CancelRequested', 'Cancelling'),
      new ConfigError('risk.yaml', [{ path: 'policies[0].max_size', line: 3, message: 'must be > 0' }]),
      new StoreError('sqlite:data/journal.db', 'disk I/O error'),
      new NotReady('reconciling with the venues', { phase: 'reconciling' }),
    ];
    const codes = all.map((e) => e.code);
    expect(new Set(codes).size).toBe(Object.keys(ErrorCode).length);
    for (const e of all) {
      expect(e).toBeInstanceOf(ExecError);
      expect(e).toBeInstanceOf(Error);
      expect(ErrorCode[e.name as keyof typeof ErrorCode]).toBe(e.code);
      expect(JSON.parse(JSON.stringify(e))).toEqual({ code: e.code, message: e.message, details: e.details });
    }
  });

  it('messages name the field, value and rule, and the transition', () => {
    expect(new ValidationError('price', '0.555', 'is not a multiple of tick size 0.01').message).toBe(
      'price is not a multiple of tick size 0.01 (got "0.555")',
    );
    expect(new InvalidOrderState('ag1', 'Filled', 'CancelRequested', 'Cancelling').message).toBe(
      'order ag1: illegal transition from Filled to Cancelling on CancelRequested',
    );
    expect(
      new ConfigError('risk.yaml', [{ path: 'policies[0].max_size', line: 3, message: 'must be > 0' }])
        .message,
    ).toContain('line 3: policies[0].max_size: must be > 0');
    const r = new RiskRejected([
      { policy: 'MaxOrderSize', reason: 'order size over limit', limit: '10', actual: '11' },
      { policy: 'PriceBand', reason: 'price too far from reference', limit: '50bps', actual: '120bps' },
    ]);
    expect(r.policies).toHaveLength(2);
    expect(r.message).toContain('MaxOrderSize');
    expect(r.message).toContain('PriceBand');
  });
});
