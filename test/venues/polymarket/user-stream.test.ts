/**
 * The Polymarket adapter's user WebSocket channel against the simulator: a maker fill of ours arrives
 * over the stream (once, though the venue sends MATCHED then CONFIRMED); a dropped connection is reported
 * down / reconnected and the fill that happened meanwhile arrives by the REST gap-fill exactly once; a
 * silent connection (no PONG) is detected and replaced; the engine sees the maker fill and the position.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { asMarketId, dec, type Fill, OrderStatus } from '../../../src/domain/index.ts';
import { ExecutionEngine } from '../../../src/engine/index.ts';
import { type PolymarketSim, startPolymarketSim } from '../../../src/sim/polymarket/index.ts';
import { PolymarketVenue, polymarketRateLimits } from '../../../src/venues/polymarket/index.ts';
import type { VenueEvent } from '../../../src/venues/venue-adapter.ts';
import { conformanceOrder, eventually } from '../../conformance/venue-conformance.ts';

const TOKEN_A = '71321045679252212594626385532706912750332728571942532289631379312455583992563';
const MARKET = asMarketId(TOKEN_A);

/** Stream settings short enough for tests; jitter fixed so the back-off is predictable. */
const FAST = {
  streamPingMs: 40,
  streamSilenceMs: 200,
  streamBackoff: { initialMs: 300, maxMs: 1000 },
  streamRandom: () => 0.99,
} as const;

