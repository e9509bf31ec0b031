import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../seeded-random.ts';
import { parseFaultSpec, SimFaults } from './sim-faults.ts';

describe('SimFaults', () => {
  it('validates specs', () => {
    expect(() => parseFaultSpec({ kind: 'nope' })).toThrow(/kind must be one of/);
    expect(() => parseFaultSpec({ kind: 'latency', count: 0 })).toThrow(/bad count/);
    expect(() => parseFaultSpec({ kind: 'latency', route: 3 })).toThrow(/bad route/);
    expect(parseFaultSpec({ kind: 'ws_drop' })).toEqual({ kind: 'ws_drop' });
  });

  it('scopes refusals to the order routes by default and honours count', () => {
    const f = new SimFaults(new SeededRandom(1));
    f.add({ kind: 'status_425', count: 2 });
    expect(f.request('GET /time').refuse).toBeUndefined();
    expect(f.request('POST /order').refuse).toEqual({ status: 425, error: 'service not ready' });
    expect(f.request('DELETE /cancel-all').refuse?.status).toBe(425);
    expect(f.request('POST /order').refuse).toBeUndefined();
    expect(f.list()).toHaveLength(0);
  });

  it('adds latencies, matches path-only routes, and sums clock skews', () => {
    const f = new SimFaults(new SeededRandom(1));
    f.add({ kind: 'latency', ms: 5 });
    f.add({ kind: 'latency', ms: 7, route: '/book' });
    f.add({ kind: 'accept_then_500', route: 'GET /book' });
    f.add({ kind: 'clock_skew', seconds: -2 });
    f.add({ kind: 'clock_skew', seconds: 5 });
    expect(f.request('GET /book')).toEqual({ latencyMs: 12, refuse: undefined, acceptThen500: true });
    expect(f.request('POST /order').latencyMs).toBe(5);
    expect(f.skewMs()).toBe(3000);
    f.clear();
    expect(f.skewMs()).toBe(0);
  });

  it('draws probabilities from the seed', () => {
    const run = (seed: number): string => {
      const f = new SimFaults(new SeededRandom(seed));
      f.add({ kind: 'ws_silent', probability: 0.3 });
      let s = '';
      for (let i = 0; i < 200; i++) s += f.wsDelivery() === 'silent' ? 'x' : '.';
      return s;
    };
    expect(run(4)).toBe(run(4));
    expect(run(4)).not.toBe(run(5));
    const hits = run(4).split('x').length - 1;
    expect(hits).toBeGreaterThan(30);
    expect(hits).toBeLessThan(90);
  });

  it('an unarmed ws_drop does not touch deliveries', () => {
    const f = new SimFaults(new SeededRandom(1));
    f.add({ kind: 'ws_drop' });
    expect(f.wsDelivery()).toBe('send');
    f.add({ kind: 'ws_drop', count: 1 });
    expect(f.wsDelivery()).toBe('drop');
    expect(f.wsDelivery()).toBe('send');
  });
});
