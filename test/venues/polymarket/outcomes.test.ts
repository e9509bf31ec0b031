/**
 * Unknown outcomes, rate limits and auth failures of `placeOrder` against a scripted loopback server:
 * the order hash is recorded before the request leaves, and no classified outcome throws.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asMarketId, dec } from '../../../src/domain/index.ts';
import { PolymarketVenue } from '../../../src/venues/polymarket/index.ts';
import { conformanceOrder } from '../../conformance/venue-conformance.ts';

const TOKEN = '123456789';
const KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const CREDS = {
  key: 'a3c6f7e2-1b4d-4c8e-9f0a-2b3c4d5e6f70',
  secret: '-B1CZ4yx1vsgRWqPtNn-I0htkrfcASZLcJW63wQpTnM=',
  passphrase: '5f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0',
};

type Script = (req: IncomingMessage, body: string, res: ServerResponse) => void;

describe('placeOrder outcomes against a scripted server', () => {
  let server: Server;
  let venue: PolymarketVenue;
  let script: Script = () => undefined;
  const seen: { body: string; recordedBefore: string | undefined }[] = [];
  let current: ReturnType<typeof conformanceOrder> | undefined;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        const path = (req.url ?? '').split('?')[0];
        const json = (status: number, v: unknown, headers: Record<string, string> = {}) => {
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          res.end(JSON.stringify(v));
        };
        if (path === '/tick-size') return json(200, { minimum_tick_size: 0.01 });
        if (path === '/neg-risk') return json(200, { neg_risk: false });
        if (path === '/book') return json(200, { bids: [], asks: [], min_order_size: '5' });
        if (path === '/order' && req.method === 'POST') {
          seen.push({ body, recordedBefore: current && venue.venueOrderIdOf(current.id) });
          return script(req, body, res);
        }
        json(404, { error: 'not found' });
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    venue = new PolymarketVenue({
      host: `http://127.0.0.1:${port}`,
      privateKey: KEY,
      creds: CREDS,
      timeoutMs: 300,
    });
    await venue.prepareMarket(TOKEN);
  });
  afterAll(async () => {
    await venue.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const place = async (s: Script) => {
    script = s;
    current = conformanceOrder(venue, asMarketId(TOKEN), { price: dec('0.4'), size: dec(10) });
    const out = await venue.placeOrder(current);
    return { out, order: current };
  };
  const reply =
    (status: number, v: unknown, headers: Record<string, string> = {}): Script =>
    (_q, _b, res) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(v));
    };

  it('records the order hash before sending; a 500 after acceptance is unknown and keeps the hash', async () => {
    const { out, order } = await place(reply(500, { error: 'internal error' }));
    expect(out.kind).toBe('unknown');
    const hash = venue.venueOrderIdOf(order.id);
    expect(hash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(seen.at(-1)?.recordedBefore).toBe(hash);
    expect(JSON.parse(seen.at(-1)!.body).owner).toBe(CREDS.key);
  });

  it('a timeout is unknown', async () => {
    const { out } = await place(() => undefined);
    expect(out).toMatchObject({ kind: 'unknown' });
    if (out.kind === 'unknown') expect(out.reason).toContain('timeout');
  });

  it('425, Duplicated and 200 with errorMsg are unknown', async () => {
    expect((await place(reply(425, { error: 'service not ready' }))).out.kind).toBe('unknown');
    expect((await place(reply(400, { error: 'order 0x1 is invalid. Duplicated.' }))).out.kind).toBe(
      'unknown',
    );
    expect((await place(reply(200, { success: false, errorMsg: 'order delayed' }))).out.kind).toBe('unknown');
  });

  it('429 is a rejection carrying Retry-After', async () => {
    const { out, order } = await place(reply(429, { error: 'Too Many Requests' }, { 'retry-after': '2' }));
    expect(out).toEqual({
      kind: 'rejected',
      code: 'rate_limited',
      message: 'Too Many Requests',
      retryAfterMs: 2000,
    });
    expect(venue.venueOrderIdOf(order.id)).toBeUndefined();
  });

  it('401 is a rejection with auth_failed and never shows the credentials', async () => {
    const { out } = await place(reply(401, { error: 'Unauthorized/Invalid api key' }));
    expect(out).toMatchObject({ kind: 'rejected', code: 'auth_failed' });
    const text = JSON.stringify(out);
    expect(text).not.toContain(CREDS.secret);
    expect(text).not.toContain(CREDS.passphrase);
  });

  it('accepted live is Working with the hash as venueOrderId', async () => {
    const { out, order } = await place((_q, body, res) => {
      const id = venue.venueOrderIdOf(current!.id);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          success: true,
          errorMsg: '',
          orderID: id,
          status: 'live',
          makingAmount: '',
          takingAmount: '',
        }),
      );
      expect(body.length).toBeGreaterThan(0);
    });
    expect(out).toEqual({
      kind: 'accepted',
      venueOrderId: venue.venueOrderIdOf(order.id),
      status: 'Working',
    });
  });
});
