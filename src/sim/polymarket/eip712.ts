/**
 * Polymarket CLOB V2 signature checks, written independently of the adapter's signing code: the order
 * and ClobAuth EIP-712 definitions, order digests (= order ids) and signer recovery (viem), and the L2
 * HMAC (node:crypto).
 */
import { createHmac } from 'node:crypto';
import { type Hex, hashStruct, hashTypedData, recoverAddress, recoverTypedDataAddress, zeroHash } from 'viem';

/** Polymarket CTF exchange V2 (Polygon 137 and Amoy 80002). */
export const EXCHANGE_V2 = '0xE111180000d2663C0091e4f400237545B87B996B';
/** Neg-risk CTF exchange V2 (Polygon 137 and Amoy 80002). */
export const NEG_RISK_EXCHANGE_V2 = '0xe2222d279d744050d28e00520010520000310F59';
/** pUSD collateral token. */
export const PUSD_COLLATERAL = '0xC011a7E12a19f7B1f670d46F03B03f3342E82DFB';
/** The fixed text signed by L1 (ClobAuth) requests. */
export const CLOB_AUTH_MESSAGE = 'This message attests that I control the given wallet';

const ORDER_TYPES = {
  Order: [
    { name: 'salt', type: 'uint256' },
    { name: 'maker', type: 'address' },
    { name: 'signer', type: 'address' },
    { name: 'tokenId', type: 'uint256' },
    { name: 'makerAmount', type: 'uint256' },
    { name: 'takerAmount', type: 'uint256' },
    { name: 'side', type: 'uint8' },
    { name: 'signatureType', type: 'uint8' },
    { name: 'timestamp', type: 'uint256' },
    { name: 'metadata', type: 'bytes32' },
    { name: 'builder', type: 'bytes32' },
  ],
} as const;

const AUTH_TYPES = {
  ClobAuth: [
    { name: 'address', type: 'address' },
    { name: 'timestamp', type: 'string' },
    { name: 'nonce', type: 'uint256' },
    { name: 'message', type: 'string' },
  ],
} as const;

/** The signed fields of a V2 order, already parsed. */
export interface SignedOrderFields {
  readonly salt: bigint;
  readonly maker: Hex;
  readonly signer: Hex;
  readonly tokenId: bigint;
  readonly makerAmount: bigint;
  readonly takerAmount: bigint;
  /** 0 BUY, 1 SELL. */
  readonly side: 0 | 1;
  readonly signatureType: number;
  readonly timestamp: bigint;
  readonly metadata: Hex;
  readonly builder: Hex;
}

/** The EIP-712 digest of an order (its Polymarket order id), for the exchange the market trades on. */
export function orderDigest(order: SignedOrderFields, chainId: number, negRisk: boolean): Hex {
  return hashTypedData({
    domain: exchangeDomain(chainId, negRisk),
    types: ORDER_TYPES,
    primaryType: 'Order',
    message: order,
  });
}

/** The domain of the exchange a market's orders are signed for. */
function exchangeDomain(chainId: number, negRisk: boolean) {
  return {
    name: 'Polymarket CTF Exchange',
    version: '2',
    chainId,
    verifyingContract: negRisk ? NEG_RISK_EXCHANGE_V2 : EXCHANGE_V2,
  } as const;
}

/** The canonical EIP-712 type string of an Order (what a POLY_1271 signature carries). */
const ORDER_TYPE_STRING = `Order(${ORDER_TYPES.Order.map((f) => `${f.type} ${f.name}`).join(',')})`;

/**
 * The signer behind a POLY_1271 (deposit wallet) signature, or undefined when the envelope is malformed:
 * 317 bytes = the owner's 65-byte ECDSA signature over the ERC-7739 `TypedDataSign` digest (contents =
 * the order, name `DepositWallet`, version `1`, verifyingContract = the wallet, salt 0, in the exchange
 * domain) ‖ the exchange domain separator ‖ the order struct hash ‖ the Order type string ‖ its length
 * (uint16). Every embedded part must equal what this order and market give.
 */
