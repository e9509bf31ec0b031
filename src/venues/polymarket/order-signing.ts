/**
 * Polymarket CLOB V2 orders: the EIP-712 `Order` struct, its hash, the exchange domain separators
 * (standard and neg-risk exchange, Polygon 137 and Amoy 80002), the order id (the EIP-712 digest), the
 * signature for every signature type (EOA, POLY_PROXY, POLY_GNOSIS_SAFE, POLY_1271), and the JSON order
 * and `POST /order` envelope with the keys in the official client's order. Domain separators and type
 * hashes are computed once; signing reuses preallocated buffers.
 */

import type { Decimal, Side } from '../../domain/index.ts';
import { ValidationError } from '../../errors/index.ts';
import { keccak256 } from './crypto-backend.ts';
import type { EcdsaSigner } from './ecdsa-signer.ts';
import {
  checksumAddress,
  fromHex,
  isAddress,
  keccakText,
  toHex,
  word,
  writeSmallWord,
  writeWord,
} from './hex.ts';
import { type AmountMode, limitOrderAmounts, marketOrderAmounts, type TickSize } from './order-amounts.ts';

/** Chain ids the exchange contracts exist on: Polygon mainnet and the Amoy testnet. */
export const POLYGON_CHAIN_ID = 137;
/** Polygon Amoy testnet chain id. */
export const AMOY_CHAIN_ID = 80002;
/** A supported chain id. */
export type PolymarketChainId = typeof POLYGON_CHAIN_ID | typeof AMOY_CHAIN_ID;

/** CTF exchange V2 (same address on 137 and 80002). */
export const EXCHANGE_V2_ADDRESS = '0xE111180000d2663C0091e4f400237545B87B996B';
/** Neg-risk CTF exchange V2 (same address on 137 and 80002). */
export const NEG_RISK_EXCHANGE_V2_ADDRESS = '0xe2222d279d744050d28e00520010520000310F59';

/** Who signs and who holds the funds (reference §4). */
export const SignatureType = { EOA: 0, POLY_PROXY: 1, POLY_GNOSIS_SAFE: 2, POLY_1271: 3 } as const;
/** 0 EOA, 1 POLY_PROXY, 2 POLY_GNOSIS_SAFE, 3 POLY_1271. */
export type SignatureType = (typeof SignatureType)[keyof typeof SignatureType];

/** The EIP-712 type string of a V2 order (field order is normative). */
export const ORDER_TYPE_STRING =
  'Order(uint256 salt,address maker,address signer,uint256 tokenId,uint256 makerAmount,uint256 takerAmount,uint8 side,uint8 signatureType,uint256 timestamp,bytes32 metadata,bytes32 builder)';
/** keccak256 of {@link ORDER_TYPE_STRING}. */
export const ORDER_TYPEHASH: Uint8Array = keccakText(ORDER_TYPE_STRING);
const DOMAIN_TYPEHASH = keccakText(
  'EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)',
);
/** EIP-712 domain name of the exchange. */
export const EXCHANGE_DOMAIN_NAME = 'Polymarket CTF Exchange';
/** EIP-712 domain version of the V2 exchange. */
export const EXCHANGE_DOMAIN_VERSION = '2';
const TYPED_DATA_SIGN_TYPEHASH = keccakText(
  `TypedDataSign(Order contents,string name,string version,uint256 chainId,address verifyingContract,bytes32 salt)${ORDER_TYPE_STRING}`,
);
const DEPOSIT_WALLET_NAME_HASH = keccakText('DepositWallet');
const DEPOSIT_WALLET_VERSION_HASH = keccakText('1');
const ORDER_TYPE_HEX = toHex(new TextEncoder().encode(ORDER_TYPE_STRING)).slice(2);
const ORDER_TYPE_LENGTH_HEX = ORDER_TYPE_STRING.length.toString(16).padStart(4, '0');

/** A 32-byte zero value, the default `metadata` and `builder`. */
export const BYTES32_ZERO = `0x${'0'.repeat(64)}`;

