/**
 * The public (NONE) endpoints: `ping`, `time`, `exchangeInfo` (symbol / symbols / symbolStatus),
 * `depth`, `ticker/price`, `ticker/bookTicker` and `avgPrice`. They ignore the API key header.
 */
import { BinanceApiError, illegal, MSG } from './errors.ts';
import { symbolOf } from './order-request.ts';
import type { Params } from './params.ts';
import { type Route, route, type SimContext } from './sim-context.ts';
import { f8, type SimSymbol, symbolView } from './symbols.ts';

const SYMBOLS_RANGE = '^\\[("[A-Z0-9-_.]{1,20}"(,"[A-Z0-9-_.]{1,20}"){0,}){0,1}\\]$';

/** The symbols a request names (`symbol` or `symbols`), or every symbol. */
function selected(ctx: SimContext, p: Params): SimSymbol[] {
  if (p.get('symbol') !== undefined) return [symbolOf(ctx, p)];
  const list = p.get('symbols');
  if (list === undefined) return [...ctx.symbols.values()];
  let names: unknown;
  try {
    names = JSON.parse(list);
  } catch {
    throw illegal('symbols', SYMBOLS_RANGE);
  }
  if (!Array.isArray(names) || names.some((n) => typeof n !== 'string'))
    throw illegal('symbols', SYMBOLS_RANGE);
  return (names as string[]).map((n) => {
    const s = ctx.symbols.get(n);
    if (s === undefined) throw new BinanceApiError(400, -1121, MSG.badSymbol);
    return s;
  });
}

function depthWeight(p: Params): number {
  const limit = Number(p.get('limit') ?? 100);
  if (limit <= 100) return 5;
  if (limit <= 500) return 25;
  if (limit <= 1000) return 50;
  return 250;
}

function lastPrice(ctx: SimContext, s: SimSymbol): string {
  const d = ctx.exchange.lastPrice.get(s.symbol) ?? ctx.exchange.refPrice.get(s.symbol);
  return d === undefined ? '0.00000000' : f8(d);
}

const oneOrAll = (p: Params): number => (p.get('symbol') === undefined ? 4 : 2);

const tickerPrice: Route = {
  weight: oneOrAll,
  signed: false,
  handle(ctx, r) {
    const rows = selected(ctx, r.params).map((s) => ({ symbol: s.symbol, price: lastPrice(ctx, s) }));
    return { status: 200, body: r.params.get('symbol') === undefined ? rows : rows[0] };
  },
};

const bookTicker: Route = {
  weight: oneOrAll,
  signed: false,
  handle(ctx, r) {
    const rows = selected(ctx, r.params).map((s) => {
      const d = ctx.exchange.engine.depth(s.symbol, 1);
      const z = '0.00000000';
      return {
        symbol: s.symbol,
        bidPrice: d.bids[0] === undefined ? z : f8(d.bids[0].price),
        bidQty: d.bids[0] === undefined ? z : f8(d.bids[0].size),
        askPrice: d.asks[0] === undefined ? z : f8(d.asks[0].price),
        askQty: d.asks[0] === undefined ? z : f8(d.asks[0].size),
      };
    });
    return { status: 200, body: r.params.get('symbol') === undefined ? rows : rows[0] };
  },
};

/** The public routes by `"METHOD /path"`. */
export const PUBLIC_ROUTES: Readonly<Record<string, Route>> = {
  'GET /api/v3/ping': route(1, false, () => ({ status: 200, body: {} })),
  'GET /api/v3/time': route(1, false, (ctx) => ({
    status: 200,
    body: { serverTime: Math.floor(ctx.clock.now()) },
  })),
  'GET /api/v3/exchangeInfo': route(20, false, (ctx, r) => {
    const status = r.params.get('symbolStatus');
    const symbols = selected(ctx, r.params).filter((s) => status === undefined || s.status === status);
    return {
      status: 200,
      body: {
        timezone: 'UTC',
        serverTime: Math.floor(ctx.clock.now()),
        rateLimits: ctx.limits.info(),
        exchangeFilters: [],
        symbols: symbols.map(symbolView),
      },
    };
  }),
  'GET /api/v3/depth': {
    weight: depthWeight,
    signed: false,
    handle(ctx, r) {
      const s = symbolOf(ctx, r.params);
      const limit = Math.min(Math.max(r.params.int('limit') ?? 100, 1), 5000);
      const d = ctx.exchange.engine.depth(s.symbol, limit);
      return {
        status: 200,
        body: {
          lastUpdateId: ctx.exchange.updateId,
          bids: d.bids.map((l) => [f8(l.price), f8(l.size)]),
          asks: d.asks.map((l) => [f8(l.price), f8(l.size)]),
        },
      };
    },
  },
  'GET /api/v3/ticker/price': tickerPrice,
  'GET /api/v3/ticker/bookTicker': bookTicker,
  'GET /api/v3/avgPrice': route(2, false, (ctx, r) => {
    const s = symbolOf(ctx, r.params);
    const avg = ctx.exchange.avgPrice(s.symbol);
    return {
      status: 200,
      body: {
        mins: 5,
        price: avg === undefined ? '0.00000000' : f8(avg),
        closeTime: Math.floor(ctx.clock.now()),
      },
    };
  }),
};
