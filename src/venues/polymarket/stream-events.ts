/**
 * The user channel's messages (reference §10) turned into the REST record shapes that clob-records.ts
 * reads, so that the stream and the REST reads yield the SAME reports and fill ids (taker: trade id;
 * maker: `<tradeId>:<makerOrderHash>`), plus the bounded set that keeps a fill from being emitted twice
 * (WebSocket MATCHED, its CONFIRMED repeat, the place ack and the gap-fill all name the same fill).
 */
import type { MakerOrderRecord, OpenOrderRecord, TradeRecord } from './clob-records.ts';

const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;

/** An order event as an OpenOrder record (a CANCELLATION reads as status `CANCELED`); undefined if malformed. */
export function orderEventRecord(msg: Readonly<Record<string, unknown>>): OpenOrderRecord | undefined {
  const id = str(msg.id);
  const asset = str(msg.asset_id);
  if (id === undefined || asset === undefined) return undefined;
  const type = (str(msg.type) ?? '').toUpperCase();
  const status =
    type === 'CANCELLATION' ? 'CANCELED' : (str(msg.status) ?? (type === 'PLACEMENT' ? 'LIVE' : ''));
  const created = str(msg.created_at);
  const expiration = str(msg.expiration);
  return {
    id,
    status,
    asset_id: asset,
    side: str(msg.side) ?? '',
    original_size: str(msg.original_size) ?? '0',
    size_matched: str(msg.size_matched) ?? '0',
    price: str(msg.price) ?? '',
    ...(created === undefined ? {} : { created_at: created }),
    ...(expiration === undefined ? {} : { expiration }),
  };
}

/**
 * A trade event as a Trade record. The venue's stream omits each maker order's side and maker address:
 * the side is the taker's opposite on the same token (the same side on the complementary token), and an
 * entry whose `owner` is our API key is marked with our maker address.
 */
export function tradeEventRecord(
  msg: Readonly<Record<string, unknown>>,
  ourApiKey: string | undefined,
  ourMaker: string,
): TradeRecord | undefined {
  const id = str(msg.id);
  const taker = str(msg.taker_order_id);
  const asset = str(msg.asset_id);
  const side = (str(msg.side) ?? '').toUpperCase();
  if (id === undefined || taker === undefined || asset === undefined) return undefined;
  const makers: MakerOrderRecord[] = [];
  if (Array.isArray(msg.maker_orders)) {
    for (const raw of msg.maker_orders as unknown[]) {
      if (typeof raw !== 'object' || raw === null) continue;
      const m = raw as Record<string, unknown>;
      const orderId = str(m.order_id);
      if (orderId === undefined) continue;
      const mAsset = str(m.asset_id) ?? asset;
      const opposite = side === 'BUY' ? 'SELL' : 'BUY';
      const mine = ourApiKey !== undefined && str(m.owner) === ourApiKey;
      const makerAddress = str(m.maker_address) ?? (mine ? ourMaker : undefined);
      const fee = str(m.fee_rate_bps);
      makers.push({
        order_id: orderId,
        matched_amount: str(m.matched_amount) ?? '0',
        price: str(m.price) ?? '0',
        asset_id: mAsset,
        side: str(m.side) ?? (mAsset === asset ? opposite : side),
        ...(makerAddress === undefined ? {} : { maker_address: makerAddress }),
        ...(fee === undefined ? {} : { fee_rate_bps: fee }),
      });
    }
  }
  const fee = str(msg.fee_rate_bps);
  const traderSide = str(msg.trader_side);
  const makerAddress = str(msg.maker_address);
  return {
    id,
    taker_order_id: taker,
    asset_id: asset,
    side,
    size: str(msg.size) ?? '0',
    price: str(msg.price) ?? '0',
    status: str(msg.status) ?? '',
    match_time: str(msg.match_time) ?? '0',
    maker_orders: makers,
    ...(fee === undefined ? {} : { fee_rate_bps: fee }),
    ...(traderSide === undefined ? {} : { trader_side: traderSide }),
    ...(makerAddress === undefined ? {} : { maker_address: makerAddress }),
  };
}

/** The order hashes of a trade (taker first, then each maker order). */
export function tradeOrderHashes(t: TradeRecord): string[] {
  const out = [t.taker_order_id];
  for (const m of t.maker_orders ?? []) out.push(m.order_id);
  return out;
}

/** Remembers the last `capacity` keys (insertion order); `add` says whether a key is new. */
export class RecentKeys {
  readonly #keys = new Set<string>();
  readonly #capacity: number;

  constructor(capacity = 20_000) {
    this.#capacity = capacity;
  }

  /** True when `key` was not seen (it is then remembered, the oldest key dropped past capacity). */
  add(key: string): boolean {
    if (this.#keys.has(key)) return false;
    this.#keys.add(key);
    if (this.#keys.size > this.#capacity) {
      const oldest = this.#keys.values().next().value;
      if (oldest !== undefined) this.#keys.delete(oldest);
    }
    return true;
  }

  /** Number of keys remembered. */
  get size(): number {
    return this.#keys.size;
  }
}
