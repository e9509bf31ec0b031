/**
 * Polymarket order amounts: the maker and taker amounts (6-decimal base units) of a limit or market order,
 * from its price and size, per tick size. Two modes:
 *
 * - `venue` (the adapter's default): exact decimal arithmetic that respects the server's precision rules,
 *   notably a market BUY's taker amount (shares) has at most 4 decimals whatever the tick. The official
 *   client gives it up to 5 or 6 decimals on ticks finer than 0.01 (0.005, 0.0025, 0.001, 0.0001), which
 *   the live venue rejects; on every other order `venue` equals `official`.
 * - `official`: the official TypeScript client's results, reproduced exactly, including the effects of
 *   its double-precision rounding (emulated with integers in `ieee-double.ts`; no float is used).
 *
 * Both modes refuse a price off the tick or outside `[tick, 1 - tick]`, and amounts that round to zero.
 */
import {
  type Decimal,
  dec,
  div,
  fmt,
  isMultipleOf,
  mul,
  ONE,
  placesOf,
  roundTo,
  Side,
  sub,
} from '../../domain/index.ts';
import { ValidationError } from '../../errors/index.ts';
import {
  DOUBLE_EPSILON,
  type Double,
  dAdd,
  dCeil,
  dDiv,
  decimalPlacesOf,
  dFloor,
  dMul,
  doubleFromDecimal,
  dPow10,
  dRound,
  shortestDecimal,
} from './ieee-double.ts';

/** The tick sizes Polymarket markets use. */
export type TickSize = '0.1' | '0.01' | '0.005' | '0.0025' | '0.001' | '0.0001';

/** Every {@link TickSize}, coarsest first. */
export const TICK_SIZES: readonly TickSize[] = ['0.1', '0.01', '0.005', '0.0025', '0.001', '0.0001'];

/** Decimal places allowed for the price, the size and the computed amount, per tick. */
export interface RoundingConfig {
  readonly price: number;
  readonly size: number;
  readonly amount: number;
}

/** The official client's rounding configuration per tick size. */
export const ROUNDING_CONFIG: Readonly<Record<TickSize, RoundingConfig>> = {
  '0.1': { price: 1, size: 2, amount: 3 },
  '0.01': { price: 2, size: 2, amount: 4 },
  '0.005': { price: 3, size: 2, amount: 5 },
  '0.0025': { price: 4, size: 2, amount: 6 },
  '0.001': { price: 3, size: 2, amount: 5 },
  '0.0001': { price: 4, size: 2, amount: 6 },
};

/** Decimals the venue accepts in a market BUY's taker amount (shares), whatever the tick. */
export const MARKET_BUY_TAKER_DECIMALS = 4;

/** `venue` (server precision rules, default) or `official` (the official client's exact results). */
export type AmountMode = 'venue' | 'official';

/** An order's amounts in 6-decimal base units, and the wire side. */
export interface OrderAmounts {
  readonly side: 'BUY' | 'SELL';
  readonly makerAmount: bigint;
  readonly takerAmount: bigint;
}

const TICKS: ReadonlyMap<string, TickSize> = new Map(TICK_SIZES.map((t) => [fmt(dec(t)), t]));
const TICK_DECIMALS: Readonly<Record<TickSize, Decimal>> = Object.fromEntries(
  TICK_SIZES.map((t) => [t, dec(t)]),
) as Record<TickSize, Decimal>;
const UNIT_DIVISOR = 10n ** 12n; // Decimal scale 1e18 -> 6-decimal base units

/** Reads a tick size (`"0.01"`, `0.01`, a Decimal); throws a ValidationError for any other value. */
export function parseTickSize(tick: string | number | Decimal): TickSize {
  const d = typeof tick === 'bigint' ? tick : dec(tick);
  const t = TICKS.get(fmt(d));
  if (t === undefined)
    throw new ValidationError('tickSize', fmt(d), `must be one of ${TICK_SIZES.join(', ')}`);
  return t;
}

/** Throws a ValidationError unless `tick <= price <= 1 - tick` and `price` is a multiple of `tick`. */
export function checkPrice(price: Decimal, tickSize: TickSize): void {
  const tick = TICK_DECIMALS[tickSize];
  if (price < tick || price > sub(ONE, tick))
    throw new ValidationError('price', fmt(price), `must be within [${tickSize}, ${fmt(sub(ONE, tick))}]`);
  if (!isMultipleOf(price, tick))
    throw new ValidationError('price', fmt(price), `is not a multiple of tick size ${tickSize}`);
}

/**
 * Amounts of a limit order (GTC / GTD): BUY gives `size × price` pUSD for `size` shares, SELL the reverse;
 * `size` is cut down to 2 decimals. The implied price is exactly `price`.
 */
