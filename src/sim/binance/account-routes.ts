/**
 * The USER_DATA endpoints: `GET /api/v3/order`, `openOrders`, `allOrders`, `myTrades`, `account` and
 * `rateLimit/order`, with the venue's parameter rules (limits ≤ 1000, time ranges ≤ 24 h, fromId not
 * combined with times).
 */
import type { SimAccount } from './accounts.ts';
import { BinanceApiError, MSG } from './errors.ts';
import { symbolOf } from './order-request.ts';
import type { Params } from './params.ts';
import { type Route, route } from './sim-context.ts';
import { balancesView, queryView, tradeView } from './views.ts';

const DAY = 86_400_000;

function limitOf(p: Params): number {
  const n = p.int('limit') ?? 500;
  return Math.min(Math.max(n, 1), 1000);
}

function timeRange(p: Params): { start: number | undefined; end: number | undefined } {
  const start = p.int('startTime');
  const end = p.int('endTime');
  if (start !== undefined && end !== undefined && end - start > DAY) {
    throw new BinanceApiError(400, -1127, 'More than 24 hours between startTime and endTime.');
  }
  return { start, end };
}

function inRange(t: number, r: { start: number | undefined; end: number | undefined }): boolean {
  return (r.start === undefined || t >= r.start) && (r.end === undefined || t <= r.end);
}

/** Oldest-first window of `items`: from the first match of `from`, else the most recent `limit`. */
function page<T>(items: T[], limit: number, fromFirst: boolean): T[] {
  return fromFirst ? items.slice(0, limit) : items.slice(Math.max(0, items.length - limit));
}

const getOrder = route(4, true, (ctx, r, account) => {
  const s = symbolOf(ctx, r.params);
  const orderId = r.params.int('orderId');
  const clientId = r.params.get('origClientOrderId');
  if (orderId === undefined && clientId === undefined) {
    throw new BinanceApiError(
      400,
      -1102,
      "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!",
    );
  }
  const o = ctx.exchange.find(account as SimAccount, s.symbol, orderId, clientId);
  if (o === undefined) {
    if (orderId !== undefined && clientId !== undefined) {
      if (ctx.exchange.find(account as SimAccount, s.symbol, orderId) !== undefined) {
        throw new BinanceApiError(400, -2039, 'Client order ID is not correct for this order ID.');
      }
    }
    throw new BinanceApiError(400, -2013, MSG.noSuchOrder);
  }
  return { status: 200, body: queryView(o) };
});

const openOrders: Route = {
  weight: (p) => (p.get('symbol') === undefined ? 80 : 6),
  signed: true,
  handle(ctx, r, account) {
    const symbol = r.params.get('symbol') === undefined ? undefined : symbolOf(ctx, r.params).symbol;
    return {
      status: 200,
      body: ctx.exchange.openOrders(account as SimAccount, symbol).map(queryView),
    };
  },
};

const allOrders = route(20, true, (ctx, r, account) => {
  const s = symbolOf(ctx, r.params);
  const from = r.params.int('orderId');
  const range = timeRange(r.params);
  const list = ctx.exchange
    .allOrders(account as SimAccount, s.symbol)
    .filter((o) => (from === undefined || o.orderId >= from) && inRange(o.time, range));
  const fromFirst = from !== undefined || range.start !== undefined;
  return { status: 200, body: page(list, limitOf(r.params), fromFirst).map(queryView) };
});

const myTrades: Route = {
  weight: (p) => (p.get('orderId') === undefined ? 20 : 5),
  signed: true,
  handle(ctx, r, account) {
    const p = r.params;
    const s = symbolOf(ctx, p);
    const orderId = p.int('orderId');
    const fromId = p.int('fromId');
    const range = timeRange(p);
    if (fromId !== undefined && (range.start !== undefined || range.end !== undefined)) {
      throw new BinanceApiError(400, -1128, MSG.combination);
    }
    const list = ctx.exchange.trades.filter(
      (t) =>
        t.account === account &&
        t.symbol === s.symbol &&
        (orderId === undefined || t.orderId === orderId) &&
        (fromId === undefined || t.id >= fromId) &&
        inRange(t.time, range),
    );
    const fromFirst = fromId !== undefined || range.start !== undefined;
    return { status: 200, body: page(list, limitOf(p), fromFirst).map(tradeView) };
  },
};

const accountInfo = route(20, true, (ctx, r, account) => {
  const a = account as SimAccount;
  const { maker, taker } = ctx.exchange.rates;
  const bps = (d: bigint): number => Number(d / 10n ** 14n);
  const f = (d: bigint): string => (Number(d / 10n ** 10n) / 1e8).toFixed(8);
  return {
    status: 200,
    body: {
      makerCommission: bps(maker),
      takerCommission: bps(taker),
      buyerCommission: 0,
      sellerCommission: 0,
      commissionRates: { maker: f(maker), taker: f(taker), buyer: '0.00000000', seller: '0.00000000' },
      canTrade: true,
      canWithdraw: true,
      canDeposit: true,
      brokered: false,
      requireSelfTradePrevention: false,
      preventSor: false,
      updateTime: a.updateTime,
      accountType: 'SPOT',
      balances: balancesView(a, r.params.get('omitZeroBalances') === 'true'),
      permissions: ['SPOT'],
      uid: Number(a.id.slice(5)) + 354_000_000,
    },
  };
});

const orderRateLimit = route(40, true, (ctx, _r, account) => {
  const now = ctx.clock.now();
  const c = ctx.limits.orderCounts((account as SimAccount).id, now);
  const o = ctx.limits.options;
  return {
    status: 200,
    body: [
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: o.ordersPer10s, count: c.tenS },
      { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: o.ordersPerDay, count: c.day },
    ],
  };
});

/** The USER_DATA routes by `"METHOD /path"`. */
export const ACCOUNT_ROUTES: Readonly<Record<string, Route>> = {
  'GET /api/v3/order': getOrder,
  'GET /api/v3/openOrders': openOrders,
  'GET /api/v3/allOrders': allOrders,
  'GET /api/v3/myTrades': myTrades,
  'GET /api/v3/account': accountInfo,
  'GET /api/v3/rateLimit/order': orderRateLimit,
};
