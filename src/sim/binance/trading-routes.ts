/**
 * The TRADE endpoints: `POST /api/v3/order`, `POST /api/v3/order/test`, `DELETE /api/v3/order`,
 * `DELETE /api/v3/openOrders` and `POST /api/v3/order/cancelReplace` with its documented results (200
 * both succeeded; 409 -2021 one half failed; 400 -2022 the cancel failed and the new order was not
 * attempted or failed too).
 */
import type { SimAccount } from './accounts.ts';
import { BinanceApiError, MSG } from './errors.ts';
import type { Reply } from './http-io.ts';
import { checkOrder, makeClientId, parseNewOrder, symbolOf } from './order-request.ts';
import type { Params } from './params.ts';
import { isOpen, type SimOrder } from './records.ts';
import { type Route, route, type SimContext } from './sim-context.ts';
import { f8 } from './symbols.ts';
import { cancelView, newOrderView } from './views.ts';

function orderCountHeaders(ctx: SimContext, account: SimAccount, now: number): Record<string, string> {
  const c = ctx.limits.orderCounts(account.id, now);
  return { 'X-MBX-ORDER-COUNT-10S': String(c.tenS), 'X-MBX-ORDER-COUNT-1D': String(c.day) };
}

/** Names of the cancel parameters (plain, or the `cancel…` ones of cancelReplace). */
interface CancelNames {
  orderId: string;
  origClientOrderId: string;
  newClientOrderId: string;
}

const PLAIN: CancelNames = {
  orderId: 'orderId',
  origClientOrderId: 'origClientOrderId',
  newClientOrderId: 'newClientOrderId',
};
const REPLACE: CancelNames = {
  orderId: 'cancelOrderId',
  origClientOrderId: 'cancelOrigClientOrderId',
  newClientOrderId: 'cancelNewClientOrderId',
};

/** Reads which order to cancel (-1102 when neither id is sent). */
function cancelTarget(p: Params, n: CancelNames): { orderId?: number; clientId?: string } {
  const orderId = p.int(n.orderId);
  const clientId = p.get(n.origClientOrderId);
  if (orderId === undefined && clientId === undefined) {
    throw new BinanceApiError(
      400,
      -1102,
      `Param '${n.origClientOrderId}' or '${n.orderId}' must be sent, but both were empty/null!`,
    );
  }
  const out: { orderId?: number; clientId?: string } = {};
  if (orderId !== undefined) out.orderId = orderId;
  if (clientId !== undefined) out.clientId = clientId;
  return out;
}

function restrictions(p: Params): string | undefined {
  const v = p.get('cancelRestrictions');
  if (v !== undefined && v !== 'ONLY_NEW' && v !== 'ONLY_PARTIALLY_FILLED') {
    throw new BinanceApiError(
      400,
      -1145,
      'cancelRestrictions has to be either ONLY_NEW or ONLY_PARTIALLY_FILLED.',
    );
  }
  return v;
}

/** Cancels one order; -2011 when unknown / final or the restriction is unmet. */
function cancelOne(
  ctx: SimContext,
  account: SimAccount,
  p: Params,
  n: CancelNames,
  now: number,
): { order: SimOrder; view: Record<string, unknown> } {
  const s = symbolOf(ctx, p);
  const t = cancelTarget(p, n);
  const cancelId = p.clientId(n.newClientOrderId) ?? makeClientId(ctx);
  const restriction = restrictions(p);
  const o = ctx.exchange.find(account, s.symbol, t.orderId, t.clientId);
  if (o === undefined || !isOpen(o)) throw new BinanceApiError(400, -2011, MSG.unknownOrder);
  if (
    (restriction === 'ONLY_NEW' && o.status !== 'NEW') ||
    (restriction === 'ONLY_PARTIALLY_FILLED' && o.status !== 'PARTIALLY_FILLED')
  ) {
    throw new BinanceApiError(400, -2011, MSG.cancelRestricted);
  }
  ctx.exchange.cancel(o, cancelId, now);
  return { order: o, view: cancelView(o, cancelId, now) };
}

function errorOf(e: unknown): BinanceApiError {
  if (e instanceof BinanceApiError) return e;
  throw e;
}

const newOrder = route(
  1,
  true,
  (ctx, r, account) => {
    const a = account as SimAccount;
    const { req, resp } = parseNewOrder(ctx, r.params);
    checkOrder(ctx, a, req);
    const now = ctx.clock.now();
    ctx.limits.checkOrders(a.id, now);
    ctx.limits.countOrder(a.id, now);
    const { order, fills } = ctx.exchange.place(a, req, now);
    return {
      status: 200,
      body: newOrderView(order, fills, resp, now),
      headers: orderCountHeaders(ctx, a, now),
    };
  },
  0,
);

