/**
 * The wire form of our orders (reference §4): Order -> `POST /api/v3/order` parameters (LIMIT GTC / IOC /
 * FOK, LIMIT_MAKER for PostOnly, MARKET by quantity or by quote amount), each decimal as the symbol's
 * tick / step text; and the venue's order and trade records -> {@link VenueOrderReport} and {@link Fill}.
 *
 * Market by quote amount: an Order of type Market with `params.quoteOrderQty` (decimal text, in the quote
 * asset) is sent as `quoteOrderQty`; its `size` is then the most base quantity the caller accepts (used by
 * validation and risk as the worst case, not sent). The venue decides the quantity; the order ends Filled
 * when it reached `size`, else Expired with its fills.
 *
 * Trade ids are `<SYMBOL>:<id>` (the venue numbers trades per symbol). Commission is the fill's fee in
 * its own asset (`feeAsset`: base for a buy, quote for a sell, or BNB); nothing is converted.
 */
import {
  asTradeId,
  asVenueOrderId,
  type Decimal,
  dec,
  type Fill,
  type MarketId,
  type Order,
  type OrderId,
  OrderStatus,
  tryDec,
  type VenueId,
  ZERO,
} from '../../domain/index.ts';
import type { VenueOrderReport } from '../venue-adapter.ts';
import { binanceOrderStatus } from './status-mapping.ts';
import { checkSymbolRules, type RuleInput, type SymbolInfo, wireDecimal } from './symbol-rules.ts';

/** The venue's order record (RESULT / FULL reply, GET order, openOrders, cancel reply). */
export interface BinanceOrderRecord {
  symbol?: string;
  orderId?: number;
  clientOrderId?: string;
  origClientOrderId?: string;
  price?: string;
  origQty?: string;
  executedQty?: string;
  cummulativeQuoteQty?: string;
  status?: string;
  type?: string;
  side?: string;
  timeInForce?: string;
  transactTime?: number;
  updateTime?: number;
  time?: number;
  fills?: { price: string; qty: string; commission: string; commissionAsset: string; tradeId: number }[];
}

/** One `myTrades` record. */
export interface BinanceTradeRecord {
  symbol: string;
  id: number;
  orderId: number;
  price: string;
  qty: string;
  commission: string;
  commissionAsset: string;
  time: number;
  isBuyer: boolean;
  isMaker: boolean;
}

/** An order's new-order parameters (without symbol / client id), or why it cannot be sent. */
export type OrderWire =
  | { readonly ok: true; readonly params: [string, string][]; readonly rule: RuleInput }
  | { readonly ok: false; readonly code: string; readonly message: string };

/** Builds the type-specific parameters of an order (`quantity` = `size`, unless given). */
export function orderWire(order: Readonly<Order>, s: SymbolInfo, quantity: Decimal = order.size): OrderWire {
  const side = order.side === 'Buy' ? 'BUY' : 'SELL';
  const bad = (message: string) => ({ ok: false as const, code: 'invalid_order', message });
  if (order.timeInForce === 'GTD') return bad('Binance Spot has no GTD orders');
  const px = (p: Decimal) => wireDecimal(p, s.price.step);
  const qty = (q: Decimal) => wireDecimal(q, s.lot.step);
  if (order.orderType === 'Market') {
    const qq = order.params?.quoteOrderQty;
    if (qq !== undefined) {
      const amount = tryDec(qq);
      if (amount === undefined || amount <= 0n) return bad(`quoteOrderQty ${qq} must be a positive decimal`);
      return {
        ok: true,
        params: [
          ['side', side],
          ['type', 'MARKET'],
          ['quoteOrderQty', wireDecimal(amount, undefined)],
        ],
        rule: { side, type: 'MARKET', quoteOrderQty: amount },
      };
    }
    return {
      ok: true,
      params: [
        ['side', side],
        ['type', 'MARKET'],
        ['quantity', qty(quantity)],
      ],
      rule: { side, type: 'MARKET', quantity },
    };
  }
  if (order.price === undefined) return bad(`${order.orderType} orders need a price`);
  if (order.orderType === 'PostOnly') {
    if (order.timeInForce !== 'GTC') return bad('post-only orders rest: time in force must be GTC');
    return {
      ok: true,
      params: [
        ['side', side],
        ['type', 'LIMIT_MAKER'],
        ['quantity', qty(quantity)],
        ['price', px(order.price)],
      ],
      rule: { side, type: 'LIMIT_MAKER', quantity, price: order.price },
    };
  }
  return {
    ok: true,
    params: [
      ['side', side],
      ['type', 'LIMIT'],
      ['timeInForce', order.timeInForce],
      ['quantity', qty(quantity)],
      ['price', px(order.price)],
    ],
    rule: { side, type: 'LIMIT', quantity, price: order.price },
  };
}

