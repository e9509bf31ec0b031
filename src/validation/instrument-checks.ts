/**
 * The instrument's rules (tick size, size step, min/max size, min/max notional, price range with
 * inclusive or exclusive bounds) and the error helpers shared by the validator.
 */
import {
  type Decimal,
  fmt,
  type InstrumentRules,
  mul,
  ONE,
  type OrderType,
  type TimeInForce,
} from '../domain/index.ts';
import { ValidationError } from '../errors/index.ts';

/**
 * The `rule` of every {@link ValidationError} this module raises (stable identifiers; the message says it
 * in words with the numbers).
 */
export const ValidationRule = {
  /** The value is not one of the allowed enumeration members. */
  oneOf: 'oneOf',
  /** The value is not an exact Decimal (or, for `expireAt`, not a finite number). */
  decimal: 'decimal',
  /** Must be > 0. */
  positive: 'positive',
  /** Must be >= 0 (validator limits). */
  nonNegative: 'nonNegative',
  /** A field that this order type / time in force needs is missing. */
  required: 'required',
  /** A field that this order type / time in force must not carry is present. */
  forbidden: 'forbidden',
  /** The combination of order type and time in force is not allowed. */
  timeInForce: 'timeInForce',
  /** A GTD expiry is not in the future. */
  future: 'future',
  /** The venue does not honour this order type or time in force on the market. */
  unsupported: 'unsupported',
  tickSize: 'tickSize',
  sizeStep: 'sizeStep',
  minSize: 'minSize',
  maxSize: 'maxSize',
  minPrice: 'minPrice',
  maxPrice: 'maxPrice',
  minNotional: 'minNotional',
  maxNotional: 'maxNotional',
} as const;
/** One of the {@link ValidationRule} identifiers. */
export type ValidationRule = (typeof ValidationRule)[keyof typeof ValidationRule];

/** Throws a {@link ValidationError} (field, value, rule, message). */
export function fail(field: string, value: unknown, rule: ValidationRule, message: string): never {
  throw new ValidationError(field, value, rule, message);
}

/**
 * Refuses an order type or time in force the venue does not honour on the market (an AMM cannot rest an
 * order): a ValidationError naming the field, before anything is sent.
 */
export function checkOrderKind(orderType: OrderType, timeInForce: TimeInForce, r: InstrumentRules): void {
  const why = r.kindsNote === undefined ? '' : `: ${r.kindsNote}`;
  if (r.orderTypes !== undefined && !r.orderTypes.includes(orderType)) {
    fail(
      'orderType',
      orderType,
      'unsupported',
      `orderType ${orderType} is not supported on ${r.venue} ${r.market} (use ${r.orderTypes.join(' or ')})${why}`,
    );
  }
  if (r.timesInForce !== undefined && !r.timesInForce.includes(timeInForce)) {
    fail(
      'timeInForce',
      timeInForce,
      'unsupported',
      `timeInForce ${timeInForce} is not supported on ${r.venue} ${r.market} (use ${r.timesInForce.join(' or ')})${why}`,
    );
  }
}

/**
 * Checks an order's size and price against the instrument's rules, in order: price range, tick,
 * size range, size step, notional (price × size, exact; skipped without a price).
 */
export function checkInstrument(size: Decimal, price: Decimal | undefined, r: InstrumentRules): void {
  if (price !== undefined) {
    const excl = r.priceBoundsExclusive === true;
    const lo = r.minPrice;
    if (lo !== undefined && (excl ? price <= lo : price < lo))
      belowMin('price', price, lo, 'minPrice', 'price', excl);
    const hi = r.maxPrice;
    if (hi !== undefined && (excl ? price >= hi : price > hi))
      aboveMax('price', price, hi, 'maxPrice', 'price', excl);
    const tick = r.tickSize;
    if (tick !== undefined) {
      if (tick <= 0n)
        fail('rules.tickSize', fmt(tick), 'positive', `instrument tick size ${fmt(tick)} must be > 0`);
      if (price % tick !== 0n) {
        fail(
          'price',
          fmt(price),
          'tickSize',
          `price ${fmt(price)} is not a multiple of tick size ${fmt(tick)}`,
        );
      }
    }
  }
  if (r.minSize !== undefined && size < r.minSize)
    belowMin('size', size, r.minSize, 'minSize', 'size', false);
  if (r.maxSize !== undefined && size > r.maxSize)
    aboveMax('size', size, r.maxSize, 'maxSize', 'size', false);
  const step = r.sizeStep;
  if (step !== undefined) {
    if (step <= 0n)
      fail('rules.sizeStep', fmt(step), 'positive', `instrument size step ${fmt(step)} must be > 0`);
    if (size % step !== 0n) {
      fail('size', fmt(size), 'sizeStep', `size ${fmt(size)} is not a multiple of size step ${fmt(step)}`);
    }
  }
  if (price !== undefined && (r.minNotional !== undefined || r.maxNotional !== undefined)) {
    // price × size is exact at scale 10^36; compare against the limits scaled the same way.
    const notional36 = price * size;
    if (r.minNotional !== undefined && notional36 < r.minNotional * ONE) {
      notionalFail(price, size, r.minNotional, 'minNotional', 'below the minimum');
    }
    if (r.maxNotional !== undefined && notional36 > r.maxNotional * ONE) {
      notionalFail(price, size, r.maxNotional, 'maxNotional', 'above the maximum');
    }
  }
}

/** Throws the error for a value below a minimum (`excl`: the bound itself is not allowed either). */
export function belowMin(
  field: string,
  v: Decimal,
  lo: Decimal,
  rule: ValidationRule,
  what: string,
  excl: boolean,
): never {
  const msg = excl
    ? `${field} ${fmt(v)} must be above ${fmt(lo)} (exclusive minimum ${what})`
    : `${field} ${fmt(v)} is below the minimum ${what} ${fmt(lo)}`;
  return fail(field, fmt(v), rule, msg);
}

/** Throws the error for a value above a maximum (`excl`: the bound itself is not allowed either). */
export function aboveMax(
  field: string,
  v: Decimal,
  hi: Decimal,
  rule: ValidationRule,
  what: string,
  excl: boolean,
): never {
  const msg = excl
    ? `${field} ${fmt(v)} must be below ${fmt(hi)} (exclusive maximum ${what})`
    : `${field} ${fmt(v)} is above the maximum ${what} ${fmt(hi)}`;
  return fail(field, fmt(v), rule, msg);
}

function notionalFail(
  price: Decimal,
  size: Decimal,
  limit: Decimal,
  rule: ValidationRule,
  words: string,
): never {
  const n = fmt(mul(price, size, 'half-even'));
  return fail(
    'notional',
    n,
    rule,
    `notional ${n} (price ${fmt(price)} × size ${fmt(size)}) is ${words} notional ${fmt(limit)}`,
  );
}
