/**
 * The venue's OpenOrder and Trade records (reference §7) turned into the gateway's VenueOrderReport and
 * Fill. Identification: our OrderId when the adapter's id map knows the order hash, else the hash itself
 * (an order the gateway did not place, for adoption by reconciliation). A trade yields our taker fill
 * (trade id as is) and one maker fill per `maker_orders` entry of ours (trade id `<id>:<order hash>`,
 * so the two sides of a self-cross stay distinct), whatever the trade's status: callers tell live trades
 * from FAILED ones ({@link isFailedTrade}), whose fills are taken back.
 */
import {
  asMarketId,
  asOrderId,
  asTradeId,
  asVenueOrderId,
  type Decimal,
  type Fill,
  type OrderId,
  Side,
  tryDec,
  type VenueId,
  ZERO,
} from '../../domain/index.ts';
import type { VenueOrderReport } from '../venue-adapter.ts';
import { feeOf } from './market-info.ts';
import { openOrderStatus } from './status-mapping.ts';

/** The OpenOrder fields the adapter reads. */
export interface OpenOrderRecord {
  readonly id: string;
  readonly status: string;
  readonly asset_id: string;
  readonly side: string;
  readonly original_size: string;
  readonly size_matched: string;
  readonly price: string;
  readonly created_at?: number | string;
  readonly expiration?: string;
}

/** One `maker_orders` entry of a Trade. */
export interface MakerOrderRecord {
  readonly order_id: string;
  readonly maker_address?: string;
  readonly matched_amount: string;
  readonly price: string;
  readonly fee_rate_bps?: string;
  readonly asset_id: string;
  readonly side: string;
}

/** The Trade fields the adapter reads. */
export interface TradeRecord {
  readonly id: string;
  readonly taker_order_id: string;
  readonly asset_id: string;
  readonly side: string;
  readonly size: string;
  readonly price: string;
  readonly fee_rate_bps?: string;
  readonly status: string;
  readonly match_time: string;
  readonly maker_address?: string;
  readonly maker_orders?: readonly MakerOrderRecord[];
  readonly trader_side?: string;
}

/** Resolves an order hash to our OrderId (lowercase lookup); undefined when unknown. */
export type IdLookup = (orderHash: string) => OrderId | undefined;

const num = (s: string | undefined): Decimal => tryDec(s) ?? ZERO;
const side = (s: string): Side => (s.toUpperCase() === 'SELL' ? Side.Sell : Side.Buy);

/** A VenueOrderReport from an OpenOrder. */
export function openOrderReport(o: OpenOrderRecord, ours: IdLookup, nowSeconds: number): VenueOrderReport {
  const filled = num(o.size_matched);
  const size = num(o.original_size);
  const expiration = Number(o.expiration ?? 0) || 0;
  const mapped = openOrderStatus(o.status, filled, size, expiration, nowSeconds);
  const orderId = ours(o.id);
  const created = Number(o.created_at ?? 0);
  const price = tryDec(o.price);
  return {
    ...(orderId === undefined ? {} : { orderId }),
    venueOrderId: asVenueOrderId(o.id),
    market: asMarketId(o.asset_id),
    status: mapped ?? (filled > 0n ? 'PartiallyFilled' : 'Working'),
    filledSize: filled,
    side: side(o.side),
    ...(price === undefined ? {} : { price }),
    size,
    ...(mapped === undefined
      ? { reason: `unrecognised venue status ${o.status}`, unrecognised: String(o.status) }
      : {}),
    ...(created > 0 ? { updatedAt: created * 1000 } : {}),
  };
}

/** True for a trade the venue gave up settling (status `FAILED`): its fills are reversed. */
export function isFailedTrade(t: TradeRecord): boolean {
  return t.status.toUpperCase() === 'FAILED';
}

/** Our fills in one trade: the taker side if we are the taker, and each maker order of ours. */
export function tradeFills(
  t: TradeRecord,
  venue: VenueId,
  ourMaker: string,
  ours: IdLookup,
  out: Fill[] = [],
): Fill[] {
  const ts = Number(t.match_time) * 1000 || 0;
  const me = ourMaker.toLowerCase();
  const takerIsUs =
    (t.trader_side ?? '').toUpperCase() === 'TAKER' ||
    (t.maker_address !== undefined && t.maker_address.toLowerCase() === me) ||
    ours(t.taker_order_id) !== undefined;
  if (takerIsUs) {
    const price = num(t.price);
    const size = num(t.size);
    out.push({
      orderId: ours(t.taker_order_id) ?? asOrderId(t.taker_order_id),
      venue,
      market: asMarketId(t.asset_id),
      tradeId: asTradeId(t.id),
      side: side(t.side),
      price,
      size,
      fee: feeOf(price, size, Number(t.fee_rate_bps ?? 0)),
      liquidity: 'taker',
      venueOrderId: asVenueOrderId(t.taker_order_id),
      timestamp: ts,
    });
  }
  for (const m of t.maker_orders ?? []) {
    const mine =
      (m.maker_address !== undefined && m.maker_address.toLowerCase() === me) ||
      ours(m.order_id) !== undefined;
    if (!mine) continue;
    const price = num(m.price);
    const size = num(m.matched_amount);
    out.push({
      orderId: ours(m.order_id) ?? asOrderId(m.order_id),
      venue,
      market: asMarketId(m.asset_id),
      tradeId: asTradeId(`${t.id}:${m.order_id}`),
      side: side(m.side),
      price,
      size,
      fee: feeOf(price, size, Number(m.fee_rate_bps ?? 0)),
      liquidity: 'maker',
      venueOrderId: asVenueOrderId(m.order_id),
      timestamp: ts,
    });
  }
  return out;
}
