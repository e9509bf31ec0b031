/**
 * The reference's test vectors (§12), checked by the simulator's own verification: order digests and
 * signers, L1 and L2 signatures, and the vector requests posted raw to a running simulator whose clock
 * sits at the vectors' time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/domain/index.ts';
import {
  l2Signature,
  orderDigest,
  type PolymarketSim,
  parseEnvelope,
  recoverAuthSigner,
  recoverDigestSigner,
  startPolymarketSim,
} from '../../../src/sim/polymarket/index.ts';

const ADDRESS = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const KEY = 'a3c6f7e2-1b4d-4c8e-9f0a-2b3c4d5e6f70';
const PASSPHRASE = '5f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0';
const SECRET = '-B1CZ4yx1vsgRWqPtNn-I0htkrfcASZLcJW63wQpTnM=';
const TOKEN_A = '71321045679252212594626385532706912750332728571942532289631379312455583992563';
const TOKEN_N = '48331043336612883890938759509493159234755048973500640148014422747788308965732';
const TS = '1780000000';

const BODY_A =
  '{"deferExec":false,"postOnly":false,"order":{"salt":890000000000,"maker":"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266","signer":"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266","tokenId":"71321045679252212594626385532706912750332728571942532289631379312455583992563","makerAmount":"12180900","takerAmount":"21370000","side":"BUY","signatureType":0,"timestamp":"1780000000000","expiration":"0","metadata":"0x0000000000000000000000000000000000000000000000000000000000000000","builder":"0x0000000000000000000000000000000000000000000000000000000000000000","signature":"0x59d8873434edd7a81cbd9e98ebd6957ec0da95d90c65ca66a4184fd14bfa69086900b782c3726daf02d46689fdf070ff44335fd4e611be673f4ca3d00546af5c1c"},"owner":"a3c6f7e2-1b4d-4c8e-9f0a-2b3c4d5e6f70","orderType":"GTC"}';
const HASH_A = '0xb4646e3db6aa59d9939f993340a592198dcd216852ca12d5b1a91d32a0e90379';
const SIG_A =
  '0x59d8873434edd7a81cbd9e98ebd6957ec0da95d90c65ca66a4184fd14bfa69086900b782c3726daf02d46689fdf070ff44335fd4e611be673f4ca3d00546af5c1c';

const BODY_B = BODY_A.replace(TOKEN_A, TOKEN_N)
  .replace('"makerAmount":"12180900"', '"makerAmount":"33330000"')
  .replace('"takerAmount":"21370000"', '"takerAmount":"11565510"')
  .replace('"side":"BUY"', '"side":"SELL"')
  .replace(
    SIG_A,
    '0xc31f6187ad92c87401ce6cf2e285e2cf3c5321a34c8c194768c7604082a1ebd623f7cb447fb232894799a389781bdb78b768b4346d02341f39eb0b865c351e461b',
  );
const HASH_B = '0xa0354318e129e0a5bda8ffb4781c218d8738f1ae0c644b0e977408b0eb4ce19c';

const BODY_C = BODY_A.replace('"makerAmount":"12180900"', '"makerAmount":"25000000"')
  .replace('"takerAmount":"21370000"', '"takerAmount":"40322500"')
  .replace('"orderType":"GTC"', '"orderType":"FOK"')
  .replace(
    SIG_A,
    '0xeacd64b4704bc07be6f092a8429278b79dd3bf0f8bfcbc7ab154ee80a08ae5f20f4e6b9aa570b69ec286324d92bb8dc5cb9e1f9b1d37d5fc9ca2e59ae3d5a21a1c',
  );
const HASH_C = '0xad9b83ec6a0a1ea64a8a45e1324646deb9e2385c2fd96f0fa8c5c3b44238a89c';

const L1_SIG =
  '0x20e16d3674a1ba23b50f830c1c6e88807173acd4ed0b825e24c2d83923f14d757ce99d990aa08c01f651bd6ae2e829060d28bca72b053a5508627f70e16483061c';

function fieldsOf(body: string) {
  const p = parseEnvelope(JSON.parse(body));
  if (!p.ok) throw new Error(`vector did not parse: ${p.kind}`);
  return p.value;
}

function l2Headers(signature: string): Record<string, string> {
  return {
    POLY_ADDRESS: ADDRESS,
    POLY_SIGNATURE: signature,
    POLY_TIMESTAMP: TS,
    POLY_API_KEY: KEY,
    POLY_PASSPHRASE: PASSPHRASE,
    'Content-Type': 'application/json',
  };
}

describe('reference vectors, offline', () => {
  it.each([
    ['a', BODY_A, HASH_A, false],
    ['b', BODY_B, HASH_B, true],
    ['c', BODY_C, HASH_C, false],
  ] as const)(
    'order (%s): digest is the order id and the signer recovers',
    async (_n, body, hash, negRisk) => {
      const env = fieldsOf(body);
      const digest = orderDigest(env.fields, 137, negRisk);
      expect(digest).toBe(hash);
      expect(await recoverDigestSigner(digest, env.signature)).toBe(ADDRESS);
      // the wrong exchange contract gives another digest, so the signature does not verify there
      expect(orderDigest(env.fields, 137, !negRisk)).not.toBe(hash);
    },
  );

  it('GTD copy of (a) has the same digest', () => {
    const gtd = BODY_A.replace('"expiration":"0"', '"expiration":"1780000120"').replace('"GTC"', '"GTD"');
    expect(orderDigest(fieldsOf(gtd).fields, 137, false)).toBe(HASH_A);
  });

  it('L1 (d) recovers the address', async () => {
    expect(await recoverAuthSigner(ADDRESS, TS, 0n, 137, L1_SIG)).toBe(ADDRESS);
    expect(await recoverAuthSigner(ADDRESS, '1780000001', 0n, 137, L1_SIG)).not.toBe(ADDRESS);
  });

  it('L2 (e) and the HMACs of (b) and (c)', () => {
    expect(l2Signature(SECRET, TS, 'POST', '/order', BODY_A)).toBe(
      'EpoyTOyKxdNRuy08Xwtleb3xjPyy0pSlp0DIZ1ASHko=',
    );
    expect(l2Signature(SECRET, TS, 'GET', '/data/orders', '')).toBe(
      'SmMWplF15ShjryQmudVJ5yXEXHyjjdpfFy5IoYCiYtk=',
    );
    expect(l2Signature(SECRET, TS, 'DELETE', '/order', `{"orderID":"${HASH_A}"}`)).toBe(
      'zBb45TC0VbZOw9iomv-ZfE3eEeROWqdnaFB-7PmUYnE=',
    );
    expect(l2Signature(SECRET, TS, 'POST', '/order', BODY_B)).toBe(
      '2w1fK52kxTTOvUdg2b8HiCQdxr7yORw72PqLTTFkIf4=',
    );
    expect(l2Signature(SECRET, TS, 'POST', '/order', BODY_C)).toBe(
      'KnupRjhRoFW-w-dY6o1_LFnAuRTVBG8K_w328CG4Iys=',
    );
    // an unpadded secret signs the same
    expect(l2Signature(SECRET.replace('=', ''), TS, 'GET', '/data/orders', '')).toBe(
      'SmMWplF15ShjryQmudVJ5yXEXHyjjdpfFy5IoYCiYtk=',
    );
  });
});

describe('reference vectors, posted to the simulator', () => {
  let sim: PolymarketSim;
  const clock = new ManualClock(1_780_000_000_000);

  beforeAll(async () => {
    sim = await startPolymarketSim({ clock, seed: 7 });
    sim.admin.registerApiKey({
      key: KEY,
      secret: SECRET,
      passphrase: PASSPHRASE,
      address: ADDRESS,
      nonce: 0n,
    });
    sim.admin.fund(ADDRESS, { usdc: '100', tokens: { [TOKEN_N]: '50' } });
  });
  afterAll(() => sim.close());

  it('L1 (d): derive answers the key, create refuses a second key', async () => {
    const headers = { POLY_ADDRESS: ADDRESS, POLY_SIGNATURE: L1_SIG, POLY_TIMESTAMP: TS, POLY_NONCE: '0' };
    const derived = await fetch(`${sim.url}/auth/derive-api-key`, { headers });
    expect(derived.status).toBe(200);
    expect(await derived.json()).toEqual({ apiKey: KEY, secret: SECRET, passphrase: PASSPHRASE });
    const created = await fetch(`${sim.url}/auth/api-key`, { method: 'POST', headers });
    expect(created.status).toBe(400);
    expect(await created.json()).toEqual({ error: 'Could not create api key' });
    const late = await fetch(`${sim.url}/auth/derive-api-key`, {
      headers: { ...headers, POLY_TIMESTAMP: '1780000500' },
    });
    expect(late.status).toBe(401);
    expect(await late.json()).toEqual({ error: 'Invalid L1 Request headers' });
  });

  it('(a) rests, is listed and cancelled with the vector signatures', async () => {
    const post = await fetch(`${sim.url}/order`, {
      method: 'POST',
      headers: l2Headers('EpoyTOyKxdNRuy08Xwtleb3xjPyy0pSlp0DIZ1ASHko='),
      body: BODY_A,
    });
    expect(post.status).toBe(200);
    expect(await post.json()).toMatchObject({ success: true, errorMsg: '', orderID: HASH_A, status: 'live' });
    const list = await fetch(`${sim.url}/data/orders?next_cursor=MA%3D%3D`, {
      headers: l2Headers('SmMWplF15ShjryQmudVJ5yXEXHyjjdpfFy5IoYCiYtk='),
    });
    const page = (await list.json()) as {
      data: { id: string; price: string; original_size: string }[];
      next_cursor: string;
    };
    expect(page.next_cursor).toBe('LTE=');
    expect(page.data.map((o) => [o.id, o.price, o.original_size])).toEqual([[HASH_A, '0.57', '21.37']]);
    const again = await fetch(`${sim.url}/order`, {
      method: 'POST',
      headers: l2Headers('EpoyTOyKxdNRuy08Xwtleb3xjPyy0pSlp0DIZ1ASHko='),
      body: BODY_A,
    });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ error: `order ${HASH_A} is invalid. Duplicated.` });
    const del = await fetch(`${sim.url}/order`, {
      method: 'DELETE',
      headers: l2Headers('zBb45TC0VbZOw9iomv-ZfE3eEeROWqdnaFB-7PmUYnE='),
      body: `{"orderID":"${HASH_A}"}`,
    });
    expect(await del.json()).toEqual({ canceled: [HASH_A], not_canceled: {} });
  });

  it('(b) neg-risk SELL is accepted; (c) FOK passes auth and signature, then is killed on an empty book', async () => {
    const b = await fetch(`${sim.url}/order`, {
      method: 'POST',
      headers: l2Headers('2w1fK52kxTTOvUdg2b8HiCQdxr7yORw72PqLTTFkIf4='),
      body: BODY_B,
    });
    expect(await b.json()).toMatchObject({ success: true, orderID: HASH_B, status: 'live' });
    const c = await fetch(`${sim.url}/order`, {
      method: 'POST',
      headers: l2Headers('KnupRjhRoFW-w-dY6o1_LFnAuRTVBG8K_w328CG4Iys='),
      body: BODY_C,
    });
    expect(c.status).toBe(400);
    expect(await c.json()).toEqual({
      error: "order couldn't be fully filled. FOK orders are fully filled or killed.",
    });
  });

  it('a bad HMAC or a stale timestamp is 401', async () => {
    const bad = await fetch(`${sim.url}/data/orders`, {
      headers: l2Headers('SmMWplF15ShjryQmudVJ5yXEXHyjjdpfFy5IoYCiYtA='),
    });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ error: 'Unauthorized/Invalid api key' });
    clock.advance(61_000);
    const stale = await fetch(`${sim.url}/data/orders`, {
      headers: l2Headers('SmMWplF15ShjryQmudVJ5yXEXHyjjdpfFy5IoYCiYtk='),
    });
    expect(stale.status).toBe(401);
    clock.advance(-61_000);
  });
});
