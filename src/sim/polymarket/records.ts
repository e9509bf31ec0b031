/**
 * The simulator's own records of orders and trades (the venue's truth), from which every JSON view is
 * built. Amounts are exact decimals in shares / pUSD.
 */
import type { Hex } from 'viem';
import type { Decimal } from '../../domain/index.ts';
import type { PolyOrderType } from './order-payload.ts';
import type { SimMarket } from './sim-state.ts';

/** Venue order status: resting, fully matched (or killed after a partial fill), or cancelled. */
export type SimOrderStatus = 'LIVE' | 'MATCHED' | 'CANCELED';

/** An accepted order. */
export interface SimOrder {
  /** The order hash (EIP-712 digest), lowercase. */
  readonly id: Hex;
  /** API key that posted it. */
  readonly ownerKey: string;
  /** Funder (maker) and signing EOA, checksummed. */
  readonly maker: Hex;
  readonly signer: Hex;
  readonly market: SimMarket;
  readonly tokenId: string;
  readonly outcome: string;
  readonly side: 'BUY' | 'SELL';
  readonly originalSize: Decimal;
  readonly price: Decimal;
  readonly orderType: PolyOrderType;
  /** Unix seconds, 0 = none. */
  readonly expiration: number;
  /** Unix seconds. */
  readonly createdAt: number;
  status: SimOrderStatus;
  sizeMatched: Decimal;
  readonly associateTrades: string[];
  /** Base units still reserved: pUSD for BUY, shares of `tokenId` for SELL. */
  reserved: bigint;
}

/** One maker order's part of a trade. */
export interface SimMakerFill {
  readonly order: SimOrder;
  readonly matchedAmount: Decimal;
  readonly price: Decimal;
  /** Shares moved, 6-decimal units. */
  readonly qty: bigint;
  /** pUSD moved, 6-decimal units. */
  readonly cost: bigint;
}

/** A trade: one taker order against one or more resting orders, in one placement. */
export interface SimTrade {
  readonly id: string;
  readonly taker: SimOrder;
  readonly size: Decimal;
  /** Volume-weighted price paid / received by the taker. */
  readonly price: Decimal;
  /** `MATCHED`, then `CONFIRMED` once settled, or `FAILED` when settlement failed (balances restored). */
  status: string;
  /** Unix seconds. */
  readonly matchTime: number;
  readonly makerFills: readonly SimMakerFill[];
  readonly transactionHash: Hex;
  /** Lowercase maker and signer addresses of every side. */
  readonly participants: ReadonlySet<string>;
}
