/**
 * Reply and event shapes of the venue (reference §4, §8): new-order replies (ACK / RESULT / FULL), the
 * order query and cancel reports, `myTrades` entries, `account`, `executionReport` and
 * `outboundAccountPosition`. Amounts are 8-decimal strings, ids and times numbers.
 */
import { ZERO } from '../../domain/index.ts';
import { balanceOf, type SimAccount } from './accounts.ts';
import { type ExecType, isOpen, type SimOrder, type SimTrade } from './records.ts';
import { f8 } from './symbols.ts';

/** `newOrderRespType` values. */
export type RespType = 'ACK' | 'RESULT' | 'FULL';

/** The ACK reply of a new order. */
export function ackView(o: SimOrder, transactTime: number): Record<string, unknown> {
  return {
    symbol: o.symbol.symbol,
    orderId: o.orderId,
    orderListId: -1,
    clientOrderId: o.clientOrderId,
    transactTime,
  };
}

function core(o: SimOrder): Record<string, unknown> {
  return {
    price: f8(o.price),
    origQty: f8(o.origQty),
    executedQty: f8(o.executedQty),
    origQuoteOrderQty: f8(o.origQuoteOrderQty),
    cummulativeQuoteQty: f8(o.cummulativeQuoteQty),
    status: o.status,
    timeInForce: o.timeInForce,
    type: o.type,
    side: o.side,
  };
}

/** The reply of a new order in the asked shape (FULL lists the taker's fills). */
export function newOrderView(
  o: SimOrder,
  fills: readonly SimTrade[],
  resp: RespType,
  transactTime: number,
): Record<string, unknown> {
  const ack = ackView(o, transactTime);
  if (resp === 'ACK') return ack;
  const result = { ...ack, ...core(o), workingTime: o.workingTime, selfTradePreventionMode: o.stp };
  if (resp === 'RESULT') return result;
  return {
    ...result,
    fills: fills.map((t) => ({
      price: f8(t.price),
      qty: f8(t.qty),
      commission: f8(t.commission),
      commissionAsset: t.commissionAsset,
      tradeId: t.id,
    })),
  };
}

/** `GET /api/v3/order` and the entries of `openOrders` / `allOrders`. */
export function queryView(o: SimOrder): Record<string, unknown> {
  const c = core(o);
  return {
    symbol: o.symbol.symbol,
    orderId: o.orderId,
    orderListId: -1,
    clientOrderId: o.clientOrderId,
    price: c.price,
    origQty: c.origQty,
    executedQty: c.executedQty,
    cummulativeQuoteQty: c.cummulativeQuoteQty,
    status: c.status,
    timeInForce: c.timeInForce,
    type: c.type,
    side: c.side,
    stopPrice: f8(ZERO),
    icebergQty: f8(ZERO),
    time: o.time,
    updateTime: o.updateTime,
    isWorking: true,
    workingTime: o.workingTime,
    origQuoteOrderQty: c.origQuoteOrderQty,
    selfTradePreventionMode: o.stp,
  };
}

/** The report of a cancelled order (`DELETE order`, `DELETE openOrders`, cancelReplace). */
export function cancelView(
  o: SimOrder,
  cancelClientId: string,
  transactTime: number,
): Record<string, unknown> {
  return {
    symbol: o.symbol.symbol,
    origClientOrderId: o.clientOrderId,
    orderId: o.orderId,
    orderListId: -1,
    clientOrderId: cancelClientId,
    transactTime,
    ...core(o),
    selfTradePreventionMode: o.stp,
  };
}

/** A `myTrades` entry. */
export function tradeView(t: SimTrade): Record<string, unknown> {
  return {
    symbol: t.symbol,
    id: t.id,
    orderId: t.orderId,
    orderListId: -1,
    price: f8(t.price),
    qty: f8(t.qty),
    quoteQty: f8(t.quoteQty),
    commission: f8(t.commission),
    commissionAsset: t.commissionAsset,
    time: t.time,
    isBuyer: t.isBuyer,
    isMaker: t.isMaker,
    isBestMatch: true,
  };
}

/** Balances of an account, `[{asset, free, locked}]`, sorted by asset. */
export function balancesView(a: SimAccount, omitZero: boolean): Array<Record<string, string>> {
  return [...a.balances.keys()]
    .sort()
    .map((asset) => {
      const b = balanceOf(a, asset);
      return { asset, free: f8(b.free), locked: f8(b.locked), zero: b.free === 0n && b.locked === 0n };
    })
    .filter((b) => !(omitZero && b.zero))
    .map(({ asset, free, locked }) => ({ asset, free, locked }));
}

/** `executionReport` of one order change. */
export function executionReport(
  o: SimOrder,
  x: ExecType,
  t: SimTrade | undefined,
  cancelClientId: string | undefined,
  eventTime: number,
  executionId: number,
): Record<string, unknown> {
  return {
    e: 'executionReport',
    E: eventTime,
    s: o.symbol.symbol,
    c: cancelClientId ?? o.clientOrderId,
    S: o.side,
    o: o.type,
    f: o.timeInForce,
    q: f8(o.origQty),
    p: f8(o.price),
    P: f8(ZERO),
    F: f8(ZERO),
    g: -1,
    C: cancelClientId === undefined ? '' : o.clientOrderId,
    x,
    X: o.status,
    r: 'NONE',
    i: o.orderId,
    l: f8(t?.qty ?? ZERO),
    z: f8(o.executedQty),
    L: f8(t?.price ?? ZERO),
    n: f8(t?.commission ?? ZERO),
    N: t === undefined ? null : t.commissionAsset,
    T: t?.time ?? o.updateTime,
    t: t?.id ?? -1,
    I: executionId,
    w: isOpen(o),
    m: t?.isMaker ?? false,
    M: false,
    O: o.time,
    Z: f8(o.cummulativeQuoteQty),
    Y: f8(t?.quoteQty ?? ZERO),
    Q: f8(o.origQuoteOrderQty),
    W: o.workingTime,
    V: o.stp,
  };
}

/** `outboundAccountPosition` for the assets that changed. */
export function accountPosition(
  a: SimAccount,
  assets: ReadonlySet<string>,
  eventTime: number,
): Record<string, unknown> {
  return {
    e: 'outboundAccountPosition',
    E: eventTime,
    u: a.updateTime || eventTime,
    B: [...assets].sort().map((asset) => {
      const b = balanceOf(a, asset);
      return { a: asset, f: f8(b.free), l: f8(b.locked) };
    }),
  };
}
