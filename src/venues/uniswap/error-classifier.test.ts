import { encodeErrorResult, InternalRpcError, RpcRequestError } from 'viem';
import { describe, expect, it } from 'vitest';
import { revertAbi } from './abis.ts';
import { classifyRevert, classifySendError, decodeRevertData, UniswapCode } from './error-classifier.ts';

describe('uniswap error classifier', () => {
  it("maps the routers' revert strings to stable codes, keeping the text", () => {
    const cases: Array<[string, string]> = [
      ['UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT', UniswapCode.Slippage],
      ['UniswapV2Router: EXCESSIVE_INPUT_AMOUNT', UniswapCode.Slippage],
      ['Too little received', UniswapCode.Slippage],
      ['Too much requested', UniswapCode.Slippage],
      ['Transaction too old', UniswapCode.Expired],
      ['UniswapV2Router: EXPIRED', UniswapCode.Expired],
      ['SPL', UniswapCode.PriceLimit],
      ['STF', UniswapCode.TransferFailed],
      ['TransferHelper: TRANSFER_FROM_FAILED', UniswapCode.TransferFailed],
      ['UniswapV2Library: INSUFFICIENT_LIQUIDITY', UniswapCode.Liquidity],
      ['something else', UniswapCode.Reverted],
    ];
    for (const [reason, code] of cases) expect(classifyRevert(reason)).toEqual({ code, message: reason });
    expect(classifyRevert(undefined)).toEqual({
      code: UniswapCode.Reverted,
      message: 'reverted without a reason',
    });
  });

  it('decodes Error(string) and Panic(uint256) revert data', () => {
    const data = encodeErrorResult({ abi: revertAbi, errorName: 'Error', args: ['Too little received'] });
    expect(decodeRevertData(data)).toBe('Too little received');
    const panic = encodeErrorResult({ abi: revertAbi, errorName: 'Panic', args: [0x11n] });
    expect(decodeRevertData(panic)).toBe('panic 0x11');
    expect(decodeRevertData('0x')).toBeUndefined();
  });

  it('classifies node answers to a raw transaction', () => {
    expect(classifySendError(new Error('already known'))).toEqual({ kind: 'sent' });
    expect(classifySendError(new Error('nonce too low')).kind).toBe('nonce_used');
    expect(classifySendError(new Error('insufficient funds for gas * price + value'))).toMatchObject({
      kind: 'rejected',
      code: UniswapCode.InsufficientFunds,
    });
    expect(classifySendError(new Error('replacement transaction underpriced'))).toMatchObject({
      kind: 'rejected',
      code: UniswapCode.FeeTooLow,
    });
    expect(classifySendError(new Error('fetch failed')).kind).toBe('unknown');
    expect(classifySendError(Object.assign(new Error('x'), { name: 'TimeoutError' })).kind).toBe('unknown');
  });

  it('keeps a send unknown unless the answer proves the node refused it', () => {
    // an internal error may come from a proxy that forwarded the transaction: it may still land
    const internal = new InternalRpcError(new Error('internal error: upstream request timeout'));
    expect(classifySendError(internal).kind).toBe('unknown');
    expect(
      classifySendError(
        new RpcRequestError({ body: {}, error: { code: -32000, message: 'server busy' }, url: 'http://x' }),
      ).kind,
    ).toBe('unknown');
    // words that merely contain "tip" or "gap" are not fee or nonce refusals
    expect(classifySendError(new Error('multiple transactions from sender pending')).kind).toBe('unknown');
    expect(classifySendError(new Error('mempool gapless ordering in progress')).kind).toBe('unknown');
    expect(
      classifySendError(new Error('max priority fee per gas higher than max fee per gas')),
    ).toMatchObject({
      kind: 'rejected',
      code: UniswapCode.FeeTooLow,
    });
    expect(classifySendError(new Error('nonce too high'))).toMatchObject({
      kind: 'rejected',
      code: UniswapCode.NodeRefused,
    });
  });
});
