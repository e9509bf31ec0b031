/**
 * One gateway process of the crash harness (`chaos/run.ts`): opens its journal, registers the venues,
 * recovers (replay + reconciliation), then trades at random (seeded) until it is killed, printing one
 * JSON line per acknowledged order (`{"acked": id}`: `submitOrder` returned it to the caller). With
 * `--final` it only recovers, waits until nothing is in flight, prints the gateway's state as one JSON
 * line and exits.
 *
 * Arguments: one JSON object (argv[2]): {@link ChaosGatewayArgs}.
 */
import { fmt, isInFlight, type Order } from '../src/domain/index.ts';
import { ExecutionEngine } from '../src/engine/index.ts';
import { ExecError } from '../src/errors/index.ts';
import type { Limiter } from '../src/ratelimit/index.ts';
import { SeededRandom } from '../src/sim/seeded-random.ts';
import { type JournalSpec, openJournal } from '../src/store/index.ts';
import { BinanceVenue } from '../src/venues/binance/index.ts';
import { PolymarketVenue, polymarketRateLimits } from '../src/venues/polymarket/index.ts';
import type { VenueAdapter } from '../src/venues/venue-adapter.ts';

/** One venue the gateway trades on (the simulator's URL and the account's credentials). */
export type ChaosVenueSpec =
  | {
      readonly kind: 'polymarket';
      readonly id: string;
      readonly url: string;
      readonly privateKey: string;
      readonly market: string;
    }
  | {
      readonly kind: 'binance';
      readonly id: string;
      readonly url: string;
      readonly wsUrl: string;
      readonly apiKey: string;
      readonly secret: string;
      readonly market: string;
    };

/** The gateway's arguments. */
export interface ChaosGatewayArgs {
  readonly journal: JournalSpec;
  readonly venues: readonly ChaosVenueSpec[];
  readonly seed: number;
  readonly final?: boolean;
}

const out = (o: unknown): void => {
  process.stdout.write(`${JSON.stringify(o, (_k, v) => (typeof v === 'bigint' ? fmt(v as never) : v))}\n`);
};

async function venueFor(spec: ChaosVenueSpec): Promise<{ adapter: VenueAdapter; limiter: Limiter }> {
  if (spec.kind === 'binance') {
    const v = await BinanceVenue.create({
      apiKey: spec.apiKey,
      apiSecret: spec.secret,
      baseUrl: spec.url,
      wsApiUrl: spec.wsUrl,
      venueId: spec.id,
      timeoutMs: 400,
    });
    return { adapter: v, limiter: v.orderLimiter };
  }
  const v = await PolymarketVenue.create({
    host: spec.url,
    privateKey: spec.privateKey,
    venueId: spec.id,
    timeoutMs: 400,
  });
  await v.prepareMarket(spec.market);
  return { adapter: v, limiter: polymarketRateLimits().build(spec.id) };
}

/**
 * A random order for a venue: resting away from the book, or crossing it (trading with the simulator's
 * liquidity): Polymarket prices 0.01-0.99 around the liquidity account's ladder at 0.35-0.65, Binance
 * BTCUSDT around the liquidity maker's quotes at 60,000.
 */
function randomOrder(
  spec: ChaosVenueSpec,
  rng: SeededRandom,
): { side: 'Buy' | 'Sell'; price: string; size: string } {
  const crossing = rng.next() < 0.35;
  const side = rng.next() < 0.5 ? 'Buy' : 'Sell';
  const k = 1 + Math.floor(rng.next() * 8);
  if (spec.kind === 'binance') {
    const price = crossing
      ? side === 'Buy'
        ? 60_300 + 10 * k
        : 59_700 - 10 * k
      : side === 'Buy'
        ? 58_000 + 10 * k
        : 62_000 + 10 * k;
    return { side, price: String(price), size: `0.00${1 + Math.floor(rng.next() * 3)}` };
  }
  const price = crossing
    ? side === 'Buy'
      ? `0.${60 + k}`
      : `0.${40 - k}`
    : side === 'Buy'
      ? `0.${20 + k}`
      : `0.${80 + k}`;
  return { side, price, size: String(5 + Math.floor(rng.next() * 6)) };
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as ChaosGatewayArgs;
  const journal = await openJournal(args.journal);
  const engine = new ExecutionEngine({
    enableRiskChecks: false,
    journal,
    settle: { initialDelayMs: 20, maxDelayMs: 200, notFoundStrikes: 3, notFoundGraceMs: 1500 },
    reconcile: { settleTimeoutMs: 20_000 },
  });
  for (const v of args.venues) {
    const { adapter, limiter } = await venueFor(v);
    engine.registerAdapter(adapter, limiter);
  }
  const report = await engine.recover();
  out({ recovered: { events: report.replay.events, orders: report.replay.orders, venues: report.venues } });

  if (args.final) {
    for (let i = 0; i < 200 && engine.getActiveOrders().some((o) => isInFlight(o.status)); i++)
      await new Promise((r) => setTimeout(r, 50));
    await engine.reconcile();
    const orders = [...engine.tracker.orders()].map((o) => ({ ...o }));
    out({
      final: {
        orders,
        fills: engine.tracker.getFills(),
        positions: engine.tracker.getPositions(),
      },
    });
    await engine.close();
    return;
  }

  const rng = new SeededRandom(args.seed);
  const live: Order[] = [];
  for (;;) {
    const spec = args.venues[Math.floor(rng.next() * args.venues.length)]!;
    const r = rng.next();
    try {
      if (r < 0.55 || live.length === 0) {
        const { side, price, size } = randomOrder(spec, rng);
        const o = await engine.submitOrder({ venue: spec.id, market: spec.market, side, price, size });
        out({ acked: o.id, status: o.status });
        if (o.status === 'Working' || o.status === 'Submitting') live.push(o);
      } else {
        const i = Math.floor(rng.next() * live.length);
        const o = live.splice(i, 1)[0]!;
        await engine.cancelOrder(o.id);
      }
    } catch (e) {
      if (!(e instanceof ExecError)) throw e;
    }
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`chaos gateway: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
