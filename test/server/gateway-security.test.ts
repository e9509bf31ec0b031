import { Agent, request } from 'node:http';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { listenGateway } from '../../src/server/index.ts';
import { errorOf, type Gateway, setupGateway, TOKENS } from './gateway-support.ts';

let gw: Gateway | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

const order = { venue: 'paper', market: 'PM-YES', side: 'Buy', price: '0.1', size: '10' };

describe('authentication and scopes', () => {
  it('401 without a token or with a bad one, 403 for a scope too low, 200 with the right one', async () => {
    gw = await setupGateway();
    const none = await gw.call('GET', '/v1/orders');
    expect(none.statusCode).toBe(401);
    expect(errorOf(none).code).toBe('UNAUTHORIZED');
    const bad = await gw.app.inject({
      method: 'GET',
      url: '/v1/orders',
      headers: { authorization: 'Bearer not-a-real-token-at-all' },
    });
    expect(bad.statusCode).toBe(401);
    const basic = await gw.app.inject({
      method: 'GET',
      url: '/v1/orders',
      headers: { authorization: `Basic ${TOKENS.read}` },
    });
    expect(basic.statusCode).toBe(401);
    const lower = await gw.app.inject({
      method: 'GET',
      url: '/v1/orders',
      headers: { authorization: `bearer ${TOKENS.read}` },
    });
    expect(lower.statusCode).toBe(200);
    const readPost = await gw.call('POST', '/v1/orders', { scope: 'read', body: order });
    expect(readPost.statusCode).toBe(403);
    expect(errorOf(readPost)).toMatchObject({ code: 'FORBIDDEN', details: { need: 'trade', have: 'read' } });
    expect((await gw.call('DELETE', '/v1/orders/x', { scope: 'read' })).statusCode).toBe(403);
    expect((await gw.call('PATCH', '/v1/orders/x', { scope: 'read', body: { size: 1 } })).statusCode).toBe(
      403,
    );
    expect((await gw.call('POST', '/v1/orders/cancel-all', { scope: 'read' })).statusCode).toBe(403);
    expect(
      (await gw.call('POST', '/v1/risk/state', { scope: 'trade', body: { state: 'HALTED' } })).statusCode,
    ).toBe(403);
    // higher scopes include lower ones
    expect((await gw.call('GET', '/v1/orders', { scope: 'admin' })).statusCode).toBe(200);
    expect((await gw.call('POST', '/v1/orders', { scope: 'admin', body: order })).statusCode).toBe(201);
    for (const path of ['/v1/orders', '/v1/positions', '/v1/fills', '/v1/risk', '/v1/venues', '/metrics']) {
      expect((await gw.call('GET', path)).statusCode, path).toBe(401);
      expect((await gw.call('GET', path, { scope: 'read' })).statusCode, path).toBe(200);
    }
  });

  it('on one keep-alive connection, each request is judged by its own token', async () => {
    gw = await setupGateway();
    const where = await listenGateway(gw.app, { port: 0 });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = (path: string, token?: string) =>
      new Promise<{ status: number; socket: unknown }>((resolve, reject) => {
        const req = request(`${where.url}${path}`, {
          agent,
          headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
        });
        req.on('response', (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode!, socket: req.socket }));
        });
        req.on('error', reject);
        req.end();
      });
    try {
      const first = await get('/v1/risk', TOKENS.read);
      expect(first.status).toBe(200);
      // the same connection, other tokens: a wrong one, none, a lower scope, then the right one again
      const wrong = await get('/v1/risk', 'not-the-token-0123456789abcdef');
      const none = await get('/v1/risk');
      const lower = await get('/v1/orders/cancel-all', TOKENS.read);
      const again = await get('/v1/risk', TOKENS.read);
      expect([wrong.status, none.status, again.status]).toEqual([401, 401, 200]);
      expect(lower.status).toBe(404); // GET of a POST route: the scope gate is on the POST route
      expect(new Set([first.socket, wrong.socket, none.socket, again.socket]).size).toBe(1);
      const post = await new Promise<number>((resolve, reject) => {
        const req = request(`${where.url}/v1/risk/state`, {
          agent,
          method: 'POST',
          headers: { authorization: `Bearer ${TOKENS.read}`, 'content-type': 'application/json' },
        });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode!);
        });
        req.on('error', reject);
        req.end(JSON.stringify({ state: 'HALTED' }));
      });
      expect(post).toBe(403);
    } finally {
      agent.destroy();
    }
  });

  it('auth.required false lets every request in', async () => {
    gw = await setupGateway({ auth: { required: false, tokens: [] } });
    expect((await gw.call('POST', '/v1/risk/state', { body: { state: 'REDUCING' } })).statusCode).toBe(200);
  });

  it('refuses short tokens and a required auth without tokens at construction', async () => {
    await expect(
      setupGateway({ auth: { required: true, tokens: [{ scope: 'read', token: 'short' }] } }),
    ).rejects.toThrow(/16/);
    await expect(setupGateway({ auth: { required: true, tokens: [] } })).rejects.toThrow(/no tokens/);
  });
});