function domainSeparatorOf(chainId: number, verifyingContract: string): Uint8Array {
  const buf = new Uint8Array(160);
  buf.set(DOMAIN_TYPEHASH, 0);
  buf.set(keccakText(EXCHANGE_DOMAIN_NAME), 32);
  buf.set(keccakText(EXCHANGE_DOMAIN_VERSION), 64);
  writeWord(buf, 96, BigInt(chainId));
  buf.set(fromHex(verifyingContract), 140);
  return keccak256(buf);
}

const SEPARATORS = new Map<string, Uint8Array>();
for (const chain of [POLYGON_CHAIN_ID, AMOY_CHAIN_ID])
  for (const negRisk of [false, true])
    SEPARATORS.set(
      `${chain}:${negRisk}`,
      domainSeparatorOf(chain, negRisk ? NEG_RISK_EXCHANGE_V2_ADDRESS : EXCHANGE_V2_ADDRESS),
    );

/** Throws a ValidationError for a chain id other than 137 or 80002. */
export function checkChainId(chainId: number): asserts chainId is PolymarketChainId {
  if (chainId !== POLYGON_CHAIN_ID && chainId !== AMOY_CHAIN_ID)
    throw new ValidationError('chainId', chainId, 'must be 137 (Polygon) or 80002 (Amoy)');
}

/** The exchange address orders of a market are signed for. */
export function exchangeAddress(negRisk: boolean): string {
  return negRisk ? NEG_RISK_EXCHANGE_V2_ADDRESS : EXCHANGE_V2_ADDRESS;
}

/** The exchange's EIP-712 domain separator (precomputed) for a chain and a market kind. */
export function orderDomainSeparator(chainId: number, negRisk: boolean): Uint8Array {
  checkChainId(chainId);
  return SEPARATORS.get(`${chainId}:${negRisk}`)!;
}

/** The signed fields of a V2 order plus `expiration` (not signed). Amounts in 6-decimal base units. */
export interface UnsignedOrder {
  /** Random salt, a safe integer (sent as a JSON number). */
  readonly salt: number;
  /** Funder: EOA (type 0), proxy / safe (1, 2) or deposit wallet (3); checksummed. */
  readonly maker: string;
  /** Signing EOA (types 0-2) or the wallet (type 3); checksummed. */
  readonly signer: string;
  /** Outcome token id, decimal string. */
  readonly tokenId: string;
  readonly makerAmount: bigint;
  readonly takerAmount: bigint;
  readonly side: 'BUY' | 'SELL';
  readonly signatureType: SignatureType;
  /** Creation time in ms, decimal string. */
  readonly timestamp: string;
  /** Unix seconds, decimal string; "0" = none. Not signed. */
  readonly expiration: string;
  /** bytes32 hex. */
  readonly metadata: string;
  /** bytes32 hex (builder code). */
  readonly builder: string;
}

/** A signed order: its fields, its 0x signature, and its id (the EIP-712 digest, `0x` + 64 hex). */
export interface SignedOrder extends UnsignedOrder {
  readonly signature: string;
  readonly orderId: string;
}

const DECIMAL_RE = /^(0|[1-9]\d*)$/;
const BYTES32_RE = /^0x[0-9a-fA-F]{64}$/;

const HEX_BYTES = new Map<string, Uint8Array>();
/** Bytes of an address or bytes32 (a few distinct values per process: cached). */
function hexBytes(hex: string): Uint8Array {
  let b = HEX_BYTES.get(hex);
  if (b === undefined) {
    b = fromHex(hex);
    if (HEX_BYTES.size >= 1000) HEX_BYTES.clear();
    HEX_BYTES.set(hex, b);
  }
  return b;
}

