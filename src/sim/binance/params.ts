/**
 * Request parameters as Binance reads them: the raw query and the raw form body split into `k=v` pairs
 * and percent-decoded (`+` is a space), the query winning on a duplicate key; plus typed readers that
 * refuse with the venue's codes (-1100 illegal characters, -1102 mandatory, -1111 precision).
 */
import { type Decimal, dec } from '../../domain/index.ts';
import { BinanceApiError, illegal, mandatory } from './errors.ts';

/** Decimal text accepted for prices and quantities. */
export const DECIMAL_RANGE = '^([0-9]{1,20})(\\.[0-9]{1,20})?$';
const DECIMAL_RE = /^([0-9]{1,20})(\.[0-9]{1,20})?$/;
/** Legal client order ids. */
export const CLIENT_ID_RANGE = '^[a-zA-Z0-9-_]{1,36}$';
const CLIENT_ID_RE = /^[a-zA-Z0-9-_]{1,36}$/;
const ORDER_ID_RE = /^[0-9]{1,20}$/;

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** The decoded `k=v` pairs of a raw query or form body, in wire order. */
export function parsePairs(raw: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (raw === '') return out;
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    out.push(eq < 0 ? [decode(part), ''] : [decode(part.slice(0, eq)), decode(part.slice(eq + 1))]);
  }
  return out;
}

/** Typed access to the merged parameters of one request. */
export class Params {
  private readonly map = new Map<string, string>();

  constructor(rawQuery: string, rawBody: string) {
    for (const [k, v] of parsePairs(rawQuery)) if (!this.map.has(k)) this.map.set(k, v);
    for (const [k, v] of parsePairs(rawBody)) if (!this.map.has(k)) this.map.set(k, v);
  }

  /** Builds from already decoded values (the WebSocket API). */
  static of(values: Record<string, unknown>): Params {
    const p = new Params('', '');
    for (const [k, v] of Object.entries(values)) {
      if (v !== undefined && v !== null) p.map.set(k, typeof v === 'string' ? v : JSON.stringify(v));
    }
    return p;
  }

  /** True when the parameter was sent (even empty). */
  has(name: string): boolean {
    return this.map.has(name);
  }

  /** The value, or undefined when absent or empty. */
  get(name: string): string | undefined {
    const v = this.map.get(name);
    return v === '' ? undefined : v;
  }

  /** The value; -1102 when absent or empty. */
  need(name: string): string {
    const v = this.get(name);
    if (v === undefined) throw mandatory(name);
    return v;
  }

  /** One of `allowed`; -1102 when absent (if required), -1100 otherwise. */
  oneOf<T extends string>(name: string, allowed: readonly T[], required: true): T;
  oneOf<T extends string>(name: string, allowed: readonly T[], required: false): T | undefined;
  oneOf<T extends string>(name: string, allowed: readonly T[], required: boolean): T | undefined {
    const v = required ? this.need(name) : this.get(name);
    if (v === undefined) return undefined;
    if (!allowed.includes(v as T)) throw illegal(name, allowed.join(', '));
    return v as T;
  }

  /** A decimal price / quantity with at most `places` decimals (-1100 format, -1111 precision). */
  decimal(name: string, places = 8): Decimal | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    if (!DECIMAL_RE.test(v)) throw illegal(name, DECIMAL_RANGE);
    const frac = (v.split('.')[1] ?? '').replace(/0+$/, '');
    if (frac.length > places) {
      throw new BinanceApiError(400, -1111, `Parameter '${name}' has too much precision.`);
    }
    return dec(v);
  }

  /** An integer (order id, trade id, time, limit); -1100 when not digits. */
  int(name: string): number | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    if (!ORDER_ID_RE.test(v)) throw illegal(name, '^[0-9]{1,20}$');
    return Number(v);
  }

  /** A client order id (-1100 when outside `^[a-zA-Z0-9-_]{1,36}$`). */
  clientId(name: string): string | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    if (!CLIENT_ID_RE.test(v)) throw illegal(name, CLIENT_ID_RANGE);
    return v;
  }
}
