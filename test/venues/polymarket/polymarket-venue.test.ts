/**
 * PolymarketVenue against the simulator beyond the conformance suite: API-key create-or-derive,
 * redaction, configuration errors, market orders priced from the book, batches, bulk cancels, maker
 * fills, pagination and cancel-then-replace semantics.
 */
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asMarketId, dec, type Order } from '../../../src/domain/index.ts';
import { ValidationError } from '../../../src/errors/index.ts';
import { type PolymarketSim, startPolymarketSim } from '../../../src/sim/polymarket/index.ts';
import { PolymarketVenue, polymarketRateLimits } from '../../../src/venues/polymarket/index.ts';
import { conformanceOrder } from '../../conformance/venue-conformance.ts';

const TOKEN_A = '71321045679252212594626385532706912750332728571942532289631379312455583992563';
const A = asMarketId(TOKEN_A);

describe('PolymarketVenue (simulator)', () => {
  let sim: PolymarketSim;
  let trader: PolymarketVenue;
  let lp: PolymarketVenue;
  let traderKey: string;
  const make = (v: PolymarketVenue, p: Partial<Order>): Order => conformanceOrder(v, A, p);

  beforeAll(async () => {
    sim = await startPolymarketSim({ seed: 5, pageSize: 2 });
    const t = sim.admin.createAccount({ usdc: '1000' });
    const m = sim.admin.createAccount({ usdc: '100', tokens: { [TOKEN_A]: '1000' } });
    traderKey = t.privateKey;
    trader = await PolymarketVenue.create({ host: sim.url, privateKey: t.privateKey, useServerTime: true });
    lp = await PolymarketVenue.create({ host: sim.url, privateKey: m.privateKey, venueId: 'lp' });
  });
  afterAll(async () => {
    await trader.close();
    await lp.close();
    await sim.close();
  });

  it('derives the existing API key when creating fails, and trades with it', async () => {
    const again = await PolymarketVenue.create({ host: sim.url, privateKey: traderKey });
    expect(again.connected).toBe(true);
    const out = await again.placeOrder(make(again, { price: dec('0.1'), size: dec(5) }));
    expect(out.kind).toBe('accepted');
    expect((await again.cancelAll()).kind).toBe('done');
    await again.close();
  });

  it('never shows the private key or the API secret in JSON, inspect or errors', () => {
    const text = `${JSON.stringify(trader)} ${inspect(trader)}`;
    expect(text).not.toContain(traderKey.slice(2));
    expect(text).toContain('(redacted)');
    const bad = (() => {
      try {
        new PolymarketVenue({ host: sim.url, privateKey: 'nope' });
        return undefined;
      } catch (e) {
        return e;
      }
    })();
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).field).toBe('privateKey');
    expect((bad as ValidationError).message).not.toContain('nope');
    expect(() => new PolymarketVenue({ host: sim.url, privateKey: traderKey, signatureType: 1 })).toThrow(
      /funderAddress/,
    );
    expect(() => new PolymarketVenue({ host: 'ftp://x', privateKey: traderKey })).toThrow(/host/);
  });

  it('reads the environment, naming a missing variable', () => {
    expect(() => PolymarketVenue.fromEnv({ POLYMARKET_API_KEY: 'k' }, { host: sim.url })).toThrow(
      /POLYMARKET_API_SECRET/,
    );
    expect(() => PolymarketVenue.fromEnv({}, { host: sim.url })).toThrow(/POLYMARKET_PRIVATE_KEY/);
    const v = PolymarketVenue.fromEnv(
      {
        POLYMARKET_PRIVATE_KEY: traderKey,
        POLYMARKET_API_KEY: 'k',
        POLYMARKET_API_SECRET: 'c2VjcmV0',
        POLYMARKET_PASSPHRASE: 'pp',
      },
      { host: sim.url },
    );
    expect(v.connected).toBe(true);
    expect(JSON.stringify(v)).not.toContain('c2VjcmV0');
  });

  it.each([1, 2, 3] as const)(
    'signature type %i: the funder / deposit wallet is the maker, signed by the EOA; trades at the venue',
    async (type) => {
      const eoa = sim.admin.createAccount({});
      const wallet = `0x${(0xa0 + type).toString(16).repeat(20)}`;
      sim.admin.fund(wallet, { usdc: '50' });
      const v = await PolymarketVenue.create({
        host: sim.url,
        privateKey: eoa.privateKey,
        signatureType: type,
        funderAddress: wallet,
        venueId: `type${type}`,
        stream: false,
      });
      try {
        // not yet the EOA's wallet at the venue: refused
        const refused = await v.placeOrder(make(v, { side: 'Buy', price: dec('0.2'), size: dec(5) }));
        expect(refused).toMatchObject({ kind: 'rejected' });
        sim.admin.setFunder(eoa.address, wallet);
        await lp.placeOrder(make(lp, { side: 'Sell', price: dec('0.30'), size: dec(5) }));
        const out = await v.placeOrder(make(v, { side: 'Buy', price: dec('0.30'), size: dec(5) }));
        expect(out).toMatchObject({ kind: 'accepted', status: 'Filled' });
        const ledger = sim.admin.ledger() as {
          trades: { maker_address: string; status: string }[];
          balances: Record<string, { tokens: Record<string, string> }>;
        };
        const t = ledger.trades.at(-1)!;
        expect(t.maker_address.toLowerCase()).toBe(wallet);
        expect(t.status).toBe('CONFIRMED');
        const held = Object.entries(ledger.balances).find(([a]) => a.toLowerCase() === wallet)?.[1];
        expect(held?.tokens[TOKEN_A]).toBe('5');
      } finally {
        await v.close();
      }
    },
  );

  it('publishes instrument rules and a reference mid once the market is prepared', async () => {
    await lp.placeOrder(make(lp, { side: 'Sell', price: dec('0.70'), size: dec(5) }));
    await trader.placeOrder(make(trader, { side: 'Buy', price: dec('0.20'), size: dec(5) }));
    const info = await trader.prepareMarket(TOKEN_A);
    expect(info.tickSize).toBe('0.01');
    const rules = trader.instrument(A);
    expect(rules).toMatchObject({ tickSize: dec('0.01'), minSize: dec(5), priceBoundsExclusive: true });
    await trader.fetchBook(TOKEN_A);
    expect(trader.referencePrice(A)).toBe(dec('0.45'));
    await trader.cancelAll();
    await lp.cancelAll();
  });

  it('market FOK BUY walks the book; FAK takes what there is; FOK short of depth is refused locally', async () => {
    await lp.placeOrder(make(lp, { side: 'Sell', price: dec('0.50'), size: dec(10) }));
    await lp.placeOrder(make(lp, { side: 'Sell', price: dec('0.52'), size: dec(10) }));
    const fok = await trader.placeOrder(
      make(trader, { orderType: 'Market', timeInForce: 'FOK', size: dec(15) }),
    );
    expect(fok).toMatchObject({ kind: 'accepted', status: 'Filled' });
    if (fok.kind === 'accepted') expect(fok.fills?.length).toBe(1);
    const short = await trader.placeOrder(
      make(trader, { orderType: 'Market', timeInForce: 'FOK', size: dec(50) }),
    );
    expect(short).toMatchObject({ kind: 'rejected', code: 'invalid_order' });
    const fak = await trader.placeOrder(
      make(trader, { orderType: 'Market', timeInForce: 'IOC', size: dec(50) }),
    );
    expect(fak.kind).toBe('accepted');
    if (fak.kind === 'accepted') expect(fak.status).toBe('Cancelled');
  });

  it('gives the resting side its maker fills, by its own order id', async () => {
    const ask = make(lp, { side: 'Sell', price: dec('0.40'), size: dec(6) });
    expect((await lp.placeOrder(ask)).kind).toBe('accepted');
    const bid = make(trader, { side: 'Buy', price: dec('0.40'), size: dec(6) });
    expect(await trader.placeOrder(bid)).toMatchObject({ kind: 'accepted', status: 'Filled' });
    const fills = (await lp.getFills(0, A)).filter((f) => f.orderId === ask.id);
    expect(fills).toHaveLength(1);
    expect(fills[0]).toMatchObject({ liquidity: 'maker', side: 'Sell', size: dec(6), price: dec('0.40') });
    const mine = (await trader.getFills(0, A)).filter((f) => f.orderId === bid.id);
    expect(mine.map((f) => f.liquidity)).toEqual(['taker']);
  });

  it('batch-posts up to 15 orders, reads them across pages, and cancels many / by market', async () => {
    const orders = [0.11, 0.12, 0.13, 0.14, 0.15].map((p) =>
      make(trader, { price: dec(String(p)), size: dec(5) }),
    );
    const outs = await trader.postOrders(orders);
    expect(outs.map((o) => o.kind)).toEqual(Array(5).fill('accepted'));
    const open = await trader.getOpenOrders(A);
    expect(open.map((r) => r.orderId).sort()).toEqual(orders.map((o) => o.id).sort());
    const some = await trader.cancelOrders([orders[0]!.id, orders[1]!.id]);
    expect(some.kind === 'done' && some.canceled.length).toBe(2);
    const rest = await trader.cancelMarket(A);
    expect(rest.kind === 'done' && rest.canceled.length).toBe(3);
    expect(await trader.getOpenOrders(A)).toEqual([]);
    await expect(trader.postOrders(Array(16).fill(orders[0]))).rejects.toThrow(ValidationError);
  });

  it('modify = cancel-then-replace: new hash, same OrderId; a refused cancel places nothing', async () => {
    const o = make(trader, { price: dec('0.21'), size: dec(5) });
    const placed = await trader.placeOrder(o);
    if (placed.kind !== 'accepted') throw new Error('not placed');
    const live = { ...o, venueOrderId: placed.venueOrderId };
    const mod = await trader.modifyOrder(live, dec('0.22'), dec(8));
    expect(mod.kind).toBe('amended');
    if (mod.kind !== 'amended') return;
    expect(mod.venueOrderId).not.toBe(placed.venueOrderId);
    expect(trader.venueOrderIdOf(o.id)).toBe(mod.venueOrderId);
    const rep = await trader.getOrderStatus({ orderId: o.id, venueOrderId: mod.venueOrderId!, market: A });
    expect(rep).toMatchObject({ orderId: o.id, status: 'Working', price: dec('0.22'), size: dec(8) });
    // the order's id now leads to its replacement; the old hash, asked for on its own, is cancelled
    const current = await trader.getOrderStatus({
      orderId: o.id,
      venueOrderId: placed.venueOrderId,
      market: A,
    });
    expect(current?.venueOrderId).toBe(mod.venueOrderId);
    const old = await trader.getOrderStatus({
      orderId: 'not-ours' as never,
      venueOrderId: placed.venueOrderId,
      market: A,
    });
    expect(old?.status).toBe('Cancelled');
    // cancelled behind the gateway's back: the next modify's cancel is refused, and nothing is placed
    await trader.cancelOrders([mod.venueOrderId!]);
    const before = (await trader.getOpenOrders(A)).length;
    const refused = await trader.modifyOrder(live, dec('0.23'));
    expect(refused).toMatchObject({ kind: 'rejected', code: 'not_canceled' });
    expect((await trader.getOpenOrders(A)).length).toBe(before);
    await trader.cancelAll();
  });

  it('reports health with latency, and rate-limit defaults from the published limits', async () => {
    const h = await trader.healthCheck();
    expect(h.ok).toBe(true);
    expect(h.latencyMs).toBeGreaterThanOrEqual(0);
    expect(polymarketRateLimits().buckets.map((b) => [b.capacity, b.refillPerSecond])).toEqual([
      [3500, 350],
      [36000, 60],
    ]);
    expect(polymarketRateLimits('DELETE /cancel-all').buckets[0]?.capacity).toBe(250);
  });
});
