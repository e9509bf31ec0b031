/** The reference's test vectors (§2, §3, §12), made with the official client, reproduced exactly. */
import { describe, expect, it } from 'vitest';
import { dec, Side } from '../../domain/index.ts';
import { ValidationError } from '../../errors/index.ts';
import { toHex } from './hex.ts';
import {
  CLOB_AUTH_DOMAIN_SEPARATOR_137,
  clobAuthDigest,
  EcdsaSigner,
  L2Authenticator,
  l1Headers,
  limitOrderAmounts,
  marketOrderAmounts,
  ORDER_TYPEHASH,
  OrderSigner,
  orderDomainSeparator,
  postOrderBody,
} from './index.ts';

const KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const ADDRESS = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const API_KEY = 'a3c6f7e2-1b4d-4c8e-9f0a-2b3c4d5e6f70';
const PASSPHRASE = '5f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0';
const SECRET = '-B1CZ4yx1vsgRWqPtNn-I0htkrfcASZLcJW63wQpTnM=';
const TOKEN_A = '71321045679252212594626385532706912750332728571942532289631379312455583992563';
const TOKEN_N = '48331043336612883890938759509493159234755048973500640148014422747788308965732';

const ecdsa = new EcdsaSigner(KEY);
const signer = new OrderSigner(ecdsa, { chainId: 137, random: () => 0.5, now: () => 1780000000000 });
const auth = new L2Authenticator(ADDRESS, { key: API_KEY, secret: SECRET, passphrase: PASSPHRASE });

const BODY_A =
  '{"deferExec":false,"postOnly":false,"order":{"salt":890000000000,"maker":"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266","signer":"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266","tokenId":"71321045679252212594626385532706912750332728571942532289631379312455583992563","makerAmount":"12180900","takerAmount":"21370000","side":"BUY","signatureType":0,"timestamp":"1780000000000","expiration":"0","metadata":"0x0000000000000000000000000000000000000000000000000000000000000000","builder":"0x0000000000000000000000000000000000000000000000000000000000000000","signature":"0x59d8873434edd7a81cbd9e98ebd6957ec0da95d90c65ca66a4184fd14bfa69086900b782c3726daf02d46689fdf070ff44335fd4e611be673f4ca3d00546af5c1c"},"owner":"a3c6f7e2-1b4d-4c8e-9f0a-2b3c4d5e6f70","orderType":"GTC"}';

describe('reference constants (§2)', () => {
  it('type hash, domain separators and the address of the test key', () => {
    expect(toHex(ORDER_TYPEHASH)).toBe('0xbb86318a2138f5fa8ae32fbe8e659f8fcf13cc6ae4014a707893055433818589');
    expect(toHex(orderDomainSeparator(137, false))).toBe(
      '0x3264e159346253e26a64e00b69032db0e7d32f94628de3e6eecb50304d7af3d2',
    );
    expect(toHex(orderDomainSeparator(137, true))).toBe(
      '0x9b858f53327b0bd13af8ec14cfb35234fb9eb7b0504d1a4e61f433840d30e81a',
    );
    expect(CLOB_AUTH_DOMAIN_SEPARATOR_137).toBe(
      '0xcfc66be2a3b30464cb3b588324101f660c9a205fa76e8e5f83ee16a528e1c4cb',
    );
    expect(ecdsa.address).toBe(ADDRESS);
    expect(() => orderDomainSeparator(1, false)).toThrow(ValidationError);
  });
});

