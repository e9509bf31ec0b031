/**
 * Our OrderId <-> Binance `newClientOrderId` (`^[a-zA-Z0-9-_]{1,36}$`). The mapping is deterministic:
 *
 * - an id of 1..31 letters and digits is sent as is (the engine's ids are at most 32 letters and digits,
 *   its default ones 24);
 * - any other id (longer, or with `-`, `_` or other characters) is sent as `_` + the first 30 hex digits
 *   of its SHA-256; the adapter remembers the id it hashed so it can map the venue's answers back;
 * - the n-th replacement of an order by `cancelReplace` (n >= 1) is sent as `<base>-<n in base 36>`.
 *
 * A plain id never holds `-` or `_`, a hashed one never `-`, so a wire id splits back unambiguously into
 * (base, replacement number); the base of a plain id is the OrderId itself.
 */
import { createHash } from 'node:crypto';
import { asOrderId, type OrderId } from '../../domain/index.ts';

/** The venue's client order id pattern. */
export const CLIENT_ID_RE = /^[a-zA-Z0-9-_]{1,36}$/;
const PLAIN_RE = /^[a-zA-Z0-9]{1,31}$/;
/** Highest replacement number that still fits in 36 characters with any base. */
export const MAX_REPLACEMENTS = 36 ** 4 - 1;

/** The wire base of an OrderId (before any replacement suffix). */
export function baseClientId(orderId: string): string {
  if (PLAIN_RE.test(orderId)) return orderId;
  return `_${createHash('sha256').update(orderId).digest('hex').slice(0, 30)}`;
}

/** The wire client id of an order's `n`-th replacement (`n = 0`: the original order). */
export function clientIdOf(orderId: string, n = 0): string {
  const base = baseClientId(orderId);
  if (n === 0) return base;
  if (!Number.isInteger(n) || n < 0 || n > MAX_REPLACEMENTS)
    throw new RangeError('replacement number out of range');
  return `${base}-${n.toString(36)}`;
}

/** Splits a wire client id into its base and replacement number; undefined when it is not one of ours. */
export function parseClientId(wire: string): { base: string; n: number } | undefined {
  const dash = wire.indexOf('-');
  const base = dash < 0 ? wire : wire.slice(0, dash);
  const n = dash < 0 ? 0 : Number.parseInt(wire.slice(dash + 1), 36);
  if (!Number.isFinite(n) || n < 0) return undefined;
  if (dash >= 0 && n.toString(36) !== wire.slice(dash + 1)) return undefined;
  if (PLAIN_RE.test(base) || /^_[0-9a-f]{30}$/.test(base)) return { base, n };
  return undefined;
}

/** Remembers hashed ids so that wire ids map back to OrderIds. */
export class ClientIdBook {
  readonly #hashed = new Map<string, OrderId>();

  /** The wire id of an order's `n`-th replacement, remembering a hashed base. */
  wire(orderId: OrderId, n = 0): string {
    const base = baseClientId(orderId);
    if (base !== orderId) this.#hashed.set(base, orderId);
    return clientIdOf(orderId, n);
  }

  /** The OrderId and replacement number of a wire id; undefined when it is not ours (or an unknown hash). */
  ours(wire: string): { orderId: OrderId; n: number } | undefined {
    const p = parseClientId(wire);
    if (p === undefined) return undefined;
    if (p.base.startsWith('_')) {
      const id = this.#hashed.get(p.base);
      return id === undefined ? undefined : { orderId: id, n: p.n };
    }
    return { orderId: asOrderId(p.base), n: p.n };
  }

  /** Forgets a hashed id (the order is done). */
  forget(orderId: OrderId): void {
    const base = baseClientId(orderId);
    if (base !== orderId) this.#hashed.delete(base);
  }
}
