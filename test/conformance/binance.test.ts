/**
 * The venue conformance suite for the Binance adapter against the loopback simulator (BTCUSDT at a
 * reference price of 60000: the simulator's seeded liquidity maker keeps asks from 5 bps above it).
 */
import { asMarketId, dec } from '../../src/domain/index.ts';
import { startBinanceSim } from '../../src/sim/binance/index.ts';
import { BinanceVenue } from '../../src/venues/binance/index.ts';
import { describeVenueConformance } from './venue-conformance.ts';

describeVenueConformance('binance (simulator)', async () => {
  const sim = await startBinanceSim({ port: 0, seed: 21 });
  sim.admin.setPrices({ BTCUSDT: '60000' });
  const creds = sim.admin.createAccount({ USDT: '100000', BTC: '1' });
  const venue = await BinanceVenue.create({
    apiKey: creds.apiKey,
    apiSecret: creds.secret,
    baseUrl: sim.url,
    wsApiUrl: sim.wsUrl,
  });
  return {
    adapter: venue,
    market: asMarketId('BTCUSDT'),
    size: dec('0.001'),
    restingBuyPrice: () => dec('50000'),
    crossingBuyPrice: () => dec('61000'),
    teardown: async () => {
      await venue.close();
      await sim.close();
    },
  };
});
