/**
 * A restart in the middle of pending swaps (automine off): the first adapter sends three swaps that stay
 * pending, signs a fourth whose hash is journaled but which never reaches the node (a crash between the
 * journal and the send), and sends a fifth that waits behind that nonce gap. A new adapter on the same
 * wallet fills the gap with a 0-value self transfer at start, re-learns the journaled orders by hash,
 * and after one block every sent swap is filled exactly once, the lost one is reported as never arrived,
 * and new orders get the next nonces: zero lost, zero duplicated swaps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dec, type Order } from '../../../src/domain/index.ts';
import type { UniswapChain } from '../../../src/sim/uniswap/index.ts';
import { createUniswapVenue, type UniswapVenue } from '../../../src/venues/uniswap/index.ts';
import { backgroundMiner, minedCount, order, rpc, startChain, until, v3OnlyConfig } from './chain-support.ts';

describe('uniswap adapter: restart with pending swaps', () => {
  let chain: UniswapChain;
  let first: UniswapVenue | undefined;
  let second: UniswapVenue | undefined;
  beforeAll(async () => {
    chain = await startChain({ automine: false });
  }, 30_000);
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await chain?.stop();
  });

  it('recovers: sent swaps fill once, the unsent one never arrives, the gap is filled', async () => {
    const cfg = v3OnlyConfig(chain, 0, { receiptTimeoutMs: 100, pollIntervalMs: 20 });
    first = await createUniswapVenue(cfg);
    const stop = backgroundMiner(chain);
    for (const side of ['Sell', 'Buy'] as const)
      expect((await first.placeOrder(order({ side, size: dec('0.01') }))).kind).toBe('accepted');
    await stop();
    const base = await minedCount(chain, first.address);
    // the journal: each order with the tx hash fixed by prepareOrder
    const journal: Order[] = [];
    const prepare = async (o: Order): Promise<Order> => {
      const p = await first!.prepareOrder(o);
      if (p.kind !== 'prepared') throw new Error(`not prepared: ${JSON.stringify(p)}`);
      const j = { ...o, venueOrderId: p.venueOrderId! };
      journal.push(j);
      return j;
    };
    const sent = [
      await prepare(order({ side: 'Sell', size: dec('0.5') })),
      await prepare(order({ side: 'Buy', size: dec('0.4') })),
      await prepare(order({ side: 'Sell', size: dec('0.3') })),
    ];
    for (const o of sent) expect((await first.placeOrder(o)).kind).toBe('unknown');
    const lost = await prepare(order({ side: 'Buy', size: dec('0.2') })); // journaled, never sent
    const behindGap = await prepare(order({ side: 'Sell', size: dec('0.1') }));
    expect((await first.placeOrder(behindGap)).kind).toBe('unknown');
    // crash: the process is gone (no release, no cancel)
    await first.close();
    first = undefined;
    await rpc(chain, 'evm_mine');
    // only the three contiguous swaps could be mined; the fifth waits behind the gap
    expect(await minedCount(chain, chain.accounts[0]!.address)).toBe(base + 3);

    second = await createUniswapVenue(cfg); // fills the gap at start
    for (const o of journal) second.restoreOrder({ ...o, status: 'Submitting' });
    await rpc(chain, 'evm_mine');
    for (const o of [...sent, behindGap]) {
      const rep = await second.getOrderStatus({
        orderId: o.id,
        venueOrderId: o.venueOrderId!,
        market: o.market,
      });
      expect(rep?.status, o.id).toBe('Filled');
      expect(rep?.filledSize).toBe(o.size);
    }
    expect(
      await second.getOrderStatus({
        orderId: lost.id,
        venueOrderId: lost.venueOrderId!,
        market: lost.market,
      }),
    ).toBeNull();
    // 4 swaps + 1 gap filler, nothing else: no swap sent twice
    expect(await minedCount(chain, second.address)).toBe(base + 5);
    const fills = await second.getFills(0);
    expect(new Set(fills.map((f) => f.tradeId)).size).toBe(4);
    // the nonce manager continues after everything it found
    const stop2 = backgroundMiner(chain);
    const next = await second.placeOrder(order({ side: 'Buy', size: dec('0.05') }));
    await stop2();
    expect(next.kind === 'accepted' && next.status).toBe('Filled');
    expect(await minedCount(chain, second.address)).toBe(base + 6);
    // an adapter that was told nothing adopts a swap of its wallet by hash (side and size from the calldata)
    const third = await createUniswapVenue(cfg);
    try {
      const o = sent[1]!;
      const rep = await third.getOrderStatus({
        orderId: o.id,
        venueOrderId: o.venueOrderId!,
        market: o.market,
      });
      expect(rep).toMatchObject({ status: 'Filled', side: 'Buy', size: dec('0.4'), filledSize: dec('0.4') });
    } finally {
      await third.close();
    }
  });

  it('a pending swap restored after a restart can still be cancelled: the no-op outbids its fees', async () => {
    const cfg = v3OnlyConfig(chain, 1, { receiptTimeoutMs: 100, pollIntervalMs: 20 });
    const before = await createUniswapVenue(cfg);
    const stop = backgroundMiner(chain);
    expect((await before.placeOrder(order({ side: 'Sell', size: dec('0.01') }))).kind).toBe('accepted');
    await stop();
    const o = order({ side: 'Sell', size: dec('0.2') });
    const p = await before.prepareOrder(o);
    if (p.kind !== 'prepared') throw new Error(`not prepared: ${JSON.stringify(p)}`);
    const journaled = { ...o, venueOrderId: p.venueOrderId! };
    expect((await before.placeOrder(journaled)).kind).toBe('unknown'); // pending: nothing is mined
    await before.close(); // the crash

    const after = await createUniswapVenue({ ...cfg, receiptTimeoutMs: 10_000 });
    try {
      after.restoreOrder({ ...journaled, status: 'Submitting' });
      const ref = { orderId: o.id, venueOrderId: journaled.venueOrderId, market: o.market };
      expect((await after.getOrderStatus(ref))?.status).toBe('Working');
      const cancel = after.cancelOrder({ ...journaled, status: 'Working' });
      // the same-nonce no-op takes the swap's place in the node's pool, then a block is mined
      await until(
        async () => (await rpc(chain, 'eth_getTransactionByHash', [journaled.venueOrderId])) === null,
        5_000,
        'the swap replaced in the pool',
      );
      await rpc(chain, 'evm_mine');
      const cancelled = await cancel;
      expect(cancelled, JSON.stringify(cancelled)).toEqual({ kind: 'cancelled' });
      expect(await rpc(chain, 'eth_getTransactionReceipt', [journaled.venueOrderId])).toBeNull();
    } finally {
      await after.close();
    }
  });
});
