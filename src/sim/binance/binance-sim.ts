/**
 * The Binance Spot loopback simulator: a node:http server routing the public, TRADE and USER_DATA
 * endpoints of `/api/v3` (request weight, 429 / 418, signed-request checks, faults) and `/_sim/` admin
 * requests over one exchange, plus the WebSocket API with the user data stream. See `startBinanceSim`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Clock, dec, systemClock } from '../../domain/index.ts';
import { startLoopbackServer } from '../loopback-server.ts';
import { MatchingEngine } from '../matching/index.ts';
import { SeededRandom } from '../seeded-random.ts';
import { ACCOUNT_ROUTES } from './account-routes.ts';
import { Accounts } from './accounts.ts';
import { authenticate } from './auth.ts';
import { BinanceApiError, MSG } from './errors.ts';
import { BinanceExchange } from './exchange.ts';
import { type Reply, readBody, send } from './http-io.ts';
import { LiquidityMaker, type LiquidityMakerOptions } from './liquidity-maker.ts';
import { Params } from './params.ts';
import { PUBLIC_ROUTES } from './public-routes.ts';
import { type BinanceSimAdmin, createAdmin, handleAdmin } from './sim-admin.ts';
import type { BinanceRequest, Route, SimContext } from './sim-context.ts';
import { SimFaults } from './sim-faults.ts';
import { type BinanceRateLimitOptions, banned, RateRefusal, SimRateLimits } from './sim-rate-limits.ts';
import { DEFAULT_SYMBOLS, parseSymbol, type SimSymbol, type SymbolSpec } from './symbols.ts';
import { TRADING_ROUTES } from './trading-routes.ts';
import { type StreamTimingOptions, UserStream, WS_API_PATH } from './user-stream.ts';

/** Options of {@link startBinanceSim}. */
export interface BinanceSimOptions {
  /** TCP port; 0 or absent = any free port. */
  readonly port?: number;
  /** Loopback only. */
  readonly host?: '127.0.0.1';
  /** Seed of keys, client ids, maker sizes and fault draws. Default 1. */
  readonly seed?: number;
  /** Time source of the venue (timestamps, windows, order times). Default: the wall clock. */
  readonly clock?: Clock;
  /** Symbols to list; default {@link DEFAULT_SYMBOLS}. */
  readonly symbols?: readonly SymbolSpec[];
  /** Maker / taker commission as fractions (default "0.001" each: 0.1 %). */
  readonly commission?: { readonly maker?: string; readonly taker?: string };
  /** Rate limits; defaults are the production ones. */
  readonly rateLimits?: BinanceRateLimitOptions;
  /** Shape of the liquidity maker's ladder. */
  readonly liquidity?: LiquidityMakerOptions;
  /** WebSocket API ping timing. */
  readonly stream?: StreamTimingOptions;
}

