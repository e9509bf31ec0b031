/**
 * Static order validation: the rules every order must satisfy before risk and before anything leaves the
 * process (shape, price/size sanity, order type × time in force, GTD expiry), optional validator-wide
 * limits, and the venue's instrument rules (tick size, size step, min/max size, min/max notional, price
 * range, exclusive bounds). Every failure is a {@link ValidationError} naming the field, the value (as a
 * decimal string) and the rule.
 */
import {
  type Decimal,
  decimalProblem,
  fmt,
  type InstrumentRules,
  type Order,
  tryDec,
} from '../domain/index.ts';
import { aboveMax, belowMin, checkInstrument, checkOrderKind, fail } from './instrument-checks.ts';

/** Validator-wide bounds (inclusive), on top of the instrument rules. */
export interface ValidatorLimits {
  readonly minSize?: Decimal;
  readonly maxSize?: Decimal;
  readonly minPrice?: Decimal;
  readonly maxPrice?: Decimal;
}

/** A limit given at the boundary: a JS number, a decimal string, or an exact {@link Decimal} (bigint). */
export type LimitInput = number | string | Decimal;

/** The parts of an order that validation looks at. */
export type ValidatableOrder = Pick<Order, 'side' | 'orderType' | 'size' | 'timeInForce'> & {
  price?: Decimal;
  expireAt?: number;
};

function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/**
 * Checks orders before they are sent. Rules of the default validator ({@link OrderValidator.new}):
 *
 * - `side` is Buy or Sell, `orderType` is Limit, Market or PostOnly, `timeInForce` is GTC, IOC, FOK or GTD;
 * - `size` is an exact Decimal > 0; `price`, when present, is an exact Decimal > 0;
 * - Limit and PostOnly orders need a price; a Market order may carry one (a worst price: then every price
 *   rule applies to it, notional included);
 * - Market orders cannot rest: only IOC or FOK (GTC and GTD are refused);
 * - PostOnly orders must rest: only GTC or GTD (IOC and FOK are refused);
 * - GTD needs `expireAt` (ms since epoch) strictly after `nowMs`; any other time in force must not carry
 *   `expireAt`.
 *
 * Then the validator's own limits (inclusive min/max size and price, {@link OrderValidator.custom}), then
 * the instrument's rules: price range (inclusive, or exclusive when `priceBoundsExclusive`), tick size,
 * min/max size, size step, and min/max notional (price × size, skipped when there is no price).
 * Checks run in that order and the first failure is thrown.
 */
export class OrderValidator {
  /** The validator-wide limits (empty for the default validator). */
  readonly limits: ValidatorLimits;
  private readonly minSize: Decimal | undefined;
  private readonly maxSize: Decimal | undefined;
  private readonly minPrice: Decimal | undefined;
  private readonly maxPrice: Decimal | undefined;

  private constructor(limits: ValidatorLimits) {
    this.limits = Object.freeze({ ...limits });
    this.minSize = limits.minSize;
    this.maxSize = limits.maxSize;
    this.minPrice = limits.minPrice;
    this.maxPrice = limits.maxPrice;
  }

  /** The default validator: the structural rules only (see the class documentation). */
  static new(): OrderValidator {
    return new OrderValidator({});
  }

  /**
   * The default rules plus inclusive bounds on size and price. Numbers and strings are read exactly;
   * a bigint is taken as an already-scaled {@link Decimal}.
   * @throws ValidationError naming the limit when one is not a decimal >= 0, or a min is above its max.
   */
  static custom(limits: {
    minSize?: LimitInput;
    maxSize?: LimitInput;
    minPrice?: LimitInput;
    maxPrice?: LimitInput;
  }): OrderValidator {
    const out: { minSize?: Decimal; maxSize?: Decimal; minPrice?: Decimal; maxPrice?: Decimal } = {};
    for (const key of ['minSize', 'maxSize', 'minPrice', 'maxPrice'] as const) {
      const v = readLimit(key, limits[key]);
      if (v !== undefined) out[key] = v;
    }
    if (out.minSize !== undefined && out.maxSize !== undefined && out.minSize > out.maxSize) {
      fail(
        'minSize',
        fmt(out.minSize),
        'maxSize',
        `minSize ${fmt(out.minSize)} is above maxSize ${fmt(out.maxSize)}`,
      );
    }
    if (out.minPrice !== undefined && out.maxPrice !== undefined && out.minPrice > out.maxPrice) {
      fail(
        'minPrice',
        fmt(out.minPrice),
        'maxPrice',
        `minPrice ${fmt(out.minPrice)} is above maxPrice ${fmt(out.maxPrice)}`,
      );
    }
    return new OrderValidator(out);
  }

