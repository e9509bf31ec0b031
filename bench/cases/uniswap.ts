/**
 * `uniswap.swap`: one market order end to end through the ExecutionEngine and the Uniswap adapter (quote,
 * sign, send, receipt, fills into the position) on a local chain (anvil, automine, the published V3
 * contracts), and `uniswap.swap.viem`: the same swap written directly with viem in the same run (QuoterV2
 * quote through `simulateContract`, `writeContract` on the SwapRouter, `waitForTransactionReceipt` with a
 * 5 ms polling interval). Both trade the same pool (WETH/USD, V3 0.05 %) from two funded wallets, sizes
 * alternating sell 0.01 WETH (exact input) / buy 0.01 WETH (exact output) so that the price stays put.
 * Rounds alternate between the two so that chain growth and drift hit both alike. `median_ns` / `p99_ns`
 * are per-swap wall-clock latencies, `ops_per_s` sequential swaps per second.
 */
import { createPublicClient, createWalletClient, http, parseUnits } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { anvil } from 'viem/chains';
import { OrderStatus } from '../../src/domain/index.ts';
import { ExecutionEngine } from '../../src/engine/index.ts';
import { startUniswapChain } from '../../src/sim/uniswap/index.ts';
import { createUniswapVenue, erc20Abi, quoterV2Abi, swapRouterAbi } from '../../src/venues/uniswap/index.ts';
import type { BenchResult } from '../harness.ts';

const FEE = 500;
const SLIPPAGE_BPS = 50n;
const SIZE = '0.01';

