/**
 * Polymarket CLOB authentication headers. L1 (API-key management): an EIP-712 `ClobAuth` signature by
 * the EOA. L2 (every other private call): HMAC-SHA256 of `timestamp + METHOD + path + body` keyed by the
 * decoded API secret, in URL-safe base64 that keeps its `=` padding.
 */
import { createHmac } from 'node:crypto';
import { ValidationError } from '../../errors/index.ts';
import { keccak256 } from './crypto-backend.ts';
import type { EcdsaSigner } from './ecdsa-signer.ts';
import { fromHex, keccakText, toHex, writeWord } from './hex.ts';
import { checkChainId, POLYGON_CHAIN_ID } from './order-signing.ts';

/** The fixed `message` of a ClobAuth signature. */
export const CLOB_AUTH_MESSAGE = 'This message attests that I control the given wallet';
const AUTH_DOMAIN_TYPEHASH = keccakText('EIP712Domain(string name,string version,uint256 chainId)');
const CLOB_AUTH_TYPEHASH = keccakText(
  'ClobAuth(address address,string timestamp,uint256 nonce,string message)',
);
const MESSAGE_HASH = keccakText(CLOB_AUTH_MESSAGE);

/** The ClobAuth EIP-712 domain separator (name `ClobAuthDomain`, version `1`, no contract). */
export function clobAuthDomainSeparator(chainId: number = POLYGON_CHAIN_ID): Uint8Array {
  checkChainId(chainId);
  const buf = new Uint8Array(128);
  buf.set(AUTH_DOMAIN_TYPEHASH, 0);
  buf.set(keccakText('ClobAuthDomain'), 32);
  buf.set(keccakText('1'), 64);
  writeWord(buf, 96, BigInt(chainId));
  return keccak256(buf);
}

/** The digest an L1 signature signs: ClobAuth(address, timestamp as a string, nonce, message). */
export function clobAuthDigest(
  address: string,
  timestamp: number,
  nonce: number,
  chainId = POLYGON_CHAIN_ID,
): Uint8Array {
  const buf = new Uint8Array(160);
  buf.set(CLOB_AUTH_TYPEHASH, 0);
  buf.set(fromHex(address), 44);
  buf.set(keccakText(String(timestamp)), 64);
  writeWord(buf, 96, BigInt(nonce));
  buf.set(MESSAGE_HASH, 128);
  const d = new Uint8Array(66);
  d[0] = 0x19;
  d[1] = 0x01;
  d.set(clobAuthDomainSeparator(chainId), 2);
  d.set(keccak256(buf), 34);
  return keccak256(d);
}

/** L1 headers, names as the venue spells them. */
export interface L1Headers {
  POLY_ADDRESS: string;
  POLY_SIGNATURE: string;
  POLY_TIMESTAMP: string;
  POLY_NONCE: string;
}

/** Builds the L1 headers for `POST /auth/api-key` / `GET /auth/derive-api-key`. `timestamp` in unix seconds. */
export function l1Headers(
  signer: EcdsaSigner,
  timestamp: number,
  nonce = 0,
  chainId: number = POLYGON_CHAIN_ID,
): L1Headers {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0)
    throw new ValidationError('timestamp', timestamp, 'must be a non-negative integer (unix seconds)');
  if (!Number.isSafeInteger(nonce) || nonce < 0)
    throw new ValidationError('nonce', nonce, 'must be an integer >= 0');
  const digest = clobAuthDigest(signer.address, timestamp, nonce, chainId);
  return {
    POLY_ADDRESS: signer.address,
    POLY_SIGNATURE: signer.signDigestHex(digest),
    POLY_TIMESTAMP: String(timestamp),
    POLY_NONCE: String(nonce),
  };
}

/** API credentials returned by the venue. The secret is URL-safe base64 of 32 bytes. */
export interface ApiCredentials {
  readonly key: string;
  readonly secret: string;
  readonly passphrase: string;
}

const BASE64_RE = /^[A-Za-z0-9+/\-_]*={0,2}$/;

/** Decodes an API secret: `-`→`+`, `_`→`/`, re-padded, standard base64 (unpadded secrets are accepted). */
export function decodeApiSecret(secret: string): Buffer {
  if (secret.length === 0) throw new ValidationError('secret', '(empty)', 'must not be empty');
  if (!BASE64_RE.test(secret)) throw new ValidationError('secret', '(redacted)', 'must be base64');
  const normalized = secret.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  return Buffer.from(normalized + '='.repeat((4 - (normalized.length % 4)) % 4), 'base64');
}

/** The L2 HMAC: URL-safe base64 (`+`→`-`, `/`→`_`, `=` kept) of HMAC-SHA256 over the message. */
export function l2Signature(
  key: Uint8Array,
  timestamp: number,
  method: string,
  path: string,
  body?: string,
): string {
  let message = `${timestamp}${method}${path}`;
  if (body !== undefined) message += body;
  return createHmac('sha256', key).update(message).digest('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

/** L2 headers, names as the venue spells them. */
export interface L2Headers {
  POLY_ADDRESS: string;
  POLY_SIGNATURE: string;
  POLY_TIMESTAMP: string;
  POLY_API_KEY: string;
  POLY_PASSPHRASE: string;
}

/**
 * Signs L2 requests for one API key: holds the decoded secret (never exposed). `path` excludes host and
 * query string; `body` is the exact JSON text sent (omit it for GETs and body-less calls).
 */
export class L2Authenticator {
  /** The EOA address (`POLY_ADDRESS`, even when the maker is a proxy or wallet). */
  readonly address: string;
  readonly apiKey: string;
  readonly #key: Buffer;
  readonly #passphrase: string;

  constructor(address: string, creds: ApiCredentials) {
    this.address = address;
    this.apiKey = creds.key;
    this.#key = decodeApiSecret(creds.secret);
    this.#passphrase = creds.passphrase;
  }

  /** Headers for one request at `timestamp` (unix seconds). */
  headers(timestamp: number, method: string, path: string, body?: string): L2Headers {
    return {
      POLY_ADDRESS: this.address,
      POLY_SIGNATURE: l2Signature(this.#key, timestamp, method, path, body),
      POLY_TIMESTAMP: String(timestamp),
      POLY_API_KEY: this.apiKey,
      POLY_PASSPHRASE: this.#passphrase,
    };
  }

  /** Hides the secret from serialisation. */
  toJSON(): { address: string; apiKey: string } {
    return { address: this.address, apiKey: this.apiKey };
  }
}

/** `0x` hex of the ClobAuth domain separator on 137 (for checks and docs). */
export const CLOB_AUTH_DOMAIN_SEPARATOR_137: string = toHex(clobAuthDomainSeparator(POLYGON_CHAIN_ID));
