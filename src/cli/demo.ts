/**
 * The demo: strategies trading against the paper venue and a simulated Polymarket market (the CLOB V2
 * simulator in process, through the Polymarket adapter), the Binance simulator, and staged swaps on Uniswap
 * V2/V3 on a local chain (through the Uniswap adapter) for a bounded time, with the whole gateway in the
 * loop (validation, risk, rate limits, OMS, settling of unknown outcomes, audit log, metrics). It stages,
 * on the paper venue, the cases a user should see once: an order refused by risk, one slowed by the rate
 * limiter, one filled in parts, one cancelled, and one whose outcome was unknown and was settled by a
 * status query.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  add,
  asMarketId,
  asVenueId,
  type Decimal,
  dec,
  fmt,
  type Order,
  OrderStatus,
  quantize,
  toFixed,
} from '../domain/index.ts';
import { createAuditLog, ExecutionEngine, flushAuditLog } from '../engine/index.ts';
import { ExecError, RateLimitExceeded, RiskRejected } from '../errors/index.ts';
import { Metrics } from '../metrics/index.ts';
import { unrealizedPnl } from '../orders/index.ts';
import { RateLimiterConfig } from '../ratelimit/index.ts';
import { RiskEngine } from '../risk/index.ts';
import { SqliteJournal } from '../store/index.ts';
import { PaperVenue } from '../venues/paper/index.ts';
import { BinanceLeg, type BinanceLegSummary, DEMO_BINANCE_SYMBOL } from './demo-binance.ts';
import { DEMO_PM_TOKEN, PolymarketLeg, type PolymarketLegSummary } from './demo-polymarket.ts';
import { runServiceLeg, type ServiceLegSummary } from './demo-service.ts';
import { DEMO_UNISWAP_MARKET, UniswapLeg, type UniswapLegSummary } from './demo-uniswap.ts';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Total run time in seconds (default 25). */
  durationSec?: number;
  seed?: number;
  /** Where the audit log and metrics go (default `./data/demo`). */
  dataDir?: string;
  /** Called about once a second with a one-line progress report. */
  onProgress?: (line: string) => void;
  /** Called when a staged case happens, with a sentence saying what was shown. */
  onCase?: (line: string) => void;
}

/** What the demo did, for the summary. */
export interface DemoSummary {
  durationSec: number;
  ordersByStatus: Record<string, number>;
  fills: number;
  /** Fills by venue (`paper`, `polymarket`, `binance`). */
  fillsByVenue: Record<string, number>;
  /** Positions per venue and market. */
  positions: Array<{
    venue: string;
    market: string;
    netSize: string;
    avgEntry: string;
    realizedPnl: string;
    unrealizedPnl: string;
    /** Fees by asset, e.g. `0.001200 USDC` or `0.000262 ETH` (Uniswap gas). */
    fees: string;
  }>;
  riskRejectionsByPolicy: Record<string, number>;
  rateLimitWaits: number;
  rateLimitWaitMsTotal: number;
  latencyMs: { p50: number; p99: number; samples: number };
  cases: Record<
    'riskRejected' | 'rateLimited' | 'partiallyFilled' | 'cancelled' | 'settledByQuery',
    string | undefined
  >;
  /** The Polymarket leg as the simulator's ledger records it (the venue's truth). */
  polymarket: PolymarketLegSummary;
  /** The Binance leg as the simulator's ledger records it. */
  binance: BinanceLegSummary;
  /** The Uniswap leg: each staged swap, its pool and why, its fill and gas. */
  uniswap: UniswapLegSummary;
  auditLog: string;
  metricsFile: string;
  /** The SQLite order journal and how many events it holds. */
  journal: { path: string; events: number };
  /** The service leg: the gateway over HTTP and its WebSocket stream. */
  service: ServiceLegSummary;
}

/** The risk policies the demo runs with (the same YAML shape users write). */
export const DEMO_RISK_POLICY = `# ag-exec demo risk policy
trading_state: ACTIVE
policies:
  - type: MaxOrderSize
    max_size: 1000
  - type: PositionLimit
    max_size: 5000
  - type: MaxNotionalPerOrder
    max_notional: 25000
  - type: MaxOpenOrders
    max_orders: 60
  - type: PriceBand
    max_deviation_bps: 3000
  - type: DailyLossLimit
    max_loss: 5000
  - type: InventoryLimit
    max_value_usd: 100000
  - type: MarketFilter
    allow: [PM-YES, BTC-USD, ETH-USD, "${DEMO_PM_TOKEN}", ${DEMO_BINANCE_SYMBOL}, ${DEMO_UNISWAP_MARKET}]
`;