describe('amount table (§3)', () => {
  const rows: [string, 'limit' | 'market', Side, string, string, string, bigint, bigint][] = [
    ['limit BUY 0.57 10', 'limit', Side.Buy, '0.57', '10', '0.01', 5700000n, 10000000n],
    ['limit SELL 0.65 45.456', 'limit', Side.Sell, '0.65', '45.456', '0.01', 45450000n, 29542500n],
    ['limit BUY 0.0325 12.34', 'limit', Side.Buy, '0.0325', '12.34', '0.0025', 401050n, 12340000n],
    ['market BUY 0.57 10', 'market', Side.Buy, '0.57', '10', '0.01', 10000000n, 17543800n],
    ['market BUY 0.333 10', 'market', Side.Buy, '0.333', '10', '0.001', 10000000n, 30030030n],
  ];
  for (const [name, kind, side, price, size, tick, maker, taker] of rows) {
    it(`official: ${name}`, () => {
      const f = kind === 'limit' ? limitOrderAmounts : marketOrderAmounts;
      const a = f(side, dec(price), dec(size), tick as '0.01', 'official');
      expect([a.makerAmount, a.takerAmount]).toEqual([maker, taker]);
    });
  }
  it('venue mode: market BUY on tick 0.001 keeps 4 decimals of shares (the official 30030030 is refused live)', () => {
    const a = marketOrderAmounts(Side.Buy, dec('0.333'), dec('10'), '0.001');
    expect([a.makerAmount, a.takerAmount]).toEqual([10000000n, 30030000n]);
  });
});

describe('signed orders and bodies (§12 a-c)', () => {
  it('(a) GTC BUY 21.37 @ 0.57: body byte for byte, id, GTD copy has the same id and signature', () => {
    const o = signer.buildLimitOrder({
      tokenId: TOKEN_A,
      side: Side.Buy,
      price: dec('0.57'),
      size: dec('21.37'),
      tickSize: '0.01',
      negRisk: false,
    });
    const body = postOrderBody(o, API_KEY, 'GTC');
    expect(body).toBe(BODY_A);
    expect(Buffer.byteLength(body)).toBe(760);
    expect(o.orderId).toBe('0xb4646e3db6aa59d9939f993340a592198dcd216852ca12d5b1a91d32a0e90379');
    const gtd = signer.buildLimitOrder({
      tokenId: TOKEN_A,
      side: Side.Buy,
      price: dec('0.57'),
      size: dec('21.37'),
      tickSize: '0.01',
      negRisk: false,
      expiration: 1780000120,
    });
    expect(gtd.orderId).toBe(o.orderId);
    expect(gtd.signature).toBe(o.signature);
    expect(postOrderBody(gtd, API_KEY, 'GTD')).toContain('"expiration":"1780000120"');
    expect(auth.headers(1780000000, 'POST', '/order', body).POLY_SIGNATURE).toBe(
      'EpoyTOyKxdNRuy08Xwtleb3xjPyy0pSlp0DIZ1ASHko=',
    );
  });

  it('(b) GTC SELL 33.337 @ 0.347, tick 0.001, neg-risk', () => {
    const o = signer.buildLimitOrder({
      tokenId: TOKEN_N,
      side: Side.Sell,
      price: dec('0.347'),
      size: dec('33.337'),
      tickSize: '0.001',
      negRisk: true,
    });
    expect([o.makerAmount, o.takerAmount, o.side]).toEqual([33330000n, 11565510n, 'SELL']);
    expect(o.signature).toBe(
      '0xc31f6187ad92c87401ce6cf2e285e2cf3c5321a34c8c194768c7604082a1ebd623f7cb447fb232894799a389781bdb78b768b4346d02341f39eb0b865c351e461b',
    );
    expect(o.orderId).toBe('0xa0354318e129e0a5bda8ffb4781c218d8738f1ae0c644b0e977408b0eb4ce19c');
    const body = postOrderBody(o, API_KEY, 'GTC');
    expect(body).toBe(
      BODY_A.replace(TOKEN_A, TOKEN_N)
        .replace('"12180900"', '"33330000"')
        .replace('"21370000"', '"11565510"')
        .replace('"BUY"', '"SELL"')
        .replace(/"signature":"0x[0-9a-f]+"/, `"signature":"${o.signature}"`),
    );
    expect(auth.headers(1780000000, 'POST', '/order', body).POLY_SIGNATURE).toBe(
      '2w1fK52kxTTOvUdg2b8HiCQdxr7yORw72PqLTTFkIf4=',
    );
  });

  it('(c) FOK market BUY 25 pUSD @ 0.62', () => {
    const o = signer.buildMarketOrder({
      tokenId: TOKEN_A,
      side: Side.Buy,
      price: dec('0.62'),
      amount: dec('25'),
      tickSize: '0.01',
      negRisk: false,
    });
    expect([o.makerAmount, o.takerAmount]).toEqual([25000000n, 40322500n]);
    expect(o.signature).toBe(
      '0xeacd64b4704bc07be6f092a8429278b79dd3bf0f8bfcbc7ab154ee80a08ae5f20f4e6b9aa570b69ec286324d92bb8dc5cb9e1f9b1d37d5fc9ca2e59ae3d5a21a1c',
    );
    expect(o.orderId).toBe('0xad9b83ec6a0a1ea64a8a45e1324646deb9e2385c2fd96f0fa8c5c3b44238a89c');
    const body = postOrderBody(o, API_KEY, 'FOK');
    expect(body.endsWith('"orderType":"FOK"}')).toBe(true);
    expect(auth.headers(1780000000, 'POST', '/order', body).POLY_SIGNATURE).toBe(
      'KnupRjhRoFW-w-dY6o1_LFnAuRTVBG8K_w328CG4Iys=',
    );
    expect(() => postOrderBody(o, API_KEY, 'FOK', true)).toThrow(ValidationError);
  });
});