  /**
   * Throws {@link ValidationError} (field, value as a decimal string, rule) at the first broken rule.
   * @param rules the instrument's rules, when known.
   * @param nowMs current time for the GTD expiry check (default `Date.now()`).
   */
  validate(order: ValidatableOrder, rules?: InstrumentRules, nowMs?: number): void {
    const { side, orderType, timeInForce, size, price, expireAt } = order;
    if (side !== 'Buy' && side !== 'Sell')
      fail('side', side, 'oneOf', `side must be Buy or Sell (got ${show(side)})`);
    if (orderType !== 'Limit' && orderType !== 'Market' && orderType !== 'PostOnly') {
      fail(
        'orderType',
        orderType,
        'oneOf',
        `orderType must be Limit, Market or PostOnly (got ${show(orderType)})`,
      );
    }
    if (timeInForce !== 'GTC' && timeInForce !== 'IOC' && timeInForce !== 'FOK' && timeInForce !== 'GTD') {
      fail(
        'timeInForce',
        timeInForce,
        'oneOf',
        `timeInForce must be GTC, IOC, FOK or GTD (got ${show(timeInForce)})`,
      );
    }
    if (typeof size !== 'bigint')
      fail('size', size, 'decimal', `size must be an exact decimal (got ${show(size)})`);
    if (size <= 0n) fail('size', fmt(size), 'positive', `size ${fmt(size)} must be greater than 0`);
    if (price !== undefined) {
      if (typeof price !== 'bigint') {
        fail('price', price, 'decimal', `price must be an exact decimal (got ${show(price)})`);
      }
      if (price <= 0n) fail('price', fmt(price), 'positive', `price ${fmt(price)} must be greater than 0`);
    } else if (orderType !== 'Market') {
      fail('price', undefined, 'required', `price is required for ${orderType} orders`);
    }
    if (orderType === 'Market') {
      if (timeInForce === 'GTC' || timeInForce === 'GTD') {
        fail(
          'timeInForce',
          timeInForce,
          'timeInForce',
          `timeInForce ${timeInForce} is not allowed for Market orders (use IOC or FOK)`,
        );
      }
    } else if (orderType === 'PostOnly' && (timeInForce === 'IOC' || timeInForce === 'FOK')) {
      fail(
        'timeInForce',
        timeInForce,
        'timeInForce',
        `timeInForce ${timeInForce} is not allowed for PostOnly orders (use GTC or GTD)`,
      );
    }
    if (timeInForce === 'GTD') {
      if (expireAt === undefined)
        fail('expireAt', undefined, 'required', 'expireAt is required for GTD orders');
      if (typeof expireAt !== 'number' || !Number.isFinite(expireAt)) {
        fail('expireAt', expireAt, 'decimal', `expireAt must be a finite time in ms (got ${show(expireAt)})`);
      }
      const now = nowMs ?? Date.now();
      if (expireAt <= now) {
        fail(
          'expireAt',
          String(expireAt),
          'future',
          `expireAt ${expireAt} is not in the future (now ${now})`,
        );
      }
    } else if (expireAt !== undefined) {
      fail(
        'expireAt',
        String(expireAt),
        'forbidden',
        `expireAt is only allowed with GTD (timeInForce is ${timeInForce})`,
      );
    }

    // Validator-wide limits (inclusive).
    if (this.minSize !== undefined && size < this.minSize)
      belowMin('size', size, this.minSize, 'minSize', 'size', false);
    if (this.maxSize !== undefined && size > this.maxSize)
      aboveMax('size', size, this.maxSize, 'maxSize', 'size', false);
    if (price !== undefined) {
      if (this.minPrice !== undefined && price < this.minPrice) {
        belowMin('price', price, this.minPrice, 'minPrice', 'price', false);
      }
      if (this.maxPrice !== undefined && price > this.maxPrice) {
        aboveMax('price', price, this.maxPrice, 'maxPrice', 'price', false);
      }
    }

    if (rules !== undefined) {
      checkOrderKind(orderType, timeInForce, rules);
      checkInstrument(size, price, rules);
    }
  }
}

function readLimit(key: string, v: LimitInput | undefined): Decimal | undefined {
  if (v === undefined) return undefined;
  const d = typeof v === 'bigint' ? (v as Decimal) : tryDec(v);
  if (d === undefined) fail(key, v, 'decimal', `${key} ${decimalProblem(v) ?? 'must be a decimal'}`);
  if (d < 0n) fail(key, fmt(d), 'nonNegative', `${key} ${fmt(d)} must not be negative`);
  return d;
}
