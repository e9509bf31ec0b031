/**
 * What the simulated exchange records: orders (Binance fields, with their account and reserved funds) and
 * trades (one record per participating account, as `myTrades` shows them).
 */
import type { Decimal } from '../../domain/index.ts';
import type { SimAccount } from './accounts.ts';
import type { SimSymbol } from './symbols.ts';

/** Binance order statuses the simulator produces. */
export type OrderStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED' | 'EXPIRED_IN_MATCH';

/** Execution types of `executionReport` (`x`). */
export type ExecType = 'NEW' | 'CANCELED' | 'TRADE' | 'EXPIRED' | 'TRADE_PREVENTION';

/** Order types accepted. */
export type OrderKind = 'LIMIT' | 'LIMIT_MAKER' | 'MARKET';

/** One order. `account` undefined = the liquidity maker. */
export interface SimOrder {
  readonly symbol: SimSymbol;
  readonly orderId: number;
  readonly clientOrderId: string;
  readonly engineId: string;
  readonly account: SimAccount | undefined;
  readonly side: 'BUY' | 'SELL';
  readonly type: OrderKind;
  readonly timeInForce: 'GTC' | 'IOC' | 'FOK';
  /** Limit price; 0 for MARKET. */
  readonly price: Decimal;
  origQty: Decimal;
  readonly origQuoteOrderQty: Decimal;
  executedQty: Decimal;
  cummulativeQuoteQty: Decimal;
  status: OrderStatus;
  readonly time: number;
  updateTime: number;
  readonly workingTime: number;
  readonly stp: string;
  /** Funds still reserved by the order, in `lockAsset`. */
  locked: Decimal;
  readonly lockAsset: string;
  /** Set after the first fill (the unfilled-order count gives one back). */
  filledOnce: boolean;
}

/** A trade as one participating account sees it. */
export interface SimTrade {
  readonly symbol: string;
  readonly id: number;
  readonly orderId: number;
  readonly account: SimAccount;
  readonly price: Decimal;
  readonly qty: Decimal;
  readonly quoteQty: Decimal;
  readonly commission: Decimal;
  readonly commissionAsset: string;
  readonly time: number;
  readonly isBuyer: boolean;
  readonly isMaker: boolean;
}

/** True while the order rests on the book. */
export function isOpen(o: SimOrder): boolean {
  return o.status === 'NEW' || o.status === 'PARTIALLY_FILLED';
}
