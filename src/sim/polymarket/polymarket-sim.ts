/**
 * The Polymarket CLOB V2 loopback simulator: a node:http server (keep-alive, JSON) routing public,
 * L1, L2 and `/_sim/` admin requests over one exchange state, with the user WebSocket channel, rate
 * limits, heartbeats and injected faults. See `startPolymarketSim`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Clock, systemClock } from '../../domain/index.ts';
import { startLoopbackServer } from '../loopback-server.ts';
import { SeededRandom } from '../seeded-random.ts';
import { PolymarketExchange } from './exchange.ts';
import { Heartbeats } from './heartbeats.ts';
import { readBody, sendError } from './http-io.ts';
import { handlePublic } from './public-routes.ts';
import { createAdmin, handleAdmin, type SimAdmin } from './sim-admin.ts';
import type { SimContext, SimRequest } from './sim-context.ts';
import { SimFaults } from './sim-faults.ts';
import { type SimRateLimitOptions, SimRateLimits } from './sim-rate-limits.ts';
import { type SimMarketSpec, SimState } from './sim-state.ts';
import { handleL1, handleL2 } from './trading-routes.ts';
import { UserChannel } from './user-channel.ts';

/** Options of {@link startPolymarketSim}. */
export interface PolymarketSimOptions {
  /** TCP port; 0 or absent = any free port. */
  readonly port?: number;
  /** Loopback only. */
  readonly host?: '127.0.0.1';
  /** Seed of every generated key, id and hash. Default 1. */
  readonly seed?: number;
  /** Markets to create; default {@link DEFAULT_MARKETS}. */
  readonly markets?: readonly SimMarketSpec[];
  /** Time source (auth window, order and trade times, GTD expiry). Default: the wall clock. */
  readonly clock?: Clock;
  /** Chain id of the EIP-712 domains. Default 137. */
  readonly chainId?: number;
  /** Accepted distance of POLY_TIMESTAMP from the simulator clock, seconds. Default 60. */
  readonly authWindowSeconds?: number;
  /** Items per page of `/data/orders` and `/data/trades`. Default 100. */
  readonly pageSize?: number;
  /** Most orders in one `POST /orders`. Default 15. */
  readonly maxBatch?: number;
  /** Rate-limit buckets; defaults from the published limits. */
  readonly rateLimits?: SimRateLimitOptions;
  /** Silence after which a started heartbeat cancels the key's orders, ms. Default 10 000. */
  readonly heartbeatTimeoutMs?: number;
  /** A user socket that sends nothing for this long is closed, ms. Default 30 000. */
  readonly wsIdleTimeoutMs?: number;
}

