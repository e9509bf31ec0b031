/**
 * Differential property tests against the official client `@polymarket/clob-client-v2`: the same inputs,
 * salt and clock give the same signed order JSON (amounts, signature), the same L1 and L2 headers.
 */

import {
  createL1Headers,
  createL2Headers,
  OrderBuilder,
  orderToJsonV2,
  OrderType as PmOrderType,
  Side as PmSide,
} from '@polymarket/clob-client-v2';
import fc from 'fast-check';
import { createWalletClient, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { polygon } from 'viem/chains';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dec, fmt, mulInt, Side } from '../../domain/index.ts';
import {
  EcdsaSigner,
  L2Authenticator,
  l1Headers,
  limitOrderAmounts,
  MARKET_BUY_TAKER_DECIMALS,
  marketOrderAmounts,
  OrderSigner,
  orderJson,
  postOrderBody,
  ROUNDING_CONFIG,
  SignatureType,
  TICK_SIZES,
  type TickSize,
} from './index.ts';

type OfficialOrderV2 = Parameters<typeof orderToJsonV2>[0];

const KEYS = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
];
const FUNDER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const TOKENS = [
  '71321045679252212594626385532706912750332728571942532289631379312455583992563',
  '48331043336612883890938759509493159234755048973500640148014422747788308965732',
  '1',
];
const OWNER = 'a3c6f7e2-1b4d-4c8e-9f0a-2b3c4d5e6f70';

function walletOf(key: string) {
  const account = privateKeyToAccount(key as `0x${string}`);
  return createWalletClient({ account, chain: polygon, transport: http('http://127.0.0.1:9') });
}

/** A price on the tick grid within [tick, 1 - tick]. */
const tickAndPrice = fc.constantFrom(...TICK_SIZES).chain((tick) => {
  const steps = Math.round(1 / Number(tick));
  return fc.integer({ min: 1, max: steps - 1 }).map((k) => ({ tick, price: fmt(mulInt(dec(tick), k)) }));
});
/** Sizes 0.01 .. 100000 with up to 4 decimals (so the cut to 2 decimals matters). */
const size = fc.oneof(
  fc.integer({ min: 100, max: 1_000_000_000 }).map((n) => fmt(dec(`${n}e-4`))),
  fc.integer({ min: 1, max: 10_000_000 }).map((n) => fmt(dec(`${n}e-2`))),
);

const orderCase = fc.record({
  key: fc.constantFrom(...KEYS),
  sigType: fc.constantFrom<SignatureType>(0, 1, 2, 3),
  token: fc.constantFrom(...TOKENS),
  tp: tickAndPrice,
  size,
  buy: fc.boolean(),
  negRisk: fc.boolean(),
  random: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  now: fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 }),
  expiration: fc.oneof(fc.constant(undefined), fc.integer({ min: 1_700_000_000, max: 1_900_000_000 })),
  builder: fc.oneof(fc.constant(undefined), fc.constant(`0x${'ab'.repeat(32)}`)),
});

afterEach(() => vi.restoreAllMocks());

function stubClock(random: number, now: number): void {
  vi.spyOn(Math, 'random').mockReturnValue(random);
  vi.spyOn(Date, 'now').mockReturnValue(now);
}

function oursFor(c: { key: string; sigType: SignatureType; random: number; now: number }): OrderSigner {
  return new OrderSigner(new EcdsaSigner(c.key), {
    chainId: 137,
    signatureType: c.sigType,
    ...(c.sigType === SignatureType.EOA ? {} : { funderAddress: FUNDER }),
    random: () => c.random,
    now: () => c.now,
  });
}

function officialFor(c: { key: string; sigType: SignatureType }): OrderBuilder {
  return new OrderBuilder(walletOf(c.key), 137, c.sigType, c.sigType === 0 ? undefined : FUNDER);
}

