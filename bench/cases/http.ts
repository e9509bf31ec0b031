/**
 * The gateway service end to end: `POST /v1/orders` with a bearer token, the SQLite journal (WAL,
 * synchronous=FULL) and the audit log, one paper venue at zero latency, default risk checks (no policies),
 * an inbound rate limit far above the load. The gateway runs as its own process (`ag-exec serve`); the
 * load comes from autocannon in this process over loopback, so the two share the machine's cores.
 * - `http.submit`: orders/s over HTTP, p50 / p99 of each request's round trip (every answer must be a 201);
 * - `http.submit.library`: the same orders through the library in this process (an `ExecutionEngine` built
 *   as the service builds it), as many callers at once as HTTP connections, for comparison.
 * Orders are GTC buys resting well below the paper market, so nothing trades.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuditLog, ExecutionEngine, flushAuditLog } from '../../src/engine/index.ts';
import { SqliteJournal } from '../../src/store/index.ts';
import { PaperVenue } from '../../src/venues/paper/index.ts';
import { type AgExecProcess, startAgExec } from '../../test/support/ag-exec-process.ts';
import { type BenchResult, measureConcurrent } from '../harness.ts';

const TOKEN = 'bench-trade-token-0123456789abcdef';
/** Concurrent HTTP connections (and concurrent library callers). */
const CONNECTIONS = 64;
/** 0.10 .. 0.29: buys resting well below the paper market's 0.5. */
const PRICES = Array.from({ length: 20 }, (_, k) => `0.${10 + k}`);

/** The part of autocannon's API used here (the package ships no types). */
interface AutocannonRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}
interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
}
interface AutocannonInstance {
  on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void;
}
type Autocannon = (
  opts: {
    url: string;
    connections: number;
    pipelining: number;
    duration: number;
    requests: Partial<AutocannonRequest>[];
  },
  done: (err: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

function orderBody(i: number): string {
  return `{"venue":"paper","market":"PM-YES","side":"Buy","price":"${PRICES[i % PRICES.length]}","size":5}`;
}

/** The gateway's config: SQLite journal in `dir`, one paper venue, an inbound limit far above the load. */
function writeConfig(dir: string): string {
  const file = join(dir, 'gateway.yaml');
  writeFileSync(
    file,
    [
      'server:',
      '  rateLimit:',
      '    rate: 1000000',
      '    burst: 1000000',
      'store:',
      '  kind: sqlite',
      `  path: ${join(dir, 'journal.db')}`,
      'venues:',
      '  - kind: paper',
      '    id: paper',
      '    seed: 1',
      '    latencyMs: 0',
      '',
    ].join('\n'),
  );
  return file;
}

/** Stops the gateway with SIGTERM and waits for it to exit (it flushes its journal first). */
async function stopServer(server: AgExecProcess): Promise<void> {
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 30_000);
  server.child.kill('SIGTERM');
  await server.exited;
  clearTimeout(timer);
}

/**
 * One autocannon run; resolves with each response's round trip (ns) and throws unless every answer was 201.
 * Autocannon cycles through one prebuilt request per price (it serialises each once): every request is
 * still a new order, and the load generator, which shares the machine's cores with the gateway, spends
 * about half the CPU it did when it rebuilt every request.
 */
function load(url: string, seconds: number): Promise<{ perOp: number[]; ns: number }> {
  const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
  const perOp: number[] = [];
  const bad = new Map<number, number>();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${url}/v1/orders`,
        connections: CONNECTIONS,
        pipelining: 1,
        duration: seconds,
        requests: PRICES.map((_, i) => ({ method: 'POST', headers, body: orderBody(i) })),
      },
      (err, result) => {
        if (err) return reject(err);
        const other = Object.entries(result.statusCodeStats).filter(([code]) => code !== '201');
        if (result.errors > 0 || result.timeouts > 0 || other.length > 0 || bad.size > 0) {
          return reject(
            new Error(
              `http.submit: ${result.errors} errors, ${result.timeouts} timeouts, statuses other than 201: ${JSON.stringify(Object.fromEntries(other))}`,
            ),
          );
        }
        resolve({ perOp, ns: result.duration * 1e9 });
      },
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status === 201) perOp.push(ms * 1e6);
      else bad.set(status, (bad.get(status) ?? 0) + 1);
    });
  });
}

function summarize(name: string, perOp: number[], ns: number): BenchResult {
  perOp.sort((a, b) => a - b);
  const at = (q: number) => perOp[Math.min(perOp.length - 1, Math.floor(q * perOp.length))] ?? 0;
  return {
    name,
    median_ns: Math.round(at(0.5)),
    p99_ns: Math.round(at(0.99)),
    ops_per_s: Math.round((perOp.length * 1e9) / ns),
  };
}

/** `http.submit`: the gateway as a process under autocannon (a warm-up run, then the timed run). */
async function httpSubmitCase(scale: number): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'ag-exec-bench-http-'));
  let server: AgExecProcess | undefined;
  try {
    server = await startAgExec(['serve', '--config', writeConfig(dir), '--port', '0'], {
      AG_EXEC_TOKENS: `trade:${TOKEN}`,
    });
    const { url } = server.ready;
    await load(url, Math.max(1, Math.round(2 * scale)));
    const { perOp, ns } = await load(url, Math.max(2, Math.round(10 * scale)));
    return summarize('http.submit', perOp, ns);
  } finally {
    if (server) await stopServer(server);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `http.submit.library`: the engine the service builds (SQLite journal, audit log, paper venue), called directly. */
async function librarySubmitCase(scale: number): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'ag-exec-bench-http-'));
  try {
    const auditLog = createAuditLog(join(dir, 'audit.log'), 'info');
    const engine = new ExecutionEngine({ journal: SqliteJournal.open(join(dir, 'journal.db')), auditLog });
    const venue = new PaperVenue({ venueId: 'paper', seed: 1, latencyMs: 0 });
    venue.start(250);
    engine.registerAdapter(venue);
    await engine.recover();
    const result = await measureConcurrent(
      'http.submit.library',
      (i) =>
        engine.submitOrder({
          venue: 'paper',
          market: 'PM-YES',
          side: 'Buy',
          price: PRICES[i % PRICES.length]!,
          size: 5,
        }),
      {
        iterations: Math.round(100_000 * scale),
        warmup: Math.round(10_000 * scale),
        concurrency: CONNECTIONS,
      },
    );
    await engine.close();
    venue.stop();
    await flushAuditLog(auditLog);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the HTTP cases (`scale` < 1 for a quick run): the service first, then the library alone. */
export async function httpCases(scale = 1): Promise<BenchResult[]> {
  const http = await httpSubmitCase(scale);
  const library = await librarySubmitCase(scale);
  return [http, library];
}
