/**
 * Byte and hex helpers for Polymarket signing: hex <-> bytes, 32-byte big-endian words, EIP-55 address
 * checksums. Allocation-light: callers write into preallocated buffers.
 */
import { keccak256 } from './crypto-backend.ts';

/** Lower-case `0x`-prefixed hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex')}`;
}

/** Bytes of a hex string (with or without `0x`); throws a RangeError on odd length or bad digits. */
export function fromHex(hex: string): Uint8Array {
  const h = hex.startsWith('0x') || hex.startsWith('0X') ? hex.slice(2) : hex;
  if (h.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(h)) throw new RangeError('invalid hex string');
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Writes a non-negative integer < 2^256 big-endian into `out[offset..offset+32)`. */
export function writeWord(out: Uint8Array, offset: number, value: bigint): void {
  if (value < 0n || value >> 256n !== 0n) throw new RangeError('uint256 out of range');
  out.fill(0, offset, offset + 32);
  if (value <= 0x1fffffffffffffn) {
    writeSmallWord(out, offset, Number(value));
    return;
  }
  const hex = value.toString(16);
  const digits = hex.length;
  let i = offset + 31;
  for (let end = digits; end > 0; end -= 2, i--)
    out[i] = Number.parseInt(hex.slice(Math.max(0, end - 2), end), 16);
}

/** Writes a non-negative safe integer (< 2^53) big-endian into a zeroed 32-byte word at `offset`. */
export function writeSmallWord(out: Uint8Array, offset: number, value: number): void {
  let v = value;
  let i = offset + 31;
  while (v > 0) {
    out[i--] = v % 256;
    v = Math.floor(v / 256);
  }
}

/** The 32-byte big-endian word of an integer. */
export function word(value: bigint): Uint8Array {
  const out = new Uint8Array(32);
  writeWord(out, 0, value);
  return out;
}

/** Reads 32 big-endian bytes as a bigint. */
export function readWord(bytes: Uint8Array, offset = 0): bigint {
  let v = 0n;
  for (let i = offset; i < offset + 32; i++) v = (v << 8n) | BigInt(bytes[i]!);
  return v;
}

/** keccak256 of a UTF-8 string. */
export function keccakText(text: string): Uint8Array {
  return keccak256(new TextEncoder().encode(text));
}

const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/;

/** True for a `0x` + 40 hex digits string (any case). */
export function isAddress(text: string): boolean {
  return ADDRESS_RE.test(text);
}

/** EIP-55 mixed-case checksum form of an address; throws a RangeError if it is not 20 bytes of hex. */
export function checksumAddress(address: string): string {
  if (!isAddress(address)) throw new RangeError(`invalid address ${JSON.stringify(address)}`);
  const lower = address.slice(2).toLowerCase();
  const hash = keccak256(new TextEncoder().encode(lower));
  let out = '0x';
  for (let i = 0; i < 40; i++) {
    const nibble = (hash[i >> 1]! >> (i % 2 === 0 ? 4 : 0)) & 0xf;
    const c = lower[i]!;
    out += nibble >= 8 ? c.toUpperCase() : c;
  }
  return out;
}