describe('official client differential', () => {
  it('limit orders: identical signed order JSON and POST body (1200 random orders)', async () => {
    await fc.assert(
      fc.asyncProperty(orderCase, async (c) => {
        stubClock(c.random, c.now);
        const official = await officialFor(c).buildOrder(
          {
            tokenID: c.token,
            price: Number(c.tp.price),
            size: Number(c.size),
            side: c.buy ? PmSide.BUY : PmSide.SELL,
            ...(c.expiration === undefined ? {} : { expiration: c.expiration }),
            ...(c.builder === undefined ? {} : { builderCode: c.builder }),
          },
          { tickSize: c.tp.tick, negRisk: c.negRisk },
          2,
        );
        vi.restoreAllMocks();
        const ours = oursFor(c).buildLimitOrder({
          tokenId: c.token,
          side: c.buy ? Side.Buy : Side.Sell,
          price: dec(c.tp.price),
          size: dec(c.size),
          tickSize: c.tp.tick,
          negRisk: c.negRisk,
          mode: 'official',
          ...(c.expiration === undefined ? {} : { expiration: c.expiration }),
          ...(c.builder === undefined ? {} : { builder: c.builder }),
        });
        const type = c.expiration === undefined ? PmOrderType.GTC : PmOrderType.GTD;
        expect(postOrderBody(ours, OWNER, type)).toBe(
          JSON.stringify(orderToJsonV2(official as OfficialOrderV2, OWNER, type)),
        );
        expect(orderJson(ours)).toBe(
          JSON.stringify(orderToJsonV2(official as OfficialOrderV2, OWNER, type).order),
        );
      }),
      { numRuns: 1200, seed: 4242 },
    );
  });

  it('market orders: identical signed order JSON (1000 random orders)', async () => {
    await fc.assert(
      fc.asyncProperty(orderCase, fc.constantFrom('FOK', 'FAK'), async (c, orderType) => {
        stubClock(c.random, c.now);
        const official = await officialFor(c).buildMarketOrder(
          {
            tokenID: c.token,
            price: Number(c.tp.price),
            amount: Number(c.size),
            side: c.buy ? PmSide.BUY : PmSide.SELL,
            orderType: orderType === 'FOK' ? PmOrderType.FOK : PmOrderType.FAK,
          },
          { tickSize: c.tp.tick, negRisk: c.negRisk },
          2,
        );
        vi.restoreAllMocks();
        const ours = oursFor(c).buildMarketOrder({
          tokenId: c.token,
          side: c.buy ? Side.Buy : Side.Sell,
          price: dec(c.tp.price),
          amount: dec(c.size),
          tickSize: c.tp.tick,
          negRisk: c.negRisk,
          mode: 'official',
        });
        const type = orderType === 'FOK' ? PmOrderType.FOK : PmOrderType.FAK;
        expect(postOrderBody(ours, OWNER, orderType)).toBe(
          JSON.stringify(orderToJsonV2(official as OfficialOrderV2, OWNER, type)),
        );
      }),
      { numRuns: 1000, seed: 777 },
    );
  });

  it('L1 headers equal createL1Headers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...KEYS),
        fc.integer({ min: 1_600_000_000, max: 2_000_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.constantFrom(137, 80002),
        async (key, ts, nonce, chain) => {
          const official = await createL1Headers(walletOf(key), chain, nonce, ts);
          expect(l1Headers(new EcdsaSigner(key), ts, nonce, chain)).toEqual(official);
        },
      ),
      { numRuns: 100, seed: 11 },
    );
  });

  it('L2 headers equal createL2Headers for random secrets, methods, paths and bodies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.boolean(),
        fc.integer({ min: 1_600_000_000, max: 2_000_000_000 }),
        fc.constantFrom('GET', 'POST', 'DELETE'),
        fc.constantFrom('/order', '/orders', '/data/orders', '/cancel-all', '/data/order/0xabc'),
        fc.oneof(fc.constant(undefined), fc.string(), fc.json()),
        async (bytes, padded, ts, method, path, body) => {
          let secret = Buffer.from(bytes).toString('base64url');
          if (padded) secret += '='.repeat((4 - (secret.length % 4)) % 4);
          const creds = { key: OWNER, secret, passphrase: 'pp' };
          const official = await createL2Headers(
            walletOf(KEYS[0]!),
            creds,
            { method, requestPath: path, ...(body === undefined ? {} : { body }) },
            ts,
          );
          const ours = new L2Authenticator(new EcdsaSigner(KEYS[0]!).address, creds).headers(
            ts,
            method,
            path,
            body,
          );
          expect(ours).toEqual(official);
        },
      ),
      { numRuns: 300, seed: 5 },
    );
  });
});

describe('venue mode versus official mode', () => {
  const amountCase = fc.record({ tp: tickAndPrice, size, buy: fc.boolean(), market: fc.boolean() });
  it('market BUY share amounts keep <= 4 decimals; everything else equals the official results', () => {
    fc.assert(
      fc.property(amountCase, ({ tp, size: s, buy, market }) => {
        const side = buy ? Side.Buy : Side.Sell;
        const f = market ? marketOrderAmounts : limitOrderAmounts;
        const venue = f(side, dec(tp.price), dec(s), tp.tick, 'venue');
        const official = f(side, dec(tp.price), dec(s), tp.tick, 'official');
        expect(venue.makerAmount).toBe(official.makerAmount);
        if (market && buy) {
          expect(venue.takerAmount % 10n ** BigInt(6 - MARKET_BUY_TAKER_DECIMALS)).toBe(0n);
          if (ROUNDING_CONFIG[tp.tick as TickSize].amount <= MARKET_BUY_TAKER_DECIMALS)
            expect(venue.takerAmount).toBe(official.takerAmount);
          else expect(official.takerAmount - venue.takerAmount).toBeLessThan(100n);
        } else {
          expect(venue.takerAmount).toBe(official.takerAmount);
        }
      }),
      { numRuns: 5000, seed: 99 },
    );
  });
});
