/**
 * Turns what a venue says about an order (its ack, a status query, a stream update) into the order events
 * that bring the gateway's view in line. Fills are not inferred here: they come from the venue's trade
 * records (with trade ids), so that nothing is counted twice.
 */
import { type Order, type OrderEvent, OrderStatus } from '../domain/index.ts';
import type { VenueOrderReport } from '../venues/venue-adapter.ts';

/**
 * The status events that move `order` toward `report.status`, in order. Returns an empty list when the
 * report says nothing new (or only fills, which the caller fetches separately). `revivable` says the
 * order was marked Rejected only because the venue did not know it ("never arrived"): a report that the
 * venue has it after all brings it back with an Accepted event.
 */
export function eventsForReport(
  order: Readonly<Order>,
  report: VenueOrderReport,
  ts: number,
  reason: string,
  revivable = false,
): OrderEvent[] {
  const venueKnowsIt = report.status !== OrderStatus.Rejected;
  const events: OrderEvent[] = [];
  if (venueKnowsIt && needsAck(order, report, revivable)) {
    const venueOrderId = report.venueOrderId;
    events.push(
      venueOrderId === undefined
        ? { type: 'Accepted', orderId: order.id, ts, reason }
        : { type: 'Accepted', orderId: order.id, ts, reason, venueOrderId },
    );
  }
  // A status the adapter could not read proves only that the venue has the order: nothing else applies.
  if (report.unrecognised !== undefined) return events;
  const base = { orderId: order.id, ts, reason };
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
        // a replacement (cancelReplace) found by a status query carries its own venue id
        const venueOrderId =
          report.venueOrderId !== undefined && report.venueOrderId !== order.venueOrderId
            ? report.venueOrderId
            : undefined;
        events.push({
          type: 'Amended',
          ...base,
          ...(price === undefined ? {} : { price }),
          ...(size === undefined ? {} : { size }),
          ...(venueOrderId === undefined ? {} : { venueOrderId }),
        });
      }
      return events;
    }
    case OrderStatus.Filled:
      return events;
    case OrderStatus.Cancelled:
      if (order.status !== OrderStatus.Cancelled && order.status !== OrderStatus.Filled) {
        events.push({ type: 'Cancelled', ...base });
      }
      return events;
    case OrderStatus.Expired:
      if (order.status !== OrderStatus.Expired && order.status !== OrderStatus.Filled) {
        events.push({ type: 'Expired', ...base });
      }
      return events;
    case OrderStatus.Rejected:
      // The venue refused it: true for an order still waiting for its answer, or cancelled before it.
      if (
        order.status === OrderStatus.Submitting ||
        order.status === OrderStatus.Pending ||
        order.status === OrderStatus.Cancelling
      ) {
        events.push({
          type: 'Rejected',
          ...base,
          reason: report.reason ? `${reason}: ${report.reason}` : reason,
        });
      }
      return events;
    default:
      return events;
  }
}

/**
 * Whether the report acknowledges the order: it is waiting for its answer, or its answer came in
 * pieces and the venue's id is still missing, or it was given up as "never arrived" and the venue has it.
 */
function needsAck(order: Readonly<Order>, report: VenueOrderReport, revivable: boolean): boolean {
  switch (order.status) {
    case OrderStatus.Submitting:
      return true;
    case OrderStatus.PartiallyFilled:
      return order.venueOrderId === undefined && report.venueOrderId !== undefined;
    case OrderStatus.Cancelling:
      // cancelled before its ack: the report is that ack (the venue id may be known from before sending)
      return (
        order.previousStatus === OrderStatus.Submitting ||
        (order.venueOrderId === undefined && report.venueOrderId !== undefined)
      );
    case OrderStatus.Rejected:
      return revivable;
    default:
      return false;
  }
}