/** The symbol's filters for a wire order; a refusal in the venue's words (`Filter failure: NAME`). */
export function refusal(
  s: SymbolInfo,
  rule: RuleInput,
  ctx: { referencePrice?: Decimal; openOrders?: number },
): { code: string; message: string } | undefined {
  const r = checkSymbolRules(s, rule, ctx);
  return r === undefined
    ? undefined
    : {
        code: `filter_${r.filter.toLowerCase()}`,
        message: `Filter failure: ${r.filter} (${r.message}); not sent`,
      };
}

/** Trade id of a venue trade. */
export function tradeIdOf(symbol: string, id: number | string) {
  return asTradeId(`${symbol}:${id}`);
}

/** Fills in a FULL reply (taker fills: they matched on arrival). */
export function ackFills(
  venue: VenueId,
  market: MarketId,
  orderId: OrderId,
  r: BinanceOrderRecord,
  side: Order['side'],
): Fill[] {
  const out: Fill[] = [];
  for (const f of r.fills ?? []) {
    out.push({
      orderId,
      venue,
      market,
      tradeId: tradeIdOf(market, f.tradeId),
      side,
      price: dec(f.price),
      size: dec(f.qty),
      fee: dec(f.commission),
      feeAsset: f.commissionAsset,
      liquidity: 'taker',
      ...(r.orderId === undefined ? {} : { venueOrderId: asVenueOrderId(String(r.orderId)) }),
      timestamp: r.transactTime ?? Date.now(),
    });
  }
  return out;
}

/** A `myTrades` record as our fill. */
export function tradeFill(venue: VenueId, orderId: OrderId, t: BinanceTradeRecord): Fill {
  return {
    orderId,
    venue,
    market: t.symbol as MarketId,
    tradeId: tradeIdOf(t.symbol, t.id),
    side: t.isBuyer ? 'Buy' : 'Sell',
    price: dec(t.price),
    size: dec(t.qty),
    fee: dec(t.commission),
    feeAsset: t.commissionAsset,
    liquidity: t.isMaker ? 'maker' : 'taker',
    venueOrderId: asVenueOrderId(String(t.orderId)),
    timestamp: t.time,
  };
}

/**
 * A venue order record as a report about our order. `carried` is what earlier venue orders of the same
 * order (replaced by cancelReplace) filled; `byQuote` marks a market order by quote amount (see above).
 */
export function orderReport(
  r: BinanceOrderRecord,
  orderId: OrderId | undefined,
  carried: Decimal = ZERO,
  ourSize?: Decimal,
): VenueOrderReport {
  const raw = String(r.status ?? '');
  const mapped = binanceOrderStatus(raw);
  const executed = dec(r.executedQty ?? '0');
  const filledSize = (executed + carried) as Decimal;
  const origQty = r.origQty === undefined ? undefined : dec(r.origQty);
  const size = origQty === undefined ? undefined : ((origQty + carried) as Decimal);
  let status = mapped ?? OrderStatus.Working;
  if (status === OrderStatus.Working && filledSize > 0n) status = OrderStatus.PartiallyFilled;
  // a market order by quote amount: done short of our size bound is Expired, not Filled
  if (status === OrderStatus.Filled && ourSize !== undefined && filledSize < ourSize)
    status = OrderStatus.Expired;
  const price = r.price === undefined ? undefined : dec(r.price);
  const quote = r.cummulativeQuoteQty === undefined ? undefined : dec(r.cummulativeQuoteQty);
  const avg =
    quote !== undefined && executed > 0n && carried === 0n
      ? (((quote * 10n ** 18n) / executed) as Decimal)
      : undefined;
  return {
    ...(orderId === undefined ? {} : { orderId }),
    ...(r.orderId === undefined ? {} : { venueOrderId: asVenueOrderId(String(r.orderId)) }),
    market: String(r.symbol ?? '') as MarketId,
    status,
    filledSize,
    ...(avg === undefined ? {} : { avgFillPrice: avg }),
    ...(r.side === undefined ? {} : { side: r.side === 'BUY' ? 'Buy' : 'Sell' }),
    ...(price === undefined || price === ZERO ? {} : { price }),
    ...(size === undefined || ourSize !== undefined ? {} : { size }),
    ...(mapped === undefined ? { unrecognised: raw } : {}),
    ...(status === OrderStatus.Rejected || status === OrderStatus.Expired ? { reason: raw } : {}),
    updatedAt: r.updateTime ?? r.transactTime ?? r.time ?? Date.now(),
  };
}
