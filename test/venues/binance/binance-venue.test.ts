/**
 * BinanceVenue against the simulator: cancelReplace outcomes, the "never placed" proof, market orders by
 * quantity and by quote amount, local filter refusals, venue rate-limit feedback, and secrets kept out of
 * every printable form.
 */
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { asMarketId, dec, type Order } from '../../../src/domain/index.ts';
import { NetworkError, RateLimitExceeded } from '../../../src/errors/index.ts';
import { type BinanceSim, startBinanceSim } from '../../../src/sim/binance/index.ts';
import { type BinanceConfig, BinanceVenue } from '../../../src/venues/binance/index.ts';
import type { VenueEvent } from '../../../src/venues/index.ts';
import { conformanceOrder } from '../../conformance/venue-conformance.ts';

const MARKET = asMarketId('BTCUSDT');
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function start(
  balances: Record<string, string> = { USDT: '100000', BTC: '1' },
  extra: Partial<BinanceConfig> = {},
) {
  const sim = await startBinanceSim({ seed: 5 });
  closers.push(() => sim.close());
  sim.admin.setPrices({ BTCUSDT: '60000' });
  const creds = sim.admin.createAccount(balances);
  const venue = await BinanceVenue.create({
    apiKey: creds.apiKey,
    apiSecret: creds.secret,
    baseUrl: sim.url,
    wsApiUrl: sim.wsUrl,
    recvWindow: 1000,
    neverPlacedMarginMs: 100,
    ...extra,
  });
  closers.push(() => venue.close());
  const events: VenueEvent[] = [];
  venue.subscribe((e) => events.push(e));
  return { sim, venue, creds, events };
}

async function resting(venue: BinanceVenue, partial: Partial<Order> = {}): Promise<Order> {
  const o = conformanceOrder(venue, MARKET, {
    side: 'Buy',
    price: dec('50000'),
    size: dec('0.001'),
    ...partial,
  });
  const out = await venue.placeOrder(o);
  if (out.kind !== 'accepted') throw new Error(`not placed: ${JSON.stringify(out)}`);
  return { ...o, venueOrderId: out.venueOrderId, status: 'Working' };
}