export async function recoverDepositWalletOwner(
  order: SignedOrderFields,
  chainId: number,
  negRisk: boolean,
  signature: Hex,
): Promise<Hex | undefined> {
  const typeHex = Buffer.from(ORDER_TYPE_STRING, 'utf8').toString('hex');
  const sigHex = signature.slice(2).toLowerCase();
  if (sigHex.length !== 2 * (65 + 32 + 32 + ORDER_TYPE_STRING.length + 2)) return undefined;
  const domain = exchangeDomain(chainId, negRisk);
  const separator = hashStruct({
    data: { ...domain, chainId: BigInt(chainId) },
    primaryType: 'EIP712Domain',
    types: {
      EIP712Domain: [
        { name: 'name', type: 'string' },
        { name: 'version', type: 'string' },
        { name: 'chainId', type: 'uint256' },
        { name: 'verifyingContract', type: 'address' },
      ],
    },
  });
  const structHash = hashStruct({ data: order, primaryType: 'Order', types: ORDER_TYPES });
  const expectedTail =
    separator.slice(2) +
    structHash.slice(2) +
    typeHex +
    ORDER_TYPE_STRING.length.toString(16).padStart(4, '0');
  if (sigHex.slice(130) !== expectedTail.toLowerCase()) return undefined;
  const digest = hashTypedData({
    domain,
    types: {
      TypedDataSign: [
        { name: 'contents', type: 'Order' },
        { name: 'name', type: 'string' },
        { name: 'version', type: 'string' },
        { name: 'chainId', type: 'uint256' },
        { name: 'verifyingContract', type: 'address' },
        { name: 'salt', type: 'bytes32' },
      ],
      ...ORDER_TYPES,
    },
    primaryType: 'TypedDataSign',
    message: {
      contents: order,
      name: 'DepositWallet',
      version: '1',
      chainId: BigInt(chainId),
      verifyingContract: order.maker,
      salt: zeroHash,
    },
  });
  return recoverDigestSigner(digest, `0x${sigHex.slice(0, 130)}`);
}

const SECP256K1_HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

/**
 * True for the signature shape the venue takes: exactly 65 bytes r||s||v with v 27 or 28 and a low s
 * (EIP-2). Recovery libraries also accept v 0/1 and high s; the venue does not.
 */
export function isCanonicalSignature(signature: string): boolean {
  if (!/^0x[0-9a-fA-F]{130}$/.test(signature)) return false;
  const v = signature.slice(130, 132).toLowerCase();
  if (v !== '1b' && v !== '1c') return false;
  return BigInt(`0x${signature.slice(66, 130)}`) <= SECP256K1_HALF_N;
}

/** The address that signed `digest`, or undefined when the signature is malformed or not canonical. */
export async function recoverDigestSigner(digest: Hex, signature: Hex): Promise<Hex | undefined> {
  if (!isCanonicalSignature(signature)) return undefined;
  try {
    return await recoverAddress({ hash: digest, signature });
  } catch {
    return undefined;
  }
}

/** The address that signed a ClobAuth (L1) message, or undefined when the signature is malformed or not canonical. */
export async function recoverAuthSigner(
  address: Hex,
  timestamp: string,
  nonce: bigint,
  chainId: number,
  signature: Hex,
): Promise<Hex | undefined> {
  if (!isCanonicalSignature(signature)) return undefined;
  try {
    return await recoverTypedDataAddress({
      domain: { name: 'ClobAuthDomain', version: '1', chainId },
      types: AUTH_TYPES,
      primaryType: 'ClobAuth',
      message: { address, timestamp, nonce, message: CLOB_AUTH_MESSAGE },
      signature,
    });
  } catch {
    return undefined;
  }
}

/**
 * The L2 signature: HMAC-SHA256 keyed by the url-safe base64 secret over `timestamp + METHOD + path + body`,
 * as url-safe base64 with the '=' padding kept.
 */
export function l2Signature(
  secret: string,
  timestamp: string,
  method: string,
  path: string,
  body: string,
): string {
  const key = Buffer.from(secret.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return createHmac('sha256', key)
    .update(timestamp + method + path + body)
    .digest('base64')
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}
