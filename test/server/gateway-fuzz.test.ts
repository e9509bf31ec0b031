import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, type Gateway, setupGateway } from './gateway-support.ts';

let gw: Gateway;
beforeAll(async () => {
  gw = await setupGateway();
});
afterAll(async () => {
  await gw.close();
});

const RUNS = { numRuns: 250, seed: 20261127 };

/** Never a 5xx; a 4xx is always the error shape; a 2xx for an order is an order. */
function judge(res: LightMyRequestResponse): void {
  expect(res.statusCode, res.body).toBeLessThan(500);
  if (res.statusCode >= 400) {
    const e = errorOf(res);
    expect(e.code).toMatch(/^[A-Z_]+$/);
  }
}

const money = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 30 }),
  fc.constantFrom('0.5', '10', '-1', '0', '1e3', '0.123456789012345678901', 'NaN', ' 1', '1_000', '0x10', ''),
  fc.constant(null),
  fc.boolean(),
);
const text = fc.oneof(
  fc.string({ maxLength: 140 }),
  fc.constantFrom('paper', 'PM-YES', 'BTC-USD', 'Buy', 'sell', 'GTD', 'FOK', 'PostOnly', 'market'),
);
// on the paper market's grid (tick 0.01, step 0.01, min size 1), so that many orders reach the venue
const gridPrice = fc.integer({ min: 1, max: 99 }).map((n) => (n / 100).toFixed(2));
const gridSize = fc.oneof(
  fc.integer({ min: 1, max: 500 }),
  fc.integer({ min: 100, max: 50_000 }).map((n) => (n / 100).toFixed(2)),
);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

const nearOrder = fc.record(
  {
    venue: fc.oneof(fc.constant('paper'), text, fc.integer()),
    market: fc.oneof(fc.constant('PM-YES'), text),
    side: fc.oneof(fc.constantFrom('Buy', 'Sell'), text),
    orderType: maybe(text),
    price: maybe(fc.oneof(gridPrice, gridPrice, money)),
    size: fc.oneof(gridSize, gridSize, money),
    timeInForce: maybe(fc.oneof(fc.constantFrom('GTC', 'IOC', 'FOK'), text)),
    expireAt: maybe(fc.oneof(fc.integer(), fc.double(), text)),
    clientOrderId: maybe(fc.oneof(fc.string({ maxLength: 70 }), fc.stringMatching(/^[a-z0-9]{1,10}$/))),
    strategy: maybe(text),
    params: maybe(
      fc.oneof(
        fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.string(), fc.integer(), fc.object())),
        fc.anything(),
      ),
    ),
  },
  { requiredKeys: [] },
);

describe('fuzz', () => {
  it('POST /v1/orders: random and near-valid bodies never give a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(nearOrder, fc.jsonValue(), fc.anything()), async (body) => {
        const payload = (() => {
          try {
            return JSON.stringify(body) ?? 'null';
          } catch {
            return '{}';
          }
        })();
        const res = await gw.call('POST', '/v1/orders', { scope: 'trade', body: payload });
        judge(res);
        if (res.statusCode === 200 || res.statusCode === 201)
          expect(res.json().id).toEqual(expect.any(String));
      }),
      RUNS,
    );
  });

  it('PATCH /v1/orders/:id: random bodies never give a 5xx', async () => {
    const placed = await gw.call('POST', '/v1/orders', {
      scope: 'trade',
      body: { venue: 'paper', market: 'PM-YES', side: 'Buy', price: gw.price('-0.2'), size: '50' },
    });
    const id = placed.json().id as string;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ price: maybe(money), size: maybe(money) }, { requiredKeys: [] }),
          fc.jsonValue(),
        ),
        fc.oneof(fc.constant(id), fc.string({ minLength: 1, maxLength: 20 })),
        async (body, target) => {
          const res = await gw.call('PATCH', `/v1/orders/${encodeURIComponent(target)}`, {
            scope: 'trade',
            body: JSON.stringify(body) ?? 'null',
          });
          judge(res);
        },
      ),
      RUNS,
    );
  });

  it('GET /v1/orders: random query strings never give a 5xx', async () => {
    const key = fc.oneof(
      fc.constantFrom('status', 'venue', 'market', 'strategy', 'limit', 'cursor'),
      fc.string({ maxLength: 8 }),
    );
    const value = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('active', 'Working,Filled', '0', '-1', '1001', '5', '1.5', 'W1szLCJ4Il0', 'WzEsMiwzXQ'),
      fc.integer().map(String),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(key, value), { maxLength: 6 }), async (pairs) => {
        const qs = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
        const res = await gw.call('GET', `/v1/orders?${qs}`, { scope: 'read' });
        judge(res);
        if (res.statusCode === 200) expect(Array.isArray(res.json().items)).toBe(true);
      }),
      RUNS,
    );
  });
});
