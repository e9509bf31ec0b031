import { describe, expect, it } from 'vitest';
import { ApprovalBook } from './approvals.ts';
import type { ChainClient, SignedTx, TxRequest } from './chain-client.ts';
import { NonceManager } from './nonce-manager.ts';

const TOKEN = '0x00000000000000000000000000000000000000aa';
const ROUTER = '0x00000000000000000000000000000000000000bb';

/** A node that answers an approval's reads; signing, sending and receipts as each test needs. */
function node(over: {
  sign?: (tx: TxRequest) => Promise<SignedTx>;
  receipt?: () => Promise<{ status: 'success' | 'reverted' } | undefined>;
}): ChainClient {
  return {
    address: '0x00000000000000000000000000000000000000cc',
    client: {
      readContract: async () => 0n,
      estimateGas: async () => 50_000n,
    },
    fees: async () => ({ maxFeePerGas: 2n, maxPriorityFeePerGas: 1n, baseFee: 1n, timestamp: 1n }),
    sign:
      over.sign ??
      (async (tx: TxRequest) => ({
        raw: '0x01',
        hash: `0x${'11'.repeat(32)}`,
        nonce: tx.nonce,
        fees: tx.fees,
      })),
    send: async () => undefined,
    receipt: over.receipt ?? (async () => ({ status: 'success' })),
  } as unknown as ChainClient;
}

async function syncedNonces(next: number): Promise<NonceManager> {
  const nonces = new NonceManager();
  await nonces.sync({ latest: async () => next, pending: async () => next });
  return nonces;
}

describe('ApprovalBook', () => {
  it('approves once per token and router; concurrent callers share the one approval', async () => {
    const nonces = await syncedNonces(4);
    let signed = 0;
    const book = new ApprovalBook(
      node({
        sign: async (tx) => {
          signed++;
          return { raw: '0x01', hash: `0x${'22'.repeat(32)}`, nonce: tx.nonce, fees: tx.fees };
        },
      }),
      nonces,
      1_000,
    );
    await Promise.all([book.ensure(TOKEN, ROUTER), book.ensure(TOKEN, ROUTER)]);
    await book.ensure(TOKEN, ROUTER);
    expect(signed).toBe(1);
    expect(book.has(TOKEN, ROUTER)).toBe(true);
    expect(nonces.next).toBe(5);
  });

  it('an approval whose signing fails gives its nonce back: the next transaction takes it', async () => {
    const nonces = await syncedNonces(7);
    const book = new ApprovalBook(
      node({
        sign: async () => {
          throw new Error('signer unavailable');
        },
      }),
      nonces,
      1_000,
    );
    await expect(book.ensure(TOKEN, ROUTER)).rejects.toThrow(/signer unavailable/);
    expect(nonces.next).toBe(7);
    expect(nonces.gaps()).toEqual([]);
  });

  it('an approval whose signing fails behind a later nonce leaves a gap to fill, not a hole', async () => {
    const nonces = await syncedNonces(7);
    let release: () => void = () => undefined;
    const signing = new Promise<void>((r) => {
      release = r;
    });
    const book = new ApprovalBook(
      node({
        sign: async () => {
          await signing;
          throw new Error('signer unavailable');
        },
      }),
      nonces,
      1_000,
    );
    const approval = book.ensure(TOKEN, ROUTER);
    await until(() => nonces.next === 8);
    expect(nonces.allocate('swap')).toBe(8);
    release();
    await expect(approval).rejects.toThrow(/signer unavailable/);
    expect(nonces.gaps()).toEqual([7]);
  });

  it('close() ends a wait for an approval receipt', async () => {
    const nonces = await syncedNonces(0);
    const book = new ApprovalBook(node({ receipt: async () => undefined }), nonces, 60_000);
    const approval = book.ensure(TOKEN, ROUTER);
    await until(() => nonces.next === 1);
    book.close();
    await expect(approval).rejects.toThrow(/the adapter is closing/);
    expect(book.has(TOKEN, ROUTER)).toBe(false);
  });
});

async function until(probe: () => boolean): Promise<void> {
  for (let i = 0; i < 1_000 && !probe(); i++) await new Promise((r) => setTimeout(r, 1));
  expect(probe()).toBe(true);
}
