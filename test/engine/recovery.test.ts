/**
 * Recovery after a stop: a second engine over the same SQLite journal rebuilds the OMS, refuses new
 * orders until it has reconciled with the venue, then agrees with the Polymarket simulator's ledger on
 * every order, fill and position: an order whose answer was lost is settled by the hash journaled before
 * it was sent, a fill made while the gateway was down is applied, an order cancelled meanwhile is closed,
 * and an order placed on the account by someone else is adopted as external.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { asMarketId, dec, OrderStatus } from '../../src/domain/index.ts';
import { ExecutionEngine } from '../../src/engine/index.ts';
import { NotReady, StoreError } from '../../src/errors/index.ts';
import { startPolymarketSim } from '../../src/sim/polymarket/index.ts';
import { SqliteJournal } from '../../src/store/index.ts';
import { PolymarketVenue, polymarketRateLimits } from '../../src/venues/polymarket/index.ts';
import { conformanceOrder } from '../conformance/venue-conformance.ts';

const TOKEN_A = '71321045679252212594626385532706912750332728571942532289631379312455583992563';
const A = asMarketId(TOKEN_A);

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

interface LedgerOrder {
  id: string;
  status: string;
  maker_address: string;
  size_matched: string;
}

describe('ExecutionEngine.recover (SQLite journal, Polymarket simulator)', () => {
  it('rebuilds from the journal, reconciles before taking orders, and agrees with the venue', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ag-recover-'));
    closers.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'journal.db');
    const sim = await startPolymarketSim({ seed: 51 });
    closers.push(() => sim.close());
    const trader = sim.admin.createAccount({ usdc: '1000', tokens: { [TOKEN_A]: '100' } });
    const maker = sim.admin.createAccount({ usdc: '1000', tokens: { [TOKEN_A]: '100' } });
    const lp = await PolymarketVenue.create({ host: sim.url, privateKey: maker.privateKey, venueId: 'lp' });
    closers.push(() => lp.close());
    await lp.placeOrder(conformanceOrder(lp, A, { side: 'Sell', price: dec('0.6'), size: dec(10) }));

    // ---- the first run -------------------------------------------------------------------------------
    const venue1 = await PolymarketVenue.create({
      host: sim.url,
      privateKey: trader.privateKey,
      stream: false,
    });
    const engine1 = new ExecutionEngine({
      enableRiskChecks: false,
      journal: SqliteJournal.open(file),
      settle: { initialDelayMs: 60_000 }, // the crash comes before any settling
    });
    engine1.registerAdapter(venue1, polymarketRateLimits().build('polymarket'));
    const submit = (e: ExecutionEngine, side: 'Buy' | 'Sell', price: string, size: number) =>
      e.submitOrder({ venue: 'polymarket', market: TOKEN_A, side, price, size });
    const filled = await submit(engine1, 'Buy', '0.6', 5);
    const resting = await submit(engine1, 'Buy', '0.2', 5);
    const doomed = await submit(engine1, 'Buy', '0.19', 5);
    sim.admin.addFault({ kind: 'accept_then_500', count: 1, route: 'POST /order' });
    const lost = await submit(engine1, 'Buy', '0.25', 8);
    expect(filled.status).toBe(OrderStatus.Filled);
    expect(lost.status).toBe(OrderStatus.Submitting);
    expect(lost.venueOrderId).toMatch(/^0x[0-9a-f]{64}$/); // journaled before it was sent
    await new Promise((r) => setTimeout(r, 50)); // the fire-and-forget appends are committed
    await engine1.close(); // the gateway stops (nothing more is written)

    // ---- while it is down ----------------------------------------------------------------------------
    const twin = await PolymarketVenue.create({
      host: sim.url,
      privateKey: trader.privateKey,
      venueId: 'twin',
      stream: false,
    });
    closers.push(() => twin.close());
    // the bid whose answer was lost fills 5 of 8 at the venue; the 0.19 bid is cancelled; someone places an order on the account
    const hit = await lp.placeOrder(
      conformanceOrder(lp, A, { side: 'Sell', price: dec('0.25'), size: dec(5) }),
    );
    expect(hit).toMatchObject({ kind: 'accepted' });
    expect(await twin.cancelOrders([doomed.venueOrderId!])).toMatchObject({ kind: 'done' });
    const foreign = conformanceOrder(twin, A, { side: 'Buy', price: dec('0.15'), size: dec(7) });
    expect((await twin.placeOrder(foreign)).kind).toBe('accepted');
    const foreignHash = twin.venueOrderIdOf(foreign.id)!;

    // ---- the restart ---------------------------------------------------------------------------------
    const venue2 = await PolymarketVenue.create({
      host: sim.url,
      privateKey: trader.privateKey,
      stream: false,
    });
    const engine2 = new ExecutionEngine({
      enableRiskChecks: false,
      journal: SqliteJournal.open(file),
      settle: { initialDelayMs: 5, maxDelayMs: 20 },
    });
    closers.push(() => engine2.close());
    engine2.registerAdapter(venue2, polymarketRateLimits().build('polymarket'));
    const recovering = engine2.recover();
    expect(engine2.ready).toBe(false);
    await expect(submit(engine2, 'Buy', '0.1', 5)).rejects.toBeInstanceOf(NotReady);
    const report = await recovering;
    expect(engine2.ready).toBe(true);
    expect(report.replay).toMatchObject({ orders: 4, active: 3, refused: [] });
    expect(report.venues[0]).toMatchObject({ venue: 'polymarket', adopted: 1, checked: 3 });
    expect(report.venues[0]?.error).toBeUndefined();

    const st = (id: string) => engine2.getStatus(id);
    expect(st(filled.id)).toMatchObject({ status: OrderStatus.Filled, filledSize: dec(5) });
    // the lost answer: the venue has the order (found by the journaled hash)
    expect(st(lost.id).status).toBe(OrderStatus.PartiallyFilled);
    expect(st(doomed.id).status).toBe(OrderStatus.Cancelled);
    expect(st(resting.id).status).toBe(OrderStatus.Working);
    const adopted = engine2.getActiveOrders().find((o) => o.venueOrderId === foreignHash);
    expect(adopted).toMatchObject({ external: true, status: OrderStatus.Working, size: dec(7) });

    // the venue's truth: every order of ours, its status and filled size; the position
    const me = venue2.makerAddress.toLowerCase();
    const ledger = sim.admin.ledger() as { orders: LedgerOrder[] };
    const mine = ledger.orders.filter((o) => o.maker_address.toLowerCase() === me);
    expect(mine).toHaveLength(5);
    for (const v of mine) {
      const ours = engine2.tracker.getByVenueOrderId(venue2.venueId, v.id as never);
      expect(ours, `venue order ${v.id}`).toBeDefined();
      expect(ours!.filledSize, `${v.id} filled`).toBe(dec(v.size_matched));
    }
    expect(engine2.getPosition('polymarket', TOKEN_A).netSize).toBe(dec(10));

    // the corrections were journaled: the next start finds the same state and nothing to correct
    await engine2.close();
    closers.pop();
    const venue3 = await PolymarketVenue.create({
      host: sim.url,
      privateKey: trader.privateKey,
      stream: false,
    });
    const engine3 = new ExecutionEngine({ enableRiskChecks: false, journal: SqliteJournal.open(file) });
    closers.push(() => engine3.close());
    engine3.registerAdapter(venue3);
    const next = await engine3.recover();
    expect(next.replay).toMatchObject({ orders: 5, active: 3, refused: [] });
    expect(next.venues[0]).toMatchObject({
      checked: 3,
      adopted: 0,
      fillsApplied: 0,
      closed: 0,
      mismatches: [],
    });
    expect(engine3.getPosition('polymarket', TOKEN_A).netSize).toBe(dec(10));
    expect(engine3.getStatus(lost.id).filledSize).toBe(dec(5));
  });

  it('a journal that cannot be read keeps the gateway closed, and says why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ag-recover-'));
    closers.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'journal.db');
    const first = new ExecutionEngine({ enableRiskChecks: false, journal: SqliteJournal.open(file) });
    await first.close();
    const db = new Database(file);
    db.prepare('INSERT INTO order_events (order_id, type, ts, body) VALUES (?, ?, ?, ?)').run(
      'o1',
      'Submitted',
      1,
      '{"v":99,"event":{}}',
    );
    db.close();
    const engine = new ExecutionEngine({ enableRiskChecks: false, journal: SqliteJournal.open(file) });
    closers.push(() => engine.close());
    const alerts: string[] = [];
    engine.on((e) => {
      if (e.type === 'alert') alerts.push(e.kind);
    });
    await expect(engine.recover()).rejects.toBeInstanceOf(StoreError);
    expect(engine.ready).toBe(false);
    expect(engine.readiness()).toMatchObject({ ready: false, phase: 'recovering' });
    expect(engine.readiness().error).toMatch(/record 1/);
    expect(alerts).toContain('recovery_failed');
  });
});
