/**
 * Parsing of the `POST /order` envelope: `{deferExec, postOnly, order:{...}, owner, orderType}`. Tells a
 * V1-shaped order (taker / nonce / feeRateBps, no timestamp / metadata / builder) from a malformed one.
 */
import { getAddress, type Hex, isAddress } from 'viem';
import type { SignedOrderFields } from './eip712.ts';

/** Polymarket order types. FOK / FAK are the marketable ones. */
export type PolyOrderType = 'GTC' | 'GTD' | 'FOK' | 'FAK';

/** A well-formed V2 order envelope. */
export interface ParsedEnvelope {
  readonly fields: SignedOrderFields;
  readonly signature: Hex;
  /** Unix seconds; 0 = none. Not signed. */
  readonly expiration: number;
  readonly owner: string;
  readonly orderType: PolyOrderType;
  readonly postOnly: boolean;
  readonly deferExec: boolean;
}

/** Outcome of parsing: the envelope, or why it is refused (`version` = a V1-shaped order). */
export type ParseResult = { ok: true; value: ParsedEnvelope } | { ok: false; kind: 'version' | 'payload' };

const UINT = /^\d{1,78}$/;
const BYTES32 = /^0x[0-9a-fA-F]{64}$/;
const SIGNATURE = /^0x(?:[0-9a-fA-F]{2}){65,}$/;
const ORDER_TYPES: ReadonlySet<string> = new Set(['GTC', 'GTD', 'FOK', 'FAK']);
const V1_ONLY = ['taker', 'nonce', 'feeRateBps'];
const V2_ONLY = ['timestamp', 'metadata', 'builder'];

function uint(v: unknown): bigint | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? BigInt(v) : undefined;
  if (typeof v === 'string' && UINT.test(v)) {
    const b = BigInt(v);
    return b < 1n << 256n ? b : undefined;
  }
  return undefined;
}

function address(v: unknown): Hex | undefined {
  return typeof v === 'string' && isAddress(v, { strict: false }) ? getAddress(v) : undefined;
}

function bytes32(v: unknown): Hex | undefined {
  return typeof v === 'string' && BYTES32.test(v) ? (v.toLowerCase() as Hex) : undefined;
}

/** Parses one envelope (already JSON-decoded). */
export function parseEnvelope(body: unknown): ParseResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, kind: 'payload' };
  const env = body as Record<string, unknown>;
  const o = env.order;
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return { ok: false, kind: 'payload' };
  const order = o as Record<string, unknown>;
  if (V1_ONLY.some((k) => k in order) || V2_ONLY.some((k) => !(k in order)))
    return { ok: false, kind: 'version' };
  const salt = uint(order.salt);
  const maker = address(order.maker);
  const signer = address(order.signer);
  const tokenId = uint(order.tokenId);
  const makerAmount = uint(order.makerAmount);
  const takerAmount = uint(order.takerAmount);
  const side = order.side === 'BUY' ? 0 : order.side === 'SELL' ? 1 : undefined;
  const signatureType = order.signatureType;
  const timestamp = uint(order.timestamp);
  const expiration = uint(order.expiration ?? '0');
  const metadata = bytes32(order.metadata);
  const builder = bytes32(order.builder);
  const signature = order.signature;
  const orderType = env.orderType ?? 'GTC';
  const postOnly = env.postOnly ?? false;
  const deferExec = env.deferExec ?? false;
  if (
    salt === undefined ||
    maker === undefined ||
    signer === undefined ||
    tokenId === undefined ||
    makerAmount === undefined ||
    takerAmount === undefined ||
    side === undefined ||
    typeof signatureType !== 'number' ||
    !Number.isInteger(signatureType) ||
    signatureType < 0 ||
    signatureType > 3 ||
    timestamp === undefined ||
    expiration === undefined ||
    expiration > BigInt(Number.MAX_SAFE_INTEGER) ||
    metadata === undefined ||
    builder === undefined ||
    typeof signature !== 'string' ||
    !SIGNATURE.test(signature) ||
    typeof env.owner !== 'string' ||
    typeof orderType !== 'string' ||
    !ORDER_TYPES.has(orderType) ||
    typeof postOnly !== 'boolean' ||
    typeof deferExec !== 'boolean'
  ) {
    return { ok: false, kind: 'payload' };
  }
  return {
    ok: true,
    value: {
      fields: {
        salt,
        maker,
        signer,
        tokenId,
        makerAmount,
        takerAmount,
        side,
        signatureType,
        timestamp,
        metadata,
        builder,
      },
      signature: signature as Hex,
      expiration: Number(expiration),
      owner: env.owner,
      orderType: orderType as PolyOrderType,
      postOnly,
      deferExec,
    },
  };
}
