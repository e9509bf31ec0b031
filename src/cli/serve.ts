/**
 * `ag-exec serve [--config FILE] [--port N]`: builds the gateway from one validated config (journal,
 * venues and their simulators, rate limiters, risk policies), recovers from the journal and reconciles,
 * starts the HTTP + WebSocket service, prints one JSON "ready" line, and shuts down gracefully on
 * SIGTERM / SIGINT (intake stops, in-flight orders stay journaled as in flight, the journal is flushed,
 * venue streams closed).
 */
import { dirname, join } from 'node:path';
import {
  type GatewayConfig,
  loadConfig,
  loadConfigFile,
  type ResolvedSecrets,
  resolveSecrets,
  riskPolicyYaml,
} from '../config/index.ts';
import { createAuditLog, ExecutionEngine, flushAuditLog } from '../engine/index.ts';
import { ConfigError } from '../errors/index.ts';
import { buildSharedLimiter, type Limiter, RateLimiterConfig } from '../ratelimit/index.ts';
import { loadRiskConfig, RiskEngine } from '../risk/index.ts';
import { createGatewayApp, listenGateway } from '../server/index.ts';
import { startBinanceSim } from '../sim/binance/index.ts';
import { startPolymarketSim } from '../sim/polymarket/index.ts';
import { flagText, untilStopSignal } from '../sim/sim-command.ts';
import { startUniswapChain, type UniswapChain } from '../sim/uniswap/index.ts';
import { type JournalSpec, openJournal } from '../store/index.ts';
import { BinanceVenue } from '../venues/binance/index.ts';
import { PaperVenue, type PaperVenueOptions } from '../venues/paper/index.ts';
import { PolymarketVenue, polymarketRateLimits } from '../venues/polymarket/index.ts';
import { createUniswapVenue, type UniswapVenueConfig } from '../venues/uniswap/index.ts';
import type { VenueAdapter } from '../venues/venue-adapter.ts';

/** A running gateway. */
export interface RunningGateway {
  readonly url: string;
  readonly wsUrl: string;
  readonly readyLine: string;
  readonly engine: ExecutionEngine;
  /** Stops intake, then closes the engine (journal flushed, venue streams closed) and any simulator. */
  close(): Promise<void>;
}

type VenueConfig = GatewayConfig['venues'][number];
type UniswapEntry = Extract<VenueConfig, { kind: 'uniswap' }>;

/**
 * The adapter options of a `kind: uniswap` entry: on a real node, the entry's contracts, tokens and markets
 * with the key read from the environment; with `simulator: true`, the local chain's contracts and tokens and
 * its first funded trader's (public test) key.
 */
export function uniswapAdapterConfig(
  v: UniswapEntry,
  from: { readonly privateKey: string; readonly rpcUrl?: string } | { readonly chain: UniswapChain },
): UniswapVenueConfig {
  const common = {
    venueId: v.id,
    markets: (v.markets ?? []).map((m) => ({
      id: m.id,
      base: m.base,
      quote: m.quote,
      v2: m.v2,
      v3Fees: m.v3Fees,
      ...(m.minSize === undefined ? {} : { minSize: m.minSize }),
    })),
    slippageBps: v.slippageBps,
    deadlineSec: v.deadlineSec,
    maxFeePerGasGwei: v.maxFeePerGasGwei,
    confirmations: v.confirmations,
    receiptTimeoutMs: v.receiptTimeoutMs,
    pollIntervalMs: v.pollIntervalMs,
  };
  if ('chain' in from) return { ...common, ...from.chain.adapterOptions() };
  const c = v.contracts;
  return {
    ...common,
    rpcUrl: from.rpcUrl ?? v.rpcUrl ?? '',
    chainId: v.chainId ?? 0,
    privateKey: from.privateKey,
    contracts: {
      weth: c?.weth ?? '',
      ...(c?.v2Factory === undefined ? {} : { v2Factory: c.v2Factory }),
      ...(c?.v2Router === undefined ? {} : { v2Router: c.v2Router }),
      ...(c?.v3Factory === undefined ? {} : { v3Factory: c.v3Factory }),
      ...(c?.swapRouter === undefined ? {} : { swapRouter: c.swapRouter }),
      ...(c?.quoterV2 === undefined ? {} : { quoterV2: c.quoterV2 }),
    },
    tokens: v.tokens ?? [],
  };
}

