/**
 * Uniswap adapter on the local chain (automine): refusals before signing, and swaps that revert when
 * mined (slippage after the price moved, an expired deadline) become rejections with the contract's
 * revert reason and the gas they spent; a nonce given back unsent is filled; concurrent orders get consecutive nonces.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dec, fmt, fromUnits } from '../../../src/domain/index.ts';
import type { UniswapChain } from '../../../src/sim/uniswap/index.ts';
import { createUniswapVenue, type UniswapVenue } from '../../../src/venues/uniswap/index.ts';
import { minedCount, order, rpc, startChain, TKN_USD, venueConfig } from './chain-support.ts';

describe('uniswap adapter: refusals and reverts', () => {
  let chain: UniswapChain;
  let venue: UniswapVenue;
  let mover: UniswapVenue;
  let v3venue: UniswapVenue;
  beforeAll(async () => {
    chain = await startChain();
    venue = await createUniswapVenue(venueConfig(chain, 0));
    const v3only = (i: number, slippageBps: number) => {
      const cfg = venueConfig(chain, i, { slippageBps });
      return {
        ...cfg,
        markets: [{ id: 'WETH/USD', base: 'WETH', quote: 'USD', v3Fees: [500] }, cfg.markets[1]!],
      };
    };
    mover = await createUniswapVenue(v3only(1, 5000));
    v3venue = await createUniswapVenue(v3only(2, 50));
  }, 30_000);
  afterAll(async () => {
    await venue?.close();
    await mover?.close();
    await v3venue?.close();
    await chain?.stop();
  });

  it('refuses a FOK limit the pools cannot reach, without sending anything', async () => {
    // approvals are given once, before the first quote of a token: done here first
    const warm = await venue.placeOrder(order({ side: 'Sell', size: dec('0.01') }));
    expect(warm.kind, show(warm)).toBe('accepted');
    const before = await minedCount(chain, venue.address);
    const out = await venue.placeOrder(
      order({ orderType: 'Limit', timeInForce: 'FOK', side: 'Sell', price: dec('3100'), size: dec('1') }),
    );
    expect(out.kind).toBe('rejected');
    if (out.kind === 'rejected') {
      expect(out.code).toBe('SLIPPAGE');
      expect(out.message).toMatch(/limit price 3100 not reachable/);
    }
    expect(await minedCount(chain, venue.address)).toBe(before);
  });

  it('refuses a bad slippage override naming params.slippageBps', async () => {
    const out = await venue.placeOrder(order({ size: dec('1'), params: { slippageBps: '9000' } }));
    expect(out.kind === 'rejected' && out.message.startsWith('params.slippageBps')).toBe(true);
  });

  it('a sell larger than the balance is refused by simulation with the token revert', async () => {
    const out = await venue.placeOrder(order({ side: 'Sell', size: dec('5000') }));
    expect(out.kind).toBe('rejected');
    if (out.kind === 'rejected') expect(out.code).toBe('TRANSFER_FAILED');
  });

  it('V3: the price moves after signing -> mined revert "Too little received" -> rejected', async () => {
    const o = order({ side: 'Sell', size: dec('1'), params: { slippageBps: '10' } });
    const prep = await v3venue.prepareOrder(o);
    expect(prep.kind).toBe('prepared');
    expect(v3venue.routeOf(o.id)).toMatch(/^v3\/500/);
    const dump = await mover.placeOrder(order({ side: 'Sell', size: dec('20') }));
    expect(dump.kind).toBe('accepted');
    const before = await minedCount(chain, v3venue.address);
    const out = await v3venue.placeOrder(o);
    expect(out.kind).toBe('rejected');
    // the reverted swap was mined once, and what its gas cost is on the rejection
    expect(await minedCount(chain, v3venue.address)).toBe(before + 1);
    if (prep.kind !== 'prepared') return;
    const receipt = await rpc<{ gasUsed: string; effectiveGasPrice: string }>(
      chain,
      'eth_getTransactionReceipt',
      [prep.venueOrderId],
    );
    const gas = fmt(fromUnits(BigInt(receipt.gasUsed) * BigInt(receipt.effectiveGasPrice), 18));
    if (out.kind === 'rejected') {
      expect(out.code).toBe('SLIPPAGE');
      expect(out.message).toBe(`Too little received (gas spent: ${gas} ETH)`);
    }
    const rep = await v3venue.getOrderStatus({ orderId: o.id, market: o.market });
    expect(rep?.status).toBe('Rejected');
    expect(rep?.reason).toMatch(/Too little received/);
  });

  it('V2: the price moves after signing -> "UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT"', async () => {
    const o = order({ market: TKN_USD, side: 'Sell', size: dec('1000'), params: { slippageBps: '10' } });
    expect((await venue.prepareOrder(o)).kind).toBe('prepared');
    const dump = await mover.placeOrder(order({ market: TKN_USD, side: 'Sell', size: dec('20000') }));
    expect(dump.kind).toBe('accepted');
    const out = await venue.placeOrder(o);
    expect(out.kind === 'rejected' && out.message).toMatch(
      /^UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT \(gas spent: 0\.\d+ ETH\)$/,
    );
  });

  it('an expired deadline: "Transaction too old" (V3) and "UniswapV2Router: EXPIRED" (V2)', async () => {
    const v3 = order({ side: 'Buy', size: dec('0.2') });
    const v2 = order({ market: TKN_USD, side: 'Buy', size: dec('100') });
    expect((await v3venue.prepareOrder(v3)).kind).toBe('prepared');
    expect((await venue.prepareOrder(v2)).kind).toBe('prepared');
    await rpc(chain, 'evm_increaseTime', [3600]);
    await rpc(chain, 'evm_mine');
    const a = await v3venue.placeOrder(v3);
    const b = await venue.placeOrder(v2);
    expect(a.kind === 'rejected' && `${a.code} ${a.message}`).toMatch(
      /^DEADLINE_EXPIRED Transaction too old \(gas spent: /,
    );
    expect(b.kind === 'rejected' && `${b.code} ${b.message}`).toMatch(
      /^DEADLINE_EXPIRED UniswapV2Router: EXPIRED \(gas spent: /,
    );
  });

  it('refuses an order while the base fee is above the configured fee cap', async () => {
    const capped = await createUniswapVenue(venueConfig(chain, 2, { maxFeePerGasGwei: '0.000000001' }));
    try {
      const out = await capped.placeOrder(order({ side: 'Sell', size: dec('0.1') }));
      expect(out.kind === 'rejected' && `${out.code} ${out.message}`).toMatch(
        /^FEE_TOO_LOW base fee \d+ wei is above maxFeePerGas 1 wei/,
      );
    } finally {
      await capped.close();
    }
  });

  it('fills a nonce gap left by a prepared swap that is never sent', async () => {
    const first = order({ side: 'Sell', size: dec('0.1') });
    const second = order({ side: 'Sell', size: dec('0.1') });
    expect((await venue.prepareOrder(first)).kind).toBe('prepared');
    expect((await venue.prepareOrder(second)).kind).toBe('prepared');
    const before = await minedCount(chain, venue.address);
    // the engine drops the first (e.g. risk refused it after prepare): its nonce is a gap below the second
    venue.release(first.id);
    const out = await venue.placeOrder(second);
    expect(out.kind === 'accepted' && out.status, show(out)).toBe('Filled');
    // the gap filler (0-value self transfer) and the second swap were mined
    expect(await minedCount(chain, venue.address)).toBe(before + 2);
    expect(await venue.getOrderStatus({ orderId: first.id, market: first.market })).toBeNull();
  });

  it('gives concurrent orders consecutive nonces: all fill, none lost', async () => {
    const orders = [1, 2, 3, 4].map(() => order({ side: 'Buy', size: dec('0.05') }));
    const outs = await Promise.all(orders.map((o) => venue.placeOrder(o)));
    expect(
      outs.map((o) => (o.kind === 'accepted' ? o.status : o.kind)),
      show(outs),
    ).toEqual(['Filled', 'Filled', 'Filled', 'Filled']);
    const nonces: number[] = [];
    for (const o of outs) {
      if (o.kind !== 'accepted') continue;
      const tx = await rpc<{ nonce: string }>(chain, 'eth_getTransactionByHash', [o.venueOrderId]);
      nonces.push(Number(tx.nonce));
    }
    nonces.sort((a, b) => a - b);
    expect(nonces).toEqual([0, 1, 2, 3].map((i) => nonces[0]! + i));
  });
});

function show(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
}