/** A running simulator. */
export interface BinanceSim {
  /** `http://127.0.0.1:PORT` (REST base; the paths are `/api/v3/...`). */
  readonly url: string;
  /** `ws://127.0.0.1:PORT/ws-api/v3`: the WebSocket API. */
  readonly wsUrl: string;
  readonly port: number;
  readonly admin: BinanceSimAdmin;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

const ROUTES: Readonly<Record<string, Route>> = { ...PUBLIC_ROUTES, ...TRADING_ROUTES, ...ACCOUNT_ROUTES };

/** Starts the simulator on loopback; resolves once it listens. */
export async function startBinanceSim(opts: BinanceSimOptions = {}): Promise<BinanceSim> {
  const seed = opts.seed ?? 1;
  const rng = new SeededRandom(seed);
  const faults = new SimFaults(new SeededRandom(seed ^ 0x5eed));
  const base = opts.clock ?? systemClock;
  const clock: Clock = { now: () => base.now() + faults.skewMs() };
  const symbols = new Map<string, SimSymbol>();
  for (const spec of opts.symbols ?? DEFAULT_SYMBOLS) symbols.set(spec.symbol, parseSymbol(spec));
  const engine = new MatchingEngine({ clock, tradeHistory: false, retainClosedOrders: false });
  const exchange = new BinanceExchange(engine, {
    maker: dec(opts.commission?.maker ?? '0.001'),
    taker: dec(opts.commission?.taker ?? '0.001'),
  });
  const makerRng = new SeededRandom(seed ^ 0x3a3e);
  const ctx: SimContext = {
    symbols,
    accounts: new Accounts(rng),
    exchange,
    clock,
    limits: new SimRateLimits(opts.rateLimits),
    faults,
    maker: new LiquidityMaker(exchange, makerRng, clock, opts.liquidity),
    rng,
  };
  const stream = new UserStream(ctx, opts.stream);
  exchange.listener = stream;
  for (const s of symbols.values()) if (s.spec.price !== undefined) ctx.maker.setPrice(s, dec(s.spec.price));
  const admin = createAdmin(ctx, stream);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const rawBody = await readBody(req);
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const path = q < 0 ? target : target.slice(0, q);
    const rawQuery = q < 0 ? '' : target.slice(q + 1);
    const method = req.method ?? 'GET';
    const adminReply = handleAdmin(admin, method, path, rawBody);
    if (adminReply !== undefined) return send(res, adminReply);
    const name = `${method} ${path}`;
    const r = ROUTES[name];
    if (r === undefined) {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<html><body><h2>404 Not found</h2></body></html>');
      return;
    }
    const f = faults.request(name);
    if (f.latencyMs > 0) delayReply(res, f.latencyMs);
    const now = clock.now();
    if (f.refuse !== undefined) {
      const e =
        f.refuse.status === 418
          ? banned(now + f.refuse.retryAfter * 1000, now)
          : new RateRefusal(
              429,
              -1003,
              `Too much request weight used; current limit is ${ctx.limits.options.requestWeightPerMinute} request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.`,
              f.refuse.retryAfter,
            );
      return send(res, {
        status: e.status,
        body: e.body(),
        headers: { 'Retry-After': String(f.refuse.retryAfter) },
      });
    }
    const ip = req.socket.remoteAddress ?? '';
    const request: BinanceRequest = {
      method,
      path,
      rawQuery,
      rawBody,
      params: new Params(rawQuery, rawBody),
      headers: req.headers,
      ip,
    };
    let used: number;
    const weight = r.weight(request.params);
    try {
      used = ctx.limits.admit(ip, weight, now);
    } catch (e) {
      if (!(e instanceof RateRefusal)) throw e;
      const w = String(ctx.limits.usedWeight(ip, now));
      return send(res, {
        status: e.status,
        body: e.body(),
        headers: { 'Retry-After': String(e.retryAfterS), 'X-MBX-USED-WEIGHT-1M': w, 'X-MBX-USED-WEIGHT': w },
      });
    }
    let reply: Reply;
    if (f.replace !== undefined && !f.replace.process) reply = { status: 200, body: {} };
    else reply = run(ctx, r, request);
    if (reply.status < 300 && r.successWeight !== undefined) {
      used = ctx.limits.refund(ip, weight - r.successWeight, now);
    }
    const w = String(used);
    if (f.replace !== undefined) {
      reply =
        f.replace.kind === 'accept_then_500'
          ? { status: 500, body: { code: -1000, msg: MSG.unknown1000 } }
          : { status: f.replace.status, body: { code: -1007, msg: MSG.timeout1007 } };
    }
    send(res, { ...reply, headers: { ...reply.headers, 'X-MBX-USED-WEIGHT-1M': w, 'X-MBX-USED-WEIGHT': w } });
  };

  const http = await startLoopbackServer({
    ...(opts.host === undefined ? {} : { host: opts.host }),
    ...(opts.port === undefined ? {} : { port: opts.port }),
    handle,
    fail: (res, e) =>
      send(res, {
        status: 500,
        body: { code: -1000, msg: e instanceof Error ? e.message : MSG.unknown1000 },
      }),
    attach: (server) => stream.attach(server),
  });
  return {
    url: `http://${http.host}:${http.port}`,
    wsUrl: `ws://${http.host}:${http.port}${WS_API_PATH}`,
    port: http.port,
    admin,
    close: () => {
      stream.close();
      return http.close();
    },
  };
}

/** Runs a route: signed checks first, then its handler; venue errors become their reply. */
function run(ctx: SimContext, r: Route, request: BinanceRequest): Reply {
  try {
    const account = r.signed ? authenticate(ctx, request) : undefined;
    return r.handle(ctx, request, account);
  } catch (e) {
    if (e instanceof RateRefusal) {
      return { status: e.status, body: e.body(), headers: { 'Retry-After': String(e.retryAfterS) } };
    }
    if (e instanceof BinanceApiError) return { status: e.status, body: e.body() };
    throw e;
  }
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