function summarise(name: string, perOpNs: number[], totalNs: number): BenchResult {
  const s = [...perOpNs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  return {
    name,
    median_ns: Math.round(at(0.5)),
    p99_ns: Math.round(at(0.99)),
    ops_per_s: Math.round((1e9 * s.length) / totalNs),
  };
}

/** Runs both swap paths against one local chain; `scale` < 1 runs fewer rounds (quick mode). */
export async function uniswapCases(scale = 1): Promise<BenchResult[]> {
  const rounds = Math.max(3, Math.round(10 * scale));
  const perRound = 20;
  const chain = await startUniswapChain({ accounts: 2 });
  const engine = new ExecutionEngine({ enableRiskChecks: false });
  try {
    const c = chain.contracts;
    const weth = chain.tokens.WETH!;
    const usd = chain.tokens.USD!;
    // ours: the adapter behind the engine, one market with the one pool the bare path trades
    const venue = await createUniswapVenue({
      rpcUrl: chain.url,
      chainId: chain.chainId,
      privateKey: chain.accounts[0]!.privateKey,
      contracts: {
        weth: c.weth,
        v3Factory: c.v3Factory,
        swapRouter: c.swapRouter,
        quoterV2: c.quoterV2,
      },
      tokens: [
        { symbol: 'WETH', address: weth.address, decimals: weth.decimals },
        { symbol: 'USD', address: usd.address, decimals: usd.decimals },
      ],
      markets: [{ id: 'WETH/USD', base: 'WETH', quote: 'USD', v3Fees: [FEE] }],
      slippageBps: Number(SLIPPAGE_BPS),
      // receipts are polled from 2 ms up (doubling) to this bound; the background loop runs at this pace
      pollIntervalMs: 20,
      receiptTimeoutMs: 10_000,
    });
    engine.registerAdapter(venue);
    let k = 0;
    const ours = async (): Promise<void> => {
      const side = k++ % 2 === 0 ? 'Sell' : 'Buy';
      const o = await engine.submitOrder({ venue: 'uniswap', market: 'WETH/USD', side, size: SIZE });
      if (o.status !== OrderStatus.Filled) throw new Error(`ours not filled: ${o.status} ${o.reason ?? ''}`);
    };

    // the bare path: viem only, its own wallet
    const account = privateKeyToAccount(chain.accounts[1]!.privateKey);
    const transport = http(chain.url);
    const pub = createPublicClient({ chain: anvil, transport, pollingInterval: 5 });
    const wallet = createWalletClient({ account, chain: anvil, transport });
    for (const token of [weth.address, usd.address]) {
      const hash = await wallet.writeContract({
        address: token,
        abi: erc20Abi,
        functionName: 'approve',
        args: [c.swapRouter, 2n ** 256n - 1n],
      });
      await pub.waitForTransactionReceipt({ hash, pollingInterval: 5 });
    }
    const amount = parseUnits(SIZE, weth.decimals);
    let j = 0;
    const bare = async (): Promise<void> => {
      const sell = j++ % 2 === 0;
      const deadline = BigInt(Math.floor(Date.now() / 1000) + 300);
      let hash: `0x${string}`;
      if (sell) {
        const { result } = await pub.simulateContract({
          address: c.quoterV2,
          abi: quoterV2Abi,
          functionName: 'quoteExactInputSingle',
          args: [
            {
              tokenIn: weth.address,
              tokenOut: usd.address,
              amountIn: amount,
              fee: FEE,
              sqrtPriceLimitX96: 0n,
            },
          ],
        });
        hash = await wallet.writeContract({
          address: c.swapRouter,
          abi: swapRouterAbi,
          functionName: 'exactInputSingle',
          args: [
            {
              tokenIn: weth.address,
              tokenOut: usd.address,
              fee: FEE,
              recipient: account.address,
              deadline,
              amountIn: amount,
              amountOutMinimum: (result[0] * (10_000n - SLIPPAGE_BPS)) / 10_000n,
              sqrtPriceLimitX96: 0n,
            },
          ],
        });
      } else {
        const { result } = await pub.simulateContract({
          address: c.quoterV2,
          abi: quoterV2Abi,
          functionName: 'quoteExactOutputSingle',
          args: [{ tokenIn: usd.address, tokenOut: weth.address, amount, fee: FEE, sqrtPriceLimitX96: 0n }],
        });
        hash = await wallet.writeContract({
          address: c.swapRouter,
          abi: swapRouterAbi,
          functionName: 'exactOutputSingle',
          args: [
            {
              tokenIn: usd.address,
              tokenOut: weth.address,
              fee: FEE,
              recipient: account.address,
              deadline,
              amountOut: amount,
              amountInMaximum: (result[0] * (10_000n + SLIPPAGE_BPS) + 9_999n) / 10_000n,
              sqrtPriceLimitX96: 0n,
            },
          ],
        });
      }
      const r = await pub.waitForTransactionReceipt({ hash, pollingInterval: 5 });
      if (r.status !== 'success') throw new Error(`bare swap reverted: ${hash}`);
    };

    const time = async (fn: () => Promise<void>, n: number, out: number[]): Promise<number> => {
      const start = process.hrtime.bigint();
      for (let i = 0; i < n; i++) {
        const t0 = process.hrtime.bigint();
        await fn();
        out.push(Number(process.hrtime.bigint() - t0));
      }
      return Number(process.hrtime.bigint() - start);
    };
    // warm-up: first approvals (ours), JIT, connection pools
    await time(ours, 6, []);
    await time(bare, 6, []);
    const oursNs: number[] = [];
    const bareNs: number[] = [];
    let oursTotal = 0;
    let bareTotal = 0;
    for (let r = 0; r < rounds; r++) {
      if (r % 2 === 0) {
        oursTotal += await time(ours, perRound, oursNs);
        bareTotal += await time(bare, perRound, bareNs);
      } else {
        bareTotal += await time(bare, perRound, bareNs);
        oursTotal += await time(ours, perRound, oursNs);
      }
    }
    return [summarise('uniswap.swap', oursNs, oursTotal), summarise('uniswap.swap.viem', bareNs, bareTotal)];
  } finally {
    await engine.close();
    await chain.stop();
  }
}
