/**
 * `executionReport` events of the user data stream (reference §8) -> our order reports and fills: the
 * order from `c` (or `C`, the order's own id, on a cancel), fills on `x=TRADE` (trade id `t`, commission
 * `n` in `N`, maker flag `m`). Reports of a replaced venue order, or of a replacement not yet confirmed,
 * are not our order's status (its fills always count).
 */
import { add, asVenueOrderId, dec, type MarketId, type OrderId, OrderStatus } from '../../domain/index.ts';
import type { VenueOrderReport } from '../venue-adapter.ts';
import { tradeIdOf } from './order-codec.ts';
import { binanceOrderStatus } from './status-mapping.ts';
import type { VenueParts } from './venue-parts.ts';

/** An `executionReport` (the fields the adapter reads). */
export interface ExecutionReport {
  e: 'executionReport';
  E: number;
  s: string;
  c: string;
  C?: string | null;
  S: 'BUY' | 'SELL';
  o: string;
  q: string;
  p: string;
  x: string;
  X: string;
  r?: string;
  i: number;
  l: string;
  z: string;
  L: string;
  n?: string | null;
  N?: string | null;
  T: number;
  t: number;
  m?: boolean;
}

/** Emits the fill and / or the order report of one executionReport of ours. */
export function applyExecutionReport(p: VenueParts, e: ExecutionReport): void {
  const wire = e.x === 'CANCELED' && typeof e.C === 'string' && e.C !== '' ? e.C : e.c;
  const mine = p.live.ids.ours(wire);
  if (mine === undefined) return;
  const orderId: OrderId = mine.orderId;
  const side = e.S === 'BUY' ? 'Buy' : 'Sell';
  if (e.x === 'TRADE' && e.t >= 0) {
    const price = dec(e.L);
    p.symbols.notePrice(e.s, price);
    p.events.fill({
      orderId,
      venue: p.venueId,
      market: e.s as MarketId,
      tradeId: tradeIdOf(e.s, e.t),
      side,
      price,
      size: dec(e.l),
      fee: dec(e.n ?? '0'),
      ...(e.N ? { feeAsset: e.N } : {}),
      liquidity: e.m ? 'maker' : 'taker',
      venueOrderId: asVenueOrderId(String(e.i)),
      timestamp: e.T,
    });
  }
  const live = p.live.get(orderId);
  const status = binanceOrderStatus(e.X);
  if (live !== undefined) {
    // reports of a replaced (or not yet confirmed) venue order say nothing about our order
    if (mine.n !== live.n) return;
    if (
      live.replace !== undefined &&
      status !== OrderStatus.Working &&
      status !== OrderStatus.PartiallyFilled
    )
      return;
    p.live.setVenueId(live, asVenueOrderId(String(e.i)));
  }
  const carried = mine.n === live?.n ? live.carried : dec(0);
  const filledSize = add(dec(e.z), carried);
  let st = status ?? OrderStatus.Working;
  const bound = live?.sizeBound;
  if (st === OrderStatus.Filled && bound !== undefined && filledSize < bound) st = OrderStatus.Expired;
  if (st === OrderStatus.Working && filledSize > 0n) st = OrderStatus.PartiallyFilled;
  if (live !== undefined && st !== OrderStatus.Working && st !== OrderStatus.PartiallyFilled)
    p.live.markClosed(live);
  const price = dec(e.p);
  const report: VenueOrderReport = {
    orderId,
    venueOrderId: asVenueOrderId(String(e.i)),
    market: e.s as MarketId,
    status: st,
    filledSize,
    side,
    ...(price > 0n ? { price } : {}),
    ...(bound === undefined ? { size: add(dec(e.q), carried) } : {}),
    ...(status === undefined ? { unrecognised: e.X } : {}),
    ...(e.r && e.r !== 'NONE' ? { reason: e.r } : st === OrderStatus.Expired ? { reason: e.X } : {}),
    updatedAt: e.E,
  };
  p.events.report(report);
}