/** A running simulator. */
export interface PolymarketSim {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** `ws://127.0.0.1:PORT/ws/user`: the user channel. */
  readonly wsUrl: string;
  readonly port: number;
  readonly admin: SimAdmin;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/**
 * Default markets: the two tokens of the reference test vectors. Token A (tick 0.01) and token N
 * (tick 0.001, neg-risk), each with a complementary token; minimum size 5.
 */
export const DEFAULT_MARKETS: readonly SimMarketSpec[] = [
  {
    tokenIds: [
      '71321045679252212594626385532706912750332728571942532289631379312455583992563',
      '52114319501245915516055106046884209969926127482827954674443846427813813222426',
    ],
    tickSize: '0.01',
    negRisk: false,
    minOrderSize: '5',
  },
  {
    tokenIds: [
      '48331043336612883890938759509493159234755048973500640148014422747788308965732',
      '21742633143463906290569050155826241533067272736897614950488156847949938836455',
    ],
    tickSize: '0.001',
    negRisk: true,
    minOrderSize: '5',
  },
];

/** Starts the simulator on loopback; resolves once it listens. */
export async function startPolymarketSim(opts: PolymarketSimOptions = {}): Promise<PolymarketSim> {
  const seed = opts.seed ?? 1;
  const rng = new SeededRandom(seed);
  const faultRng = new SeededRandom(seed ^ 0x5eed);
  const faults = new SimFaults(faultRng);
  const base = opts.clock ?? systemClock;
  const clock: Clock = { now: () => base.now() + faults.skewMs() };
  const state = new SimState(rng);
  const chainId = opts.chainId ?? 137;
  for (const m of opts.markets ?? DEFAULT_MARKETS) state.addMarket(m);
  const exchange = new PolymarketExchange(state, rng, clock, chainId);
  const channel = new UserChannel(state, faults, clock, opts.wsIdleTimeoutMs ?? 30_000);
  exchange.listener = channel;
  exchange.settlementFails = () => faults.tradeFails();
  const heartbeats = new Heartbeats(clock, faultRng, opts.heartbeatTimeoutMs ?? 10_000, (apiKey) => {
    const key = state.keys.get(apiKey);
    if (key === undefined) return;
    const live = exchange.liveOrders(key.address, (o) => o.ownerKey === apiKey);
    exchange.cancel(
      live.map((o) => o.id),
      key,
    );
  });
  const ctx: SimContext = {
    state,
    exchange,
    clock,
    chainId,
    authWindowSeconds: opts.authWindowSeconds ?? 60,
    pageSize: opts.pageSize ?? 100,
    maxBatch: opts.maxBatch ?? 15,
    limits: new SimRateLimits(clock, opts.rateLimits),
    heartbeats,
    faults,
    channel,
  };
  const admin = createAdmin(ctx);

  const route = async (r: SimRequest): Promise<void> => {
    if (handlePublic(ctx, r)) return;
    if ((await handleL1(ctx, r)) || (await handleL2(ctx, r))) return;
    sendError(r.res, 404, 'not found');
  };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const r = { method, path: url.pathname, query: url.searchParams, raw, req, res };
    if (handleAdmin(admin, r)) return;
    heartbeats.check();
    const name = `${method} ${url.pathname}`;
    const f = faults.request(name);
    if (f.latencyMs > 0) delayReply(res, f.latencyMs);
    if (f.refuse !== undefined) {
      if (f.refuse.retryAfter !== undefined) res.setHeader('Retry-After', String(f.refuse.retryAfter));
      return sendError(res, f.refuse.status, f.refuse.error);
    }
    const edge = ctx.limits.route(name);
    if (edge !== undefined && !edge.ok) {
      res.setHeader('Retry-After', String(edge.resetS));
      return sendError(res, 429, 'Too Many Requests');
    }
    if (!f.acceptThen500) return route(r);
    await route({ ...r, res: discardingResponse() });
    sendError(res, 500, 'Internal Server Error');
  };
  const http = await startLoopbackServer({
    ...(opts.host === undefined ? {} : { host: opts.host }),
    ...(opts.port === undefined ? {} : { port: opts.port }),
    handle,
    fail: (res, e) => sendError(res, 500, e instanceof Error ? e.message : 'internal error'),
    attach: (server) => channel.attach(server),
  });
  return {
    url: `http://${http.host}:${http.port}`,
    wsUrl: `ws://${http.host}:${http.port}/ws/user`,
    port: http.port,
    admin,
    close: () => {
      heartbeats.stop();
      channel.close();
      return http.close();
    },
  };
}

/** Holds the reply of `res` for `ms` before it is sent. */
function delayReply(res: ServerResponse, ms: number): void {
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  const delayed = (...args: unknown[]): ServerResponse => {
    setTimeout(() => {
      if (!res.destroyed) end(...args);
    }, ms).unref();
    return res;
  };
  res.end = delayed as ServerResponse['end'];
}

/** A response that swallows what the routes write (the real reply is replaced by a fault). */
function discardingResponse(): ServerResponse {
  const sink = {
    headersSent: false,
    setHeader: () => sink,
    writeHead: () => sink,
    end: () => sink,
  };
  return sink as unknown as ServerResponse;
}