export function limitOrderAmounts(
  side: Side,
  price: Decimal,
  size: Decimal,
  tickSize: TickSize,
  mode: AmountMode = 'venue',
): OrderAmounts {
  checkPrice(price, tickSize);
  checkPositive('size', size);
  const cfg = ROUNDING_CONFIG[tickSize];
  let maker: bigint;
  let taker: bigint;
  if (mode === 'official') {
    const p = officialRound(doubleFromDecimal(price), cfg.price, 'normal');
    const shares = officialRound(doubleFromDecimal(size), cfg.size, 'down');
    const cash = officialFix(dMul(shares, p), cfg.amount);
    [maker, taker] = side === Side.Buy ? [units(cash), units(shares)] : [units(shares), units(cash)];
  } else {
    const shares = roundTo(size, cfg.size, 'down');
    const cash = fix(mul(shares, price, 'up'), cfg.amount);
    [maker, taker] =
      side === Side.Buy ? [toUnits6(cash), toUnits6(shares)] : [toUnits6(shares), toUnits6(cash)];
  }
  return finish(side, maker, taker);
}

/**
 * Amounts of a market order (FOK / FAK) at a worst `price`: BUY spends `amount` pUSD (cut to 2 decimals)
 * for `amount / price` shares, SELL sells `amount` shares (cut to 2 decimals) for `amount × price` pUSD.
 * In `venue` mode a BUY's share amount has at most {@link MARKET_BUY_TAKER_DECIMALS} decimals (rounded
 * down, so the implied price is a hair above `price`, as the official client does).
 */
export function marketOrderAmounts(
  side: Side,
  price: Decimal,
  amount: Decimal,
  tickSize: TickSize,
  mode: AmountMode = 'venue',
): OrderAmounts {
  checkPrice(price, tickSize);
  checkPositive('amount', amount);
  const cfg = ROUNDING_CONFIG[tickSize];
  let maker: bigint;
  let taker: bigint;
  if (mode === 'official') {
    const p = officialRound(doubleFromDecimal(price), cfg.price, 'down');
    const given = officialRound(doubleFromDecimal(amount), cfg.size, 'down');
    const got = officialFix(side === Side.Buy ? dDiv(given, p) : dMul(given, p), cfg.amount);
    maker = units(given);
    taker = units(got);
  } else {
    const given = roundTo(amount, cfg.size, 'down');
    const got =
      side === Side.Buy
        ? fix(div(given, price, 'up'), Math.min(cfg.amount, MARKET_BUY_TAKER_DECIMALS))
        : fix(mul(given, price, 'up'), cfg.amount);
    maker = toUnits6(given);
    taker = toUnits6(got);
  }
  return finish(side, maker, taker);
}

function checkPositive(field: string, value: Decimal): void {
  if (value <= 0n) throw new ValidationError(field, fmt(value), 'must be > 0');
}

function finish(side: Side, makerAmount: bigint, takerAmount: bigint): OrderAmounts {
  if (makerAmount <= 0n) throw new ValidationError('makerAmount', makerAmount, 'rounds to zero');
  if (takerAmount <= 0n) throw new ValidationError('takerAmount', takerAmount, 'rounds to zero');
  return { side: side === Side.Buy ? 'BUY' : 'SELL', makerAmount, takerAmount };
}

/**
 * The client's `Fix` step on an exact value: if it has more than `places` decimals, round it up at
 * `places + 4` (absorbing representation noise), and if still too long, down at `places`. `x` carries
 * an upward-rounded 18th decimal when it was not exact, which the first step absorbs.
 */
function fix(x: Decimal, places: number): Decimal {
  if (placesOf(x) <= places) return x;
  const y = roundTo(x, places + 4, 'up');
  return placesOf(y) <= places ? y : roundTo(y, places, 'down');
}

function toUnits6(x: Decimal): bigint {
  return x / UNIT_DIVISOR; // exact: x has at most 6 decimals here
}

/** The official client's roundNormal / roundDown / roundUp on doubles. */
function officialRound(x: Double, places: number, how: 'normal' | 'down' | 'up'): Double {
  if (decimalPlacesOf(x) <= places) return x;
  const scale = dPow10(places);
  if (how === 'normal') return dDiv(dRound(dMul(dAdd(x, DOUBLE_EPSILON), scale)), scale);
  if (how === 'down') return dDiv(dFloor(dMul(x, scale)), scale);
  return dDiv(dCeil(dMul(x, scale)), scale);
}

function officialFix(x: Double, places: number): Double {
  if (decimalPlacesOf(x) <= places) return x;
  const y = officialRound(x, places + 4, 'up');
  return decimalPlacesOf(y) <= places ? y : officialRound(y, places, 'down');
}

/** `parseUnits(x.toString(), 6)` of the official client: half-up past 6 decimals, no exponent notation. */
function units(x: Double): bigint {
  const { digits, exp } = shortestDecimal(x);
  if (digits !== 0n && exp + digits.toString().length <= -6)
    throw new ValidationError('amount', 'a value below 1e-6', 'cannot be encoded by the official client');
  if (exp >= -6) return digits * 10n ** BigInt(exp + 6);
  const d = 10n ** BigInt(-6 - exp);
  const q = digits / d;
  return 2n * (digits % d) >= d ? q + 1n : q;
}
