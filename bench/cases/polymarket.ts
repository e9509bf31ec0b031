/**
 * `polymarket.sign`: build + sign one Polymarket V2 limit order with our OrderSigner (amounts, EIP-712
 * hashes, ECDSA), and `polymarket.sign.official`: the same order through the official client's
 * `OrderBuilder` with a viem local account, measured in the same run with the same inputs.
 */
import { OrderBuilder, Side as PmSide } from '@polymarket/clob-client-v2';
import { createWalletClient, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { polygon } from 'viem/chains';
import { dec, Side } from '../../src/domain/index.ts';
import { EcdsaSigner, OrderSigner } from '../../src/venues/polymarket/index.ts';
import { type BenchResult, measure, measureAsync } from '../harness.ts';

const KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const TOKEN = '71321045679252212594626385532706912750332728571942532289631379312455583992563';
const SIZES = Array.from({ length: 1024 }, (_, i) => `${10 + (i % 500)}.${(i * 7) % 100}`);

/** Runs the Polymarket signing cases (ours first, then the official builder). */
export async function polymarketCases(): Promise<BenchResult[]> {
  const ours = new OrderSigner(new EcdsaSigner(KEY), { chainId: 137 });
  const sizes = SIZES.map((s) => dec(s));
  const price = dec('0.57');
  const mine = measure(
    'polymarket.sign',
    (i) =>
      ours.buildLimitOrder({
        tokenId: TOKEN,
        side: i % 2 ? Side.Buy : Side.Sell,
        price,
        size: sizes[i & 1023]!,
        tickSize: '0.01',
        negRisk: (i & 4) !== 0,
      }),
    { batch: 50, samples: 200, warmup: 20 },
  );
  const account = privateKeyToAccount(KEY);
  const wallet = createWalletClient({ account, chain: polygon, transport: http('http://127.0.0.1:9') });
  const builder = new OrderBuilder(wallet, 137);
  const official = await measureAsync(
    'polymarket.sign.official',
    (i) =>
      builder.buildOrder(
        {
          tokenID: TOKEN,
          price: 0.57,
          size: Number(SIZES[i & 1023]),
          side: i % 2 ? PmSide.BUY : PmSide.SELL,
        },
        { tickSize: '0.01', negRisk: (i & 4) !== 0 },
        2,
      ),
    { iterations: 2000, warmup: 300 },
  );
  return [mine, official];
}
