/**
 * Random trading under random faults, seeded: submits (resting, crossing IOC, market), cancels and
 * modifies while the venue loses answers, drops stream events, times out cancels and fails status
 * queries, and its liquidity maker moves the market. At the end the gateway and the venue must agree on
 * every order, every fill and every position: zero lost, zero duplicated.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { dec, fmt, type Order, OrderStatus, Side } from '../../src/domain/index.ts';
import { ExecutionEngine } from '../../src/engine/index.ts';
import { ExecError } from '../../src/errors/index.ts';
import { RateLimiterConfig } from '../../src/ratelimit/index.ts';
import { SeededRandom } from '../../src/sim/seeded-random.ts';
import { PaperVenue } from '../../src/venues/paper/index.ts';

const engines: ExecutionEngine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
});

describe('engine under random faults', () => {
  const seeds = process.env.AG_EXEC_CHAOS_SEEDS ? Number(process.env.AG_EXEC_CHAOS_SEEDS) : 3;
  for (let seed = 1; seed <= seeds; seed++) {
    it(`seed ${seed}: gateway and venue agree on every order, fill and position`, async () => {
      const rng = new SeededRandom(seed);
      const random = () => rng.next();
      const venue = new PaperVenue({ seed, latencyMs: 0 });
      const engine = new ExecutionEngine({
        settle: { initialDelayMs: 1, maxDelayMs: 8, notFoundStrikes: 3, notFoundGraceMs: 15 },
      });
      engines.push(engine);
      engine.registerAdapter(venue, RateLimiterConfig.new(1e6, 1e6).build('paper'));
      venue.injectFault('accept_then_timeout', { probability: 0.08 });
      venue.injectFault('lost_response', { probability: 0.08, delayMs: 2 });
      venue.injectFault('timeout_before_accept', { probability: 0.05 });
      venue.injectFault('cancel_timeout', { probability: 0.15 });
      venue.injectFault('status_error', { probability: 0.1 });
      const market = 'PM-YES';
      const tick = dec('0.01');
      const orders: Order[] = [];
      let cancels = 0;
      let modifies = 0;
      for (let i = 0; i < 150; i++) {
        const ref = venue.referencePrice(market as never)!;
        const r = random();
        const side = random() < 0.5 ? Side.Buy : Side.Sell;
        const away = side === Side.Buy ? -1n : 1n;
        try {
          if (r < 0.45) {
            const ticks = BigInt(2 + Math.floor(random() * 6));
            const price = fmt((ref + away * ticks * tick) as never);
            orders.push(
              await engine.submitOrder({
                venue: 'paper',
                market,
                side,
                price,
                size: 1 + Math.floor(random() * 5),
              }),
            );
          } else if (r < 0.65) {
            const price = fmt((ref - away * 3n * tick) as never);
            orders.push(
              await engine.submitOrder({ venue: 'paper', market, side, price, size: 2, timeInForce: 'IOC' }),
            );
          } else if (r < 0.85) {
            const live = engine
              .getActiveOrders()
              .filter((o) => o.status === OrderStatus.Working || o.status === OrderStatus.PartiallyFilled);
            const victim = live[Math.floor(random() * live.length)];
            if (victim) {
              cancels++;
              await engine.cancelOrder(victim.id);
            }
          } else if (r < 0.93) {
            const live = engine.getActiveOrders().filter((o) => o.status === OrderStatus.Working);
            const victim = live[Math.floor(random() * live.length)];
            if (victim?.price !== undefined) {
              const price = fmt((victim.price + (victim.side === Side.Buy ? -tick : tick)) as never);
              modifies++;
              await engine.modifyOrder(victim.id, { price });
            }
          } else {
            venue.step();
          }
        } catch (e) {
          // refusals are fine (a cancel of a just-filled order, a modify of a moved one); anything else is a bug
          if (!(e instanceof ExecError)) throw e;
        }
      }
      venue.clearFaults();
      for (const o of orders) await engine.whenSettled(o.id);
      for (const o of engine.getActiveOrders()) await engine.whenSettled(o.id);

      const ledger = venue.ledger();
      expect(ledger.duplicates).toEqual([]); // nothing was ever sent twice
      const atVenue = new Map(ledger.orders.map((v) => [v.orderId as string, v]));
      for (const o of orders) {
        const ours = engine.getStatus(o.id);
        expect(
          ours.status === OrderStatus.Submitting || ours.status === OrderStatus.Cancelling,
          `${o.id} in flight`,
        ).toBe(false);
        const theirs = atVenue.get(o.id);
        if (theirs === undefined) {
          expect(ours.status, `${o.id} unknown to the venue`).toBe(OrderStatus.Rejected);
          continue;
        }
        expect(ours.status, `${o.id} status`).toBe(theirs.status);
        expect(ours.filledSize, `${o.id} filled`).toBe(theirs.filledSize);
        if (theirs.price !== undefined && ours.price !== undefined)
          expect(ours.price, `${o.id} price`).toBe(theirs.price);
      }
      for (const id of atVenue.keys())
        expect(engine.tracker.getOrder(id as never), `venue order ${id} tracked`).toBeDefined();
      const venueNet = ledger.fills.reduce((s, f) => s + (f.side === Side.Buy ? f.size : -f.size), 0n);
      expect(engine.getPosition('paper', market).netSize).toBe(venueNet);
      expect(engine.tracker.getFills().length).toBe(ledger.fills.length);
      expect(ledger.faults.length).toBeGreaterThan(10); // the faults really fired
      expect(cancels).toBeGreaterThan(5);
      expect(modifies).toBeGreaterThan(2);
      expect(ledger.fills.length).toBeGreaterThan(5);
    });
  }
});
