/**
 * The venue conformance suite for the Uniswap adapter on the local chain (anvil with the published
 * Uniswap contracts). An AMM has no order book, so the suite's notions map as follows:
 * - a "resting" order is a swap waiting in the node's mempool: the chain runs with automine off and the
 *   test transport mines a block right after every transaction it forwards, except a resting swap
 *   (a FOK buy bounded by the resting price), which stays pending and is therefore Working, visible in
 *   the open orders and cancellable by a same-nonce replacement;
 * - GTC is refused by the adapter (nothing rests on a pool), so orders default to FOK here;
 * - `modifyOrder` is refused (a swap cannot be amended): `supportsModify: false`.
 */
import { custom, decodeFunctionData, type Hex, http, parseTransaction } from 'viem';
import { foundry } from 'viem/chains';
import { dec, type Order } from '../../src/domain/index.ts';
import { startUniswapChain } from '../../src/sim/uniswap/index.ts';
import { swapRouterAbi, v2RouterAbi } from '../../src/venues/uniswap/abis.ts';
import { buyMaxQuote, createUniswapVenue } from '../../src/venues/uniswap/index.ts';
import { venueConfig, WETH_USD } from '../venues/uniswap/chain-support.ts';
import { conformanceOrder, describeVenueConformance } from './venue-conformance.ts';

const SIZE = dec('0.1');
const RESTING = dec('3100');
const CROSSING = dec('3500');

/** True for a resting swap: an exact-output buy whose input cap is the resting price and no price limit. */
function isResting(raw: Hex, restingMaxIn: bigint): boolean {
  const tx = parseTransaction(raw);
  if (!tx.data) return false;
  try {
    const d = decodeFunctionData({ abi: swapRouterAbi, data: tx.data });
    if (d.functionName === 'exactOutputSingle')
      return d.args[0].amountInMaximum === restingMaxIn && d.args[0].sqrtPriceLimitX96 === 0n;
  } catch {
    // not a V3 router call
  }
  try {
    const d = decodeFunctionData({ abi: v2RouterAbi, data: tx.data });
    if (d.functionName === 'swapTokensForExactTokens') return d.args[1] === restingMaxIn;
  } catch {
    // not a V2 router call
  }
  return false;
}

describeVenueConformance('uniswap (local chain, automine off)', async () => {
  const chain = await startUniswapChain({ automine: false, accounts: 1 });
  const base = http(chain.url, { retryCount: 0 })({ chain: foundry, retryCount: 0 });
  const restingMaxIn = buyMaxQuote(SIZE, RESTING, chain.tokens.USD!.decimals);
  const transport = custom({
    async request({ method, params }) {
      const r = await base.request({ method, params });
      if (method === 'eth_sendRawTransaction' && !isResting((params as [Hex])[0], restingMaxIn))
        await base.request({ method: 'evm_mine', params: [] });
      return r;
    },
  });
  const venue = await createUniswapVenue(
    venueConfig(chain, 0, { pendingAck: 'working', receiptTimeoutMs: 400, pollIntervalMs: 20 }),
    { transport },
  );
  return {
    adapter: venue,
    market: WETH_USD,
    size: SIZE,
    restingBuyPrice: () => RESTING,
    crossingBuyPrice: () => CROSSING,
    makeOrder: (partial: Partial<Order> = {}) =>
      conformanceOrder(venue, WETH_USD, { timeInForce: 'FOK', ...partial, venue: venue.venueId }),
    supportsModify: false,
    teardown: async () => {
      await venue.close();
      await chain.stop();
    },
  };
});