describe('Polymarket user channel', () => {
  let sim: PolymarketSim;
  let venue: PolymarketVenue;
  let lp: PolymarketVenue;
  let events: VenueEvent[];
  const fills = (): Fill[] => events.flatMap((e) => (e.type === 'fill' ? [e.fill] : []));
  const states = (): string[] => events.flatMap((e) => (e.type === 'connection' ? [e.state] : []));

  beforeAll(async () => {
    sim = await startPolymarketSim({ port: 0, seed: 31 });
    const us = sim.admin.createAccount({ usdc: '10', tokens: { [TOKEN_A]: '200' } });
    const them = sim.admin.createAccount({ usdc: '500' });
    venue = new PolymarketVenue({ host: sim.url, privateKey: us.privateKey, ...FAST });
    events = [];
    venue.subscribe((e) => events.push(e));
    await venue.connect();
    lp = await PolymarketVenue.create({
      host: sim.url,
      privateKey: them.privateKey,
      venueId: 'lp',
      stream: false,
    });
    await eventually(() => (venue.streaming ? true : undefined), 2000, 'the stream to open');
  });
  afterEach(() => sim.admin.clearFaults());
  afterAll(async () => {
    await venue.close();
    await lp.close();
    await sim.close();
  });

  /** Rests a sell of ours at `price` and returns its order. */
  async function restingAsk(price: string, size: number) {
    const ask = conformanceOrder(venue, MARKET, { side: 'Sell', price: dec(price), size: dec(size) });
    const placed = await venue.placeOrder(ask);
    expect(placed).toMatchObject({ kind: 'accepted', status: OrderStatus.Working });
    return { order: ask, hash: (placed as { venueOrderId: string }).venueOrderId };
  }

  async function hit(price: string, size: number) {
    const bid = conformanceOrder(lp, MARKET, { side: 'Buy', price: dec(price), size: dec(size) });
    expect(await lp.placeOrder(bid)).toMatchObject({ kind: 'accepted' });
  }

  it('delivers our maker fill over the WebSocket, once (MATCHED counted, CONFIRMED dropped)', async () => {
    expect(states()).toEqual(['up']);
    const { order, hash } = await restingAsk('0.7', 12);
    await hit('0.7', 5);
    const f = await eventually(
      () => fills().find((x) => x.orderId === order.id),
      3000,
      'the maker fill on the stream',
    );
    expect(f).toMatchObject({ liquidity: 'maker', side: 'Sell', size: dec(5), price: dec('0.7') });
    expect(f.tradeId.endsWith(`:${hash}`)).toBe(true);
    // the REST read of the same trade names the fill the same way
    const rest = await venue.getFills(0, MARKET);
    expect(rest.filter((x) => x.tradeId === f.tradeId)).toHaveLength(1);
    // the cancellation comes after the CONFIRMED repeat on the socket: by then it must have been dropped
    expect(await venue.cancelOrder(order)).toEqual({ kind: 'cancelled' });
    await eventually(
      () =>
        events.filter(
          (e) => e.type === 'order' && e.report.orderId === order.id && e.report.status === 'Cancelled',
        ).length >= 2
          ? true
          : undefined,
      3000,
      'the CANCELLATION on the stream',
    );
    expect(fills().filter((x) => x.tradeId === f.tradeId)).toHaveLength(1);
    expect(states()).toEqual(['up']);
  });

  it('reports a drop, reconnects, and gap-fills the fill missed meanwhile exactly once', async () => {
    const { order } = await restingAsk('0.8', 10);
    events.length = 0;
    sim.admin.addFault({ kind: 'ws_drop' });
    await eventually(() => (states().includes('down') ? true : undefined), 2000, 'down');
    await hit('0.8', 6); // while disconnected (the reconnect waits ~300 ms)
    expect(states()).toEqual(['down']);
    await eventually(() => (states().includes('reconnected') ? true : undefined), 3000, 'reconnected');
    const f = await eventually(
      () => fills().find((x) => x.orderId === order.id),
      3000,
      'the gap-filled fill',
    );
    expect(f).toMatchObject({ liquidity: 'maker', size: dec(6) });
    const reconnectedAt = events.findIndex((e) => e.type === 'connection' && e.state === 'reconnected');
    expect(events.findIndex((e) => e.type === 'fill')).toBeGreaterThan(reconnectedAt);
    // the gap-fill also re-reports our open order
    expect(events.some((e) => e.type === 'order' && e.report.orderId === order.id)).toBe(true);
    // a second gap-fill (another drop) finds the same trade and emits nothing new
    sim.admin.addFault({ kind: 'ws_drop' });
    await eventually(
      () => (states().filter((s) => s === 'reconnected').length >= 2 ? true : undefined),
      3000,
      'second reconnect',
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(fills().filter((x) => x.orderId === order.id)).toHaveLength(1);
    await venue.cancelOrder(order);
  });

  it('detects a silent connection (no PONG) and reconnects', async () => {
    events.length = 0;
    sim.admin.addFault({ kind: 'ws_silent', silencePong: true });
    const down = await eventually(
      () => events.find((e) => e.type === 'connection' && e.state === 'down'),
      3000,
      'the silence to be detected',
    );
    expect(down).toMatchObject({ reason: expect.stringMatching(/silent/) });
    sim.admin.clearFaults();
    await eventually(() => (states().includes('reconnected') ? true : undefined), 3000, 'reconnected');
    await eventually(() => (venue.streaming ? true : undefined), 2000, 'an open stream');
  });
});

describe('ExecutionEngine with the streaming Polymarket adapter', () => {
  it('sees our maker fill from the stream and updates the position', async () => {
    const sim = await startPolymarketSim({ port: 0, seed: 32 });
    const us = sim.admin.createAccount({ usdc: '500' });
    const them = sim.admin.createAccount({ usdc: '10', tokens: { [TOKEN_A]: '100' } });
    const venue = await PolymarketVenue.create({ host: sim.url, privateKey: us.privateKey, ...FAST });
    const lp = await PolymarketVenue.create({
      host: sim.url,
      privateKey: them.privateKey,
      venueId: 'lp',
      stream: false,
    });
    await venue.prepareMarket(TOKEN_A);
    const engine = new ExecutionEngine({
      settle: { initialDelayMs: 5, maxDelayMs: 50, notFoundStrikes: 3, notFoundGraceMs: 50 },
    });
    engine.registerAdapter(venue, polymarketRateLimits().build('polymarket'));
    try {
      await eventually(() => (venue.streaming ? true : undefined), 2000, 'the stream to open');
      const o = await engine.submitOrder({
        venue: 'polymarket',
        market: TOKEN_A,
        side: 'Buy',
        price: '0.4',
        size: 10,
      });
      expect(o.status).toBe(OrderStatus.Working);
      const ask = conformanceOrder(lp, MARKET, { side: 'Sell', price: dec('0.4'), size: dec(6) });
      expect(await lp.placeOrder(ask)).toMatchObject({ kind: 'accepted', status: 'Filled' });
      const s = await eventually(
        () => {
          const x = engine.getStatus(o.id);
          return x.filledSize === dec(6) ? x : undefined;
        },
        3000,
        'the maker fill in the engine',
      );
      expect(s.status).toBe(OrderStatus.PartiallyFilled);
      expect(engine.getPosition('polymarket', TOKEN_A)?.netSize).toBe(dec(6));
    } finally {
      await engine.close();
      await lp.close();
      await sim.close();
    }
  });
});

describe('user channel protocol (a scripted WebSocket server, REST on the simulator)', () => {
  it('authenticates with the API creds, PINGs, and takes back the fills of a FAILED trade and reports its orders', async () => {
    const sim = await startPolymarketSim({ port: 0, seed: 33 });
    const wss = new WebSocketServer({ port: 0 });
    const received: string[] = [];
    let socket: WebSocket | undefined;
    wss.on('connection', (ws) => {
      socket = ws;
      ws.on('message', (d) => {
        const text = d.toString();
        received.push(text);
        if (text === 'PING') ws.send('PONG');
      });
    });
    await new Promise<void>((r) => wss.once('listening', () => r()));
    const us = sim.admin.createAccount({ usdc: '10', tokens: { [TOKEN_A]: '50' } });
    const venue = await PolymarketVenue.create({
      host: sim.url,
      privateKey: us.privateKey,
      wsUrl: `ws://127.0.0.1:${(wss.address() as { port: number }).port}/ws/user`,
      streamMarkets: 'prepared',
      ...FAST,
    });
    const events: VenueEvent[] = [];
    venue.subscribe((e) => events.push(e));
    try {
      await eventually(
        () => (received.filter((t) => t === 'PING').length >= 2 ? true : undefined),
        2000,
        'PINGs',
      );
      const auth = JSON.parse(received[0]!) as Record<string, unknown>;
      expect(auth).toMatchObject({ type: 'user', markets: [] });
      expect(Object.keys(auth.auth as object).sort()).toEqual(['apiKey', 'passphrase', 'secret']);
      // a prepared market is followed by its condition id
      const m = await venue.prepareMarket(TOKEN_A);
      expect(m.conditionId).toMatch(/^0x[0-9a-f]{64}$/);
      await eventually(
        () => (received.some((t) => t.includes('"operation":"subscribe"')) ? true : undefined),
        2000,
        'the subscribe',
      );
      const ask = conformanceOrder(venue, MARKET, { side: 'Sell', price: dec('0.9'), size: dec(5) });
      const placed = await venue.placeOrder(ask);
      expect(placed.kind).toBe('accepted');
      const hash = venue.venueOrderIdOf(ask.id)!;
      const trade = (status: string) =>
        JSON.stringify({
          event_type: 'trade',
          type: 'TRADE',
          id: 'trade-x',
          taker_order_id: `0x${'cd'.repeat(32)}`,
          asset_id: TOKEN_A,
          side: 'BUY',
          size: '5',
          price: '0.9',
          status,
          match_time: '1700000000',
          trader_side: 'MAKER',
          maker_orders: [
            { order_id: hash, owner: 'k', matched_amount: '5', price: '0.9', asset_id: TOKEN_A },
          ],
        });
      socket!.send(trade('MATCHED'));
      const fill = await eventually(() => events.find((e) => e.type === 'fill'), 2000, 'the fill at MATCHED');
      socket!.send(trade('FAILED'));
      socket!.send(trade('FAILED')); // the venue may repeat it: one reversal
      const alert = await eventually(
        () => events.find((e) => e.type === 'order' && /trade trade-x FAILED/.test(e.report.reason ?? '')),
        2000,
        'the FAILED trade report',
      );
      expect(alert).toMatchObject({ report: { orderId: ask.id, status: OrderStatus.Working } });
      const reversals = events.filter((e) => e.type === 'fill_reversed');
      expect(reversals).toHaveLength(1);
      expect(reversals[0]).toMatchObject({
        fill: { orderId: ask.id, tradeId: `trade-x:${hash}`, size: dec(5) },
        reason: expect.stringContaining('trade-x FAILED'),
      });
      expect(fill).toMatchObject({ fill: { tradeId: `trade-x:${hash}` } });
      expect(events.filter((e) => e.type === 'fill')).toHaveLength(1);
    } finally {
      await venue.close();
      socket?.terminate();
      await new Promise((r) => wss.close(r));
      await sim.close();
    }
  });
});
