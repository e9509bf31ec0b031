/**
 * Exact decimal arithmetic: the one representation of money in ag-exec.
 *
 * A `Decimal` is a bigint holding the value scaled by 10^18 (18 fractional digits, enough for token wei,
 * Binance's 8-decimal steps and Polymarket's 6-decimal amounts). No float ever takes part in arithmetic;
 * JS numbers are accepted only at the boundary and read through their shortest round-trip string.
 * Every operation that can lose digits takes an explicit {@link Rounding}.
 */

/** An exact decimal: a bigint scaled by 10^{@link DECIMAL_SCALE}. Create one with {@link dec}. */
export type Decimal = bigint & { readonly __brand: 'Decimal' };

/** Number of fractional digits every {@link Decimal} carries. */
export const DECIMAL_SCALE = 18;
const SCALE_FACTOR = 10n ** 18n;

/**
 * How to drop digits: `down` toward zero, `up` away from zero, `floor` toward -inf, `ceil` toward +inf,
 * `half-even` to nearest with ties to even (banker's rounding).
 */
export type Rounding = 'down' | 'up' | 'floor' | 'ceil' | 'half-even';

/** 0 */
export const ZERO = 0n as Decimal;
/** 1 */
export const ONE = SCALE_FACTOR as Decimal;

const DECIMAL_RE = /^([+-])?(\d+)?(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Why a value could not be read as a decimal; `undefined` when it could. */
export function decimalProblem(input: unknown): string | undefined {
  const r = parseInternal(input);
  return typeof r === 'string' ? r : undefined;
}

/** 10^0 .. 10^36 as bigints. */
const POW10: readonly bigint[] = Array.from({ length: 37 }, (_, i) => 10n ** BigInt(i));

/**
 * Fast path for the common plain forms (`12`, `-0.55`, `.5`) with at most 15 significant digits: the digits
 * fit a double exactly, so they are accumulated as a number and scaled once. Anything else returns
 * undefined and goes through the general parser.
 */
function parsePlain(text: string): Decimal | undefined {
  const n = text.length;
  if (n === 0 || n > 17) return undefined;
  let i = 0;
  let negative = false;
  if (text.charCodeAt(0) === 45) {
    negative = true;
    i = 1;
  }
  let digits = 0;
  let mantissa = 0;
  let frac = -1;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (frac >= 0) frac++;
    } else if (c === 46 && frac < 0) {
      frac = 0;
    } else {
      return undefined;
    }
  }
  if (digits === 0 || digits > 15) return undefined;
  const places = Math.max(frac, 0);
  const value = BigInt(mantissa) * POW10[DECIMAL_SCALE - places]!;
  return (negative ? -value : value) as Decimal;
}

function parseInternal(input: unknown): Decimal | string {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return 'must be a finite number';
    if (Number.isSafeInteger(input)) return (BigInt(input) * SCALE_FACTOR) as Decimal;
    text = String(input);
    const fast = parsePlain(text);
    if (fast !== undefined) return fast;
  } else if (typeof input === 'string') {
    const fast = parsePlain(input);
    if (fast !== undefined) return fast;
    text = input.trim();
    if (text.length === 0 || text.length > 80) return 'must be a decimal string';
  } else if (typeof input === 'bigint') {
    return (input * SCALE_FACTOR) as Decimal;
  } else {
    return 'must be a number or a decimal string';
  }
  const m = DECIMAL_RE.exec(text);
  if (m === null) return 'must be a decimal number';
  const [, sign, intPart = '', fracPart = '', expPart] = m;
  if (intPart === '' && fracPart === '') return 'must be a decimal number';
  const exp = expPart === undefined ? 0 : Number(expPart);
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > 60) return 'exponent out of range';
  let digits = intPart + fracPart;
  let fracDigits = fracPart.length - exp;
  if (fracDigits < 0) {
    digits += '0'.repeat(-fracDigits);
    fracDigits = 0;
  }
  if (fracDigits > DECIMAL_SCALE) {
    const dropped = digits.slice(digits.length - (fracDigits - DECIMAL_SCALE));
    if (/[^0]/.test(dropped)) return `has more than ${DECIMAL_SCALE} decimal places`;
    digits = digits.slice(0, digits.length - (fracDigits - DECIMAL_SCALE));
    fracDigits = DECIMAL_SCALE;
  }
  let value = BigInt(digits === '' ? '0' : digits) * POW10[DECIMAL_SCALE - fracDigits]!;
  if (sign === '-') value = -value;
  return value as Decimal;
}

/** Reads a decimal exactly, or returns `undefined`. Numbers are read through `String(n)`. */
export function tryDec(input: unknown): Decimal | undefined {
  const r = parseInternal(input);
  return typeof r === 'string' ? undefined : r;
}

/** Reads a decimal exactly; throws a RangeError saying why it cannot. */
export function dec(input: number | string | bigint): Decimal {
  const r = parseInternal(input);
  if (typeof r === 'string') throw new RangeError(`${JSON.stringify(String(input))} ${r}`);
  return r;
}

/** Canonical text: no exponent, no trailing zeros, `-` for negatives, e.g. `"0.55"`, `"12"`, `"-3.1"`. */
export function fmt(d: Decimal): string {
  const neg = d < 0n;
  const abs = neg ? -d : d;
  const int = abs / SCALE_FACTOR;
  const frac = abs % SCALE_FACTOR;
  let s = int.toString();
  if (frac !== 0n) s += `.${frac.toString().padStart(DECIMAL_SCALE, '0').replace(/0+$/, '')}`;
  return neg ? `-${s}` : s;
}

