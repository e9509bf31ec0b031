/**
 * The benchmark suite (`npm run bench`): every group of cases runs in its own fresh process, one after
 * the other, in one run; peers run beside ours in the same process. Prints a table with the targets and
 * writes bench/results.json
 * (`{ "results": [ { "name", "median_ns", "p99_ns", "ops_per_s" } ] }`).
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { cryptoBackend } from '../src/venues/polymarket/crypto-backend.ts';
import type { BenchResult } from './harness.ts';

interface Target {
  name: string;
  check: (r: Map<string, BenchResult>) => { ok: boolean; text: string };
}

const TARGETS: Target[] = [
  {
    name: 'ratelimit.tryCheck',
    check: (r) => {
      const ours = r.get('ratelimit.tryCheck');
      const peer = r.get('ratelimit.tryCheck.limiter');
      if (!ours || !peer) return { ok: false, text: 'missing' };
      const ratio = peer.median_ns / ours.median_ns;
      return {
        ok: ours.median_ns <= 60 && ratio >= 1.5,
        text: `median ${ours.median_ns} ns (<= 60), ${ratio.toFixed(2)}x the limiter package (>= 1.5x)`,
      };
    },
  },
  {
    name: 'validation.validate',
    check: (r) => {
      const v = r.get('validation.validate');
      return v
        ? { ok: v.median_ns <= 1000, text: `median ${v.median_ns} ns (<= 1000)` }
        : { ok: false, text: 'missing' };
    },
  },
  {
    name: 'risk.check10',
    check: (r) => {
      const v = r.get('risk.check10');
      return v
        ? { ok: v.median_ns <= 5000, text: `median ${v.median_ns} ns (<= 5000)` }
        : { ok: false, text: 'missing' };
    },
  },
  {
    name: 'engine.submit.paper',
    check: (r) => {
      const v = r.get('engine.submit.paper');
      return v
        ? {
            ok: v.ops_per_s >= 100_000 && v.p99_ns <= 50_000,
            text: `${v.ops_per_s} orders/s (>= 100000), p99 ${(v.p99_ns / 1000).toFixed(1)} us (<= 50)`,
          }
        : { ok: false, text: 'missing' };
    },
  },
  {
    name: 'polymarket.sign',
    check: (r) => {
      const ours = r.get('polymarket.sign');
      const peer = r.get('polymarket.sign.official');
      if (!ours || !peer) return { ok: false, text: 'missing' };
      const ratio = peer.median_ns / ours.median_ns;
      return {
        ok: ratio >= 10,
        text: `median ${(ours.median_ns / 1000).toFixed(1)} us, ${ratio.toFixed(2)}x the official OrderBuilder (>= 10x); ECDSA ${cryptoBackend.ecdsa}, keccak ${cryptoBackend.keccak}`,
      };
    },
  },
  {
    name: 'binance.clientCpu',
    check: (r) => {
      const ours = r.get('binance.clientCpu');
      const peer = r.get('binance.clientCpu.ccxt');
      if (!ours || !peer) return { ok: false, text: 'missing' };
      const ratio = ours.median_ns / peer.median_ns;
      return {
        ok: ratio <= 0.5,
        text: `${(ours.median_ns / 1000).toFixed(1)} us CPU per order vs ccxt ${(peer.median_ns / 1000).toFixed(1)} us: ${ratio.toFixed(2)}x (<= 0.5x)`,
      };
    },
  },
  {
    name: 'journal.sqlite.submit',
    check: (r) => {
      const v = r.get('journal.sqlite.submit');
      return v
        ? { ok: v.ops_per_s >= 20_000, text: `${v.ops_per_s} journaled submits/s (>= 20000), 512 clients` }
        : { ok: false, text: 'missing' };
    },
  },
  {
    name: 'journal.postgres.submit',
    check: (r) => {
      const v = r.get('journal.postgres.submit');
      return v
        ? { ok: v.ops_per_s >= 5_000, text: `${v.ops_per_s} journaled submits/s (>= 5000), 512 clients` }
        : { ok: false, text: 'missing' };
    },
  },
  {
    name: 'ratelimit.sharedAccount',
    check: (r) => {
      const v = r.get('ratelimit.sharedAccount');
      return v
        ? {
            ok: v.ops_per_s >= 0.95 * 50 && v.ops_per_s <= 50,
            text: `4 processes, one Redis budget of 50 orders/s: ${v.ops_per_s} orders/s, no 429 (>= 95%)`,
          }
        : { ok: false, text: 'missing' };
    },
  },
  {
    name: 'recovery.100k',
    check: (r) => {
      const v = r.get('recovery.100k');
      return v
        ? {
            ok: v.median_ns <= 3e9,
            text: `${(v.median_ns / 1e9).toFixed(2)} s to rebuild 100,000 orders (<= 3 s)`,
          }
        : { ok: false, text: 'missing' };
    },
  },
  {
    name: 'http.submit',
    check: (r) => {
      const v = r.get('http.submit');
      const lib = r.get('http.submit.library');
      return v
        ? {
            ok: v.ops_per_s >= 10_000,
            text: `${v.ops_per_s} orders/s over HTTP (>= 10000), p50 ${(v.median_ns / 1e6).toFixed(2)} ms, p99 ${(v.p99_ns / 1e6).toFixed(2)} ms; library ${lib ? `${lib.ops_per_s} orders/s, p50 ${(lib.median_ns / 1e6).toFixed(2)} ms, p99 ${(lib.p99_ns / 1e6).toFixed(2)} ms` : 'missing'}`,
          }
        : { ok: false, text: 'missing' };
    },
  },
  {
    name: 'uniswap.swap',
    check: (r) => {
      const ours = r.get('uniswap.swap');
      const peer = r.get('uniswap.swap.viem');
      if (!ours || !peer) return { ok: false, text: 'missing' };
      const ratio = ours.median_ns / peer.median_ns;
      return {
        ok: ratio <= 1.25,
        text: `median ${(ours.median_ns / 1e6).toFixed(2)} ms (p99 ${(ours.p99_ns / 1e6).toFixed(2)} ms, ${ours.ops_per_s} swaps/s) through the engine vs bare viem ${(peer.median_ns / 1e6).toFixed(2)} ms (p99 ${(peer.p99_ns / 1e6).toFixed(2)} ms, ${peer.ops_per_s} swaps/s): ${ratio.toFixed(2)}x (<= 1.25x)`,
      };
    },
  },
];

/** Runs one group of cases in a fresh Node process (see run-case.ts) and returns its results. */
async function runGroup(group: string, scale: number): Promise<BenchResult[]> {
  const script = fileURLToPath(new URL('./run-case.ts', import.meta.url));
  // cwd: the checkout, where `--import tsx` resolves, whatever directory the command was started from
  const root = fileURLToPath(new URL('..', import.meta.url));
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', script, group, String(scale)],
    {
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const last = stdout.trim().split('\n').pop() ?? '[]';
  return JSON.parse(last) as BenchResult[];
}

/** Runs every case; prints the table and the targets; writes bench/results.json. Resolves true. */
export async function runBenchmarks(opts: { quick: boolean }): Promise<boolean> {
  const results: BenchResult[] = [];
  const scale = opts.quick ? 0.1 : 1;
  for (const group of [
    'ratelimit',
    'validation',
    'risk',
    'engine',
    'polymarket',
    'binance',
    'journal',
    'sharedLimit',
    'http',
    'uniswap',
  ])
    results.push(...(await runGroup(group, scale)));
  console.log(`ag-exec benchmarks (node ${process.version}, ${process.platform}/${process.arch})\n`);
  const w = Math.max(...results.map((r) => r.name.length));
  console.log(
    `${'name'.padEnd(w)}  ${'median ns'.padStart(11)}  ${'p99 ns'.padStart(11)}  ${'ops/s'.padStart(12)}`,
  );
  for (const r of results) {
    console.log(
      `${r.name.padEnd(w)}  ${r.median_ns.toFixed(1).padStart(11)}  ${r.p99_ns.toFixed(1).padStart(11)}  ${r.ops_per_s.toLocaleString('en-US').padStart(12)}`,
    );
  }
  const byName = new Map(results.map((r) => [r.name, r]));
  console.log('\ntargets');
  for (const t of TARGETS) {
    const { ok, text } = t.check(byName);
    console.log(`  ${ok ? 'met ' : 'MISS'}  ${t.name}: ${text}`);
  }
  const out = new URL('./results.json', import.meta.url);
  writeFileSync(out, `${JSON.stringify({ results }, null, 2)}\n`);
  console.log(`\nwrote ${out.pathname.split('/').slice(-2).join('/')}`);
  return true;
}
