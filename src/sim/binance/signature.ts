/**
 * HMAC-SHA256 request signatures as the venue checks them (reference §2), on node:crypto, independent
 * of any client's signing code. REST: the raw query minus its `signature` pair, immediately followed by
 * the raw body minus its `signature` pair, both exactly as sent (percent-encoded, never re-ordered).
 * WebSocket API: every parameter but `signature`, sorted by name, `k=v` joined by `&`, raw UTF-8.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** `raw` with every `signature=...` pair removed, nothing decoded or re-ordered. */
export function stripSignature(raw: string): string {
  if (raw === '') return raw;
  return raw
    .split('&')
    .filter((p) => p.slice(0, p.indexOf('=') < 0 ? p.length : p.indexOf('=')) !== 'signature')
    .join('&');
}

/** The signed payload of a REST request: stripped query + stripped body, no separator. */
export function restPayload(rawQuery: string, rawBody: string): string {
  return stripSignature(rawQuery) + stripSignature(rawBody);
}

/** The signed payload of a WebSocket API request: params but `signature`, sorted, raw values. */
export function wsPayload(params: Readonly<Record<string, unknown>>): string {
  return Object.keys(params)
    .filter((k) => k !== 'signature')
    .sort()
    .map((k) => {
      const v = params[k];
      return `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`;
    })
    .join('&');
}

/** Lowercase hex HMAC-SHA256 of `payload` (UTF-8) under `secret`. */
export function hmacHex(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload, 'utf8').digest('hex');
}

/** True when `signature` (hex, any case) is the HMAC of `payload` under `secret`. */
export function signatureMatches(secret: string, payload: string, signature: string): boolean {
  if (!/^[0-9a-fA-F]{64}$/.test(signature)) return false;
  const want = Buffer.from(hmacHex(secret, payload), 'hex');
  return timingSafeEqual(want, Buffer.from(signature, 'hex'));
}
