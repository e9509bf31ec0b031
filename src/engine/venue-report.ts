/**
 * Turns what a venue says about an order (a status query, a stream update) into the order events that
 * bring the gateway's view in line. Fills are not inferred here: they come from the venue's trade records
 * (with trade ids), so that nothing is counted twice.
 */
import { type Order, type OrderEvent, OrderStatus } from '../domain/index.ts';
import type { VenueOrderReport } from '../venues/venue-adapter.ts';

/**
 * The status events that move `order` toward `report.status`, in order. Returns an empty list when the
 * report says nothing new (or only fills, which the caller fetches separately).
 */
export function eventsForReport(
  order: Readonly<Order>,
  report: VenueOrderReport,
  ts: number,
  reason: string,
): OrderEvent[] {
  const base = { orderId: order.id, ts, reason };
  const ack: OrderEvent[] = [];
  if (order.status === OrderStatus.Submitting) {
    const venueOrderId = report.venueOrderId;
    ack.push(
      venueOrderId === undefined
        ? { type: 'Accepted', orderId: order.id, ts, reason }
        : { type: 'Accepted', orderId: order.id, ts, reason, venueOrderId },
    );
  }
  switch (report.status) {
    case OrderStatus.Working:
    case OrderStatus.PartiallyFilled: {
      // An amendment whose answer was lost shows as a different price or size at the venue.
      const price =
        order.price !== undefined && report.price !== undefined && report.price !== order.price
          ? report.price
          : undefined;
      const size = report.size !== undefined && report.size !== order.size ? report.size : undefined;
      if (price !== undefined || size !== undefined) {
        ack.push({
          type: 'Amended',
          ...base,
          ...(price === undefined ? {} : { price }),
          ...(size === undefined ? {} : { size }),
        });
      }
      return ack;
    }
    case OrderStatus.Filled:
      return ack;
    case OrderStatus.Cancelled:
      if (order.status === OrderStatus.Cancelled || order.status === OrderStatus.Filled) return [];
      ack.push({ type: 'Cancelled', ...base });
      return ack;
    case OrderStatus.Expired:
      if (order.status === OrderStatus.Expired || order.status === OrderStatus.Filled) return [];
      return [{ type: 'Expired', ...base }];
    case OrderStatus.Rejected:
      if (order.status !== OrderStatus.Submitting && order.status !== OrderStatus.Pending) return [];
      return [{ type: 'Rejected', ...base, reason: report.reason ? `${reason}: ${report.reason}` : reason }];
    default:
      return [];
  }
}
