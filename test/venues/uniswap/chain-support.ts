/**
 * Shared set-up of the Uniswap adapter's chain tests: a local chain (startUniswapChain), an adapter
 * configuration for one of its funded traders (markets WETH/USD on V2 + V3 500/3000, TKN/USD on V2),
 * an order builder, a test client (mine, time travel) and a second trader that moves prices.
 */

import { custom, type Transport } from 'viem';
import { asClientOrderId, asMarketId, asOrderId, type Order, ZERO } from '../../../src/domain/index.ts';
import {
  startUniswapChain,
  type UniswapChain,
  type UniswapChainOptions,
} from '../../../src/sim/uniswap/index.ts';
import type { UniswapVenueConfig } from '../../../src/venues/uniswap/index.ts';

export const WETH_USD = asMarketId('WETH/USD');
export const TKN_USD = asMarketId('TKN/USD');

/** Starts a chain. */
export function startChain(o: UniswapChainOptions = {}): Promise<UniswapChain> {
  return startUniswapChain({ accounts: 3, ...o });
}

/** Adapter config for trader `i` of the chain. */
export function venueConfig(
  chain: UniswapChain,
  i = 0,
  over: Partial<UniswapVenueConfig> = {},
): UniswapVenueConfig {
  return {
    ...chain.adapterOptions(i),
    markets: [
      { id: 'WETH/USD', base: 'WETH', quote: 'USD', v2: true, v3Fees: [500, 3000] },
      { id: 'TKN/USD', base: 'TKN', quote: 'USD', v2: true },
    ],
    slippageBps: 50,
    receiptTimeoutMs: 5_000,
    pollIntervalMs: 20,
    ...over,
  };
}

let n = 0;
/** An order on the `uniswap` venue (default: Market Sell 1 WETH/USD, IOC). */
export function order(partial: Partial<Order> = {}): Order {
  n++;
  const id = asOrderId(`uo${Date.now().toString(36)}${n.toString(36)}`);
  const now = Date.now();
  return {
    id,
    clientOrderId: asClientOrderId(id),
    venue: 'uniswap' as Order['venue'],
    market: WETH_USD,
    side: 'Sell',
    orderType: 'Market',
    size: ZERO,
    timeInForce: 'IOC',
    status: 'Submitting',
    filledSize: ZERO,
    fees: ZERO,
    createdAt: now,
    updatedAt: now,
    ...partial,
  };
}

/** One JSON-RPC call to the chain (evm_mine, evm_increaseTime, eth_getTransactionCount...). */
export async function rpc<T = unknown>(
  chain: UniswapChain,
  method: string,
  params: unknown[] = [],
): Promise<T> {
  const body = await post(chain, method, params);
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

/** The node's JSON-RPC answer to one call, as sent. */
async function post(
  chain: UniswapChain,
  method: string,
  params: unknown,
): Promise<{ result?: unknown; error?: { code: number; message: string; data?: unknown } }> {
  const res = await fetch(chain.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  return (await res.json()) as {
    result?: unknown;
    error?: { code: number; message: string; data?: unknown };
  };
}

/** Mined transaction count of an address. */
export async function minedCount(chain: UniswapChain, address: string): Promise<number> {
  return Number(await rpc<string>(chain, 'eth_getTransactionCount', [address, 'latest']));
}

/** Mines a block every `everyMs` until the returned stop function is called (for automine-off chains). */
export function backgroundMiner(chain: UniswapChain, everyMs = 25): () => Promise<void> {
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      await rpc(chain, 'evm_mine').catch(() => undefined);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
  };
}

/** Waits until `probe` is true (polling every 5 ms), or throws after `timeoutMs`. */
export async function until(
  probe: () => Promise<boolean> | boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A config whose WETH/USD market trades only on the V3 0.05 % pool (deterministic routes). */
export function v3OnlyConfig(
  chain: UniswapChain,
  i: number,
  over: Partial<UniswapVenueConfig> = {},
): UniswapVenueConfig {
  const cfg = venueConfig(chain, i, over);
  return { ...cfg, markets: [{ id: 'WETH/USD', base: 'WETH', quote: 'USD', v3Fees: [500] }] };
}

/** What a {@link proxyTransport} does to the adapter's requests. */
export interface TransportControl {
  /** The next `eth_sendRawTransaction` gets no answer (not forwarded): a timeout for the adapter. */
  dropNextSend: boolean;
  /** The next `eth_sendRawTransaction` is refused with this message (not forwarded). */
  refuseNextSend: string | undefined;
  /** The next `eth_sendRawTransaction` waits until {@link releaseSend} is called. */
  holdNextSend: boolean;
  /** True while a send is held. */
  readonly holding: boolean;
  releaseSend(): void;
  /** Each request is held this long before it is forwarded, ms. */
  delayMs: number;
  /** Requests sent to the node so far, and those not answered yet. */
  readonly requests: number;
  readonly inFlight: number;
}

/** A transport to the chain over HTTP that a test can slow down or cut for one send. */
export function proxyTransport(chain: UniswapChain): { transport: Transport; control: TransportControl } {
  let release: () => void = () => undefined;
  const control = {
    dropNextSend: false,
    refuseNextSend: undefined as string | undefined,
    holdNextSend: false,
    holding: false,
    delayMs: 0,
    requests: 0,
    inFlight: 0,
    releaseSend: () => release(),
  };
  const transport = custom(
    {
      async request({ method, params }: { method: string; params?: unknown }) {
        control.requests++;
        control.inFlight++;
        try {
          if (control.delayMs > 0) await new Promise((r) => setTimeout(r, control.delayMs));
          if (method === 'eth_sendRawTransaction' && control.dropNextSend) {
            control.dropNextSend = false;
            throw new Error('The request took too long to respond.');
          }
          if (method === 'eth_sendRawTransaction' && control.refuseNextSend !== undefined) {
            const message = control.refuseNextSend;
            control.refuseNextSend = undefined;
            throw Object.assign(new Error(message), { code: -32000, message });
          }
          if (method === 'eth_sendRawTransaction' && control.holdNextSend) {
            control.holdNextSend = false;
            control.holding = true;
            await new Promise<void>((r) => {
              release = r;
            });
            control.holding = false;
          }
          const body = await post(chain, method, params ?? []);
          // the node's error as an EIP-1193 error (code, message, data), as viem's own transports give it
          if (body.error) throw Object.assign(new Error(body.error.message), body.error);
          return body.result;
        } finally {
          control.inFlight--;
        }
      },
      // no retries, like the adapter's own transport: a dropped send is an unanswered one
    },
    { retryCount: 0 },
  );
  return { transport, control };
}

/**
 * A `maxFeePerGasGwei` just under what the adapter would offer now (95 % of 2 × base fee + tip): a swap
 * is signed at the cap, and no same-nonce no-op can outbid it by the 10 % a replacement needs.
 */
export async function feeCapBelowOffer(chain: UniswapChain): Promise<string> {
  const block = await rpc<{ baseFeePerGas: string }>(chain, 'eth_getBlockByNumber', ['latest', false]);
  const tip = BigInt(await rpc<string>(chain, 'eth_maxPriorityFeePerGas', []));
  const cap = ((2n * BigInt(block.baseFeePerGas) + tip) * 95n) / 100n;
  return `${cap / 10n ** 9n}.${(cap % 10n ** 9n).toString().padStart(9, '0')}`;
}
