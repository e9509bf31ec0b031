/**
 * A {@link RiskContext} for tests, backed by a real {@link OrderTracker}: positions, open-order aggregates
 * and the active-order count come from the OMS exactly as the execution engine supplies them; only the
 * reference prices are set by the test. Positions and open orders are created through real events
 * (`trackOrder` + `apply`), so that risk policies are tested against the real OMS.
 */
import {
  type Decimal,
  fmt,
  type MarketId,
  type OpenExposure,
  type Order,
  type OrderEvent,
  type Position,
  Side,
  type VenueId,
} from '../../src/domain/index.ts';
import type { PolicyViolation } from '../../src/errors/index.ts';
import { OrderTracker } from '../../src/orders/index.ts';
import type { RiskContext, RiskOrder } from '../../src/risk/index.ts';
import { makeFill, makeOrder, type Num, num } from './builders.ts';

/** A target position for {@link TestRiskContext.setPosition} (all optional but `netSize`; absent = 0). */
export interface TestPosition {
  netSize: Num;
  avgEntryPrice?: Num;
  realizedPnl?: Num;
  fees?: Num;
}

/** A risk context over a real OMS, with helpers that drive it through real order events. */
export class TestRiskContext implements RiskContext {
  /** The OMS the context reads. Apply events to it directly for anything the helpers do not cover. */
  readonly tracker: OrderTracker;
  private readonly refs = new Map<string, Map<string, Decimal>>();
  private seq = 0;
  private ts = 0;

  constructor(tracker: OrderTracker = new OrderTracker()) {
    this.tracker = tracker;
  }

  // ---- RiskContext: all from the tracker but the reference prices ----

  position(venue: VenueId, market: MarketId): Position {
    return this.tracker.getPosition(venue, market);
  }
  openExposure(venue: VenueId, market: MarketId): OpenExposure {
    return this.tracker.openExposure(venue, market);
  }
  openExposures(): Iterable<{ venue: VenueId; market: MarketId; exposure: OpenExposure }> {
    return this.tracker.openExposures();
  }
  positions(): Iterable<Position> {
    return this.tracker.getPositions();
  }
  activeOrderCount(): number {
    return this.tracker.activeOrderCount();
  }
  referencePrice(venue: VenueId, market: MarketId): Decimal | undefined {
    return this.refs.get(venue)?.get(market);
  }

  // ---- helpers ----

  /** Sets (or with `undefined`, clears) the reference price of (venue, market). */
  setReferencePrice(venue: string, market: string, price: Num | undefined): this {
    let m = this.refs.get(venue);
    if (m === undefined) {
      m = new Map();
      this.refs.set(venue, m);
    }
    if (price === undefined) m.delete(market);
    else m.set(market, num(price));
    return this;
  }

  /**
   * Places an order that the venue acknowledged and that rests (Pending -> Submitting -> Working) and
   * returns it (the tracker's live object). Without a price it is a Market order.
   */
  placeOrder(venue: string, market: string, side: Side, size: Num, price?: Num): Order {
    const id = `ctx-${++this.seq}`;
    const order = makeOrder({
      id,
      venue,
      market,
      side,
      size,
      price: price ?? null,
      ...(price === undefined ? { orderType: 'Market' as const } : {}),
    });
    this.tracker.trackOrder(order);
    this.event({ type: 'Submitted', orderId: order.id, ts: 0, order });
    this.event({ type: 'Accepted', orderId: order.id, ts: 0 });
    return order;
  }

  /** Adds one resting order of `size` (optional limit `price`) on (venue, market). */
  addOpenOrder(venue: string, market: string, side: Side, size: Num, price?: Num): this {
    this.placeOrder(venue, market, side, size, price);
    return this;
  }

  /** Fills `size` of `order` at `price` (a fresh trade id). */
  fill(order: Order, size: Num, price: Num = order.price ?? 0, fee: Num = 0): this {
    const fill = makeFill(order, `ctx-t${++this.seq}`, size, price, fee);
    this.event({ type: 'Filled', orderId: order.id, ts: 0, fill });
    return this;
  }

  /** Cancels `order` (the venue confirmed the cancel). */
  cancel(order: Order): this {
    this.event({ type: 'Cancelled', orderId: order.id, ts: 0 });
    return this;
  }

  /** Cancels every active order. */
  clearOpenOrders(): this {
    for (const o of this.tracker.getActiveOrders()) this.cancel(o as Order);
    return this;
  }

  /** An order on (venue, market) filled at once in full at `price`: the position moves by `size`. */
  trade(venue: string, market: string, side: Side, size: Num, price: Num, fee: Num = 0): this {
    const order = this.placeOrder(venue, market, side, size, price);
    return this.fill(order, size, price, fee);
  }

  /**
   * Brings the position on (venue, market) to `target` through real trades: closes the current net size
   * at its average entry price, realizes the difference in realized PnL (and fees) with a round trip of
   * size 1, then opens the target net size at the target average entry price. Throws if the position
   * does not end exactly at the target.
   */
  setPosition(venue: string, market: string, target: TestPosition): this {
    const net = num(target.netSize);
    const avg = num(target.avgEntryPrice);
    const realized = num(target.realizedPnl);
    const fees = num(target.fees);
    const read = () => this.tracker.getPosition(venue as VenueId, market as MarketId);
    const reached = (p: Position) =>
      p.netSize === net &&
      (net === 0n || p.avgEntryPrice === avg) &&
      p.realizedPnl === realized &&
      p.fees === fees;
    let p = read();
    if (reached(p)) return this;
    if (p.netSize > 0n) this.trade(venue, market, Side.Sell, p.netSize, p.avgEntryPrice);
    else if (p.netSize < 0n) this.trade(venue, market, Side.Buy, -p.netSize as Decimal, p.avgEntryPrice);
    p = read();
    const gain = realized - p.realizedPnl;
    const feeDelta = fees - p.fees;
    if (gain !== 0n || feeDelta !== 0n) {
      this.trade(venue, market, Side.Buy, 1, (gain < 0n ? -gain : 0n) as Decimal, feeDelta as Decimal);
      this.trade(venue, market, Side.Sell, 1, (gain > 0n ? gain : 0n) as Decimal);
    }
    if (net > 0n) this.trade(venue, market, Side.Buy, net, avg);
    else if (net < 0n) this.trade(venue, market, Side.Sell, -net as Decimal, avg);
    if (!reached(read())) {
      const want = `net ${fmt(net)} avg ${fmt(avg)} realized ${fmt(realized)} fees ${fmt(fees)}`;
      throw new Error(`setPosition(${venue}, ${market}) cannot reach ${want}`);
    }
    return this;
  }

  /** Applies `event` with the context's own increasing ts. */
  private event(event: OrderEvent): void {
    this.tracker.apply({ ...event, ts: ++this.ts } as OrderEvent);
  }
}

/** Runs one policy's `evaluate` and returns what it pushed. */
export function violationsOf(
  policy: { evaluate(o: RiskOrder, c: RiskContext, out: PolicyViolation[]): void },
  o: RiskOrder,
  ctx: RiskContext,
): PolicyViolation[] {
  const out: PolicyViolation[] = [];
  policy.evaluate(o, ctx, out);
  return out;
}
