/**
 * Checks the matching engine makes before an order touches the book: entry validation, whether a price
 * crosses, and the fill-or-kill quantity check (run BEFORE matching, so that a FOK that cannot fill
 * entirely trades nothing).
 */
import type { Decimal } from '../../domain/index.ts';
import type { BookOrder, BookSide } from './order-book.ts';
import type { StpMode } from './types.ts';

/** Why a new order cannot enter the book, or undefined. `requestedTif` is the TIF as sent. */
export function entryProblem(
  o: BookOrder,
  requestedTif: string | undefined,
  now: number,
): string | undefined {
  if (o.size <= 0n) return 'size must be positive';
  if (o.price !== undefined && o.price <= 0n) return 'price must be positive';
  if (o.type !== 'Market' && o.price === undefined) return 'limit price required';
  if (o.type === 'PostOnly' && (requestedTif === 'IOC' || requestedTif === 'FOK')) {
    return 'post-only order must rest (GTC or GTD)';
  }
  if (o.timeInForce === 'GTD') {
    if (o.expireAt === undefined) return 'GTD order needs expireAt';
    if (o.expireAt <= now) return 'expireAt already passed';
  }
  return undefined;
}

/** FOK pre-check: is there enough quantity this taker could trade with, in priority order? */
export function canFillEntirely(taker: BookOrder, opp: BookSide, stp: StpMode): boolean {
  const isBuy = taker.side === 'Buy';
  const limit = taker.price;
  let need: bigint = taker.size;
  for (let i = opp.levels.length - 1; i >= 0; i--) {
    const level = opp.levels[i];
    if (level === undefined) break;
    if (limit !== undefined && (isBuy ? level.price > limit : level.price < limit)) break;
    if (stp === 'allow') {
      need -= level.total;
      if (need <= 0n) return true;
      continue;
    }
    for (let o = level.head; o !== null; o = o.next) {
      if (o.owner === taker.owner) {
        if (stp === 'cancel-taker') return false;
        continue;
      }
      need -= o.size - o.filled;
      if (need <= 0n) return true;
    }
  }
  return false;
}

/** True when an order on `side` at `limit` would trade with a resting opposite price `best`. */
export function crosses(side: string, best: Decimal, limit: Decimal | undefined): boolean {
  if (limit === undefined) return true;
  return side === 'Buy' ? best <= limit : best >= limit;
}
