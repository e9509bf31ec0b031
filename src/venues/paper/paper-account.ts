/**
 * The gateway's account on the paper venue: one record per order that reached the venue, keyed by the
 * gateway's order id and by the venue order id, and the fills. It turns matching results into fills and
 * order reports; the venue decides what to stream.
 */
import {
  asTradeId,
  asVenueOrderId,
  type Decimal,
  divRound,
  type Fill,
  isTerminal,
  type MarketId,
  type Order,
  type OrderId,
  type OrderStatus,
  type VenueId,
  type VenueOrderId,
  ZERO,
} from '../../domain/index.ts';
import type { MatchStatus, Trade } from '../../sim/matching/index.ts';
import type { VenueOrderReport } from '../venue-adapter.ts';

/** The venue's record of one order of the account. */
export interface PaperOrderRecord {
  readonly orderId: OrderId;
  readonly venueOrderId: VenueOrderId;
  readonly market: MarketId;
  readonly side: Order['side'];
  readonly orderType: Order['orderType'];
  readonly timeInForce: Order['timeInForce'];
  price: Decimal | undefined;
  size: Decimal;
  readonly expireAt: number | undefined;
  status: OrderStatus;
  filledSize: Decimal;
  /** Σ price × size of the fills, unscaled (10^36). */
  notional: bigint;
  fees: Decimal;
  reason: string | undefined;
  readonly createdAt: number;
  updatedAt: number;
}

/** Maps the engine's status to the gateway's vocabulary. */
export function toOrderStatus(s: MatchStatus): OrderStatus {
  switch (s) {
    case 'open':
      return 'Working';
    case 'partially_filled':
      return 'PartiallyFilled';
    case 'filled':
      return 'Filled';
    case 'cancelled':
      return 'Cancelled';
    case 'expired':
      return 'Expired';
    case 'rejected':
      return 'Rejected';
  }
}

/** The paper venue's order id for its n-th order: `P-<n>`. */
export function paperVenueOrderId(n: number): VenueOrderId {
  return asVenueOrderId(`P-${n}`);
}

/** The n of a `P-<n>` venue order id, or -1 for any other text. */
function paperSeqOf(venueOrderId: string): number {
  if (!venueOrderId.startsWith('P-')) return -1;
  const n = Number(venueOrderId.slice(2));
  return Number.isSafeInteger(n) && n > 0 ? n : -1;
}

/** The records and fills of the gateway's account. */
export class PaperAccount {
  private readonly byOrderId = new Map<string, PaperOrderRecord>();
  /** Records by the n of their `P-<n>` venue order id (sequential, so an array rather than a map). */
  private readonly bySeq: (PaperOrderRecord | undefined)[] = [];
  private readonly fillList: Fill[] = [];
  private readonly finished: PaperOrderRecord[] = [];
  private finishedHead = 0;

  /** @param maxFinished finished (terminal) records kept; older ones are forgotten. Default: all. */
  constructor(
    private readonly venue: VenueId,
    private readonly quoteAsset: (market: MarketId) => string,
    private readonly maxFinished = Number.POSITIVE_INFINITY,
  ) {}

  /** To call once a record reaches a terminal status: enforces the finished-record limit. */
  settled(rec: PaperOrderRecord): void {
    if (this.maxFinished === Number.POSITIVE_INFINITY || !isTerminal(rec.status)) return;
    this.finished.push(rec);
    while (this.finished.length - this.finishedHead > this.maxFinished) {
      const old = this.finished[this.finishedHead++] as PaperOrderRecord;
      if (this.byOrderId.get(old.orderId) === old) this.byOrderId.delete(old.orderId);
      const n = paperSeqOf(old.venueOrderId);
      if (n > 0) this.bySeq[n] = undefined;
    }
    if (this.finishedHead > 4096 && this.finishedHead * 2 > this.finished.length) {
      this.finished.splice(0, this.finishedHead);
      this.finishedHead = 0;
    }
  }

  /** Records an order that reached the venue. */
  open(
    order: Readonly<Order>,
    venueOrderId: VenueOrderId,
    status: OrderStatus,
    now: number,
  ): PaperOrderRecord {
    const rec: PaperOrderRecord = {
      orderId: order.id,
      venueOrderId,
      market: order.market,
      side: order.side,
      orderType: order.orderType,
      timeInForce: order.timeInForce,
      price: order.price,
      size: order.size,
      expireAt: order.expireAt,
      status,
      filledSize: ZERO,
      notional: 0n,
      fees: ZERO,
      reason: undefined,
      createdAt: now,
      updatedAt: now,
    };
    this.byOrderId.set(order.id, rec);
    const n = paperSeqOf(venueOrderId);
    if (n > 0) this.bySeq[n] = rec;
    return rec;
  }

  /** The record of a gateway order id. */
  get(orderId: string): PaperOrderRecord | undefined {
    return this.byOrderId.get(orderId);
  }

  /** The record of a venue order id. */
  byVenue(venueOrderId: string): PaperOrderRecord | undefined {
    const n = paperSeqOf(venueOrderId);
    return n > 0 ? this.bySeq[n] : undefined;
  }

  /** Every record, oldest first. */
  all(): IterableIterator<PaperOrderRecord> {
    return this.byOrderId.values();
  }

  /** Every fill, oldest first. */
  fills(): readonly Fill[] {
    return this.fillList;
  }

  /** Applies one side of a trade to a record and returns the fill. */
  fill(rec: PaperOrderRecord, t: Trade, liquidity: 'maker' | 'taker'): Fill {
    rec.filledSize = (rec.filledSize + t.size) as Decimal;
    rec.notional += t.price * t.size;
    const fee = liquidity === 'maker' ? t.makerFee : t.takerFee;
    rec.fees = (rec.fees + fee) as Decimal;
    rec.updatedAt = t.ts;
    if (rec.filledSize >= rec.size) rec.status = 'Filled';
    else if (rec.status === 'Working') rec.status = 'PartiallyFilled';
    const f: Fill = {
      orderId: rec.orderId,
      venue: this.venue,
      market: rec.market,
      tradeId: asTradeId(t.id),
      side: rec.side,
      price: t.price,
      size: t.size,
      fee,
      feeAsset: this.quoteAsset(rec.market),
      liquidity,
      venueOrderId: rec.venueOrderId,
      timestamp: t.ts,
    };
    this.fillList.push(f);
    return f;
  }

  /** What the venue says about a record. */
  report(rec: PaperOrderRecord): VenueOrderReport {
    const r: { -readonly [K in keyof VenueOrderReport]: VenueOrderReport[K] } = {
      orderId: rec.orderId,
      venueOrderId: rec.venueOrderId,
      market: rec.market,
      status: rec.status,
      filledSize: rec.filledSize,
      side: rec.side,
      size: rec.size,
      updatedAt: rec.updatedAt,
    };
    if (rec.filledSize > 0n) r.avgFillPrice = divRound(rec.notional, rec.filledSize, 'half-even') as Decimal;
    if (rec.price !== undefined) r.price = rec.price;
    if (rec.reason !== undefined) r.reason = rec.reason;
    return r;
  }
}
