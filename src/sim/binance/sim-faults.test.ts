import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../seeded-random.ts';
import { parseFaultSpec, SimFaults } from './sim-faults.ts';

describe('SimFaults', () => {
  it('validates specs', () => {
    expect(() => parseFaultSpec({ kind: 'nope' })).toThrow(/kind must be one of/);
    expect(() => parseFaultSpec({ kind: 'latency', count: 0 })).toThrow(/bad count/);
    expect(() => parseFaultSpec({ kind: 'timeout_1007', status: 200 })).toThrow(/bad status/);
    expect(parseFaultSpec({ kind: 'stream_drop' })).toEqual({ kind: 'stream_drop' });
  });

  it('scopes refusals and replacements to the order routes by default and honours count', () => {
    const f = new SimFaults(new SeededRandom(1));
    f.add({ kind: 'timeout_1007', count: 1, placed: false });
    f.add({ kind: 'status_418', count: 1 });
    expect(f.request('GET /api/v3/order').replace).toBeUndefined();
    expect(f.request('POST /api/v3/order').replace).toEqual({
      kind: 'timeout_1007',
      process: false,
      status: 503,
    });
    expect(f.request('DELETE /api/v3/openOrders').refuse).toEqual({ status: 418, retryAfter: 120 });
    expect(f.request('POST /api/v3/order')).toEqual({ latencyMs: 0, refuse: undefined, replace: undefined });
    expect(f.list()).toHaveLength(0);
  });

  it('adds latencies, matches path-only routes and sums clock skews', () => {
    const f = new SimFaults(new SeededRandom(1));
    f.add({ kind: 'latency', ms: 5 });
    f.add({ kind: 'latency', ms: 7, route: '/api/v3/depth' });
    f.add({ kind: 'accept_then_500', route: 'GET /api/v3/depth' });
    f.add({ kind: 'clock_skew', seconds: -2 });
    f.add({ kind: 'clock_skew', seconds: 5 });
    expect(f.request('GET /api/v3/depth')).toEqual({
      latencyMs: 12,
      refuse: undefined,
      replace: { kind: 'accept_then_500', process: true, status: 500 },
    });
    expect(f.skewMs()).toBe(3000);
    f.clear();
    expect(f.skewMs()).toBe(0);
  });

  it('draws probabilities from the seed; an unarmed stream_drop leaves deliveries alone', () => {
    const run = (seed: number): string => {
      const f = new SimFaults(new SeededRandom(seed));
      f.add({ kind: 'stream_drop', probability: 0.3 });
      let s = '';
      for (let i = 0; i < 200; i++) s += f.streamDelivery() === 'drop' ? 'x' : '.';
      return s;
    };
    expect(run(4)).toBe(run(4));
    expect(run(4)).not.toBe(run(5));
    const hits = run(4).split('x').length - 1;
    expect(hits).toBeGreaterThan(30);
    expect(hits).toBeLessThan(90);
    const f = new SimFaults(new SeededRandom(1));
    f.add({ kind: 'stream_drop' });
    expect(f.streamDelivery()).toBe('send');
  });
});
