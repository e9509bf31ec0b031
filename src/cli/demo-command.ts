/**
 * `ag-exec demo`: runs the demo (see demo.ts) with live progress and prints a readable summary.
 */
import { parseArgs } from 'node:util';
import { type DemoSummary, runDemo } from './demo.ts';
import { describeSwap } from './demo-uniswap.ts';
import { table } from './table.ts';

/** Runs the demo command; resolves with the exit code. */
export async function runDemoCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string' },
      seed: { type: 'string' },
      'data-dir': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(`Usage: ag-exec demo [--duration SECONDS] [--seed N] [--data-dir DIR] [--json]

Runs a market maker, a taker and a TWAP against the in-process paper venue, and a small strategy on a
simulated Polymarket market (the CLOB V2 simulator, in process on loopback) through the Polymarket
adapter, a strategy on the Binance Spot simulator, and staged swaps on Uniswap V2/V3 on a local chain
(anvil with the published contracts) through the Uniswap adapter (no credentials, no internet), with the
whole gateway in the loop, stages the cases worth seeing (risk refusal, rate-limit
wait, partial fill, cancel, unknown outcome settled by a status query) and prints a summary.
Defaults: 25 seconds, seed 7, data in ./data/demo (audit log and metrics).`);
    return 0;
  }
  const durationSec = values.duration === undefined ? 25 : Number(values.duration);
  if (!Number.isFinite(durationSec) || durationSec < 2 || durationSec > 3600) {
    console.error('ag-exec demo: --duration must be a number of seconds between 2 and 3600');
    return 2;
  }
  const seed = values.seed === undefined ? 7 : Number(values.seed);
  if (!Number.isInteger(seed)) {
    console.error('ag-exec demo: --seed must be an integer');
    return 2;
  }
  const quiet = values.json === true;
  if (!quiet)
    console.log(
      `ag-exec demo: paper venue + simulated Polymarket and Binance + Uniswap on a local chain, ${durationSec}s, seed ${seed}\n`,
    );
  const summary = await runDemo({
    durationSec,
    seed,
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
    onProgress: quiet ? () => {} : (line) => console.log(`  ${line}`),
    onCase: quiet ? () => {} : (line) => console.log(`  * ${line}`),
  });
  if (quiet) console.log(JSON.stringify(summary));
  else console.log(`\n${formatSummary(summary)}`);
  const missing = Object.entries(summary.cases)
    .filter(([, v]) => v === undefined)
    .map(([k]) => k);
  if (missing.length > 0) {
    console.error(`ag-exec demo: these cases did not happen this run: ${missing.join(', ')}`);
    return 1;
  }
  return 0;
}

/** The human summary printed at the end of the demo. */
export function formatSummary(s: DemoSummary): string {
  const out: string[] = [];
  out.push(`Summary (${s.durationSec}s)`);
  out.push('\nOrders by final status');
  out.push(
    table(
      ['status', 'orders'],
      Object.entries(s.ordersByStatus).map(([k, v]) => [k, String(v)]),
    ),
  );
  const byVenue = Object.entries(s.fillsByVenue)
    .map(([v, n]) => `${v} ${n}`)
    .join(', ');
  out.push(`\nFills: ${s.fills}${byVenue === '' ? '' : ` (${byVenue})`}`);
  out.push('\nPositions and PnL');
  out.push(
    table(
      ['venue', 'market', 'net size', 'avg entry', 'realized', 'unrealized', 'fees'],
      s.positions.map((p) => [
        p.venue,
        shortMarket(p.market),
        p.netSize,
        p.avgEntry,
        p.realizedPnl,
        p.unrealizedPnl,
        p.fees,
      ]),
    ),
  );
  const pm = s.polymarket;
  out.push(
    `\nPolymarket simulator (${pm.url}), its ledger: our orders ${Object.entries(pm.venueOrders)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}; ${pm.venueTrades} trades; net ${pm.venueNetSize} shares`,
  );
  const bn = s.binance;
  out.push(
    `Binance simulator (${bn.url}), its ledger: our orders ${Object.entries(bn.venueOrders)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}; ${bn.venueTrades} trades; net ${bn.venueNetSize} BTC`,
  );
  const uni = s.uniswap;
  out.push(
    `Uniswap V2/V3 on a local chain (${uni.url}, chain ${uni.chainId}, ready in ${uni.startupMs} ms), wallet ${uni.wallet}:`,
  );
  for (const sw of uni.swaps) out.push(`  ${describeSwap(sw)}`);
  out.push('\nRisk rejections by policy');
  const risk = Object.entries(s.riskRejectionsByPolicy);
  out.push(
    risk.length
      ? table(
          ['policy', 'rejections'],
          risk.map(([k, v]) => [k, String(v)]),
        )
      : '  none',
  );
  out.push(`\nRate-limit waits: ${s.rateLimitWaits} (${s.rateLimitWaitMsTotal} ms in total)`);
  out.push(
    `Submit latency: p50 ${s.latencyMs.p50} ms, p99 ${s.latencyMs.p99} ms over ${s.latencyMs.samples} orders (end to end, with the venue's 0.3-2 ms latency and any rate-limit wait; the staged burst is left out)`,
  );
  out.push('\nWhat the run showed');
  const label: Record<keyof DemoSummary['cases'], string> = {
    riskRejected: 'refused by risk',
    rateLimited: 'slowed by the rate limiter',
    partiallyFilled: 'filled in parts',
    cancelled: 'cancelled',
    settledByQuery: 'outcome unknown, settled by a status query',
  };
  for (const [k, v] of Object.entries(s.cases))
    out.push(`  ${label[k as keyof DemoSummary['cases']]}: ${v ?? '(did not happen)'}`);
  out.push(`\nAudit log (JSON lines): ${s.auditLog}`);
  out.push(`Metrics (JSON lines):   ${s.metricsFile}`);
  out.push(`Order journal (SQLite): ${s.journal.path} (${s.journal.events} events)`);
  const sv = s.service;
  out.push(
    `\nGateway service (as \`ag-exec serve\` runs it) on ${sv.url}: orders over HTTP ${Object.entries(
      sv.orders,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(
        ', ',
      )}; a retry with the same Idempotency-Key returned ${sv.retryReturnedSameOrder ? 'the same order (nothing sent twice)' : 'a different answer'}; ${sv.streamEvents} events on the WebSocket stream${sv.streamInOrder ? ' in sequence' : ''}; net ${sv.netSize}. OpenAPI: ${sv.docs} (while it runs)`,
  );
  return out.join('\n');
}

/** A Polymarket token id is 77 digits: its first and last digits are enough to tell it apart. */
function shortMarket(market: string): string {
  return market.length > 20 ? `token ${market.slice(0, 6)}...${market.slice(-4)}` : market;
}
