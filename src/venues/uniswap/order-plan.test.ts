import { describe, expect, it } from 'vitest';
import {
  asClientOrderId,
  asMarketId,
  asOrderId,
  asVenueId,
  dec,
  type Order,
  ZERO,
} from '../../domain/index.ts';
import { shapeOrder } from './order-plan.ts';
import { type MarketInfo, marketRules } from './uniswap-config.ts';

const base = { symbol: 'WETH', address: '0x0000000000000000000000000000000000000001', decimals: 18 } as const;
const quote = { symbol: 'USD', address: '0x0000000000000000000000000000000000000002', decimals: 6 } as const;
const market: MarketInfo = {
  id: asMarketId('WETH/USD'),
  base,
  quote,
  v2: true,
  v3Fees: [500],
  rules: marketRules(asVenueId('uniswap'), asMarketId('WETH/USD'), base, quote),
};

function order(p: Partial<Order>): Order {
  return {
    id: asOrderId('o1'),
    clientOrderId: asClientOrderId('o1'),
    venue: asVenueId('uniswap'),
    market: market.id,
    side: 'Sell',
    orderType: 'Market',
    size: dec('1'),
    timeInForce: 'IOC',
    status: 'Submitting',
    filledSize: ZERO,
    fees: ZERO,
    createdAt: 0,
    updatedAt: 0,
    ...p,
  };
}

describe('shapeOrder', () => {
  it('a sell is exact input of the size in base; a buy exact output of the size in base', () => {
    expect(shapeOrder(order({ side: 'Sell' }), market, 50)).toMatchObject({
      exact: 'in',
      tokenIn: base.address,
      tokenOut: quote.address,
      amount: 10n ** 18n,
      slippageBps: 50,
      partial: false,
    });
    expect(shapeOrder(order({ side: 'Buy', params: { slippageBps: '7' } }), market, 50)).toMatchObject({
      exact: 'out',
      tokenIn: quote.address,
      tokenOut: base.address,
      slippageBps: 7,
    });
    expect(
      shapeOrder(order({ orderType: 'Limit', timeInForce: 'IOC', price: dec('3000') }), market, 50),
    ).toMatchObject({ partial: true, limit: dec('3000') });
  });

  it('refuses what an AMM cannot honour, naming the field', () => {
    const msg = (p: Partial<Order>): string => {
      const r = shapeOrder(order(p), market, 50);
      return 'kind' in r ? `${r.code} ${r.message}` : 'shaped';
    };
    expect(msg({ orderType: 'PostOnly', price: dec('1'), timeInForce: 'GTC' })).toMatch(
      /^UNSUPPORTED orderType PostOnly/,
    );
    expect(msg({ orderType: 'Limit', price: dec('1'), timeInForce: 'GTC' })).toMatch(
      /^UNSUPPORTED timeInForce GTC/,
    );
    expect(msg({ orderType: 'Limit', price: dec('1'), timeInForce: 'GTD', expireAt: 1 })).toMatch(
      /timeInForce GTD/,
    );
    expect(msg({ orderType: 'Limit', timeInForce: 'FOK' })).toMatch(/^INVALID_ORDER price is required/);
    expect(msg({ params: { slippageBps: 'x' } })).toMatch(/params\.slippageBps/);
    expect(msg({ size: ZERO })).toMatch(/size must be at least/);
  });
});
