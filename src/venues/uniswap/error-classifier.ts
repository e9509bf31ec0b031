/**
 * The ONE place where the Uniswap adapter reads what the chain said: revert reasons of swaps (from a
 * mined receipt's replay, a gas estimate or a call) become stable reject codes, and node answers to
 * `eth_sendRawTransaction` become sent / rejected / unknown. Messages carry the contract's own revert
 * string (`Too little received`, `UniswapV2Router: EXPIRED`, ...) and never a key.
 */
import { BaseError, decodeErrorResult, type Hex } from 'viem';
import { revertAbi } from './abis.ts';

/** Stable reject codes of the Uniswap adapter. */
export const UniswapCode = {
  /** Output below the minimum / input above the maximum (slippage or limit price). */
  Slippage: 'SLIPPAGE',
  /** The swap's deadline had passed when it was mined. */
  Expired: 'DEADLINE_EXPIRED',
  /** A V3 price limit already crossed: nothing could trade within the limit. */
  PriceLimit: 'PRICE_LIMIT',
  /** Token transfer failed: balance or allowance too low. */
  TransferFailed: 'TRANSFER_FAILED',
  /** Not enough pool liquidity. */
  Liquidity: 'INSUFFICIENT_LIQUIDITY',
  /** Another revert. */
  Reverted: 'REVERTED',
  /** The node refused the transaction: not enough ETH for gas. */
  InsufficientFunds: 'INSUFFICIENT_FUNDS',
  /** The node refused the transaction's fees. */
  FeeTooLow: 'FEE_TOO_LOW',
  /** The nonce is taken by another transaction. */
  NonceUsed: 'NONCE_USED',
  /** Refused by the node for another reason. */
  NodeRefused: 'NODE_REFUSED',
  /** The order asks for something an AMM cannot do. */
  Unsupported: 'UNSUPPORTED',
  /** The order's parameters are invalid for this venue. */
  Invalid: 'INVALID_ORDER',
  /** No configured pool can fill the order. */
  NoRoute: 'NO_ROUTE',
  /** The order is not known to the adapter. */
  UnknownOrder: 'UNKNOWN_ORDER',
  /** The swap is already mined (filled or reverted): too late to cancel. */
  AlreadyMined: 'ALREADY_MINED',
} as const;

/** Classification of a revert reason. */
export interface RevertClass {
  readonly code: string;
  readonly message: string;
}

const REVERTS: ReadonlyArray<readonly [RegExp, string]> = [
  [
    /INSUFFICIENT_OUTPUT_AMOUNT|EXCESSIVE_INPUT_AMOUNT|Too little received|Too much requested/,
    UniswapCode.Slippage,
  ],
  [/Transaction too old|UniswapV2Router: EXPIRED/, UniswapCode.Expired],
  [/^SPL$/, UniswapCode.PriceLimit],
  [
    /^STF$|TRANSFER_FROM_FAILED|transfer amount exceeds|insufficient allowance|ds-math-sub-underflow/,
    UniswapCode.TransferFailed,
  ],
  [/INSUFFICIENT_LIQUIDITY|^AS$|^LOK$/, UniswapCode.Liquidity],
];

/** Classifies a revert reason string (as the contract wrote it). */
export function classifyRevert(reason: string | undefined): RevertClass {
  const text = reason === undefined || reason === '' ? 'reverted without a reason' : reason;
  for (const [re, code] of REVERTS) if (re.test(text)) return { code, message: text };
  return { code: UniswapCode.Reverted, message: text };
}

/** Decodes revert data (`Error(string)`, `Panic(uint256)`) to its reason text, if it can. */
export function decodeRevertData(data: Hex | undefined): string | undefined {
  if (data === undefined || data === '0x' || data.length < 10) return undefined;
  try {
    const r = decodeErrorResult({ abi: revertAbi, data });
    if (r.errorName === 'Error') return String(r.args[0]);
    return `panic 0x${(r.args[0] as bigint).toString(16)}`;
  } catch {
    return undefined;
  }
}

