/**
 * Binance order statuses to the gateway's nine (reference §5). Compared exactly (the venue's enum is
 * upper case); an unknown status maps to `undefined` and the caller reports it as `unrecognised`.
 */
import { OrderStatus } from '../../domain/index.ts';

/** The gateway status of a Binance order status (`NEW`, `PARTIALLY_FILLED`, ...). */
export function binanceOrderStatus(status: string): OrderStatus | undefined {
  switch (status) {
    case 'NEW':
    case 'PENDING_NEW':
      return OrderStatus.Working;
    case 'PARTIALLY_FILLED':
      return OrderStatus.PartiallyFilled;
    case 'FILLED':
      return OrderStatus.Filled;
    case 'CANCELED':
      return OrderStatus.Cancelled;
    case 'PENDING_CANCEL':
      return OrderStatus.Cancelling;
    case 'REJECTED':
      return OrderStatus.Rejected;
    case 'EXPIRED':
    case 'EXPIRED_IN_MATCH':
      return OrderStatus.Expired;
    default:
      return undefined;
  }
}
