/**
 * What the OMS keeps per tracked order ({@link OrderEntry}) and the look-ups over those entries: by order
 * id, by client order id and by venue order id (every id a venue ever gave the order keeps finding it).
 */
import type {
  ClientOrderId,
  Decimal,
  Fill,
  Order,
  OrderId,
  TradeId,
  VenueId,
  VenueOrderId,
} from '../domain/index.ts';
import { fmt } from '../domain/index.ts';
import { ValidationError } from '../errors/index.ts';
import type { IndexedOrder } from './exposure-index.ts';
import type { PositionHandle } from './position-book.ts';

/** Everything the tracker keeps per order. */
export interface OrderEntry extends IndexedOrder {
  /** Σ price × applied size, exact (36 places). */
  filledNotional: bigint;
  /** Fills applied to this order (allocated on the first). */
  fills: Fill[] | undefined;
  /** This order's position (looked up on the first fill). */
  position: PositionHandle | undefined;
  /** Newest ts of a status event evaluated for this order (applied or refused). */
  statusTs: number;
  /** Bit set of the event types the table refused at exactly `statusTs`. */
  refusedAtTs: number;
  /** Trade ids of fills the venue took back (a replay of one is a duplicate, never applied again). */
  reversedFills?: TradeId[];
  /** (trade id, ts) pairs of fills the table refused. */
  refusedFills: (TradeId | number)[] | undefined;
  /** Code of the rejection that made the order Rejected (the domain Order has no field for it). */
  rejectCode: string | undefined;
}

/**
 * The tracked orders and their id indexes. Most orders use their order id as client order id (the engine
 * does when the caller gives none), so `byId` answers client-id look-ups too: `otherClientIds` holds only
 * the client ids that differ from their order's id. A client id is tracked when `byId` has it for an order
 * whose client id it is, or `otherClientIds` has it; never both (a second use is refused). Until an order
 * uses its own id as client id, client-id look-ups skip `byId` (callers that always give client ids pay
 * for one index only).
 */
export class OrderEntries {
  private readonly byId = new Map<OrderId, OrderEntry>();
  private readonly otherClientIds = new Map<ClientOrderId, OrderEntry>();
  /** Number of tracked orders whose client id is their order id (entries are never removed). */
  private ownClientIds = 0;
  private readonly byVenueId = new Map<VenueId, Map<VenueOrderId, OrderEntry>>();
  private lastVenue: VenueId | undefined;
  private lastVenueIds: Map<VenueOrderId, OrderEntry> | undefined;

  /**
   * Throws ValidationError when `order` cannot be tracked: its id or client order id is already tracked,
   * or its size / filled size is impossible.
   */
  checkNew(order: Order): void {
    const id = order.id;
    const clientId = order.clientOrderId;
    if (this.byId.has(id)) throw new ValidationError('order.id', id, 'is already tracked');
    // When the client id is the order id, `byId` was just asked: only `otherClientIds` is left.
    const clientTaken =
      (clientId as string) === id ? this.otherClientIds.has(clientId) : this.byClient(clientId) !== undefined;
    if (clientTaken) throw new ValidationError('order.clientOrderId', clientId, 'is already tracked');
    if (order.size <= 0n) throw new ValidationError('order.size', fmt(order.size), 'must be positive');
    if (order.filledSize < 0n || order.filledSize > order.size) {
      throw new ValidationError('order.filledSize', fmt(order.filledSize), 'must be between 0 and the size');
    }
  }

  /** Adds an entry (checked with {@link checkNew}) to every index. */
  add(entry: OrderEntry): void {
    const order = entry.order;
    this.byId.set(order.id, entry);
    if ((order.clientOrderId as string) === order.id) this.ownClientIds++;
    else this.otherClientIds.set(order.clientOrderId, entry);
    if (order.venueOrderId !== undefined) this.setVenueId(entry, order.venueOrderId);
  }

  /** The entry of an order id. */
  get(id: OrderId): OrderEntry | undefined {
    return this.byId.get(id);
  }

  /** The entry of a client order id. */
  byClient(id: ClientOrderId): OrderEntry | undefined {
    if (this.ownClientIds > 0) {
      const e = this.byId.get(id as string as OrderId);
      if (e !== undefined && e.order.clientOrderId === id) return e;
    }
    return this.otherClientIds.get(id);
  }

  /** The entry a venue knows by `id` (any id it ever gave the order). */
  byVenue(venue: VenueId, id: VenueOrderId): OrderEntry | undefined {
    return this.byVenueId.get(venue)?.get(id);
  }

  /** Sets the order's venue order id and indexes it (earlier ids stay indexed). */
  setVenueId(entry: OrderEntry, id: VenueOrderId): void {
    const order = entry.order;
    order.venueOrderId = id;
    this.venueIds(order.venue).set(id, entry);
  }

  /** The venue order ids of `venue` (the last venue's map is kept at hand: orders come in runs). */
  private venueIds(venue: VenueId): Map<VenueOrderId, OrderEntry> {
    if (venue === this.lastVenue && this.lastVenueIds !== undefined) return this.lastVenueIds;
    let ids = this.byVenueId.get(venue);
    if (ids === undefined) {
      ids = new Map();
      this.byVenueId.set(venue, ids);
    }
    this.lastVenue = venue;
    this.lastVenueIds = ids;
    return ids;
  }

  /**
   * Validates, then applies an amendment (price, size, new venue order id) to the entry's order; true when
   * something changed. Throws ValidationError for a price <= 0 or a size below the filled size.
   */
  amend(entry: OrderEntry, price?: Decimal, size?: Decimal, venueOrderId?: VenueOrderId): boolean {
    const order = entry.order;
    if (price !== undefined && price <= 0n)
      throw new ValidationError('price', fmt(price), 'must be positive');
    if (size !== undefined && (size <= 0n || size < order.filledSize)) {
      throw new ValidationError(
        'size',
        fmt(size),
        `may not be below the filled size ${fmt(order.filledSize)}`,
      );
    }
    let changed = false;
    if (price !== undefined && price !== order.price) {
      order.price = price;
      changed = true;
    }
    if (size !== undefined && size !== order.size) {
      order.size = size;
      changed = true;
    }
    if (venueOrderId !== undefined && venueOrderId !== order.venueOrderId) {
      this.setVenueId(entry, venueOrderId);
      changed = true;
    }
    return changed;
  }

  /** Every entry, in tracking order. */
  values(): IterableIterator<OrderEntry> {
    return this.byId.values();
  }
}
