/**
 * The user data stream over the WebSocket API against the simulator: executionReport -> order reports
 * and maker fills (trade id, commission and its asset), balances from outboundAccountPosition, and a
 * dropped connection: reported down, re-opened, and the fill made while it was down recovered by the
 * REST gap-fill exactly once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { asMarketId, dec } from '../../../src/domain/index.ts';
import { startBinanceSim } from '../../../src/sim/binance/index.ts';
import { BinanceVenue } from '../../../src/venues/binance/index.ts';
import type { VenueEvent } from '../../../src/venues/index.ts';
import { conformanceOrder, eventually } from '../../conformance/venue-conformance.ts';

const MARKET = asMarketId('BTCUSDT');
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function start(backoffMs: number) {
  const sim = await startBinanceSim({ seed: 9 });
  closers.push(() => sim.close());
  sim.admin.setPrices({ BTCUSDT: '60000' });
  const creds = sim.admin.createAccount({ USDT: '10000', BTC: '1' });
  const venue = await BinanceVenue.create({
    apiKey: creds.apiKey,
    apiSecret: creds.secret,
    baseUrl: sim.url,
    wsApiUrl: sim.wsUrl,
    streamBackoff: { initialMs: backoffMs, maxMs: backoffMs * 4 },
    streamRandom: () => 0.5,
  });
  closers.push(() => venue.close());
  const events: VenueEvent[] = [];
  venue.subscribe((e) => events.push(e));
  return { sim, venue, events };
}

describe('BinanceVenue user data stream', () => {
  it('reports orders and maker fills with commission, and balances', async () => {
    const { sim, venue, events } = await start(50);
    expect(venue.streaming).toBe(true);
    const o = conformanceOrder(venue, MARKET, { side: 'Buy', price: dec('59990'), size: dec('0.002') });
    expect((await venue.placeOrder(o)).kind).toBe('accepted');
    await eventually(
      () =>
        events.find((e) => e.type === 'order' && e.report.orderId === o.id && e.report.status === 'Working'),
      3000,
      'the Working report',
    );
    sim.admin.setPrices({ BTCUSDT: '59000' });
    const fill = await eventually(
      () => events.find((e) => e.type === 'fill' && e.fill.orderId === o.id),
      3000,
      'the maker fill',
    );
    if (fill.type !== 'fill') throw new Error('not a fill');
    expect(fill.fill).toMatchObject({
      liquidity: 'maker',
      feeAsset: 'BTC',
      price: dec('59990'),
      side: 'Buy',
    });
    expect(fill.fill.tradeId).toMatch(/^BTCUSDT:\d+$/);
    expect(fill.fill.fee > 0n).toBe(true);
    await eventually(
      () =>
        events.find((e) => e.type === 'order' && e.report.orderId === o.id && e.report.status === 'Filled'),
      3000,
      'the Filled report',
    );
    await eventually(() => venue.balances().get('BTC'), 3000, 'a BTC balance');
    expect(venue.balances().get('BTC')!.free > dec(1)).toBe(true);
  });

  it('reconnects after a drop and recovers a fill made while down, once', async () => {
    const { sim, venue, events } = await start(400);
    const o = conformanceOrder(venue, MARKET, { side: 'Buy', price: dec('59990'), size: dec('0.002') });
    expect((await venue.placeOrder(o)).kind).toBe('accepted');
    sim.admin.addFault({ kind: 'stream_drop' });
    await eventually(
      () => events.find((e) => e.type === 'connection' && e.state === 'down'),
      3000,
      'the down event',
    );
    expect(venue.streaming).toBe(false);
    sim.admin.setPrices({ BTCUSDT: '59000' });
    await eventually(
      () => events.find((e) => e.type === 'connection' && e.state === 'reconnected'),
      5000,
      'the reconnected event',
    );
    const fills = await eventually(
      () => {
        const fs = events.filter((e) => e.type === 'fill' && e.fill.orderId === o.id);
        return fs.length > 0 ? fs : undefined;
      },
      5000,
      'the recovered fill',
    );
    await new Promise((r) => setTimeout(r, 200));
    const ids = events.flatMap((e) => (e.type === 'fill' && e.fill.orderId === o.id ? [e.fill.tradeId] : []));
    expect(new Set(ids).size).toBe(ids.length);
    expect(fills.length).toBeGreaterThan(0);
    const total = events.reduce(
      (s, e) => (e.type === 'fill' && e.fill.orderId === o.id ? s + e.fill.size : s),
      0n,
    );
    expect(total).toBe(dec('0.002'));
    const rep = events.findLast((e) => e.type === 'order' && e.report.orderId === o.id);
    expect(rep?.type === 'order' && rep.report.status).toBe('Filled');
  });
});