/** Builds, recovers and starts the gateway a config describes. */
export async function startGateway(
  config: GatewayConfig,
  secrets: ResolvedSecrets,
  opts: { port?: number } = {},
): Promise<RunningGateway> {
  const closers: (() => Promise<void> | void)[] = [];
  const closeAll = async (): Promise<void> => {
    for (const c of closers.splice(0).reverse()) await c();
  };
  try {
    const store = secrets.store;
    const spec: JournalSpec =
      store.kind === 'postgres'
        ? {
            kind: 'postgres',
            url: store.url.reveal(),
            schema: store.schema,
            journalId: store.journalId,
            poolSize: store.poolSize,
          }
        : store;
    const journal = await openJournal(spec);
    const auditLog = createAuditLog(
      store.kind === 'sqlite' ? join(dirname(store.path), 'audit.log') : false,
      secrets.logLevel === 'silent' ? 'fatal' : secrets.logLevel,
    );
    const engine = new ExecutionEngine({
      journal,
      auditLog,
      reconcileIntervalMs: config.reconcile.intervalMs,
    });
    closers.push(async () => {
      await engine.close();
      await flushAuditLog(auditLog);
    });
    for (const v of config.venues) {
      const { adapter, limiter } = await openVenue(v, config, secrets, closers);
      engine.registerAdapter(adapter, limiter);
    }
    const policies = riskPolicyYaml(config);
    if (config.risk.file !== undefined) engine.setRiskEngine(RiskEngine.fromFile(config.risk.file));
    else if (policies !== undefined)
      engine.setRiskEngine(RiskEngine.fromYaml(policies, { source: 'config' }));
    const app = await createGatewayApp({
      engine,
      auth: {
        required: secrets.authRequired,
        tokens: secrets.tokens.map((t) => ({ scope: t.scope, sha256: t.sha256 })),
      },
      bodyLimitBytes: config.server.bodyLimitBytes,
      rateLimit: { perSecond: config.server.rateLimit.rate, burst: config.server.rateLimit.burst },
    });
    // the journal is replayed and every venue reconciled before the service listens
    await engine.recover();
    const listening = await listenGateway(app, {
      port: opts.port ?? config.server.port,
      host: config.server.host,
    });
    closers.push(() => app.close());
    return { ...listening, engine, close: closeAll };
  } catch (e) {
    await closeAll();
    throw e;
  }
}