/** Writes the 384-byte `encodeData` of an order into `out` (zeroed first). */
function encodeOrder(out: Uint8Array, o: UnsignedOrder, tokenIdWord: Uint8Array): void {
  out.fill(0);
  out.set(ORDER_TYPEHASH, 0);
  writeSmallWord(out, 32, o.salt);
  out.set(hexBytes(o.maker), 76);
  out.set(hexBytes(o.signer), 108);
  out.set(tokenIdWord, 128);
  writeWord(out, 160, o.makerAmount);
  writeWord(out, 192, o.takerAmount);
  out[255] = o.side === 'BUY' ? 0 : 1;
  out[287] = o.signatureType;
  writeWord(out, 288, BigInt(o.timestamp));
  out.set(hexBytes(o.metadata), 320);
  out.set(hexBytes(o.builder), 352);
}

function checkOrder(o: UnsignedOrder): void {
  if (!Number.isSafeInteger(o.salt) || o.salt < 0)
    throw new ValidationError('salt', o.salt, 'must be a safe integer >= 0');
  if (!isAddress(o.maker)) throw new ValidationError('maker', o.maker, 'must be an address');
  if (!isAddress(o.signer)) throw new ValidationError('signer', o.signer, 'must be an address');
  if (!DECIMAL_RE.test(o.tokenId))
    throw new ValidationError('tokenId', o.tokenId, 'must be a decimal integer');
  if (!DECIMAL_RE.test(o.timestamp))
    throw new ValidationError('timestamp', o.timestamp, 'must be a decimal integer');
  if (!DECIMAL_RE.test(o.expiration))
    throw new ValidationError('expiration', o.expiration, 'must be a decimal integer');
  if (!BYTES32_RE.test(o.metadata)) throw new ValidationError('metadata', o.metadata, 'must be bytes32 hex');
  if (!BYTES32_RE.test(o.builder)) throw new ValidationError('builder', o.builder, 'must be bytes32 hex');
}

/** The EIP-712 struct hash of an order. */
export function orderStructHash(order: UnsignedOrder): Uint8Array {
  checkOrder(order);
  const buf = new Uint8Array(384);
  encodeOrder(buf, order, word(BigInt(order.tokenId)));
  return keccak256(buf);
}

/** The order id: `keccak256(0x1901 ‖ domainSeparator ‖ structHash)`. */
export function orderDigest(order: UnsignedOrder, chainId: number, negRisk: boolean): Uint8Array {
  const buf = new Uint8Array(66);
  buf[0] = 0x19;
  buf[1] = 0x01;
  buf.set(orderDomainSeparator(chainId, negRisk), 2);
  buf.set(orderStructHash(order), 34);
  return keccak256(buf);
}

/** Injectable randomness and clock (defaults: `Math.random`, `Date.now`). */
export interface OrderSignerOptions {
  /** 137 (default) or 80002. */
  readonly chainId?: number;
  /** Default EOA (0). */
  readonly signatureType?: SignatureType;
  /** Maker for types 1-3 (proxy, safe or deposit wallet); required for them. */
  readonly funderAddress?: string;
  /** Uniform [0, 1) source for the salt. */
  readonly random?: () => number;
  /** Clock in ms. */
  readonly now?: () => number;
}

/** What a limit order needs besides the signer's identity. */
export interface LimitOrderParams {
  readonly tokenId: string;
  readonly side: Side;
  readonly price: Decimal;
  /** Shares. */
  readonly size: Decimal;
  readonly tickSize: TickSize;
  readonly negRisk: boolean;
  /** Unix seconds (GTD); default "0". */
  readonly expiration?: string | number;
  readonly metadata?: string;
  readonly builder?: string;
  readonly mode?: AmountMode;
  /** Override the generated salt. */
  readonly salt?: number;
  /** Override the clock's timestamp (ms). */
  readonly timestamp?: number;
}

/** A market order (FOK / FAK): `amount` is pUSD for BUY, shares for SELL; `price` the worst price. */
export interface MarketOrderParams extends Omit<LimitOrderParams, 'size' | 'expiration'> {
  readonly amount: Decimal;
}

/**
 * Builds and signs V2 orders for one key, one chain and one signature type. Domain separators, address
 * bytes and token-id words are cached; each order costs two keccak calls and one ECDSA signature.
 */
