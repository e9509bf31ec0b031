import { describe, expect, it } from 'vitest';
import { chainGaps, NonceManager } from './nonce-manager.ts';

const source = (latest: number, pending: number) => ({
  latest: async () => latest,
  pending: async () => pending,
});

describe('NonceManager', () => {
  it('starts after every mined and pooled transaction and hands out consecutive nonces', async () => {
    const m = new NonceManager();
    expect(m.ready).toBe(false);
    expect(() => m.allocate('a')).toThrow(/not synced/);
    await m.sync(source(5, 7));
    expect([m.allocate('a'), m.allocate('b'), m.allocate('c')]).toEqual([7, 8, 9]);
  });

  it('reuses the last nonce given back unsent, and reports a gap for an earlier one', async () => {
    const m = new NonceManager();
    await m.sync(source(0, 0));
    const a = m.allocate('a');
    const b = m.allocate('b');
    expect(m.release(b)).toBe('reused');
    expect(m.next).toBe(1);
    const b2 = m.allocate('b2');
    m.markSent(b2);
    expect(m.release(a)).toBe('gap');
    expect(m.gaps()).toEqual([0]);
    expect(m.claimGap(0, 'filler')).toBe(true);
    expect(m.gaps()).toEqual([]);
    expect(m.claimGap(0, 'again')).toBe(false);
  });

  it('rolls back over several released nonces at the top', async () => {
    const m = new NonceManager();
    await m.sync(source(3, 3));
    const [a, b, c] = [m.allocate('a'), m.allocate('b'), m.allocate('c')];
    expect(m.release(a)).toBe('gap');
    expect(m.release(b)).toBe('gap');
    expect(m.release(c)).toBe('reused');
    expect(m.next).toBe(3);
    expect(m.gaps()).toEqual([]);
  });

  it('a sent nonce cannot be given back; mined nonces are forgotten', async () => {
    const m = new NonceManager();
    await m.sync(source(0, 0));
    const a = m.allocate('a');
    m.markSent(a);
    expect(m.release(a)).toBe('unknown');
    m.observeMined(1);
    expect(m.stateOf(a)).toBeUndefined();
    expect(m.mined).toBe(1);
  });

  it('re-syncing never goes backwards (a restart learns from the chain)', async () => {
    const m = new NonceManager();
    await m.sync(source(0, 0));
    m.allocate('a');
    m.allocate('b');
    await m.sync(source(1, 1));
    expect(m.next).toBe(2);
    await m.sync(source(4, 6));
    expect(m.next).toBe(6);
  });
});

describe('chainGaps', () => {
  it('finds holes among pooled nonces above the mined count', () => {
    expect(chainGaps(10, [10, 11, 13, 15])).toEqual([12, 14]);
    expect(chainGaps(10, [10, 11])).toEqual([]);
    expect(chainGaps(10, [])).toEqual([]);
    expect(chainGaps(10, [12], [10])).toEqual([11]);
  });
});