/** The adapter and the engine's limiter of one configured venue (starting its simulator if asked). */
async function openVenue(
  v: VenueConfig,
  config: GatewayConfig,
  secrets: ResolvedSecrets,
  closers: (() => Promise<void> | void)[],
): Promise<{ adapter: VenueAdapter; limiter?: Limiter }> {
  const creds = secrets.venues[v.id];
  let adapter: VenueAdapter;
  let limiter: Limiter | undefined;
  if (v.kind === 'paper') {
    const paper = new PaperVenue({
      venueId: v.id,
      seed: v.seed,
      latencyMs: v.latencyMs,
      ...(v.markets === undefined
        ? {}
        : { markets: v.markets as unknown as NonNullable<PaperVenueOptions['markets']> }),
      ...(v.fees?.makerBps === undefined || v.fees.takerBps === undefined
        ? {}
        : { fees: { makerBps: v.fees.makerBps, takerBps: v.fees.takerBps } }),
    });
    paper.start(250);
    closers.push(() => paper.stop());
    adapter = paper;
  } else if (v.kind === 'polymarket') {
    let host = v.host ?? 'https://clob.polymarket.com';
    let wsUrl = v.wsUrl;
    let privateKey: string;
    if (creds?.kind === 'polymarket' && !creds.simulator) {
      privateKey = creds.privateKey.reveal();
    } else {
      const sim = await startPolymarketSim({ port: 0, seed: 1 });
      closers.push(() => sim.close());
      host = sim.url;
      wsUrl = sim.wsUrl;
      privateKey = sim.admin.createAccount({ usdc: '100000' }).privateKey;
    }
    const apiCreds =
      creds?.kind === 'polymarket' && !creds.simulator && creds.creds !== undefined
        ? {
            key: creds.creds.key.reveal(),
            secret: creds.creds.secret.reveal(),
            passphrase: creds.creds.passphrase.reveal(),
          }
        : undefined;
    adapter = await PolymarketVenue.create({
      host,
      ...(wsUrl === undefined ? {} : { wsUrl }),
      privateKey,
      venueId: v.id,
      chainId: v.chainId,
      signatureType: v.signatureType,
      timeoutMs: v.timeoutMs,
      ...(v.funderAddress === undefined ? {} : { funderAddress: v.funderAddress }),
      ...(apiCreds === undefined ? {} : { creds: apiCreds }),
    });
    limiter = polymarketRateLimits().build(v.id);
  } else if (v.kind === 'uniswap') {
    let from: Parameters<typeof uniswapAdapterConfig>[1];
    if (creds?.kind === 'uniswap' && !creds.simulator) {
      from = {
        privateKey: creds.privateKey.reveal(),
        ...(creds.rpcUrl === undefined ? {} : { rpcUrl: creds.rpcUrl.reveal() }),
      };
    } else {
      const chain = await startUniswapChain({ accounts: 1 });
      closers.push(() => chain.stop());
      from = { chain };
    }
    const uni = await createUniswapVenue(uniswapAdapterConfig(v, from));
    // the adapter stops polling before its chain goes away (the engine closes it again later: harmless)
    closers.push(() => uni.close());
    adapter = uni;
  } else {
    let baseUrl = v.baseUrl ?? 'https://api.binance.com';
    let wsApiUrl = v.wsApiUrl ?? 'wss://ws-api.binance.com:443/ws-api/v3';
    let apiKey: string;
    let apiSecret: string;
    if (creds?.kind === 'binance' && !creds.simulator) {
      apiKey = creds.apiKey.reveal();
      apiSecret = creds.apiSecret.reveal();
    } else {
      const sim = await startBinanceSim({ port: 0, seed: 1 });
      closers.push(() => sim.close());
      baseUrl = sim.url;
      wsApiUrl = sim.wsUrl;
      const account = sim.admin.createAccount({ USDT: '1000000', BTC: '10', ETH: '100' });
      apiKey = account.apiKey;
      apiSecret = account.secret;
    }
    const bn = await BinanceVenue.create({
      apiKey,
      apiSecret,
      baseUrl,
      wsApiUrl,
      venueId: v.id,
      recvWindow: v.recvWindow,
      timeoutMs: v.timeoutMs,
      ...(v.symbols === undefined ? {} : { symbols: v.symbols }),
    });
    adapter = bn;
    limiter = bn.orderLimiter;
  }
  const own = config.rateLimits.venues[v.id];
  if (own !== undefined) {
    const cfg =
      own.buckets !== undefined
        ? RateLimiterConfig.linked(own.buckets)
        : RateLimiterConfig.new(own.rate!, own.burst!);
    const shared = config.rateLimits.shared;
    limiter =
      shared !== undefined && secrets.redisUrl !== undefined
        ? buildSharedLimiter(cfg, v.id, {
            redis: secrets.redisUrl.reveal(),
            keyPrefix: shared.keyPrefix,
            onUnavailable: shared.onUnavailable,
            fallbackShare: shared.fallbackShare,
          })
        : cfg.build(v.id);
  }
  return limiter === undefined ? { adapter } : { adapter, limiter };
}

/** `ag-exec serve`: resolves with the exit code once stopped (2 for a bad config, printed with every problem). */
export async function runServeCommand(argv: readonly string[]): Promise<number> {
  const file = flagText(argv, '--config');
  const portText = flagText(argv, '--port');
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    process.stderr.write(`--port must be an integer 0-65535, got ${portText}\n`);
    return 2;
  }
  let config: GatewayConfig;
  let secrets: ResolvedSecrets;
  try {
    const checkRisk = (text: string, source: string) => loadRiskConfig(text, { source });
    config =
      file === undefined
        ? loadConfig('', { source: '(defaults)', checkRisk })
        : loadConfigFile(file, { checkRisk });
    secrets = resolveSecrets(config, process.env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`${e.message}\n`);
    for (const i of e.issues)
      process.stderr.write(`  ${i.path}${i.line ? ` (line ${i.line})` : ''}: ${i.message}\n`);
    return 2;
  }
  const gw = await startGateway(config, secrets, port === undefined ? {} : { port });
  process.stdout.write(`${gw.readyLine}\n`);
  await untilStopSignal();
  await gw.close();
  return 0;
}
