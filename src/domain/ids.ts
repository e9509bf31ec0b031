/**
 * Branded identifiers. Each is a plain string at run time; the brand stops one kind of id being passed
 * where another is expected.
 */
import { randomBytes } from 'node:crypto';

type Brand<T, B extends string> = T & { readonly __brand: B };

/** The gateway's id of an order; also sent to venues as their client order id (<= 32 chars, [A-Za-z0-9-]). */
export type OrderId = Brand<string, 'OrderId'>;
/** The caller's idempotency key for an order (defaults to the OrderId). */
export type ClientOrderId = Brand<string, 'ClientOrderId'>;
/** The venue's own id of an order (Binance orderId, Polymarket order hash, Uniswap tx hash). */
export type VenueOrderId = Brand<string, 'VenueOrderId'>;
/** A venue's id of one trade (execution); fills are de-duplicated by (venue, trade id). */
export type TradeId = Brand<string, 'TradeId'>;
/** A venue's name in the gateway: `paper`, `polymarket`, `binance`, `uniswap`, ... */
export type VenueId = Brand<string, 'VenueId'>;
/** A market on a venue: a Polymarket token id, a Binance symbol, a Uniswap pair. */
export type MarketId = Brand<string, 'MarketId'>;
/** The strategy that sent an order (free text, for filters and attribution). */
export type StrategyId = Brand<string, 'StrategyId'>;

/** Casts a string to an {@link OrderId}. */
export const asOrderId = (s: string): OrderId => s as OrderId;
/** Casts a string to a {@link ClientOrderId}. */
export const asClientOrderId = (s: string): ClientOrderId => s as ClientOrderId;
/** Casts a string to a {@link VenueOrderId}. */
export const asVenueOrderId = (s: string): VenueOrderId => s as VenueOrderId;
/** Casts a string to a {@link TradeId}. */
export const asTradeId = (s: string): TradeId => s as TradeId;
/** Casts a string to a {@link VenueId}. */
export const asVenueId = (s: string): VenueId => s as VenueId;
/** Casts a string to a {@link MarketId}. */
export const asMarketId = (s: string): MarketId => s as MarketId;
/** Casts a string to a {@link StrategyId}. */
export const asStrategyId = (s: string): StrategyId => s as StrategyId;

/**
 * Makes unique, sortable-by-creation order ids: `<prefix><time base36><node><counter base36>`,
 * at most 32 characters of [A-Za-z0-9], valid as a Binance `newClientOrderId`.
 */
export class IdGenerator {
  private counter = 0;
  private readonly node: string;
  private lastMs = -1;
  private stem = '';

  /** @param prefix a short tag (<= 4 chars) put in front of every id. */
  constructor(private readonly prefix = 'ag') {
    if (!/^[A-Za-z0-9]{0,4}$/.test(prefix)) throw new RangeError('id prefix must be 0-4 letters or digits');
    this.node = randomBytes(4).toString('hex');
  }

  /** A new order id; `ms` is the current time if the caller has just read it. */
  next(ms: number = Date.now()): OrderId {
    this.counter = (this.counter + 1) % 0x7fffffff;
    if (ms !== this.lastMs) {
      this.lastMs = ms;
      this.stem = `${this.prefix}${ms.toString(36)}${this.node}`;
    }
    return `${this.stem}${this.counter.toString(36).padStart(6, '0')}` as OrderId;
  }
}
