/**
 * Small exact helpers shared by the policies: valuing an order, comparing products without rounding, and
 * the UTC day boundaries the daily policies roll over on.
 */
import { type Decimal, divRound, fmt, ONE, OrderType, sub, ZERO } from '../domain/index.ts';
import type { PolicyViolation } from '../errors/index.ts';
import type { RiskContext, RiskOrder } from './risk-context.ts';

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;

/**
 * The price an order is valued at: a market order at the reference price (its worst price when there is no
 * reference), any other order at its limit price (the reference price when it has none).
 * `undefined` when neither is known.
 */
export function orderValuationPrice(order: RiskOrder, ctx: RiskContext): Decimal | undefined {
  if (order.orderType === OrderType.Market)
    return ctx.referencePrice(order.venue, order.market) ?? order.price;
  return order.price ?? ctx.referencePrice(order.venue, order.market);
}

/** The violation of a value-based policy for an order it cannot value (no limit price, no reference). */
export function unpricedViolation(policy: string, market: string, limit: Decimal): PolicyViolation {
  return { policy, reason: `no price to value the order on ${market}`, limit: fmt(limit), actual: 'unknown' };
}

/** Formats a product of two decimals kept at 36 places (raw `a * b`), rounded up to 18 places. */
export function fmtProduct(raw: bigint): string {
  return fmt(divRound(raw, ONE, 'ceil') as Decimal);
}

/** The start (ms) of the UTC day holding `ms`. */
export function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** `YYYY-MM-DD` of the UTC day holding `ms`. */
export function utcDayLabel(ms: number): string {
  return new Date(startOfUtcDay(ms)).toISOString().slice(0, 10);
}

/** Text for a per-market override map: `{BTCUSDT: 5, ETHUSDT: 50}`. */
export function fmtOverrides<T>(map: ReadonlyMap<string, T> | undefined, show: (v: T) => string): string {
  if (map === undefined || map.size === 0) return '';
  const parts: string[] = [];
  for (const [k, v] of map) parts.push(`${k}: ${show(v)}`);
  return `{${parts.join(', ')}}`;
}

/**
 * How much a modification from `current` to `proposed` adds to the order's remaining size (both give the
 * full size; the filled part does not change): `proposed.size - current.size` when venue, market and side
 * are the same, else the whole proposed size (it is then exposure of its own); 0 when it does not grow.
 */
export function replaceIncrease(current: RiskOrder, proposed: RiskOrder): Decimal {
  if (
    current.venue !== proposed.venue ||
    current.market !== proposed.market ||
    current.side !== proposed.side
  )
    return proposed.size;
  const d = sub(proposed.size, current.size);
  return d > 0n ? d : ZERO;
}