export class OrderSigner {
  /** EOA address (checksummed). */
  readonly signerAddress: string;
  /** Order maker: the EOA for type 0, else the funder (checksummed). */
  readonly makerAddress: string;
  /** The `signer` field: the EOA, or the wallet for POLY_1271. */
  readonly orderSignerAddress: string;
  readonly chainId: PolymarketChainId;
  readonly signatureType: SignatureType;
  readonly #ecdsa: EcdsaSigner;
  readonly #random: () => number;
  readonly #now: () => number;
  readonly #struct = new Uint8Array(384);
  readonly #digest = new Uint8Array(66);
  readonly #tokenWords = new Map<string, Uint8Array>();

  constructor(ecdsa: EcdsaSigner, options: OrderSignerOptions = {}) {
    const chainId = options.chainId ?? POLYGON_CHAIN_ID;
    checkChainId(chainId);
    this.chainId = chainId;
    const type = options.signatureType ?? SignatureType.EOA;
    if (![0, 1, 2, 3].includes(type))
      throw new ValidationError('signatureType', type, 'must be 0, 1, 2 or 3');
    this.signatureType = type;
    this.#ecdsa = ecdsa;
    this.signerAddress = ecdsa.address;
    if (type === SignatureType.EOA) {
      if (
        options.funderAddress !== undefined &&
        options.funderAddress.toLowerCase() !== ecdsa.address.toLowerCase()
      )
        throw new ValidationError(
          'funderAddress',
          options.funderAddress,
          'must be the signer for signature type 0',
        );
      this.makerAddress = ecdsa.address;
    } else {
      if (options.funderAddress === undefined || !isAddress(options.funderAddress))
        throw new ValidationError(
          'funderAddress',
          options.funderAddress,
          `is required for signature type ${type}`,
        );
      this.makerAddress = checksumAddress(options.funderAddress);
    }
    this.orderSignerAddress = type === SignatureType.POLY_1271 ? this.makerAddress : ecdsa.address;
    this.#random = options.random ?? Math.random;
    this.#now = options.now ?? Date.now;
  }

