/**
 * The venue conformance suite for the Polymarket adapter against the loopback simulator: one funded
 * trading account, and a second funded account (its own adapter) that rests asks when the suite needs
 * to cross.
 */
import { asMarketId, dec } from '../../src/domain/index.ts';
import { startPolymarketSim } from '../../src/sim/polymarket/index.ts';
import { PolymarketVenue } from '../../src/venues/polymarket/index.ts';
import { conformanceOrder, describeVenueConformance } from './venue-conformance.ts';

const TOKEN_A = '71321045679252212594626385532706912750332728571942532289631379312455583992563';

describeVenueConformance('polymarket (simulator)', async () => {
  const sim = await startPolymarketSim({ port: 0, seed: 11 });
  const trader = sim.admin.createAccount({ usdc: '1000' });
  const lp = sim.admin.createAccount({ usdc: '100', tokens: { [TOKEN_A]: '1000' } });
  const venue = await PolymarketVenue.create({ host: sim.url, privateKey: trader.privateKey });
  const liquidity = await PolymarketVenue.create({
    host: sim.url,
    privateKey: lp.privateKey,
    venueId: 'pm-lp',
  });
  const market = asMarketId(TOKEN_A);
  await venue.prepareMarket(TOKEN_A);
  const size = dec(10);
  return {
    adapter: venue,
    market,
    size,
    restingBuyPrice: () => dec('0.30'),
    crossingBuyPrice: () => dec('0.60'),
    ensureLiquidity: async () => {
      const ask = conformanceOrder(liquidity, market, { side: 'Sell', price: dec('0.55'), size });
      const out = await liquidity.placeOrder(ask);
      if (out.kind !== 'accepted') throw new Error(`liquidity not placed: ${JSON.stringify(out)}`);
    },
    teardown: async () => {
      await venue.close();
      await liquidity.close();
      await sim.close();
    },
  };
});