/** The revert reason inside a viem error (estimateGas, call, simulate), if the error is a revert. */
export function revertReasonOf(e: unknown): string | undefined {
  if (!(e instanceof BaseError)) return undefined;
  let reason: string | undefined;
  e.walk((x) => {
    const r = (x as { reason?: unknown }).reason;
    if (typeof r === 'string' && r.length > 0 && reason === undefined) reason = r;
    const d = (x as { data?: unknown }).data;
    if (reason === undefined && typeof d === 'string' && d.startsWith('0x'))
      reason = decodeRevertData(d as Hex);
    if (reason === undefined && typeof d === 'object' && d !== null) {
      const inner = (d as { data?: unknown }).data;
      if (typeof inner === 'string' && inner.startsWith('0x')) reason = decodeRevertData(inner as Hex);
    }
    return false;
  });
  if (reason !== undefined) return reason;
  const m = /execution reverted(?::|, reason:)?\s*([^\n]*)/i.exec(detailsOf(e));
  if (m?.[1] && m[1].trim().length > 0) return m[1].trim();
  return /revert/i.test(detailsOf(e)) ? '' : undefined;
}

/** What the node's answer to `eth_sendRawTransaction` means. */
export type SendClass =
  /** The node has the transaction (accepted now, or it already knew it). */
  | { readonly kind: 'sent' }
  /** The nonce is already used: by this very transaction (mined) or another; the caller checks by hash. */
  | { readonly kind: 'nonce_used'; readonly message: string }
  /** A definite refusal: the transaction is not in the node's pool. */
  | { readonly kind: 'rejected'; readonly code: string; readonly message: string }
  /** No answer (timeout, reset): the node may or may not have it. */
  | { readonly kind: 'unknown'; readonly reason: string };

/** Classifies an error thrown by `eth_sendRawTransaction`. */
export function classifySendError(e: unknown): SendClass {
  const text = detailsOf(e);
  if (/already known|known transaction|already imported|AlreadyKnown/i.test(text)) return { kind: 'sent' };
  if (/nonce too low|nonce has already been used|NonceTooLow/i.test(text))
    return { kind: 'nonce_used', message: firstLine(text) };
  if (/insufficient funds/i.test(text))
    return { kind: 'rejected', code: UniswapCode.InsufficientFunds, message: firstLine(text) };
  if (/underpriced|fee cap|less than (the )?block base fee|max (priority )?fee per gas|\btip\b/i.test(text))
    return { kind: 'rejected', code: UniswapCode.FeeTooLow, message: firstLine(text) };
  if (isTransportFailure(e, text))
    return { kind: 'unknown', reason: `node did not answer: ${firstLine(text)}` };
  if (/nonce too high|nonce gap/i.test(text))
    return { kind: 'rejected', code: UniswapCode.NodeRefused, message: firstLine(text) };
  // an invalid transaction is refused for certain; an internal error (a proxy's timeout, say) is not
  if (e instanceof BaseError && /InvalidInput|TransactionRejected/.test(e.name + text))
    return { kind: 'rejected', code: UniswapCode.NodeRefused, message: firstLine(text) };
  return { kind: 'unknown', reason: `unclassified answer: ${firstLine(text)}` };
}

/** True when a request failed in transport (no answer from the node). */
export function isTransportFailure(e: unknown, text = detailsOf(e)): boolean {
  return /HttpRequestError|TimeoutError|fetch failed|ECONNREFUSED|ECONNRESET|socket hang up|took too long|aborted/i.test(
    `${(e as { name?: string })?.name ?? ''} ${text}`,
  );
}

function detailsOf(e: unknown): string {
  if (e instanceof BaseError) return `${e.name}: ${e.details ?? ''} ${e.shortMessage} ${e.message}`;
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.slice(0, 300);
}