describe('limits', () => {
  it('a body over the limit is a 413 in the error shape', async () => {
    gw = await setupGateway({ bodyLimitBytes: 256 });
    const res = await gw.call('POST', '/v1/orders', {
      scope: 'trade',
      body: { ...order, strategy: 'x'.repeat(400) },
    });
    expect(res.statusCode).toBe(413);
    expect(errorOf(res).code).toBe('PAYLOAD_TOO_LARGE');
    expect((await gw.call('POST', '/v1/orders', { scope: 'trade', body: order })).statusCode).toBe(201);
  });

  it('the inbound rate limit is per token: 429 with Retry-After, then admitted again after the refill', async () => {
    let now = 1_000_000;
    gw = await setupGateway({ rateLimit: { perSecond: 2, burst: 3 }, now: () => now });
    for (let i = 0; i < 3; i++)
      expect((await gw.call('GET', '/v1/orders', { scope: 'read' })).statusCode).toBe(200);
    const limited = await gw.call('GET', '/v1/orders', { scope: 'read' });
    expect(limited.statusCode).toBe(429);
    expect(errorOf(limited).code).toBe('RATE_LIMIT_EXCEEDED');
    expect(limited.headers['retry-after']).toBe('1');
    // another token has its own budget; public routes are not limited
    expect((await gw.call('GET', '/v1/orders', { scope: 'trade' })).statusCode).toBe(200);
    expect((await gw.call('GET', '/health')).statusCode).toBe(200);
    now += 500;
    expect((await gw.call('GET', '/v1/orders', { scope: 'read' })).statusCode).toBe(200);
    expect((await gw.call('GET', '/v1/orders', { scope: 'read' })).statusCode).toBe(429);
  });
});

describe('secrets', () => {
  it('no token appears in any log line, even at trace level and on errors', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    gw = await setupGateway({ logger: pino({ level: 'trace' }, sink) });
    await gw.call('GET', '/v1/orders', { scope: 'read' });
    await gw.call('POST', '/v1/orders', { scope: 'trade', body: order });
    await gw.call('POST', '/v1/orders', { scope: 'read', body: order });
    await gw.call('POST', '/v1/risk/state', { scope: 'admin', body: { state: 'HALTED' } });
    await gw.call('POST', '/v1/orders', { scope: 'trade', body: '{bad json' });
    const wrong = 'wrong-token-0123456789abcdef';
    const res = await gw.app.inject({
      method: 'GET',
      url: '/v1/orders',
      headers: { authorization: `Bearer ${wrong}` },
    });
    expect(res.body).not.toContain(wrong);
    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(5);
    for (const t of [...Object.values(TOKENS), wrong]) expect(log).not.toContain(t);
    expect(log.toLowerCase()).not.toContain('bearer');
  });
});

describe('listening', () => {
  it('an app without auth refuses to listen beyond loopback; with auth, or on loopback, it listens', async () => {
    gw = await setupGateway({ auth: { required: false, tokens: [] } });
    await expect(listenGateway(gw.app, { port: 0, host: '0.0.0.0' })).rejects.toThrow(/beyond loopback/);
    const { url } = await listenGateway(gw.app, { port: 0, host: '127.0.0.1' });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});
