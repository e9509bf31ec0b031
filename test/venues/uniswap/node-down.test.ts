/**
 * Uniswap adapter when its node stops answering: a cancel of a swap it must look up is an unknown
 * outcome (the engine asks again later), never a definite refusal.
 */
import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/domain/index.ts';
import { createUniswapVenue } from '../../../src/venues/uniswap/index.ts';
import { order, startChain, v3OnlyConfig } from './chain-support.ts';

describe('uniswap adapter: node down', () => {
  it('a cancel that cannot look its swap up is unknown, not refused', async () => {
    const chain = await startChain();
    const venue = await createUniswapVenue(v3OnlyConfig(chain, 0, { receiptTimeoutMs: 500 }));
    try {
      await chain.stop();
      const o = order({ side: 'Sell', size: dec('0.1') });
      const out = await venue.cancelOrder({
        ...o,
        venueOrderId: `0x${'ab'.repeat(32)}` as never,
        status: 'Working',
      });
      expect(out.kind).toBe('unknown');
    } finally {
      await venue.close();
      await chain.stop();
    }
  }, 30_000);
});