const PM = asMarketId('PM-YES');
const BTC = asMarketId('BTC-USD');
const ETH = asMarketId('ETH-USD');
const VENUE = asVenueId('paper');

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Runs the demo and returns its summary. */
export async function runDemo(opts: DemoOptions = {}): Promise<DemoSummary> {
  const durationSec = opts.durationSec ?? 25;
  const dataDir = resolve(opts.dataDir ?? join('data', 'demo'));
  mkdirSync(dataDir, { recursive: true });
  const auditPath = join(dataDir, 'audit.log');
  const metricsPath = join(dataDir, 'metrics.jsonl');
  const journalPath = join(dataDir, 'journal.db');
  // each demo run starts a fresh journal (the embedded default store: SQLite, WAL)
  for (const f of [journalPath, `${journalPath}-wal`, `${journalPath}-shm`]) rmSync(f, { force: true });
  const journal = SqliteJournal.open(journalPath);
  const say = opts.onCase ?? (() => {});

  const venue = new PaperVenue({ seed: opts.seed ?? 7, latencyMs: { min: 0.3, max: 2 } });
  const audit = createAuditLog(auditPath);
  const metrics = new Metrics({ sink: { kind: 'file', path: metricsPath } });
  const engine = new ExecutionEngine({ auditLog: audit, metrics, journal, settle: { initialDelayMs: 50 } });
  const limiter = RateLimiterConfig.new(20, 10).build('paper');
  engine.registerAdapter(venue, limiter);
  engine.setRiskEngine(RiskEngine.fromYaml(DEMO_RISK_POLICY, { source: 'demo policy' }));
  venue.start(100);
  // the local chain starts (anvil, deployment) while the simulators do
  const uniStarting = UniswapLeg.start(engine);
  let pm: PolymarketLeg;
  let bn: BinanceLeg;
  try {
    pm = await PolymarketLeg.start(engine, opts.seed ?? 7);
    bn = await BinanceLeg.start(engine, opts.seed ?? 7);
  } catch (e) {
    await (await uniStarting.catch(() => undefined))?.close();
    throw e;
  }
  const uni = await uniStarting;

  const latencies: number[] = [];
  const riskByPolicy: Record<string, number> = {};
  const cases: DemoSummary['cases'] = {
    riskRejected: undefined,
    rateLimited: undefined,
    partiallyFilled: undefined,
    cancelled: undefined,
    settledByQuery: undefined,
  };
  let fills = 0;
  const fillsByVenue: Record<string, number> = {};
  engine.on((e) => {
    if (e.type === 'fill') {
      fills++;
      fillsByVenue[e.fill.venue] = (fillsByVenue[e.fill.venue] ?? 0) + 1;
    }
    if (e.type === 'risk' && e.kind === 'rejected')
      for (const p of e.policies) riskByPolicy[p.policy] = (riskByPolicy[p.policy] ?? 0) + 1;
  });
  /** Cancels an order a strategy placed; a refusal (it filled meanwhile) is part of trading, not an error. */
  const cancel = async (id: string): Promise<Order | undefined> => {
    const c = await engine.cancelOrder(id).catch(() => undefined);
    if (c?.status === OrderStatus.Cancelled && c.venue === VENUE && cases.cancelled === undefined) {
      cases.cancelled = `${c.id} (${c.side} ${fmt(c.size)} ${c.market} @ ${c.price ? fmt(c.price) : 'mkt'})`;
    }
    return c;
  };

  const submit = async (req: Parameters<ExecutionEngine['submitOrder']>[0]): Promise<Order | undefined> => {
    const t0 = performance.now();
    try {
      const o = await engine.submitOrder(req);
      // the staged burst waits for the rate limiter on purpose; its latency is reported as waits
      if (req.strategy !== 'burst') latencies.push(performance.now() - t0);
      return o;
    } catch (e) {
      if (e instanceof RiskRejected || e instanceof RateLimitExceeded) return undefined;
      if (e instanceof ExecError) return undefined;
      throw e;
    }
  };
  const ref = (m: typeof PM) => venue.referencePrice(m) ?? dec(m === PM ? '0.5' : '60000');
  const tick = (m: typeof PM) => venue.instrument(m)?.tickSize ?? dec('0.01');
  const px = (m: typeof PM, offsetTicks: number): Decimal =>
    quantize(add(ref(m), (tick(m) * BigInt(offsetTicks)) as Decimal), tick(m), 'half-even');

  const start = Date.now();
  const deadline = start + durationSec * 1000;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const running = () => Date.now() < deadline;

  // Strategy 1: a market maker on PM-YES, re-quoting every second (its old quotes are cancelled).
  const maker = (async () => {
    let quotes: Order[] = [];
    while (running()) {
      for (const q of quotes) {
        const cur = engine.getStatus(q.id);
        if (cur.status === OrderStatus.Working || cur.status === OrderStatus.PartiallyFilled) {
          await cancel(q.id);
        }
      }
      const bid = await submit({
        venue: VENUE,
        market: PM,
        side: 'Buy',
        orderType: 'PostOnly',
        price: fmt(px(PM, -3)),
        size: 40,
        strategy: 'maker',
      });
      const ask = await submit({
        venue: VENUE,
        market: PM,
        side: 'Sell',
        orderType: 'PostOnly',
        price: fmt(px(PM, 3)),
        size: 40,
        strategy: 'maker',
      });
      quotes = [bid, ask].filter((o): o is Order => o !== undefined);
      await sleep(1000);
    }
  })();

  // Strategy 2: a taker crossing the spread on PM-YES with IOC orders.
  const taker = (async () => {
    let i = 0;
    while (running()) {
      const buy = i++ % 2 === 0;
      await submit({
        venue: VENUE,
        market: PM,
        side: buy ? 'Buy' : 'Sell',
        price: fmt(px(PM, buy ? 4 : -4)),
        size: 25,
        timeInForce: 'IOC',
        strategy: 'taker',
      });
      await sleep(1300);
    }
  })();

  // Strategy 3: a small TWAP buying BTC-USD with market orders.
  const twap = (async () => {
    while (running()) {
      await submit({ venue: VENUE, market: BTC, side: 'Buy', size: '0.01', strategy: 'twap' });
      await sleep(2000);
    }
  })();

  // Strategy 4: on the simulated Polymarket market, take the liquidity account's orders and quote.
  const polymarket = pm.run(engine, submit, cancel, running, sleep);
  // Strategy 5: on the simulated Binance BTCUSDT, take the maker's quotes and quote away from the market.
  const binance = bn.run(engine, submit, cancel, running, sleep);
  // Strategy 6: staged swaps on Uniswap (market buy and sell, limit IOC both ways, a refused GTC).
  const uniswap = uni.run(engine, say);

  // Staged cases, one at a time, early in the run (on the paper venue).
  const staged = (async () => {
    await sleep(Math.min(1500, durationSec * 100));
    // 1. Refused by risk: a fat-finger size.
    try {
      await engine.submitOrder({
        venue: VENUE,
        market: PM,
        side: 'Buy',
        price: fmt(px(PM, -2)),
        size: 50_000,
        strategy: 'fat-finger',
      });
    } catch (e) {
      if (e instanceof RiskRejected) {
        cases.riskRejected = e.policies.map((p) => `${p.policy} (${p.actual} > ${p.limit})`).join(', ');
        say(`risk refused a fat-finger order: ${cases.riskRejected}`);
      }
    }
    // 2. Slowed by the rate limiter: a burst of 15 quotes against a 20/s bucket with burst 10.
    const before = limiter.stats.waited;
    const burst = await Promise.all(
      Array.from({ length: 15 }, (_, k) =>
        submit({
          venue: VENUE,
          market: PM,
          side: 'Buy',
          price: fmt(px(PM, -5 - (k % 8))),
          size: 5,
          strategy: 'burst',
        }),
      ),
    );
    if (limiter.stats.waited > before) {
      cases.rateLimited = `${limiter.stats.waited - before} of 15 burst orders waited for a slot (bucket 20/s, burst 10)`;
      say(`rate limiter: ${cases.rateLimited}`);
    }
    for (const o of burst) if (o) await cancel(o.id);
    // 3. Filled in parts: on ETH-USD (no other strategy trades it), a buy one unit bigger than the best
    //    ask level takes the level and rests its remainder. The liquidity maker is paused meanwhile so
    //    that it cannot re-quote between reading the book and the order's arrival.
    venue.stop();
    const bestAsk = venue.depth(ETH).asks[0];
    const partial = bestAsk
      ? await submit({
          venue: VENUE,
          market: ETH,
          side: 'Buy',
          price: fmt(bestAsk.price),
          size: fmt(add(bestAsk.size, dec(1))),
          strategy: 'partial',
        })
      : undefined;
    venue.start(100);
    if (partial?.status === OrderStatus.PartiallyFilled) {
      cases.partiallyFilled = `${partial.id}: ${fmt(partial.filledSize)} of ${fmt(partial.size)} filled at ${fmt(partial.price!)}, remainder resting`;
      say(`filled in parts: ${cases.partiallyFilled}`);
      await sleep(300);
      const c = await cancel(partial.id);
      if (c) say(`cancelled the remainder of ${partial.id} (${c.status})`);
    }
    // 4. Outcome unknown: the venue takes the order but the connection drops before the answer (and
    //    the stream events) arrive; the engine asks the venue instead of sending it again.
    venue.injectFault('lost_response', { count: 1, delayMs: 30 });
    const lost = await submit({
      venue: VENUE,
      market: PM,
      side: 'Sell',
      price: fmt(px(PM, 6)),
      size: 10,
      strategy: 'unknown-outcome',
    });
    if (lost) {
      say(`answer lost for ${lost.id}: status ${lost.status}; asking the venue by client order id...`);
      const settled = await engine.whenSettled(lost.id);
      cases.settledByQuery = `${lost.id}: ${lost.status} -> ${settled.status} (settled by a status query; sent once)`;
      say(`settled: ${cases.settledByQuery}`);
      if (settled.status === OrderStatus.Working) await cancel(lost.id);
    }
  })();

  const progress = setInterval(() => {
    const pos = engine.getPosition(VENUE, PM);
    const poly = engine.getPosition(pm.venueId, pm.market);
    opts.onProgress?.(
      `t=${Math.round((Date.now() - start) / 1000)}s orders=${engine.tracker.getActiveOrders().length} open, fills=${fills}, PM-YES net=${fmt(pos.netSize)} realized=${toFixed(pos.realizedPnl, 2)}, polymarket net=${fmt(poly.netSize)}`,
    );
  }, 1000);

  await Promise.all([maker, taker, twap, staged, polymarket, binance, uniswap]);
  clearInterval(progress);
  for (const o of engine.getActiveOrders()) await cancel(o.id);
  venue.stop();
  // give in-flight cancels up to 3 s to settle
  let giveUp: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(engine.getActiveOrders().map((o) => engine.whenSettled(o.id))),
    new Promise((r) => {
      giveUp = setTimeout(r, 3000);
    }),
  ]);
  clearTimeout(giveUp);

  const ordersByStatus: Record<string, number> = {};
  for (const o of engine.tracker.orders()) ordersByStatus[o.status] = (ordersByStatus[o.status] ?? 0) + 1;
  const positions = engine.getPositions().map((p) => {
    const mark =
      (p.venue === pm.venueId
        ? pm.venue.referencePrice(p.market)
        : p.venue === bn.venueId
          ? bn.venue.referencePrice(p.market)
          : p.venue === uni.venueId
            ? uni.venue.referencePrice(p.market)
            : venue.referencePrice(p.market)) ?? p.avgEntryPrice;
    return {
      venue: p.venue as string,
      market: p.market,
      netSize: fmt(p.netSize),
      avgEntry: toFixed(p.avgEntryPrice, 4),
      realizedPnl: toFixed(p.realizedPnl, 4),
      unrealizedPnl: toFixed(unrealizedPnl(p, mark), 4),
      fees:
        Object.entries(p.feesByAsset)
          .map(([asset, fee]) => `${toFixed(fee, 6)} ${asset}`)
          .join(', ') || '0',
    };
  });
  latencies.sort((a, b) => a - b);
  const polymarketLedger = pm.ledgerSummary();
  const binanceLedger = bn.ledgerSummary();
  const journalEvents = (await journal.load()).length;
  await engine.close();
  await pm.close();
  await bn.close();
  await uni.close();
  await flushAuditLog(audit);
  metrics.flush();
  // the same gateway as a service, driven over HTTP and its event stream
  const service = await runServiceLeg(dataDir);
  return {
    durationSec: Math.round((Date.now() - start) / 100) / 10,
    ordersByStatus,
    fills,
    fillsByVenue,
    positions,
    riskRejectionsByPolicy: riskByPolicy,
    rateLimitWaits: limiter.stats.waited,
    rateLimitWaitMsTotal: Math.round(limiter.stats.totalWaitMs),
    latencyMs: {
      p50: round3(percentile(latencies, 0.5)),
      p99: round3(percentile(latencies, 0.99)),
      samples: latencies.length,
    },
    cases,
    polymarket: polymarketLedger,
    binance: binanceLedger,
    uniswap: uni.summary(),
    auditLog: auditPath,
    metricsFile: metricsPath,
    journal: { path: journalPath, events: journalEvents },
    service,
  };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
