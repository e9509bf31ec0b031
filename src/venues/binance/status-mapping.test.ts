/** Binance order statuses -> the gateway's (reference §5). */
import { describe, expect, it } from 'vitest';
import { OrderStatus } from '../../domain/index.ts';
import { binanceOrderStatus } from './status-mapping.ts';

describe('Binance status -> OMS (reference §5)', () => {
  it.each([
    ['NEW', OrderStatus.Working],
    ['PENDING_NEW', OrderStatus.Working],
    ['PARTIALLY_FILLED', OrderStatus.PartiallyFilled],
    ['FILLED', OrderStatus.Filled],
    ['CANCELED', OrderStatus.Cancelled],
    ['PENDING_CANCEL', OrderStatus.Cancelling],
    ['REJECTED', OrderStatus.Rejected],
    ['EXPIRED', OrderStatus.Expired],
    ['EXPIRED_IN_MATCH', OrderStatus.Expired],
  ])('%s -> %s', (venue, ours) => {
    expect(binanceOrderStatus(venue)).toBe(ours);
  });

  it('leaves unknown statuses unmapped', () => {
    expect(binanceOrderStatus('canceled')).toBeUndefined();
    expect(binanceOrderStatus('SOMETHING_NEW')).toBeUndefined();
  });
});