/** Fixed number of decimals (rounded as asked), for display and for venue wire strings. */
export function toFixed(d: Decimal, places: number, rounding: Rounding = 'half-even'): string {
  const q = roundTo(d, places, rounding);
  const neg = q < 0n;
  const abs = neg ? -q : q;
  const int = abs / SCALE_FACTOR;
  const frac = (abs % SCALE_FACTOR).toString().padStart(DECIMAL_SCALE, '0').slice(0, places);
  const s = places > 0 ? `${int}.${frac}` : `${int}`;
  return neg ? `-${s}` : s;
}

/** Approximate JS number, for display and statistics only; never feed it back into money. */
export function toNumber(d: Decimal): number {
  return Number(fmt(d));
}

/** Divides integers with an explicit rounding direction (the core of every lossy step). */
export function divRound(n: bigint, d: bigint, rounding: Rounding): bigint {
  if (d === 0n) throw new RangeError('division by zero');
  const q = n / d;
  const r = n % d;
  if (r === 0n) return q;
  const positive = n < 0n === d < 0n;
  switch (rounding) {
    case 'down':
      return q;
    case 'up':
      return positive ? q + 1n : q - 1n;
    case 'floor':
      return positive ? q : q - 1n;
    case 'ceil':
      return positive ? q + 1n : q;
    case 'half-even': {
      const twice = 2n * (r < 0n ? -r : r);
      const absD = d < 0n ? -d : d;
      const away = positive ? q + 1n : q - 1n;
      if (twice > absD) return away;
      if (twice < absD) return q;
      return q % 2n === 0n ? q : away;
    }
  }
}

/** a + b */
export function add(a: Decimal, b: Decimal): Decimal {
  return (a + b) as Decimal;
}
/** a - b */
export function sub(a: Decimal, b: Decimal): Decimal {
  return (a - b) as Decimal;
}
/** -a */
export function neg(a: Decimal): Decimal {
  return -a as Decimal;
}
/** |a| */
export function abs(a: Decimal): Decimal {
  return (a < 0n ? -a : a) as Decimal;
}
/** The smaller of a and b (decimals, or plain bigint amounts such as token units and wei). */
export function min<T extends bigint>(a: T, b: T): T {
  return a < b ? a : b;
}
/** The larger of a and b. */
export function max<T extends bigint>(a: T, b: T): T {
  return a > b ? a : b;
}
/** -1, 0 or 1 */
export function cmp(a: Decimal, b: Decimal): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** a × b, rounded to 18 places as asked. */
export function mul(a: Decimal, b: Decimal, rounding: Rounding): Decimal {
  return divRound(a * b, SCALE_FACTOR, rounding) as Decimal;
}

/** a × n for an integer n (exact). */
export function mulInt(a: Decimal, n: bigint | number): Decimal {
  return (a * BigInt(n)) as Decimal;
}

/** a ÷ b, rounded to 18 places as asked. */
export function div(a: Decimal, b: Decimal, rounding: Rounding): Decimal {
  return divRound(a * SCALE_FACTOR, b, rounding) as Decimal;
}

/** Rounds to a number of decimal places (0..18). */
export function roundTo(a: Decimal, places: number, rounding: Rounding): Decimal {
  if (places >= DECIMAL_SCALE) return a;
  const unit = POW10[DECIMAL_SCALE - places]!;
  return (divRound(a, unit, rounding) * unit) as Decimal;
}

/** Rounds to a multiple of `step` (a tick or lot size > 0). */
export function quantize(a: Decimal, step: Decimal, rounding: Rounding): Decimal {
  if (step <= 0n) throw new RangeError('step must be positive');
  return (divRound(a, step, rounding) * step) as Decimal;
}

/** True when `a` is an exact multiple of `step`. */
export function isMultipleOf(a: Decimal, step: Decimal): boolean {
  return step > 0n && a % step === 0n;
}

/** Number of decimal places needed to write `a` exactly (0..18). */
export function placesOf(a: Decimal): number {
  let frac = (a < 0n ? -a : a) % SCALE_FACTOR;
  if (frac === 0n) return 0;
  let places = DECIMAL_SCALE;
  while (frac % 10n === 0n) {
    frac /= 10n;
    places--;
  }
  return places;
}

/**
 * Converts to integer venue units with `decimals` places (6 for USDC, 18 for wei), rounding as asked.
 * `toUnits(dec('1.5'), 6, 'down') === 1_500_000n`.
 */
export function toUnits(a: Decimal, decimals: number, rounding: Rounding): bigint {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 36)
    throw new RangeError('decimals must be 0..36');
  if (decimals >= DECIMAL_SCALE) return a * POW10[decimals - DECIMAL_SCALE]!;
  return divRound(a, POW10[DECIMAL_SCALE - decimals]!, rounding);
}

/**
 * Reads integer venue units with `decimals` places. Exact for decimals <= 18; beyond that the extra
 * digits are rounded as asked.
 */
export function fromUnits(units: bigint, decimals: number, rounding: Rounding = 'down'): Decimal {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 36)
    throw new RangeError('decimals must be 0..36');
  if (decimals <= DECIMAL_SCALE) return (units * POW10[DECIMAL_SCALE - decimals]!) as Decimal;
  return divRound(units, POW10[decimals - DECIMAL_SCALE]!, rounding) as Decimal;
}

/** Type guard-free cast for values already known to be scaled by 10^18 (e.g. read back from storage). */
export function fromScaled(raw: bigint): Decimal {
  return raw as Decimal;
}

/** Largest integer r with r × r <= n (Newton's method on bigint; pool prices are square roots). */
export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new RangeError(`isqrt: n must be non-negative, got ${n}`);
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}
