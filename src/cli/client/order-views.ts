/**
 * How the gateway commands show orders, fills and positions: one order as `key  value` lines, many as a
 * table; decimal strings exactly as the API sent them.
 */
import { type Column, formatFields, formatTable, isoTime } from './format.ts';

/** An order as the API returns it (the fields the command line shows). */
export interface OrderJson {
  readonly id: string;
  readonly clientOrderId: string;
  readonly venue: string;
  readonly market: string;
  readonly side: string;
  readonly orderType: string;
  readonly price?: string;
  readonly size: string;
  readonly timeInForce: string;
  readonly expireAt?: number;
  readonly strategy?: string;
  readonly status: string;
  readonly filledSize: string;
  readonly avgFillPrice?: string;
  readonly fees: string;
  readonly venueOrderId?: string;
  readonly reason?: string;
  readonly overfill?: string;
  readonly external?: boolean;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A fill as the API returns it. */
export interface FillJson {
  readonly orderId: string;
  readonly venue: string;
  readonly market: string;
  readonly tradeId: string;
  readonly side: string;
  readonly price: string;
  readonly size: string;
  readonly fee: string;
  readonly feeAsset?: string;
  readonly liquidity?: string;
  readonly timestamp: number;
}

/** A position as the API returns it. */
export interface PositionJson {
  readonly venue: string;
  readonly market: string;
  readonly netSize: string;
  readonly avgEntryPrice: string;
  readonly realizedPnl: string;
  readonly fees: string;
  readonly feesByAsset?: Readonly<Record<string, string>>;
  readonly boughtSize: string;
  readonly soldSize: string;
}

/** One order as aligned `key  value` lines. */
export function formatOrder(o: OrderJson): string {
  return formatFields([
    ['id', o.id],
    ['client id', o.clientOrderId],
    ['venue', o.venue],
    ['market', o.market],
    ['side', o.side],
    ['type', o.orderType],
    ['price', o.price],
    ['size', o.size],
    ['time in force', o.timeInForce],
    ['expires', o.expireAt === undefined ? undefined : isoTime(o.expireAt)],
    ['strategy', o.strategy],
    ['status', o.status],
    ['filled', o.filledSize],
    ['avg fill price', o.avgFillPrice],
    ['fees', o.fees],
    ['venue order id', o.venueOrderId],
    ['reason', o.reason],
    ['overfill', o.overfill],
    ['external', o.external === true ? 'yes (adopted from the venue)' : undefined],
    ['created', isoTime(o.createdAt)],
    ['updated', isoTime(o.updatedAt)],
  ]);
}

const ORDER_COLUMNS: Column[] = [
  { header: 'ID' },
  { header: 'CLIENT ID' },
  { header: 'VENUE' },
  { header: 'MARKET' },
  { header: 'SIDE' },
  { header: 'TYPE' },
  { header: 'TIF' },
  { header: 'PRICE', money: true },
  { header: 'SIZE', money: true },
  { header: 'FILLED', money: true },
  { header: 'AVG PRICE', money: true },
  { header: 'STATUS' },
  { header: 'CREATED' },
];

/** Orders as a table. */
export function formatOrders(orders: readonly OrderJson[]): string {
  return formatTable(
    ORDER_COLUMNS,
    orders.map((o) => [
      o.id,
      o.clientOrderId,
      o.venue,
      o.market,
      o.side,
      o.orderType,
      o.timeInForce,
      o.price ?? '',
      o.size,
      o.filledSize,
      o.avgFillPrice ?? '',
      o.status,
      isoTime(o.createdAt),
    ]),
  );
}

const FILL_COLUMNS: Column[] = [
  { header: 'TIME' },
  { header: 'VENUE' },
  { header: 'MARKET' },
  { header: 'SIDE' },
  { header: 'PRICE', money: true },
  { header: 'SIZE', money: true },
  { header: 'FEE', money: true },
  { header: 'ASSET' },
  { header: 'LIQUIDITY' },
  { header: 'ORDER ID' },
  { header: 'TRADE ID' },
];

/** Fills as a table. */
export function formatFills(fills: readonly FillJson[]): string {
  return formatTable(
    FILL_COLUMNS,
    fills.map((f) => [
      isoTime(f.timestamp),
      f.venue,
      f.market,
      f.side,
      f.price,
      f.size,
      f.fee,
      f.feeAsset ?? '',
      f.liquidity ?? '',
      f.orderId,
      f.tradeId,
    ]),
  );
}

const POSITION_COLUMNS: Column[] = [
  { header: 'VENUE' },
  { header: 'MARKET' },
  { header: 'NET SIZE', money: true },
  { header: 'AVG ENTRY', money: true },
  { header: 'REALIZED PNL', money: true },
  { header: 'FEES' },
  { header: 'BOUGHT', money: true },
  { header: 'SOLD', money: true },
];

/** A position's fees by asset (`0.03 USDT, 0.0002 BNB`), or its quote-currency total when there is no breakdown. */
function feesText(p: PositionJson): string {
  const byAsset = Object.entries(p.feesByAsset ?? {});
  return byAsset.length === 0 ? p.fees : byAsset.map(([asset, fee]) => `${fee} ${asset}`).join(', ');
}

/** Positions as a table. */
export function formatPositions(positions: readonly PositionJson[]): string {
  return formatTable(
    POSITION_COLUMNS,
    positions.map((p) => [
      p.venue,
      p.market,
      p.netSize,
      p.avgEntryPrice,
      p.realizedPnl,
      feesText(p),
      p.boughtSize,
      p.soldSize,
    ]),
  );
}