describe('auth headers (§12 d-e)', () => {
  it('(d) L1 headers', () => {
    expect(toHex(clobAuthDigest(ADDRESS, 1780000000, 0, 137))).toBe(
      '0x02ed0f7bf82bcf31895a459b962e9921d5002213870e524864e43aefcfbeb1b7',
    );
    expect(l1Headers(ecdsa, 1780000000)).toEqual({
      POLY_ADDRESS: ADDRESS,
      POLY_SIGNATURE:
        '0x20e16d3674a1ba23b50f830c1c6e88807173acd4ed0b825e24c2d83923f14d757ce99d990aa08c01f651bd6ae2e829060d28bca72b053a5508627f70e16483061c',
      POLY_TIMESTAMP: '1780000000',
      POLY_NONCE: '0',
    });
  });

  it('(e) L2 HMACs, secret padded or not', () => {
    const h = auth.headers(1780000000, 'GET', '/data/orders');
    expect(h).toEqual({
      POLY_ADDRESS: ADDRESS,
      POLY_SIGNATURE: 'SmMWplF15ShjryQmudVJ5yXEXHyjjdpfFy5IoYCiYtk=',
      POLY_TIMESTAMP: '1780000000',
      POLY_API_KEY: API_KEY,
      POLY_PASSPHRASE: PASSPHRASE,
    });
    const unpadded = new L2Authenticator(ADDRESS, {
      key: API_KEY,
      secret: SECRET.replace('=', ''),
      passphrase: '',
    });
    const del = `{"orderID":"0xb4646e3db6aa59d9939f993340a592198dcd216852ca12d5b1a91d32a0e90379"}`;
    expect(unpadded.headers(1780000000, 'DELETE', '/order', del).POLY_SIGNATURE).toBe(
      'zBb45TC0VbZOw9iomv-ZfE3eEeROWqdnaFB-7PmUYnE=',
    );
    expect(JSON.stringify(auth)).not.toContain(SECRET);
    expect(JSON.stringify(auth)).not.toContain(PASSPHRASE);
  });
});

describe('ECDSA core', () => {
  it('equals @noble/curves deterministic low-s recovered signatures', async () => {
    const { secp256k1 } = await import('@noble/curves/secp256k1.js');
    const { keccak_256 } = await import('@noble/hashes/sha3.js');
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        (k, m) => {
          if (!secp256k1.utils.isValidSecretKey(k)) return;
          const digest = keccak_256(m);
          const rec = secp256k1.sign(digest, k, { prehash: false, format: 'recovered' });
          const expected = toHex(Uint8Array.from([...rec.subarray(1), 27 + rec[0]!]));
          expect(new EcdsaSigner(k).signDigestHex(digest)).toBe(expected);
        },
      ),
      { numRuns: 300, seed: 1 },
    );
  });
});