  /** A fresh salt like the official client's: `round(random() × now())`. */
  newSalt(): number {
    return Math.round(this.#random() * this.#now());
  }

  /** Builds and signs a limit order (GTC / GTD). */
  buildLimitOrder(p: LimitOrderParams): SignedOrder {
    const a = limitOrderAmounts(p.side, p.price, p.size, p.tickSize, p.mode);
    return this.signOrder(this.#unsigned(p, a.side, a.makerAmount, a.takerAmount, p.expiration), p.negRisk);
  }

  /** Builds and signs a market order (FOK / FAK). */
  buildMarketOrder(p: MarketOrderParams): SignedOrder {
    const a = marketOrderAmounts(p.side, p.price, p.amount, p.tickSize, p.mode);
    return this.signOrder(this.#unsigned(p, a.side, a.makerAmount, a.takerAmount, undefined), p.negRisk);
  }

  #unsigned(
    p: Omit<LimitOrderParams, 'size' | 'side' | 'price' | 'tickSize'>,
    side: 'BUY' | 'SELL',
    makerAmount: bigint,
    takerAmount: bigint,
    expiration: string | number | undefined,
  ): UnsignedOrder {
    return {
      salt: p.salt ?? this.newSalt(),
      maker: this.makerAddress,
      signer: this.orderSignerAddress,
      tokenId: p.tokenId,
      makerAmount,
      takerAmount,
      side,
      signatureType: this.signatureType,
      timestamp: String(p.timestamp ?? this.#now()),
      expiration: expiration === undefined ? '0' : String(expiration),
      metadata: p.metadata ?? BYTES32_ZERO,
      builder: p.builder ?? BYTES32_ZERO,
    };
  }

  /** Signs an order (its `signer` must be this signer's, its maker this maker) for a market kind. */
  signOrder(order: UnsignedOrder, negRisk: boolean): SignedOrder {
    checkOrder(order);
    if (order.signer !== this.orderSignerAddress)
      throw new ValidationError('signer', order.signer, `must be ${this.orderSignerAddress}`);
    const sep = SEPARATORS.get(`${this.chainId}:${negRisk}`)!;
    encodeOrder(this.#struct, order, this.#tokenWord(order.tokenId));
    const structHash = keccak256(this.#struct);
    const d = this.#digest;
    d[0] = 0x19;
    d[1] = 0x01;
    d.set(sep, 2);
    d.set(structHash, 34);
    const orderHash = keccak256(d);
    let signature: string;
    if (order.signatureType === SignatureType.POLY_1271) {
      signature = this.#sign1271(order, sep, structHash);
    } else {
      signature = this.#ecdsa.signDigestHex(orderHash);
    }
    return { ...order, signature, orderId: toHex(orderHash) };
  }

  /** ERC-7739-style wrapped signature of a deposit wallet (317 bytes, reference §4). */
  #sign1271(order: UnsignedOrder, sep: Uint8Array, structHash: Uint8Array): string {
    const buf = new Uint8Array(224);
    buf.set(TYPED_DATA_SIGN_TYPEHASH, 0);
    buf.set(structHash, 32);
    buf.set(DEPOSIT_WALLET_NAME_HASH, 64);
    buf.set(DEPOSIT_WALLET_VERSION_HASH, 96);
    writeWord(buf, 128, BigInt(this.chainId));
    buf.set(fromHex(order.signer), 172);
    // salt: bytes32 zero (already zero)
    const d = new Uint8Array(66);
    d[0] = 0x19;
    d[1] = 0x01;
    d.set(sep, 2);
    d.set(keccak256(buf), 34);
    const inner = this.#ecdsa.signDigestHex(keccak256(d));
    return `${inner}${toHex(sep).slice(2)}${toHex(structHash).slice(2)}${ORDER_TYPE_HEX}${ORDER_TYPE_LENGTH_HEX}`;
  }

  #tokenWord(tokenId: string): Uint8Array {
    let w = this.#tokenWords.get(tokenId);
    if (w === undefined) {
      w = word(BigInt(tokenId));
      if (this.#tokenWords.size >= 10_000) this.#tokenWords.clear();
      this.#tokenWords.set(tokenId, w);
    }
    return w;
  }
}

/** Order types of the `POST /order` envelope. */
export type PolymarketOrderType = 'GTC' | 'GTD' | 'FOK' | 'FAK';

/** The JSON text of a signed order, keys and value types exactly as the official client sends them. */
export function orderJson(o: SignedOrder): string {
  return (
    `{"salt":${o.salt},"maker":"${o.maker}","signer":"${o.signer}","tokenId":"${o.tokenId}",` +
    `"makerAmount":"${o.makerAmount}","takerAmount":"${o.takerAmount}","side":"${o.side}",` +
    `"signatureType":${o.signatureType},"timestamp":"${o.timestamp}","expiration":"${o.expiration}",` +
    `"metadata":"${o.metadata}","builder":"${o.builder}","signature":"${o.signature}"}`
  );
}

/**
 * The `POST /order` body: `{"deferExec","postOnly","order","owner","orderType"}` in that order. Refuses
 * `postOnly` with FOK / FAK, as the official client does.
 */
export function postOrderBody(
  order: SignedOrder,
  owner: string,
  orderType: PolymarketOrderType,
  postOnly = false,
  deferExec = false,
): string {
  if (postOnly && (orderType === 'FOK' || orderType === 'FAK'))
    throw new ValidationError('postOnly', postOnly, 'is not supported for FOK/FAK orders');
  return `{"deferExec":${deferExec},"postOnly":${postOnly},"order":${orderJson(order)},"owner":${JSON.stringify(owner)},"orderType":"${orderType}"}`;
}

/** The `POST /orders` body: a JSON array of envelopes (the client sends at most 15). */
export function postOrdersBody(
  entries: readonly { order: SignedOrder; orderType: PolymarketOrderType }[],
  owner: string,
  postOnly = false,
  deferExec = false,
): string {
  return `[${entries.map((e) => postOrderBody(e.order, owner, e.orderType, postOnly, deferExec)).join(',')}]`;
}
