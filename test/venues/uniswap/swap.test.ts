/**
 * Uniswap adapter on the local chain: market and limit orders map to swaps with fills from Swap events,
 * pool choice is recorded, refusals name the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dec, ManualClock } from '../../../src/domain/index.ts';
import type { UniswapChain } from '../../../src/sim/uniswap/index.ts';
import { createUniswapVenue, type UniswapVenue } from '../../../src/venues/uniswap/index.ts';
import type { VenueEvent } from '../../../src/venues/venue-adapter.ts';
import { order, rpc, startChain, v3OnlyConfig, venueConfig, WETH_USD } from './chain-support.ts';

describe('uniswap adapter: swaps on the local chain', () => {
  let chain: UniswapChain;
  let venue: UniswapVenue;
  const events: VenueEvent[] = [];
  beforeAll(async () => {
    chain = await startChain();
    venue = await createUniswapVenue(venueConfig(chain, 0));
    venue.subscribe((e) => events.push(e));
  }, 30_000);
  afterAll(async () => {
    await venue?.close();
    await chain?.stop();
  });

  it('sells 1 WETH at market: exact input, fills from the Swap event, gas as an ETH fee', async () => {
    const o = order({ side: 'Sell', size: dec('1') });
    const out = await venue.placeOrder(o);
    expect(
      out.kind,
      JSON.stringify(out, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)),
    ).toBe('accepted');
    if (out.kind !== 'accepted') return;
    expect(out.status).toBe('Filled');
    expect(out.fills?.length).toBe(1);
    const f = out.fills![0]!;
    expect(f.size).toBe(dec('1'));
    expect(f.price > dec('2900') && f.price < dec('3000')).toBe(true);
    expect(f.feeAsset).toBe('ETH');
    expect(f.fee > 0n).toBe(true);
    // every candidate was quoted; the reason names the winner and the others, valued after gas
    expect(venue.routeOf(o.id)).toMatch(
      /^v3\/500: best output after gas \d+(\.\d+)? vs (v2|v3\/3000) [\d.]+, (v2|v3\/3000) [\d.]+$/,
    );
  });

  it('buys 0.5 WETH at market: exact output of the size', async () => {
    const o = order({ side: 'Buy', size: dec('0.5') });
    const out = await venue.placeOrder(o);
    expect(out.kind).toBe('accepted');
    if (out.kind !== 'accepted') return;
    expect(out.status).toBe('Filled');
    expect(out.fills?.[0]?.size).toBe(dec('0.5'));
    expect(events.some((e) => e.type === 'fill' && e.fill.orderId === o.id)).toBe(true);
  });

  it('refuses GTC and post-only naming the field', async () => {
    const gtc = await venue.placeOrder(
      order({ orderType: 'Limit', price: dec('2000'), size: dec('1'), timeInForce: 'GTC' }),
    );
    expect(gtc.kind).toBe('rejected');
    if (gtc.kind === 'rejected') expect(gtc.message).toMatch(/^timeInForce GTC is refused/);
    const po = await venue.placeOrder(
      order({ orderType: 'PostOnly', price: dec('2000'), size: dec('1'), timeInForce: 'GTC' }),
    );
    if (po.kind === 'rejected') expect(po.message).toMatch(/^orderType PostOnly/);
    expect(venue.referencePrice(WETH_USD)).toBeDefined();
  });
});

describe('uniswap adapter: limit IOC on V3 and confirmations', () => {
  let chain: UniswapChain;
  beforeAll(async () => {
    chain = await startChain();
  }, 30_000);
  afterAll(async () => {
    await chain?.stop();
  });

  it('a limit IOC sell fills what the price limit allows; the remainder is cancelled', async () => {
    const venue = await createUniswapVenue(v3OnlyConfig(chain, 0));
    try {
      const mid = venue.referencePrice(WETH_USD)!;
      expect(mid > dec('2990') && mid < dec('3010')).toBe(true);
      const limit = dec('2950');
      const o = order({
        orderType: 'Limit',
        timeInForce: 'IOC',
        side: 'Sell',
        price: limit,
        size: dec('50'),
      });
      const out = await venue.placeOrder(o);
      expect(out.kind).toBe('accepted');
      if (out.kind !== 'accepted') return;
      expect(out.status).toBe('Cancelled');
      const filled = (out.fills ?? []).reduce((s, f) => s + f.size, 0n);
      expect(filled > 0n && filled < dec('50')).toBe(true);
      for (const f of out.fills ?? []) expect(f.price >= limit).toBe(true);
      const rep = await venue.getOrderStatus({ orderId: o.id, market: WETH_USD });
      expect(rep?.status).toBe('Cancelled');
      expect(rep?.filledSize).toBe(filled);
      // the pool is now at the limit: another IOC sell at that limit has nothing to take
      const again = await venue.placeOrder(
        order({ orderType: 'Limit', timeInForce: 'IOC', side: 'Sell', price: limit, size: dec('1') }),
      );
      expect(again.kind === 'rejected' && again.code).toBe('PRICE_LIMIT');
    } finally {
      await venue.close();
    }
  });

  it('a first swap on a fresh V2 pair mined seconds after its simulation has the gas it needs', async () => {
    // the pair's price accumulators are still zero: a swap mined in a later second than the pair's last
    // touch writes them (two zero-to-non-zero stores) though its simulation, in that same second, did not
    const cfg = venueConfig(chain, 2);
    const venue = await createUniswapVenue({
      ...cfg,
      markets: [{ id: 'WETH/USD', base: 'WETH', quote: 'USD', v2: true }],
    });
    try {
      const o = order({ side: 'Sell', size: dec('1') });
      const prep = await venue.prepareOrder(o);
      if (prep.kind !== 'prepared') throw new Error(`not prepared: ${JSON.stringify(prep)}`);
      const latest = await rpc<{ timestamp: string }>(chain, 'eth_getBlockByNumber', ['latest', false]);
      await rpc(chain, 'evm_setNextBlockTimestamp', [Number(latest.timestamp) + 30]);
      const out = await venue.placeOrder(o);
      expect(out).toMatchObject({ kind: 'accepted', status: 'Filled' });
      const tx = await rpc<{ gas: string }>(chain, 'eth_getTransactionByHash', [prep.venueOrderId]);
      const receipt = await rpc<{ status: string; gasUsed: string }>(chain, 'eth_getTransactionReceipt', [
        prep.venueOrderId,
      ]);
      expect(receipt.status).toBe('0x1');
      expect(BigInt(receipt.gasUsed) < BigInt(tx.gas)).toBe(true);
    } finally {
      await venue.close();
    }
  });

  it('keeps a day of fills for reconciliation, not more', async () => {
    const clock = new ManualClock(Date.now());
    const venue = await createUniswapVenue(v3OnlyConfig(chain, 0), { clock });
    try {
      const old = order({ side: 'Sell', size: dec('0.1') });
      expect(await venue.placeOrder(old)).toMatchObject({ kind: 'accepted', status: 'Filled' });
      expect((await venue.getFills(0)).map((f) => f.orderId)).toEqual([old.id]);
      clock.advance(25 * 60 * 60 * 1000);
      const recent = order({ side: 'Sell', size: dec('0.1') });
      expect(await venue.placeOrder(recent)).toMatchObject({ kind: 'accepted', status: 'Filled' });
      expect((await venue.getFills(0)).map((f) => f.orderId)).toEqual([recent.id]);
    } finally {
      await venue.close();
    }
  });

  it('waits for the configured confirmations before reporting a result', async () => {
    const venue = await createUniswapVenue(
      v3OnlyConfig(chain, 1, { confirmations: 3, receiptTimeoutMs: 300 }),
    );
    try {
      const o = order({ side: 'Buy', size: dec('0.1') });
      const first = await venue.placeOrder(o);
      expect(first.kind).toBe('unknown'); // mined, but 1 of 3 confirmations
      await rpc(chain, 'anvil_mine', ['0x2']);
      const rep = await venue.getOrderStatus({ orderId: o.id, market: WETH_USD });
      expect(rep?.status).toBe('Filled');
    } finally {
      await venue.close();
    }
  });
});