const testOrder: Route = {
  weight: (p) => (p.get('computeCommissionRates') === 'true' ? 20 : 1),
  signed: true,
  handle(ctx, r, account) {
    const { req } = parseNewOrder(ctx, r.params);
    checkOrder(ctx, account as SimAccount, req);
    if (r.params.get('computeCommissionRates') !== 'true') return { status: 200, body: {} };
    const { maker, taker } = ctx.exchange.rates;
    const z = '0.00000000';
    return {
      status: 200,
      body: {
        standardCommissionForOrder: { maker: f8(maker), taker: f8(taker) },
        specialCommissionForOrder: { maker: z, taker: z },
        taxCommissionForOrder: { maker: z, taker: z },
        discount: { enabledForAccount: false, enabledForSymbol: false, discountAsset: 'BNB', discount: z },
      },
    };
  },
};

const cancelOrder = route(
  1,
  true,
  (ctx, r, account) => ({
    status: 200,
    body: cancelOne(ctx, account as SimAccount, r.params, PLAIN, ctx.clock.now()).view,
  }),
  0,
);

const cancelOpenOrders = route(
  1,
  true,
  (ctx, r, account) => {
    const a = account as SimAccount;
    const s = symbolOf(ctx, r.params);
    const open = ctx.exchange.openOrders(a, s.symbol);
    if (open.length === 0) throw new BinanceApiError(400, -2011, MSG.unknownOrder);
    const now = ctx.clock.now();
    const out = open.map((o) => {
      const id = makeClientId(ctx);
      ctx.exchange.cancel(o, id, now);
      return cancelView(o, id, now);
    });
    return { status: 200, body: out };
  },
  0,
);

const cancelReplace = route(
  1,
  true,
  (ctx, r, account): Reply => {
    const a = account as SimAccount;
    const p = r.params;
    const mode = p.oneOf('cancelReplaceMode', ['STOP_ON_FAILURE', 'ALLOW_FAILURE'] as const, true);
    const { req, resp } = parseNewOrder(ctx, p);
    const target = cancelTarget(p, REPLACE);
    restrictions(p);
    const rateMode =
      p.oneOf('orderRateLimitExceededMode', ['DO_NOTHING', 'CANCEL_ONLY'] as const, false) ?? 'DO_NOTHING';
    const victim = ctx.exchange.find(a, req.symbol.symbol, target.orderId, target.clientId);
    if (req.symbol.status !== 'TRADING') throw new BinanceApiError(400, -1013, MSG.marketClosed);
    checkOrder(ctx, a, req, victim !== undefined && isOpen(victim) ? 1 : 0);
    const now = ctx.clock.now();
    let rateError: BinanceApiError | undefined;
    try {
      ctx.limits.checkOrders(a.id, now);
      ctx.limits.countOrder(a.id, now);
    } catch (e) {
      if (rateMode === 'DO_NOTHING') throw e;
      rateError = errorOf(e);
    }
    let cancelled: Record<string, unknown> | undefined;
    let cancelError: BinanceApiError | undefined;
    try {
      cancelled = cancelOne(ctx, a, p, REPLACE, now).view;
    } catch (e) {
      cancelError = errorOf(e);
    }
    const headers = orderCountHeaders(ctx, a, now);
    if (cancelError !== undefined && mode === 'STOP_ON_FAILURE') {
      throw new BinanceApiError(400, -2022, MSG.replaceFailed, {
        cancelResult: 'FAILURE',
        newOrderResult: 'NOT_ATTEMPTED',
        cancelResponse: cancelError.body(),
        newOrderResponse: null,
      });
    }
    let placed: Record<string, unknown> | undefined;
    let newError = rateError;
    if (newError === undefined) {
      try {
        const { order, fills } = ctx.exchange.place(a, req, now);
        placed = newOrderView(order, fills, resp, now);
      } catch (e) {
        newError = errorOf(e);
      }
    }
    const data = {
      cancelResult: cancelError === undefined ? 'SUCCESS' : 'FAILURE',
      newOrderResult: newError === undefined ? 'SUCCESS' : 'FAILURE',
      cancelResponse: cancelError === undefined ? cancelled : cancelError.body(),
      newOrderResponse: newError === undefined ? placed : newError.body(),
    };
    if (cancelError === undefined && newError === undefined) return { status: 200, body: data, headers };
    if (cancelError !== undefined && newError !== undefined) {
      throw new BinanceApiError(400, -2022, MSG.replaceFailed, data);
    }
    throw new BinanceApiError(409, -2021, MSG.replacePartial, data);
  },
  0,
);

/** The TRADE routes by `"METHOD /path"`. */
export const TRADING_ROUTES: Readonly<Record<string, Route>> = {
  'POST /api/v3/order': newOrder,
  'POST /api/v3/order/test': testOrder,
  'DELETE /api/v3/order': cancelOrder,
  'DELETE /api/v3/openOrders': cancelOpenOrders,
  'POST /api/v3/order/cancelReplace': cancelReplace,
};
