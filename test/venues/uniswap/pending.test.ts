/**
 * Uniswap adapter with automine off (blocks mined by hand with evm_mine): a swap not mined within the
 * bound is an unknown outcome, seen as Working by hash; cancelling it replaces it with a same-nonce,
 * higher-fee no-op and reports which one won; a swap mined first wins and the cancel is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dec } from '../../../src/domain/index.ts';
import type { UniswapChain } from '../../../src/sim/uniswap/index.ts';
import { createUniswapVenue, type UniswapVenue } from '../../../src/venues/uniswap/index.ts';
import type { VenueEvent } from '../../../src/venues/venue-adapter.ts';
import {
  backgroundMiner,
  feeCapBelowOffer,
  minedCount,
  order,
  proxyTransport,
  rpc,
  startChain,
  until,
  v3OnlyConfig,
} from './chain-support.ts';

describe('uniswap adapter: pending swaps (automine off)', () => {
  let chain: UniswapChain;
  let venue: UniswapVenue;
  const events: VenueEvent[] = [];
  beforeAll(async () => {
    chain = await startChain({ automine: false });
    venue = await createUniswapVenue(v3OnlyConfig(chain, 0, { receiptTimeoutMs: 150, pollIntervalMs: 20 }));
    venue.subscribe((e) => events.push(e));
    // approvals for both tokens, mined in the background
    const stop = backgroundMiner(chain);
    for (const side of ['Sell', 'Buy'] as const) {
      const out = await venue.placeOrder(order({ side, size: dec('0.01') }));
      expect(out.kind).toBe('accepted');
    }
    await stop();
  }, 30_000);
  afterAll(async () => {
    await venue?.close();
    await chain?.stop();
  });

  it('a swap not mined within the bound is unknown, then Working by hash and open', async () => {
    const o = order({ side: 'Sell', size: dec('1') });
    const prep = await venue.prepareOrder(o);
    if (prep.kind !== 'prepared') throw new Error('not prepared');
    const out = await venue.placeOrder(o);
    expect(out.kind).toBe('unknown');
    if (out.kind === 'unknown') expect(out.reason).toMatch(/not mined within 150 ms: pending in the node/);
    const rep = await venue.getOrderStatus({
      orderId: o.id,
      venueOrderId: prep.venueOrderId!,
      market: o.market,
    });
    expect(rep?.status).toBe('Working');
    expect(rep?.venueOrderId).toBe(prep.venueOrderId);
    expect((await venue.getOpenOrders()).map((r) => r.orderId)).toContain(o.id);
    // cancel: replaced by a same-nonce no-op; mine only once the node has swapped the two
    const before = await minedCount(chain, venue.address);
    const cancel = venue.cancelOrder({ ...o, venueOrderId: prep.venueOrderId!, status: 'Working' });
    await until(
      async () => (await rpc(chain, 'eth_getTransactionByHash', [prep.venueOrderId])) === null,
      5_000,
      "the replacement to take the swap's place",
    );
    await rpc(chain, 'evm_mine');
    expect(await cancel).toEqual({ kind: 'cancelled' });
    expect(await minedCount(chain, venue.address)).toBe(before + 1);
    expect(await rpc(chain, 'eth_getTransactionReceipt', [prep.venueOrderId])).toBeNull();
    const after = await venue.getOrderStatus({
      orderId: o.id,
      venueOrderId: prep.venueOrderId!,
      market: o.market,
    });
    expect(after?.status).toBe('Cancelled');
    expect(after?.reason).toMatch(/replaced by a same-nonce/);
    expect(
      events.some((e) => e.type === 'order' && e.report.orderId === o.id && e.report.status === 'Cancelled'),
    ).toBe(true);
    expect(events.some((e) => e.type === 'fill' && e.fill.orderId === o.id)).toBe(false);
    expect(await venue.getOpenOrders()).toEqual([]);
  });

  it('a pending swap mined by hand is streamed as filled; a cancel after that is refused', async () => {
    const o = order({ side: 'Buy', size: dec('0.3') });
    const out = await venue.placeOrder(o);
    expect(out.kind).toBe('unknown');
    await rpc(chain, 'evm_mine');
    // the poll loop reports it without being asked
    await until(
      () =>
        events.some((e) => e.type === 'order' && e.report.orderId === o.id && e.report.status === 'Filled'),
      5_000,
      'the Filled event',
    );
    const fills = events.flatMap((e) => (e.type === 'fill' && e.fill.orderId === o.id ? [e.fill] : []));
    expect(fills.reduce((s, f) => s + f.size, 0n)).toBe(dec('0.3'));
    const rep = await venue.getOrderStatus({ orderId: o.id, market: o.market });
    expect(rep?.status).toBe('Filled');
    const cancel = await venue.cancelOrder({ ...o, status: 'Working' });
    expect(cancel.kind).toBe('rejected');
    if (cancel.kind === 'rejected') expect(cancel.code).toBe('ALREADY_MINED');
  });

  it('a swap that wins the race against its replacement: the cancel reports the swap', async () => {
    const o = order({ side: 'Sell', size: dec('0.2') });
    expect((await venue.placeOrder(o)).kind).toBe('unknown');
    // the swap is mined before the cancel is even attempted
    await rpc(chain, 'evm_mine');
    const cancel = await venue.cancelOrder({ ...o, status: 'Working' });
    expect(cancel.kind === 'rejected' && cancel.message).toMatch(/already mined \(Filled/);
  });

  it('a cancel that arrives between prepare and send takes the nonce: the swap is never sent', async () => {
    const o = order({ side: 'Sell', size: dec('0.4') });
    const prep = await venue.prepareOrder(o);
    if (prep.kind !== 'prepared') throw new Error('not prepared');
    const before = await minedCount(chain, venue.address);
    const cancel = venue.cancelOrder({ ...o, venueOrderId: prep.venueOrderId!, status: 'Submitting' });
    await until(
      async () =>
        (await rpc<string>(chain, 'eth_getTransactionCount', [venue.address, 'pending'])) !==
        `0x${before.toString(16)}`,
      5_000,
      'the no-op in the pool',
    );
    await rpc(chain, 'evm_mine');
    expect(await cancel).toEqual({ kind: 'cancelled' });
    const late = await venue.placeOrder(o);
    expect(late.kind === 'accepted' && late.status).toBe('Cancelled');
    expect(await minedCount(chain, venue.address)).toBe(before + 1);
    expect(await rpc(chain, 'eth_getTransactionReceipt', [prep.venueOrderId])).toBeNull();
  });

  it('a cancel between prepare and send whose no-op is refused gives the nonce back: the wallet goes on', async () => {
    const cfg = v3OnlyConfig(chain, 2, { receiptTimeoutMs: 2_000, pollIntervalMs: 20 });
    const warm = await createUniswapVenue(cfg);
    const mining = backgroundMiner(chain);
    for (const side of ['Sell', 'Buy'] as const)
      expect((await warm.placeOrder(order({ side, size: dec('0.01') }))).kind).toBe('accepted');
    await mining();
    await warm.close();
    // a fee cap just under what the adapter would offer: the swap is signed at the cap, and a no-op
    // that must outbid it by 10 % cannot be sent
    const gwei = await feeCapBelowOffer(chain);
    const capped = await createUniswapVenue({ ...cfg, maxFeePerGasGwei: gwei });
    try {
      const o = order({ side: 'Sell', size: dec('0.3') });
      const prep = await capped.prepareOrder(o);
      if (prep.kind !== 'prepared') throw new Error(`not prepared: ${JSON.stringify(prep)}`);
      const sent = { ...o, venueOrderId: prep.venueOrderId! };
      expect(await capped.cancelOrder({ ...sent, status: 'Submitting' })).toEqual({ kind: 'cancelled' });
      expect(await capped.placeOrder(sent)).toMatchObject({ kind: 'rejected' });
      // the next order takes the nonce back and is mined: no hole stalls the wallet
      const mining2 = backgroundMiner(chain);
      const next = await capped.placeOrder(order({ side: 'Sell', size: dec('0.05') }));
      await mining2();
      expect(next.kind === 'accepted' && next.status).toBe('Filled');
      expect(await rpc(chain, 'eth_getTransactionReceipt', [prep.venueOrderId])).toBeNull();
    } finally {
      await capped.close();
    }
  });

  it('modifyOrder is refused with a reason', async () => {
    const out = await venue.modifyOrder(order({ size: dec('1') }), dec('1'));
    expect(out.kind === 'rejected' && out.message).toMatch(/cannot be amended/);
  });
});

describe('uniswap adapter: cancels whose no-op is unanswered or confirming (automine off)', () => {
  let chain: UniswapChain;
  beforeAll(async () => {
    chain = await startChain({ automine: false });
  }, 30_000);
  afterAll(async () => {
    await chain?.stop();
  });

  it('a no-op whose send got no answer is sent again; with 2 confirmations a repeated cancel waits for it', async () => {
    const { transport, control } = proxyTransport(chain);
    const venue = await createUniswapVenue(
      v3OnlyConfig(chain, 1, { receiptTimeoutMs: 150, pollIntervalMs: 20, confirmations: 2 }),
      { transport },
    );
    try {
      const warm = backgroundMiner(chain);
      try {
        const approve = await venue.placeOrder(order({ side: 'Sell', size: dec('0.01') }));
        expect(approve.kind).not.toBe('rejected');
        await until(async () => (await venue.getOpenOrders()).length === 0, 5_000, 'the warm-up swap');
      } finally {
        await warm();
      }
      const o = order({ side: 'Sell', size: dec('0.2') });
      const prep = await venue.prepareOrder(o);
      if (prep.kind !== 'prepared') throw new Error('not prepared');
      const sent = { ...o, venueOrderId: prep.venueOrderId!, status: 'Working' as const };
      expect((await venue.placeOrder(o)).kind).toBe('unknown');
      // 1. the no-op's send gets no answer: the cancel is unknown
      control.dropNextSend = true;
      const first = await venue.cancelOrder(sent);
      expect(first.kind === 'unknown' && first.reason).toMatch(/node did not answer/);
      // 2. the poll loop sends the same no-op again and it takes the swap's place; a block mines it (1 of 2)
      await until(
        async () => (await rpc(chain, 'eth_getTransactionByHash', [prep.venueOrderId])) === null,
        5_000,
        "the re-sent no-op to take the swap's place",
      );
      await rpc(chain, 'evm_mine');
      // 3. while it confirms the order is still live, and a cancel asked again waits for it
      const status = await venue.getOrderStatus({
        orderId: o.id,
        venueOrderId: prep.venueOrderId!,
        market: o.market,
      });
      expect(status?.status).toBe('Working');
      const third = venue.cancelOrder(sent);
      await new Promise((r) => setTimeout(r, 50));
      await rpc(chain, 'evm_mine');
      expect(await third).toEqual({ kind: 'cancelled' });
      expect(await rpc(chain, 'eth_getTransactionReceipt', [prep.venueOrderId])).toBeNull();
    } finally {
      await venue.close();
    }
  });

  it('close() waits for a poll round in progress: no request reaches the node after it', async () => {
    const { transport, control } = proxyTransport(chain);
    const venue = await createUniswapVenue(
      v3OnlyConfig(chain, 2, { receiptTimeoutMs: 100, pollIntervalMs: 5 }),
      { transport },
    );
    const warm = backgroundMiner(chain);
    try {
      expect((await venue.placeOrder(order({ side: 'Sell', size: dec('0.01') }))).kind).not.toBe('rejected');
    } finally {
      await warm();
    }
    // a swap left pending: every poll round asks the node about it, each request held 20 ms
    expect((await venue.placeOrder(order({ side: 'Sell', size: dec('0.01') }))).kind).toBe('unknown');
    control.delayMs = 20;
    await until(() => control.inFlight > 0, 5_000, 'a poll round');
    await venue.close();
    const after = control.requests;
    expect(control.inFlight).toBe(0);
    await new Promise((r) => setTimeout(r, 100));
    expect(control.requests).toBe(after);
    await rpc(chain, 'evm_mine');
  });
});

describe('uniswap adapter: cancels racing the swap (automine off)', () => {
  let chain: UniswapChain;
  beforeAll(async () => {
    chain = await startChain({ automine: false });
    // trader 0's approvals, mined in the background
    const warm = await createUniswapVenue(v3OnlyConfig(chain, 0, { receiptTimeoutMs: 2_000 }));
    const mining = backgroundMiner(chain);
    try {
      for (const side of ['Sell', 'Buy'] as const)
        expect((await warm.placeOrder(order({ side, size: dec('0.01') }))).kind).toBe('accepted');
    } finally {
      await mining();
      await warm.close();
    }
  }, 30_000);
  afterAll(async () => {
    await chain?.stop();
  });

  const pendingCount = async (address: string): Promise<number> =>
    Number(await rpc<string>(chain, 'eth_getTransactionCount', [address, 'pending']));

  it('a cancel that arrives while the swap is being sent outbids it; refused at the fee cap, the swap goes on', async () => {
    // a fee cap just under what the adapter offers: the swap is signed at the cap, no no-op can outbid it
    const gwei = await feeCapBelowOffer(chain);
    const { transport, control } = proxyTransport(chain);
    const venue = await createUniswapVenue(
      v3OnlyConfig(chain, 0, { receiptTimeoutMs: 3_000, pollIntervalMs: 20, maxFeePerGasGwei: gwei }),
      { transport },
    );
    try {
      const o = order({ side: 'Sell', size: dec('0.2') });
      const prep = await venue.prepareOrder(o);
      if (prep.kind !== 'prepared') throw new Error(`not prepared: ${JSON.stringify(prep)}`);
      control.holdNextSend = true;
      const placing = venue.placeOrder(o);
      await until(() => control.holding, 5_000, 'the swap on its way to the node');
      // the swap may reach the node: its nonce is not taken back, and a no-op cannot outbid it here
      const cancel = await venue.cancelOrder({
        ...o,
        venueOrderId: prep.venueOrderId!,
        status: 'Submitting',
      });
      expect(cancel.kind === 'rejected' && cancel.code).toBe('FEE_TOO_LOW');
      control.releaseSend();
      const mining = backgroundMiner(chain);
      try {
        const out = await placing;
        expect(out.kind === 'accepted' && out.status).toBe('Filled');
      } finally {
        await mining();
      }
    } finally {
      await venue.close();
    }
  });

  it('a cancelled swap the node lacks, whose no-op is refused, still has its nonce taken: no hole', async () => {
    const { transport, control } = proxyTransport(chain);
    const venue = await createUniswapVenue(
      v3OnlyConfig(chain, 0, { receiptTimeoutMs: 150, pollIntervalMs: 20 }),
      {
        transport,
      },
    );
    try {
      const o = order({ side: 'Sell', size: dec('0.2') });
      const prep = await venue.prepareOrder(o);
      if (prep.kind !== 'prepared') throw new Error('not prepared');
      const before = await pendingCount(venue.address);
      // the cancel's no-op gets no answer (never reaches the node), and its resend is refused
      control.dropNextSend = true;
      control.refuseNextSend = 'replacement transaction underpriced';
      const cancel = await venue.cancelOrder({
        ...o,
        venueOrderId: prep.venueOrderId!,
        status: 'Submitting',
      });
      expect(cancel.kind).toBe('unknown');
      // the poll loop takes the nonce with a new no-op, unasked
      await until(async () => (await pendingCount(venue.address)) > before, 5_000, 'a no-op on the nonce');
      await rpc(chain, 'evm_mine');
      const status = await venue.getOrderStatus({
        orderId: o.id,
        venueOrderId: prep.venueOrderId!,
        market: o.market,
      });
      expect(status?.status).toBe('Cancelled');
      expect(await rpc(chain, 'eth_getTransactionReceipt', [prep.venueOrderId])).toBeNull();
    } finally {
      await venue.close();
    }
  });
});
