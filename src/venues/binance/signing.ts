/**
 * Binance request signing (reference §2): RFC 3986 encoding of parameters in the order given, HMAC-SHA256
 * (hex) over the exact query + body text sent, and the WebSocket API payload (parameters sorted by name,
 * raw UTF-8 values). Node's crypto only; the secret never leaves this module's callers.
 */
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';

/** Parameters of one request, in wire order. Values are already venue text (decimals, enums, ids). */
export type WireParams = ReadonlyArray<readonly [string, string]>;

/** RFC 3986 percent-encoding (space `%20`, `/` `%2F`, `+` `%2B`, `!'()*` encoded). */
export function encodeRfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `k=v&k=v` with RFC 3986 encoding, in the order given. */
export function encodeParams(params: WireParams): string {
  let out = '';
  for (const [k, v] of params) {
    if (out !== '') out += '&';
    out += `${encodeRfc3986(k)}=${encodeRfc3986(v)}`;
  }
  return out;
}

/** A secret prepared once for many HMACs (kept out of printable objects). */
export function hmacKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}

/** HMAC-SHA256 of `payload` with `secret`, lower-case hex. */
export function hmacSha256Hex(secret: string | KeyObject, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

/**
 * The REST signature: HMAC over the raw query text immediately followed by the raw body text (both as
 * sent, percent-encoded, without the `signature` pair; no separator).
 */
export function signRest(secret: string | KeyObject, query: string, body = ''): string {
  return hmacSha256Hex(secret, `${query}${body}`);
}

/** The WebSocket API payload: every parameter but `signature`, sorted by name, `k=v` joined by `&`, raw values. */
export function wsPayload(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .filter((k) => k !== 'signature')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
}

/** Signs WebSocket API parameters (HMAC hex over {@link wsPayload}). */
export function signWs(secret: string, params: Readonly<Record<string, string>>): string {
  return hmacSha256Hex(secret, wsPayload(params));
}
