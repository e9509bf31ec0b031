import { describe, expect, it } from 'vitest';
import { AuthenticationError, NetworkError, RateLimitExceeded, VenueError } from '../../errors/index.ts';
import { classifyReply, parseRetryAfter, type ReplyFacts, readFailure } from './error-classifier.ts';

const err = (status: number, error: string, retryAfter?: string): ReplyFacts => ({
  status,
  body: { error },
  ...(retryAfter === undefined ? {} : { retryAfter }),
});
const kindOf = (r: ReplyFacts) => classifyReply(r, 1_000_000).kind;
const codeOf = (r: ReplyFacts) => {
  const c = classifyReply(r, 1_000_000);
  return 'code' in c ? c.code : c.kind;
};

describe('classifyReply: every row of reference §8', () => {
  it('200 success with empty errorMsg is accepted', () => {
    expect(
      kindOf({ status: 200, body: { success: true, errorMsg: '', orderID: '0x1', status: 'live' } }),
    ).toBe('accepted');
    expect(kindOf({ status: 200, body: { canceled: ['0x1'], not_canceled: {} } })).toBe('accepted');
  });

  it('200 with errorMsg or success:false is unknown', () => {
    expect(kindOf({ status: 200, body: { success: true, errorMsg: 'delayed' } })).toBe('unknown');
    expect(kindOf({ status: 200, body: { success: false, errorMsg: '' } })).toBe('unknown');
  });

  it.each([
    ['order 0xab is invalid. Price (0.555) breaks minimum tick size rule: 0.01', 'tick_size'],
    ['order 0xab is invalid. Size (1) lower than the minimum: 5', 'min_size'],
    ['not enough balance / allowance', 'insufficient_balance'],
    ["order couldn't be fully filled. FOK orders are fully filled or killed.", 'fok_unfilled'],
    [
      'no orders found to match with FAK order. FAK orders are partially filled or killed if no match is found.',
      'fak_unmatched',
    ],
    ['invalid post-only order: order crosses book', 'post_only_cross'],
    ['order_version_mismatch', 'order_version_mismatch'],
    ['invalid signature', 'invalid_signature'],
    ['invalid expiration', 'invalid_expiration'],
    ['Invalid order payload', 'invalid_payload'],
    ['Too many orders in payload: 16, max allowed: 15', 'too_many_orders'],
    ['something new', 'bad_request'],
  ])('400 %s is rejected with code %s', (text, code) => {
    expect(kindOf(err(400, text))).toBe('rejected');
    expect(codeOf(err(400, text))).toBe(code);
  });

  it('400 Duplicated is unknown (maybe our earlier copy)', () => {
    expect(kindOf(err(400, 'order 0xab is invalid. Duplicated.'))).toBe('unknown');
  });

  it('401 (key, HMAC, timestamp, L1) is an auth failure', () => {
    expect(classifyReply(err(401, 'Unauthorized/Invalid api key'))).toMatchObject({
      kind: 'auth',
      code: 'auth_failed',
    });
    expect(kindOf(err(401, 'Invalid L1 Request headers'))).toBe('auth');
  });

  it('403 (edge HTML) and 404 are rejected, not processed', () => {
    expect(classifyReply({ status: 403, body: '<html>blocked</html>' })).toMatchObject({
      kind: 'rejected',
      code: 'forbidden',
    });
    expect(codeOf(err(404, 'not found'))).toBe('not_found');
  });

  it('429 is rate limited, with Retry-After in ms (seconds or HTTP date)', () => {
    expect(classifyReply(err(429, 'Too Many Requests', '3'))).toEqual({
      kind: 'rate_limited',
      code: 'rate_limited',
      message: 'Too Many Requests',
      retryAfterMs: 3000,
    });
    expect(classifyReply(err(429, 'Too Many Requests'))).not.toHaveProperty('retryAfterMs');
    expect(parseRetryAfter(new Date(1_005_000).toUTCString(), 1_000_000)).toBe(5000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });

  it('503 trading disabled / cancel-only are rejected', () => {
    expect(codeOf(err(503, 'Trading is currently disabled. Check back later'))).toBe('trading_disabled');
    expect(codeOf(err(503, 'Trading is currently cancel-only. New orders are not accepted'))).toBe(
      'cancel_only',
    );
  });

  it('425, other 5xx, timeout and reset are unknown', () => {
    expect(kindOf(err(425, 'service not ready'))).toBe('unknown');
    expect(kindOf(err(500, 'internal error'))).toBe('unknown');
    expect(kindOf(err(502, 'bad gateway'))).toBe('unknown');
    expect(kindOf({ status: 503, body: 'upstream' })).toBe('unknown');
    expect(kindOf({ networkError: 'timeout' })).toBe('unknown');
    expect(kindOf({ networkError: 'ECONNRESET' })).toBe('unknown');
  });

  it('a refused connection never reached the venue: rejected', () => {
    expect(codeOf({ networkError: 'ECONNREFUSED' })).toBe('connection_refused');
  });
});

describe('readFailure', () => {
  it('throws the gateway error of each class', () => {
    expect(() => readFailure('pm', err(401, 'Unauthorized/Invalid api key'))).toThrow(AuthenticationError);
    expect(() => readFailure('pm', err(429, 'Too Many Requests', '1'))).toThrow(RateLimitExceeded);
    expect(() => readFailure('pm', err(500, 'boom'))).toThrow(NetworkError);
    expect(() => readFailure('pm', { networkError: 'timeout' })).toThrow(NetworkError);
    expect(() => readFailure('pm', err(400, 'invalid next_cursor'))).toThrow(VenueError);
  });
});
