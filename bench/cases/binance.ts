/**
 * `binance.clientCpu`: client-side CPU time per placed order (sign, serialize, send, parse) of our
 * BinanceVenue.placeOrder, and `binance.clientCpu.ccxt`: the same orders through ccxt's
 * `createOrder`, in the same run, against one simulator running in ANOTHER process
 * (`node bin/ag-exec.js sim binance --port 0`), so that only the client's CPU is counted
 * (`process.cpuUsage()` around N sequential placements). Orders rest (no reference price: no liquidity,
 * nothing crosses) and are cancelled after each round, outside the timed part. Rounds alternate between
 * the two clients so that drift hits both alike. Reported per order: `median_ns` and `p99_ns` are the
 * median and worst round's mean CPU ns per order, `ops_per_s` the orders per CPU second.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import ccxt from 'ccxt';
import { asClientOrderId, asMarketId, asOrderId, dec, type Order, ZERO } from '../../src/domain/index.ts';
import { BinanceVenue } from '../../src/venues/binance/index.ts';
import type { BenchResult } from '../harness.ts';

const ROUNDS = 6;
const PER_ROUND = 150;

async function startSim(): Promise<{ child: ChildProcess; url: string }> {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const child = spawn(process.execPath, ['bin/ag-exec.js', 'sim', 'binance', '--port', '0'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    const ready = JSON.parse(line) as { event?: string; url?: string };
    if (ready.event === 'ready' && ready.url) return { child, url: ready.url };
  }
  throw new Error('simulator exited before it was ready');
}

async function post(url: string, body: unknown): Promise<unknown> {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return r.json();
}

function summarise(name: string, perOrderNs: number[]): BenchResult {
  const s = [...perOrderNs].sort((a, b) => a - b);
  const median = s[Math.floor(s.length / 2)]!;
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return {
    name,
    median_ns: Math.round(median),
    p99_ns: Math.round(s[s.length - 1]!),
    ops_per_s: Math.round(1e9 / mean),
  };
}

const cpuNs = (u: NodeJS.CpuUsage) => (u.user + u.system) * 1000;

/** Runs both clients against one out-of-process simulator. */
export async function binanceCases(): Promise<BenchResult[]> {
  const { child, url } = await startSim();
  try {
    await post(`${url}/_sim/limits`, {
      ordersPer10s: 10_000_000,
      ordersPerDay: 100_000_000,
      requestWeightPerMinute: 10_000_000,
    });
    const a = (await post(`${url}/_sim/accounts`, { balances: { USDT: '10000000' } })) as {
      apiKey: string;
      secret: string;
    };
    const b = (await post(`${url}/_sim/accounts`, { balances: { USDT: '10000000' } })) as {
      apiKey: string;
      secret: string;
    };
    const venue = await BinanceVenue.create({
      apiKey: a.apiKey,
      apiSecret: a.secret,
      baseUrl: url,
      stream: false,
    });
    const ex = new ccxt.binance({
      apiKey: b.apiKey,
      secret: b.secret,
      enableRateLimit: false,
      options: { fetchMarkets: { types: ['spot'] }, fetchCurrencies: false, fetchMargins: false },
    });
    ex.urls.api = { public: `${url}/api/v3`, private: `${url}/api/v3` } as never;
    await ex.loadMarkets();
    const market = asMarketId('BTCUSDT');
    let seq = 0;
    const order = (i: number): Order => {
      const id = asOrderId(`bn${(seq++).toString(36).padStart(8, '0')}`);
      return {
        id,
        clientOrderId: asClientOrderId(id),
        venue: venue.venueId,
        market,
        side: 'Buy',
        orderType: 'Limit',
        price: dec(`${40000 + (i % 100)}.5`),
        size: dec('0.001'),
        timeInForce: 'GTC',
        status: 'Submitting',
        filledSize: ZERO,
        fees: ZERO,
        createdAt: 0,
        updatedAt: 0,
      };
    };
    const ours: number[] = [];
    const peer: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const orders = Array.from({ length: PER_ROUND }, (_, i) => order(i));
      let t = process.cpuUsage();
      for (const o of orders) {
        const out = await venue.placeOrder(o);
        if (out.kind !== 'accepted') throw new Error(`ours not placed: ${JSON.stringify(out)}`);
      }
      const mine = cpuNs(process.cpuUsage(t)) / PER_ROUND;
      await venue.cancelAll(market);
      t = process.cpuUsage();
      for (let i = 0; i < PER_ROUND; i++)
        await ex.createOrder('BTC/USDT', 'limit', 'buy', 0.001, 40000 + (i % 100) + 0.5);
      const theirs = cpuNs(process.cpuUsage(t)) / PER_ROUND;
      await ex.cancelAllOrders('BTC/USDT');
      // the first round warms both up
      if (round > 0) {
        ours.push(mine);
        peer.push(theirs);
      }
    }
    await venue.close();
    return [summarise('binance.clientCpu', ours), summarise('binance.clientCpu.ccxt', peer)];
  } finally {
    child.kill('SIGTERM');
  }
}
