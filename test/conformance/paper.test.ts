import { describe, expect, it } from 'vitest';
import { asMarketId, type Decimal, dec, ManualClock } from '../../src/domain/index.ts';
import { PaperVenue } from '../../src/venues/paper/index.ts';
import { type ConformanceTarget, conformanceOrder, describeVenueConformance } from './venue-conformance.ts';

function paperTarget(
  market: string,
  size: string,
  restTicks: bigint,
  crossTicks: bigint,
): () => Promise<ConformanceTarget> {
  return async () => {
    const venue = new PaperVenue({
      seed: 7,
      fees: { makerBps: 1, takerBps: 5 },
      liquidity: { enabled: true, levels: 5, spreadTicks: 1, volatilityBps: 0 },
    });
    const m = asMarketId(market);
    const tick = venue.instrument(m)?.tickSize as Decimal;
    const ref = (): Decimal => venue.referencePrice(m) as Decimal;
    return {
      adapter: venue,
      market: m,
      size: dec(size),
      restingBuyPrice: () => (ref() - restTicks * tick) as Decimal,
      crossingBuyPrice: () => (ref() + crossTicks * tick) as Decimal,
      ensureLiquidity: async () => venue.step(),
      teardown: () => venue.close(),
    };
  };
}

describeVenueConformance('paper BTC-USD', paperTarget('BTC-USD', '0.1', 50n, 10n));
describeVenueConformance('paper PM-YES', paperTarget('PM-YES', '25', 20n, 10n));

describe('paper venue under the conformance helpers', () => {
  it('keeps the gateway view and the venue ledger in agreement over a mixed session', async () => {
    const clock = new ManualClock(1_000_000);
    const venue = new PaperVenue({ clock, seed: 3, liquidity: { enabled: true, volatilityBps: 5 } });
    const market = asMarketId('PM-YES');
    const fills = new Map<string, Decimal>();
    venue.subscribe((e) => {
      if (e.type === 'fill') fills.set(e.fill.tradeId, e.fill.size);
    });
    const ref = venue.referencePrice(market) as Decimal;
    for (let i = 0; i < 30; i++) {
      const side = i % 2 === 0 ? 'Buy' : 'Sell';
      const offset = dec('0.01') * BigInt((i % 7) - 3);
      const price = (ref + offset) as Decimal;
      await venue.placeOrder(conformanceOrder(venue, market, { side, price, size: dec(10) }));
      clock.advance(100);
      venue.step();
    }
    const ledger = venue.ledger();
    expect(ledger.fills.length).toBe(fills.size);
    for (const f of ledger.fills) expect(fills.get(f.tradeId)).toBe(f.size);
    for (const o of ledger.orders) {
      const sum = ledger.fills.filter((f) => f.orderId === o.orderId).reduce((s, f) => s + f.size, 0n);
      expect(sum).toBe(o.filledSize);
    }
    await venue.close();
  });
});