function ledgerOrders(sim: BinanceSim, apiKey: string) {
  return (
    sim.admin.ledger().orders as { clientOrderId: string; apiKey: string; status: string; price: string }[]
  ).filter((o) => o.apiKey === apiKey);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('BinanceVenue.modifyOrder (cancelReplace, STOP_ON_FAILURE)', () => {
  it('replaces under a new client id and venue order id; the old cancel is not reported as ours', async () => {
    const { venue, sim, creds, events } = await start();
    const o = await resting(venue);
    const out = await venue.modifyOrder(o, dec('49999.5'));
    expect(out.kind).toBe('amended');
    if (out.kind !== 'amended') return;
    expect(out.venueOrderId).not.toBe(o.venueOrderId);
    expect(venue.clientIdOf(o.id)).toBe(`${o.id}-1`);
    const rep = await venue.getOrderStatus({ orderId: o.id, market: MARKET });
    expect(rep).toMatchObject({ status: 'Working', price: dec('49999.5'), venueOrderId: out.venueOrderId });
    await sleep(50);
    expect(
      events.some((e) => e.type === 'order' && e.report.orderId === o.id && e.report.status === 'Cancelled'),
    ).toBe(false);
    const led = ledgerOrders(sim, creds.apiKey);
    expect(led.map((x) => [x.clientOrderId, x.status])).toEqual([
      [o.id, 'CANCELED'],
      [`${o.id}-1`, 'NEW'],
    ]);
    // a second modify and a cancel follow the current venue order
    expect((await venue.modifyOrder({ ...o, price: dec('49999.5') }, undefined, dec('0.002'))).kind).toBe(
      'amended',
    );
    expect(venue.clientIdOf(o.id)).toBe(`${o.id}-2`);
    expect((await venue.cancelOrder(o)).kind).toBe('cancelled');
  });

  it('cancel failed (-2022, new order not attempted): rejected, nothing changed', async () => {
    const { venue } = await start();
    const o = await resting(venue);
    expect((await venue.cancelOrder(o)).kind).toBe('cancelled');
    const out = await venue.modifyOrder(o, dec('49000'));
    expect(out).toMatchObject({ kind: 'rejected', code: 'binance_-2022' });
    expect(venue.clientIdOf(o.id)).toBe(o.id);
  });

  it('cancel done but the new order refused (-2021): rejected and the order reported Cancelled', async () => {
    const { venue, events } = await start({ USDT: '60' });
    const o = await resting(venue);
    const out = await venue.modifyOrder(o, undefined, dec('0.0015'));
    expect(out).toMatchObject({ kind: 'rejected', code: 'replace_failed_order_cancelled' });
    expect(
      events.some((e) => e.type === 'order' && e.report.orderId === o.id && e.report.status === 'Cancelled'),
    ).toBe(true);
    expect((await venue.getOrderStatus({ orderId: o.id, market: MARKET }))?.status).toBe('Cancelled');
  });

  it('answer lost after processing: unknown, then the status query adopts the replacement', async () => {
    const { venue, sim } = await start();
    const o = await resting(venue);
    sim.admin.addFault({ kind: 'accept_then_500', count: 1, route: 'POST /api/v3/order/cancelReplace' });
    expect((await venue.modifyOrder(o, dec('49500'))).kind).toBe('unknown');
    const rep = await venue.getOrderStatus({ orderId: o.id, market: MARKET });
    expect(rep).toMatchObject({ status: 'Working', price: dec('49500') });
    expect(rep?.venueOrderId).not.toBe(o.venueOrderId);
    expect(venue.clientIdOf(o.id)).toBe(`${o.id}-1`);
  });

  it('a cancel after a lost replacement answer cancels the live replacement', async () => {
    const { venue, sim, creds } = await start();
    const o = await resting(venue);
    sim.admin.addFault({ kind: 'accept_then_500', count: 1, route: 'POST /api/v3/order/cancelReplace' });
    expect((await venue.modifyOrder(o, dec('49500'))).kind).toBe('unknown');
    expect((await venue.cancelOrder(o)).kind).toBe('cancelled');
    expect(ledgerOrders(sim, creds.apiKey).map((x) => x.status)).toEqual(['CANCELED', 'CANCELED']);
  });

  it('never processed (-1007): unknown; asked too early it throws, after the window the old order stands', async () => {
    const { venue, sim } = await start();
    const o = await resting(venue);
    sim.admin.addFault({
      kind: 'timeout_1007',
      placed: false,
      count: 1,
      route: 'POST /api/v3/order/cancelReplace',
    });
    expect((await venue.modifyOrder(o, dec('49500'))).kind).toBe('unknown');
    await expect(venue.getOrderStatus({ orderId: o.id, market: MARKET })).rejects.toBeInstanceOf(
      NetworkError,
    );
    await sleep(2200);
    const rep = await venue.getOrderStatus({ orderId: o.id, market: MARKET });
    expect(rep).toMatchObject({ status: 'Working', price: dec('50000'), venueOrderId: o.venueOrderId });
    expect((await venue.modifyOrder(o, dec('49500'))).kind).toBe('amended');
  });
});

describe('BinanceVenue orders', () => {
  it('an unknown submit is "never placed" only after timestamp + recvWindow has passed at the venue', async () => {
    const { venue, sim } = await start();
    sim.admin.addFault({ kind: 'timeout_1007', placed: false, count: 1, route: 'POST /api/v3/order' });
    const o = conformanceOrder(venue, MARKET, { side: 'Buy', price: dec('50000'), size: dec('0.001') });
    expect((await venue.placeOrder(o)).kind).toBe('unknown');
    await expect(venue.getOrderStatus({ orderId: o.id, market: MARKET })).rejects.toThrow(/may still arrive/);
    await sleep(2200);
    expect(await venue.getOrderStatus({ orderId: o.id, market: MARKET })).toBeNull();
  });

  it('market orders by quantity and by quote amount (quoteOrderQty, size as the bound)', async () => {
    const { venue } = await start();
    const byQty = conformanceOrder(venue, MARKET, { orderType: 'Market', size: dec('0.001') });
    const a = await venue.placeOrder(byQty);
    expect(a).toMatchObject({ kind: 'accepted', status: 'Filled' });
    if (a.kind === 'accepted') {
      expect(a.fills?.reduce((s, f) => s + f.size, 0n)).toBe(dec('0.001'));
      expect(a.fills?.[0]?.feeAsset).toBe('BTC');
    }
    const byQuote = conformanceOrder(venue, MARKET, {
      orderType: 'Market',
      size: dec('0.01'),
      params: { quoteOrderQty: '100' },
    });
    const b = await venue.placeOrder(byQuote);
    expect(b).toMatchObject({ kind: 'accepted', status: 'Expired' });
    if (b.kind === 'accepted') {
      const spent = b.fills?.reduce((s, f) => s + (f.price * f.size) / 10n ** 18n, 0n) ?? 0n;
      expect(spent <= dec(100)).toBe(true);
      expect(spent > dec(99)).toBe(true);
    }
  });

  it('refuses locally what the filters refuse, before sending', async () => {
    const { venue, sim, creds } = await start();
    const sell = conformanceOrder(venue, MARKET, { side: 'Sell', orderType: 'Market', size: dec('121') });
    expect(await venue.placeOrder(sell)).toMatchObject({ kind: 'rejected', code: 'filter_market_lot_size' });
    const gtd = conformanceOrder(venue, MARKET, {
      price: dec('50000'),
      size: dec('0.001'),
      timeInForce: 'GTD',
    });
    expect((await venue.placeOrder(gtd)).kind).toBe('rejected');
    const tiny = conformanceOrder(venue, MARKET, {
      orderType: 'Market',
      size: dec('0.001'),
      params: { quoteOrderQty: '1' },
    });
    expect(await venue.placeOrder(tiny)).toMatchObject({ kind: 'rejected', code: 'filter_notional' });
    expect(ledgerOrders(sim, creds.apiKey)).toEqual([]);
  });

  it('cancels every open order of a symbol', async () => {
    const { venue } = await start();
    await resting(venue);
    await resting(venue, { price: dec('49000') });
    const out = await venue.cancelAll(MARKET);
    expect(out.kind === 'done' && out.canceled.length).toBe(2);
    expect(await venue.cancelAll(MARKET)).toEqual({ kind: 'done', canceled: [] });
  });
});

describe('BinanceVenue rate limits', () => {
  it('a 429 pauses the venue for Retry-After: the next request is refused locally', async () => {
    const { venue, sim } = await start(undefined, { meterMaxWaitMs: 300 });
    const f = sim.admin.addFault({ kind: 'status_429', retryAfter: 2, route: 'GET /api/v3/openOrders' });
    await expect(venue.getOpenOrders(MARKET)).rejects.toBeInstanceOf(RateLimitExceeded);
    await expect(venue.getOpenOrders(MARKET)).rejects.toBeInstanceOf(RateLimitExceeded);
    await expect(venue.healthCheck()).resolves.toMatchObject({ ok: false });
    expect(sim.admin.faults().find((x) => x.id === f.id)?.hits).toBe(1);
    sim.admin.clearFaults();
    await sleep(2100);
    expect(await venue.getOpenOrders(MARKET)).toEqual([]);
  });

  it('X-MBX-USED-WEIGHT-1M raises our count to the venue figure', async () => {
    const { venue, sim } = await start();
    // another client on the same IP spends weight
    for (let i = 0; i < 10; i++) await fetch(`${sim.url}/api/v3/exchangeInfo`);
    await venue.healthCheck();
    const w = venue.weightLimiter.usage()[0]!;
    expect(w.capacity - w.available).toBeGreaterThanOrEqual(200);
    expect(venue.orderLimiter.usage().map((u) => u.bucket)).toEqual(['orders10S', 'orders1D']);
    // an accepted order's X-MBX-ORDER-COUNT-10S / -1D reach the order-entry limiter
    await resting(venue);
    await resting(venue, { price: dec('49000') });
    const [tenS, day] = venue.orderLimiter.usage();
    expect(tenS!.capacity - tenS!.available).toBeGreaterThanOrEqual(1.9);
    expect(day!.capacity - day!.available).toBeGreaterThanOrEqual(1.9);
  });
});

describe('BinanceVenue secrets', () => {
  it('never shows the API secret (JSON, inspect, errors), the key only masked', async () => {
    const secret = 'S3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3cr3tABCD';
    const key = 'K3yK3yK3yK3yK3yK3yK3yK3yK3yK3yK3yK3yK3yK3yK3yK3yK3yK3yK3yK3yWXYZ';
    const v = BinanceVenue.fromEnv({ BINANCE_API_KEY: key, BINANCE_API_SECRET: secret }, { stream: false });
    closers.push(() => v.close());
    for (const text of [JSON.stringify(v), inspect(v, { depth: 10, showHidden: true }), String(v)]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(key);
    }
    expect(JSON.stringify(v)).toContain('K3yK...WXYZ');
    let err: unknown;
    try {
      BinanceVenue.fromEnv({ BINANCE_API_KEY: 'bad key!', BINANCE_API_SECRET: secret });
    } catch (e) {
      err = e;
    }
    expect(String(err)).toMatch(/apiKey/);
    expect(`${String(err)} ${JSON.stringify(err)} ${inspect(err)}`).not.toContain(secret);
  });

  it('a wrong secret is refused with a clear message that does not contain it', async () => {
    const sim = await startBinanceSim({ seed: 6 });
    closers.push(() => sim.close());
    const creds = sim.admin.createAccount({ USDT: '1000' });
    const wrong = 'x'.repeat(64);
    const v = await BinanceVenue.create({
      apiKey: creds.apiKey,
      apiSecret: wrong,
      baseUrl: sim.url,
      stream: false,
    });
    closers.push(() => v.close());
    const out = await v.placeOrder(conformanceOrder(v, MARKET, { price: dec('50000'), size: dec('0.001') }));
    expect(out).toMatchObject({ kind: 'rejected', code: 'binance_-1022' });
    if (out.kind === 'rejected') {
      expect(out.message).toMatch(/signature/i);
      expect(out.message).not.toContain(wrong);
    }
  });
});
