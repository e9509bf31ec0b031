/**
 * What a validated config sets up, in words (one line per section, for `ag-exec config check`), and the
 * config as JSON-safe data. A config holds no secrets (only variable names and token hashes), so nothing
 * needs hiding; environment values are never read here.
 */
import type { GatewayConfig } from './config-schema.ts';
import { isLoopbackHost } from './load-config.ts';
import type { VenueConfig } from './venue-schema.ts';

/** One-line headline and one line per section. */
export interface ConfigSummary {
  readonly headline: string;
  readonly lines: readonly string[];
}

function venueLine(v: VenueConfig): string {
  switch (v.kind) {
    case 'paper':
      return `${v.id}: paper venue (seed ${v.seed}, ${v.markets === undefined ? 'default markets' : `markets ${v.markets.map((m) => m.id).join(', ')}`}, latency ${v.latencyMs} ms)`;
    case 'polymarket':
      return v.simulator
        ? `${v.id}: Polymarket CLOB V2 simulator in process (chain ${v.chainId})`
        : `${v.id}: Polymarket CLOB V2 at ${v.host ?? '?'} (chain ${v.chainId}, signature type ${v.signatureType}; key from $${v.private_key_env})`;
    case 'binance':
      return v.simulator
        ? `${v.id}: Binance Spot simulator in process`
        : `${v.id}: Binance Spot at ${v.baseUrl ?? '?'} (recvWindow ${v.recvWindow} ms; key from $${v.api_key_env}, secret from $${v.api_secret_env})`;
    case 'uniswap': {
      const markets = (v.markets ?? [])
        .map((m) => `${m.id} on ${[...(m.v2 ? ['v2'] : []), ...m.v3Fees.map((f) => `v3 ${f}`)].join(' + ')}`)
        .join(', ');
      const rules = `slippage ${v.slippageBps} bps, deadline ${v.deadlineSec} s, max fee ${v.maxFeePerGasGwei} gwei, ${v.confirmations} confirmation${v.confirmations === 1 ? '' : 's'}`;
      return v.simulator
        ? `${v.id}: Uniswap V2/V3 on a local chain started in process (markets ${markets}; ${rules})`
        : `${v.id}: Uniswap V2/V3 at ${v.rpcUrl ?? `the URL in $${v.rpc_url_env ?? '?'}`} (chain ${v.chainId ?? '?'}, markets ${markets}; ${rules}; key from $${v.private_key_env})`;
    }
  }
}

function storeLine(c: GatewayConfig): string {
  const s = c.store;
  if (s.kind === 'sqlite') return `SQLite journal at ${s.path} (synchronous ${s.synchronous})`;
  if (s.kind === 'postgres')
    return `PostgreSQL journal (URL from $${s.url_env}, schema ${s.schema}, journal ${s.journalId})`;
  return 'in-memory journal (orders are lost on restart)';
}

function riskLine(c: GatewayConfig): string {
  if (c.risk.file !== undefined) return `policies from ${c.risk.file}`;
  const n = c.risk.policies?.length ?? 0;
  if (n === 0) return 'no policies (every order passes risk)';
  const types = c.risk.policies?.map((p) => p.type).join(', ') ?? '';
  return `${n} inline polic${n === 1 ? 'y' : 'ies'}: ${types}${c.risk.trading_state ? `; trading state ${c.risk.trading_state}` : ''}`;
}

function rateLine(c: GatewayConfig): string {
  const ids = Object.keys(c.rateLimits.venues);
  const own = ids.length === 0 ? 'venue defaults' : `overrides for ${ids.join(', ')}`;
  const shared = c.rateLimits.shared;
  return shared === undefined
    ? `${own}, in process`
    : `${own}, shared through Redis ($${shared.redis_url_env}, prefix ${shared.keyPrefix}, when unreachable: ${shared.onUnavailable})`;
}

/** Describes what a config sets up. */
export function describeConfig(c: GatewayConfig): ConfigSummary {
  const { host, port } = c.server;
  const shownHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const auth = c.auth.required
    ? `bearer tokens required (${c.auth.tokens.length} hashed in the file, plus $AG_EXEC_TOKENS)`
    : 'no auth (loopback only)';
  const headline = `gateway on http://${shownHost}:${port}${isLoopbackHost(host) ? ' (loopback)' : ''}, ${c.venues.length} venue${c.venues.length === 1 ? '' : 's'} (${c.venues.map((v) => v.id).join(', ')}), ${c.store.kind} store, ${c.risk.file !== undefined ? 'risk file' : `${c.risk.policies?.length ?? 0} risk policies`}`;
  return {
    headline,
    lines: [
      `server: ${shownHost}:${port}, body limit ${c.server.bodyLimitBytes} bytes, ${c.server.rateLimit.rate} requests/s per token (burst ${c.server.rateLimit.burst})`,
      `auth: ${auth}`,
      `store: ${storeLine(c)}`,
      ...c.venues.map((v) => `venue ${venueLine(v)}`),
      `rate limits: ${rateLine(c)}`,
      `risk: ${riskLine(c)}`,
      `metrics: ${c.metrics.prometheus ? 'Prometheus /metrics' : 'no Prometheus'}${c.metrics.jsonl ? `, JSON lines to ${c.metrics.jsonl}` : ''}`,
      `reconcile: ${c.reconcile.intervalMs === 0 ? 'off' : `every ${c.reconcile.intervalMs} ms`}`,
      `log: ${c.log.level}`,
    ],
  };
}
