/**
 * The venue's JSON shapes, built from the simulator's records: OrderResponse, OpenOrder, Trade, order
 * book summary, market info (`/clob-markets`), balance-allowance, and the `/_sim/ledger` snapshot.
 */
import { createHash } from 'node:crypto';
import { type Decimal, fmt, roundTo } from '../../domain/index.ts';
import type { MatchingEngine } from '../matching/index.ts';
import { EXCHANGE_V2, NEG_RISK_EXCHANGE_V2 } from './eip712.ts';
import type { SimOrder, SimTrade } from './records.ts';
import { fromBaseUnits, type SimAccount, type SimMarket } from './sim-state.ts';

/** Price text: exact for on-tick prices, 6 places for implied prices of marketable orders. */
function price(p: Decimal): string {
  return fmt(roundTo(p, 6, 'half-even'));
}

/** `POST /order` reply for an accepted order. */
export function orderResponse(
  o: SimOrder,
  trade: SimTrade | undefined,
  making: bigint,
  taking: bigint,
): Record<string, unknown> {
  return {
    success: true,
    errorMsg: '',
    orderID: o.id,
    status: trade === undefined ? 'live' : 'matched',
    makingAmount: trade === undefined ? '' : fromBaseUnits(making),
    takingAmount: trade === undefined ? '' : fromBaseUnits(taking),
    transactionsHashes: trade === undefined ? [] : [trade.transactionHash],
    tradeIDs: trade === undefined ? [] : [trade.id],
  };
}

/** A failed item of a `POST /orders` batch. */
export function failedOrderResponse(error: string, orderId: string | undefined): Record<string, unknown> {
  return {
    success: false,
    errorMsg: error,
    orderID: orderId ?? '',
    status: '',
    makingAmount: '',
    takingAmount: '',
    transactionsHashes: [],
    tradeIDs: [],
  };
}

/** The OpenOrder shape (`/data/order/{id}`, `/data/orders`). */
export function openOrderView(o: SimOrder): Record<string, unknown> {
  return {
    id: o.id,
    status: o.status,
    owner: o.ownerKey,
    maker_address: o.maker,
    market: o.market.conditionId,
    asset_id: o.tokenId,
    side: o.side,
    original_size: fmt(o.originalSize),
    size_matched: fmt(o.sizeMatched),
    price: price(o.price),
    associate_trades: o.associateTrades.slice(),
    outcome: o.outcome,
    created_at: o.createdAt,
    expiration: String(o.expiration),
    order_type: o.orderType,
  };
}

/** The Trade shape (`/data/trades`), seen by `viewer` (lowercase address): TAKER or MAKER side. */
export function tradeView(t: SimTrade, viewer: string): Record<string, unknown> {
  const taker = t.taker;
  const isTaker = taker.maker.toLowerCase() === viewer || taker.signer.toLowerCase() === viewer;
  const time = String(t.matchTime);
  return {
    id: t.id,
    taker_order_id: taker.id,
    market: taker.market.conditionId,
    asset_id: taker.tokenId,
    side: taker.side,
    size: fmt(t.size),
    fee_rate_bps: '0',
    price: price(t.price),
    status: t.status,
    match_time: time,
    last_update: time,
    outcome: taker.outcome,
    bucket_index: 0,
    owner: taker.ownerKey,
    maker_address: taker.maker,
    maker_orders: t.makerFills.map((m) => ({
      order_id: m.order.id,
      owner: m.order.ownerKey,
      maker_address: m.order.maker,
      matched_amount: fmt(m.matchedAmount),
      price: price(m.price),
      fee_rate_bps: '0',
      asset_id: m.order.tokenId,
      outcome: m.order.outcome,
      side: m.order.side,
    })),
    transaction_hash: t.transactionHash,
    trader_side: isTaker ? 'TAKER' : 'MAKER',
  };
}

/** `GET /book`: asks high -> low and bids low -> high (best last), as the official client walks them. */
export function bookView(engine: MatchingEngine, market: SimMarket, tokenId: string, nowMs: number) {
  const depth = engine.depth(tokenId, 10_000);
  const level = (l: { price: Decimal; size: Decimal }) => ({ price: fmt(l.price), size: fmt(l.size) });
  const bids = depth.bids.map(level).reverse();
  const asks = depth.asks.map(level).reverse();
  const hash = createHash('sha1').update(JSON.stringify({ tokenId, bids, asks })).digest('hex');
  const last = market.lastTradePrice.get(tokenId);
  return {
    market: market.conditionId,
    asset_id: tokenId,
    timestamp: String(Math.floor(nowMs)),
    hash,
    bids,
    asks,
    min_order_size: fmt(market.minOrderSize),
    tick_size: fmt(market.tickSize),
    neg_risk: market.negRisk,
    last_trade_price: last === undefined ? '0.5' : fmt(last),
  };
}

/** `GET /clob-markets/{conditionId}`. */
export function marketInfoView(m: SimMarket): Record<string, unknown> {
  return {
    c: m.conditionId,
    t: m.tokens.map((t) => ({ t: t.tokenId, o: t.outcome })),
    mts: Number(fmt(m.tickSize)),
    nr: m.negRisk,
    fd: { r: 0, e: 0 },
    mos: Number(fmt(m.minOrderSize)),
    r: null,
  };
}

/** `GET /balance-allowance` for pUSD (no token) or an outcome token, in base units. */
export function balanceView(a: SimAccount, tokenId: string | undefined): Record<string, unknown> {
  const balance = tokenId === undefined ? a.collateral : (a.tokens.get(tokenId) ?? 0n);
  const allowance = a.allowance.toString();
  return {
    balance: balance.toString(),
    allowances: { [EXCHANGE_V2]: allowance, [NEG_RISK_EXCHANGE_V2]: allowance },
  };
}

/** One account for the ledger: human units, reserved parts apart. */
export function accountView(a: SimAccount): Record<string, unknown> {
  const tokens: Record<string, string> = {};
  for (const [t, v] of a.tokens) tokens[t] = fromBaseUnits(v);
  const reservedTokens: Record<string, string> = {};
  for (const [t, v] of a.reservedTokens) if (v !== 0n) reservedTokens[t] = fromBaseUnits(v);
  return {
    usdc: fromBaseUnits(a.collateral),
    reservedUsdc: fromBaseUnits(a.reservedCollateral),
    tokens,
    reservedTokens,
  };
}

/** A user-channel order event: the OpenOrder fields plus `event_type`, `type`, `timestamp` (ms text). */
export function orderEventView(o: SimOrder, type: string, nowMs: number): Record<string, unknown> {
  const v = openOrderView(o);
  v.event_type = 'order';
  v.type = type;
  v.timestamp = String(Math.floor(nowMs));
  return v;
}

/** A user-channel trade event, seen by `viewer` (lowercase address). */
export function tradeEventView(t: SimTrade, viewer: string, nowMs: number): Record<string, unknown> {
  const v = tradeView(t, viewer);
  // the user channel's trade carries fewer fields than the REST Trade (reference §10)
  delete v.maker_address;
  delete v.bucket_index;
  if (Array.isArray(v.maker_orders)) {
    v.maker_orders = v.maker_orders.map((m: Record<string, unknown>) => {
      const { maker_address: _a, side: _s, fee_rate_bps: _f, ...rest } = m;
      return rest;
    });
  }
  v.event_type = 'trade';
  v.type = 'TRADE';
  v.last_update = String(Math.floor(nowMs / 1000));
  v.timestamp = String(Math.floor(nowMs));
  return v;
}
