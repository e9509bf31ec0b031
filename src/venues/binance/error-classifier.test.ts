/** The Binance error classifier: every class of reply of reference §6. */
import { describe, expect, it } from 'vitest';
import { classifyBinanceReply } from './error-classifier.ts';

const err = (status: number, code: number, msg = 'm', retryAfter: string | null = null) =>
  classifyBinanceReply({ status, body: { code, msg }, retryAfter });

describe('Binance error classifier (reference §6)', () => {
  it('accepts 2xx', () => {
    expect(classifyBinanceReply({ status: 200, body: {} }).kind).toBe('accepted');
  });

  it('treats 5xx, -1007, -1006, -1000, -1008, timeouts and resets as unknown', () => {
    expect(classifyBinanceReply({ status: 500, body: { code: -1000, msg: 'x' } }).kind).toBe('unknown');
    expect(classifyBinanceReply({ status: 503, body: 'gateway' }).kind).toBe('unknown');
    expect(err(400, -1007).kind).toBe('unknown');
    expect(err(400, -1006).kind).toBe('unknown');
    expect(err(400, -1008).kind).toBe('unknown');
    expect(classifyBinanceReply({ networkError: 'timeout' }).kind).toBe('unknown');
    expect(classifyBinanceReply({ networkError: 'ECONNRESET' }).kind).toBe('unknown');
  });

  it('refuses definitely on -2010, -1013, -1111, -1100, -1102, -1121, -2011, -2013', () => {
    for (const code of [-2010, -1013, -1111, -1100, -1102, -1121, -2011, -2013]) {
      const c = err(400, code, 'no');
      expect(c.kind).toBe('rejected');
      if (c.kind === 'rejected') {
        expect(c.code).toBe(`binance_${code}`);
        expect(c.venueCode).toBe(code);
      }
    }
    expect(classifyBinanceReply({ networkError: 'ECONNREFUSED' }).kind).toBe('rejected');
  });

  it('names time and auth problems', () => {
    const t = err(400, -1021, 'Timestamp for this request is outside of the recvWindow.');
    expect(t.kind).toBe('time');
    if (t.kind === 'time') expect(t.message).toMatch(/clock offset or recvWindow/);
    for (const [s, code] of [
      [400, -1022],
      [401, -2014],
      [401, -2015],
    ] as const) {
      const c = err(s, code);
      expect(c.kind).toBe('auth');
      if (c.kind === 'auth') expect(c.message).toMatch(/signature|API key/);
    }
  });

  it('reads 429 (with the venue refusal) and 418 with Retry-After', () => {
    const r = err(429, -1003, 'Too much request weight used', '7');
    expect(r).toMatchObject({ kind: 'rate_limited', code: 'binance_-1003', retryAfterMs: 7000 });
    expect(err(429, -1015, 'Too many new orders', '1')).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 1000,
    });
    expect(err(418, -1003, 'IP banned', '120')).toMatchObject({ kind: 'banned', retryAfterMs: 120_000 });
    // a 429 without a Binance body may have landed
    expect(classifyBinanceReply({ status: 429, body: 'slow down' }).kind).toBe('unknown');
  });

  it('says a locally refused request was not sent', () => {
    expect(classifyBinanceReply({ notSent: 'not sent: paused' })).toMatchObject({ kind: 'rate_limited' });
  });
});
