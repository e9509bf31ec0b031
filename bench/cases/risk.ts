/**
 * `risk.check10`: one pre-trade check with all ten policy types configured and 1,000 open orders tracked
 * by the real OMS (spread over ten markets).
 */
import {
  asClientOrderId,
  asMarketId,
  asOrderId,
  asVenueId,
  dec,
  type Order,
  OrderStatus,
  OrderType,
  Side,
  TimeInForce,
  ZERO,
} from '../../src/domain/index.ts';
import { riskContextFor } from '../../src/engine/index.ts';
import { OrderTracker } from '../../src/orders/index.ts';
import { RiskEngine } from '../../src/risk/index.ts';
import { type BenchResult, measure } from '../harness.ts';

/** A policy file using every policy type, with limits no bench order reaches. */
export const ALL_POLICIES_YAML = `policies:
  - type: PositionLimit
    max_size: 100000000
  - type: InventoryLimit
    max_value_usd: 100000000000
  - type: MaxOrderSize
    max_size: 100000
  - type: MaxNotionalPerOrder
    max_notional: 10000000
  - type: MaxOpenOrders
    max_orders: 10000000
  - type: OrderRateLimit
    max_orders: 1000000
    interval_ms: 1000
  - type: PriceBand
    max_deviation_bps: 9000
  - type: DailyLossLimit
    max_loss: 1000000
  - type: MarketFilter
    deny: [BLOCKED]
  - type: DailyNotionalLimit
    max_notional: 100000000000
`;

/** Runs the risk case. */
export function riskCases(): BenchResult[] {
  const venue = asVenueId('paper');
  const tracker = new OrderTracker();
  for (let i = 0; i < 1000; i++) {
    const order: Order = {
      id: asOrderId(`o${i}`),
      clientOrderId: asClientOrderId(`c${i}`),
      venue,
      market: asMarketId(`M${i % 10}`),
      side: i % 2 ? Side.Buy : Side.Sell,
      orderType: OrderType.Limit,
      price: dec(i % 2 ? '0.40' : '0.60'),
      size: dec(10),
      timeInForce: TimeInForce.GTC,
      status: OrderStatus.Pending,
      filledSize: ZERO,
      fees: ZERO,
      createdAt: 0,
      updatedAt: 0,
    };
    tracker.trackOrder(order);
    tracker.apply({ type: 'Submitted', orderId: order.id, ts: 0, order });
    tracker.apply({ type: 'Accepted', orderId: order.id, ts: 0 });
  }
  const ref = dec('0.5');
  const ctx = riskContextFor(tracker, () => ref);
  const risk = RiskEngine.fromYaml(ALL_POLICIES_YAML);
  const order = {
    venue,
    market: asMarketId('M3'),
    side: Side.Buy,
    orderType: OrderType.Limit,
    price: dec('0.45'),
    size: dec(10),
  };
  return [measure('risk.check10', () => risk.check(order, ctx), { batch: 200, samples: 300 })];
}
