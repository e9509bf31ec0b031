/**
 * L1 (ClobAuth EIP-712 signature over address, timestamp, nonce) and L2 (API key, passphrase and an HMAC
 * of `timestamp + METHOD + path + body`) checks of incoming requests. Headers are matched
 * case-insensitively (node lowercases them); timestamps must sit within a configurable window.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { type Hex, isAddress } from 'viem';
import { l2Signature, recoverAuthSigner } from './eip712.ts';
import type { ApiKeyRecord, SimState } from './sim-state.ts';

/** The reply text of every L2 failure (401). */
export const L2_ERROR = 'Unauthorized/Invalid api key';
/** The reply text of every L1 failure (401). */
export const L1_ERROR = 'Invalid L1 Request headers';

function header(h: IncomingHttpHeaders, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

function inWindow(timestamp: string | undefined, nowMs: number, windowS: number): boolean {
  if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(Number(timestamp) - nowMs / 1000) <= windowS;
}

/** Verifies L1 headers; the proven address and nonce, or undefined. */
export async function verifyL1(
  h: IncomingHttpHeaders,
  chainId: number,
  nowMs: number,
  windowS: number,
): Promise<{ address: Hex; nonce: bigint } | undefined> {
  const address = header(h, 'poly_address');
  const signature = header(h, 'poly_signature');
  const timestamp = header(h, 'poly_timestamp');
  const nonceText = header(h, 'poly_nonce') ?? '0';
  if (address === undefined || !isAddress(address, { strict: false })) return undefined;
  if (signature === undefined || !/^0x[0-9a-fA-F]{130}$/.test(signature)) return undefined;
  if (!/^\d{1,78}$/.test(nonceText) || !inWindow(timestamp, nowMs, windowS)) return undefined;
  const nonce = BigInt(nonceText);
  const signer = await recoverAuthSigner(address, timestamp as string, nonce, chainId, signature as Hex);
  if (signer === undefined || signer.toLowerCase() !== address.toLowerCase()) return undefined;
  return { address: signer, nonce };
}

/** Verifies L2 headers against the raw body; the API key, or undefined. `path` excludes the query. */
export function verifyL2(
  h: IncomingHttpHeaders,
  state: SimState,
  method: string,
  path: string,
  rawBody: string,
  nowMs: number,
  windowS: number,
): ApiKeyRecord | undefined {
  const apiKey = header(h, 'poly_api_key');
  const rec = apiKey === undefined ? undefined : state.keys.get(apiKey);
  if (rec === undefined) return undefined;
  if (header(h, 'poly_passphrase') !== rec.passphrase) return undefined;
  if (header(h, 'poly_address')?.toLowerCase() !== rec.address.toLowerCase()) return undefined;
  const timestamp = header(h, 'poly_timestamp');
  if (!inWindow(timestamp, nowMs, windowS)) return undefined;
  const given = header(h, 'poly_signature');
  if (given === undefined) return undefined;
  const expected = l2Signature(rec.secret, timestamp as string, method, path, rawBody);
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b) ? rec : undefined;
}
