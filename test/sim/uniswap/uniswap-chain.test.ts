/**
 * `startUniswapChain()` against a real anvil: the deployed code is the published npm bytecode, the
 * init-code hashes and CREATE2 addresses match, pools hold the seeded prices, a swap on every pool pays
 * exactly its quote, traders are funded with no approvals, and automine off keeps transactions pending.
 */
import {
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  encodeAbiParameters,
  encodePacked,
  getCreate2Address,
  type Hex,
  http,
  keccak256,
  maxUint256,
  type PublicClient,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  initCodeHash,
  loadArtifact,
  startUniswapChain,
  type UniswapChain,
  type UniswapPool,
} from '../../../src/sim/uniswap/index.ts';
import {
  erc20Abi,
  quoterV2Abi,
  swapRouterAbi,
  v2FactoryAbi,
  v2PairAbi,
  v2RouterAbi,
  v3FactoryAbi,
  v3PoolAbi,
} from './abis.ts';

const E18 = 10n ** 18n;

/** Byte offsets of PUSH32 operands that are all zero in `code` (solc's placeholders for immutables). */
function immutableSlots(code: Hex): number[] {
  const bytes = Buffer.from(code.slice(2), 'hex');
  const slots: number[] = [];
  for (let pc = 0; pc < bytes.length; pc++) {
    const op = bytes[pc] as number;
    if (op >= 0x60 && op <= 0x7f) {
      const n = op - 0x5f;
      if (n === 32 && bytes.subarray(pc + 1, pc + 33).every((b) => b === 0)) slots.push(pc + 1);
      pc += n;
    }
  }
  return slots;
}

function word(value: bigint | Address): string {
  return BigInt(value).toString(16).padStart(64, '0');
}

/**
 * `code` with every immutable slot of `artifact` zeroed again, after checking that each slot holds one of
 * the `allowed` 32-byte words; equal to `artifact` when the deployed code is the compiled code.
 */
function withImmutablesCleared(code: Hex, artifact: Hex, allowed: readonly string[]): Hex {
  const ok = new Set(allowed.map((w) => w.toLowerCase()));
  const slots = immutableSlots(artifact);
  expect(slots.length).toBeGreaterThan(0);
  let body = code.slice(2);
  for (const at of slots) {
    const filled = body.slice(at * 2, at * 2 + 64);
    expect(ok.has(filled), `immutable at byte ${at} = ${filled}`).toBe(true);
    body = body.slice(0, at * 2) + '0'.repeat(64) + body.slice(at * 2 + 64);
  }
  return `0x${body}`;
}

describe('startUniswapChain (automine)', () => {
  let chain: UniswapChain;
  let client: PublicClient;

  beforeAll(async () => {
    chain = await startUniswapChain();
    client = createPublicClient({ chain: foundry, transport: http(chain.url), pollingInterval: 20 });
  });
  afterAll(async () => {
    await chain?.stop();
  });

  const pool = (protocol: 'v2' | 'v3', a: string, b: string, fee = 3000): UniswapPool => {
    const p = chain.pools.find(
      (x) =>
        x.protocol === protocol &&
        x.fee === fee &&
        [x.token0, x.token1].sort().join('/') === [a, b].sort().join('/'),
    );
    if (p === undefined) throw new Error(`no ${protocol} ${a}/${b} ${fee}`);
    return p;
  };

  it('answers on loopback as chain 31337 and reports its start-up time', async () => {
    expect(chain.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await client.getChainId()).toBe(31337);
    expect(chain.chainId).toBe(31337);
    expect(chain.startupMs).toBeGreaterThan(0);
    expect(Object.keys(chain.tokens).sort()).toEqual(['TKN', 'USD', 'WETH']);
    expect(chain.tokens.WETH?.address).toBe(chain.contracts.weth);
    expect(chain.pools).toHaveLength(4);
  });

  it('deployed the published contracts: every periphery contract has code', async () => {
    for (const [name, address] of Object.entries(chain.contracts)) {
      const code = await client.getCode({ address });
      expect(code?.length ?? 0, name).toBeGreaterThan(1000);
    }
    const routerCode = (await client.getCode({ address: chain.contracts.v2Router })) as Hex;
    const unfilled = withImmutablesCleared(routerCode, loadArtifact('UniswapV2Router02').deployedBytecode, [
      word(chain.contracts.v2Factory),
      word(chain.contracts.weth),
    ]);
    expect(unfilled === loadArtifact('UniswapV2Router02').deployedBytecode).toBe(true);
  });

  it('the init-code hashes of the npm pair and pool are the published constants', () => {
    expect(initCodeHash('UniswapV2Pair')).toBe(
      '0x96e8ac4277198ff8b6f785478aa9a39f403cb768dd02cbee326c3e7da348845f',
    );
    expect(initCodeHash('UniswapV3Pool')).toBe(
      '0xe34f199b19b2b4f47f68442619d555527d244f78a3297ea89325f843f87b8b54',
    );
  });

  it('getPair / getPool equal the CREATE2 addresses and the reported pools', async () => {
    for (const p of chain.pools) {
      expect(BigInt(p.token0Address) < BigInt(p.token1Address)).toBe(true);
      if (p.protocol === 'v2') {
        const expected = getCreate2Address({
          from: chain.contracts.v2Factory,
          salt: keccak256(encodePacked(['address', 'address'], [p.token0Address, p.token1Address])),
          bytecodeHash: keccak256(loadArtifact('UniswapV2Pair').bytecode),
        });
        const onChain = await client.readContract({
          address: chain.contracts.v2Factory,
          abi: v2FactoryAbi,
          functionName: 'getPair',
          args: [p.token1Address, p.token0Address],
        });
        expect(onChain).toBe(expected);
        expect(p.address).toBe(expected);
      } else {
        const expected = getCreate2Address({
          from: chain.contracts.v3Factory,
          salt: keccak256(
            encodeAbiParameters(
              [{ type: 'address' }, { type: 'address' }, { type: 'uint24' }],
              [p.token0Address, p.token1Address, p.fee],
            ),
          ),
          bytecodeHash: keccak256(loadArtifact('UniswapV3Pool').bytecode),
        });
        const onChain = await client.readContract({
          address: chain.contracts.v3Factory,
          abi: v3FactoryAbi,
          functionName: 'getPool',
          args: [p.token1Address, p.token0Address, p.fee],
        });
        expect(onChain).toBe(expected);
        expect(p.address).toBe(expected);
      }
    }
  });

  it('a V2 pair runs exactly the artifact deployedBytecode', async () => {
    const p = pool('v2', 'WETH', 'USD');
    const code = await client.getCode({ address: p.address });
    expect(code === loadArtifact('UniswapV2Pair').deployedBytecode).toBe(true);
    expect(immutableSlots(loadArtifact('UniswapV2Pair').deployedBytecode)).toEqual([]);
  });

  it('a V3 pool runs the artifact deployedBytecode with only its immutables filled in', async () => {
    for (const fee of [500, 3000]) {
      const p = pool('v3', 'WETH', 'USD', fee);
      const code = (await client.getCode({ address: p.address })) as Hex;
      const artifact = loadArtifact('UniswapV3Pool').deployedBytecode;
      expect(code.length).toBe(artifact.length);
      const maxPerTick = await client.readContract({
        address: p.address,
        abi: v3PoolAbi,
        functionName: 'maxLiquidityPerTick',
      });
      const allowed = [
        word(chain.contracts.v3Factory),
        word(p.token0Address),
        word(p.token1Address),
        word(BigInt(p.fee)),
        word(BigInt(p.tickSpacing ?? -1)),
        word(maxPerTick),
        word(p.address), // NoDelegateCall's `original`
      ];
      expect(immutableSlots(artifact).length).toBeGreaterThan(10);
      expect(withImmutablesCleared(code, artifact, allowed) === artifact).toBe(true);
    }
  });

  it('pools hold the seeded prices: WETH = 3000 USD, TKN = 2 USD', async () => {
    const wethUsd = pool('v2', 'WETH', 'USD');
    const [r0, r1] = await client.readContract({
      address: wethUsd.address,
      abi: v2PairAbi,
      functionName: 'getReserves',
    });
    expect([r0, r1]).toEqual([wethUsd.amount0, wethUsd.amount1]);
    const wethReserve = wethUsd.token0 === 'WETH' ? r0 : r1;
    const usdReserve = wethUsd.token0 === 'WETH' ? r1 : r0;
    expect(usdReserve).toBe(wethReserve * 3000n);
    const usdTkn = pool('v2', 'USD', 'TKN');
    const [t0, t1] = await client.readContract({
      address: usdTkn.address,
      abi: v2PairAbi,
      functionName: 'getReserves',
    });
    expect(usdTkn.token0 === 'TKN' ? t1 : t0).toBe((usdTkn.token0 === 'TKN' ? t0 : t1) * 2n);
    for (const fee of [500, 3000]) {
      const p = pool('v3', 'WETH', 'USD', fee);
      const [sqrtP] = await client.readContract({
        address: p.address,
        abi: v3PoolAbi,
        functionName: 'slot0',
      });
      expect(sqrtP).toBe(p.sqrtPriceX96);
      // price = (sqrtP / 2^96)^2 raw token1 per raw token0; WETH and USD both have 18 decimals.
      const priceX = (sqrtP * sqrtP * 1_000_000n) >> 192n;
      const expected = p.token0 === 'WETH' ? 3000n * 1_000_000n : 1_000_000n / 3000n;
      expect(priceX === expected || priceX === expected - 1n).toBe(true);
      expect(
        await client.readContract({ address: p.address, abi: v3PoolAbi, functionName: 'liquidity' }),
      ).toBe(p.liquidity);
    }
    expect(pool('v3', 'WETH', 'USD', 500).liquidity! > pool('v3', 'WETH', 'USD', 3000).liquidity!).toBe(true);
  });

  it('funds each trader with ETH, WETH, USD and TKN and approves nothing', async () => {
    expect(chain.accounts).toHaveLength(3);
    expect(chain.accounts.map((a) => a.address)).not.toContain(chain.deployer.address);
    for (const a of chain.accounts) {
      expect(privateKeyToAccount(a.privateKey).address).toBe(a.address);
      const bal = (t: string) =>
        client.readContract({
          address: chain.tokens[t]!.address,
          abi: erc20Abi,
          functionName: 'balanceOf',
          args: [a.address],
        });
      expect(await bal('WETH')).toBe(100n * E18);
      expect(await bal('USD')).toBe(1_000_000n * E18);
      expect(await bal('TKN')).toBe(1_000_000n * E18);
      expect(await client.getBalance({ address: a.address })).toBeGreaterThan(9_000n * E18);
      for (const spender of [
        chain.contracts.v2Router,
        chain.contracts.swapRouter,
        chain.contracts.positionManager,
      ]) {
        for (const t of ['WETH', 'USD', 'TKN']) {
          const allowance = await client.readContract({
            address: chain.tokens[t]!.address,
            abi: erc20Abi,
            functionName: 'allowance',
            args: [a.address, spender],
          });
          expect(allowance).toBe(0n);
        }
      }
    }
  });

  it('the best WETH -> USD pool depends on size: V3 0.05% for 1 WETH, V2 for 50 WETH', async () => {
    const quotes = async (amountIn: bigint) => {
      const v2 = await client.readContract({
        address: chain.contracts.v2Router,
        abi: v2RouterAbi,
        functionName: 'getAmountsOut',
        args: [amountIn, [chain.tokens.WETH!.address, chain.tokens.USD!.address]],
      });
      const v3 = async (fee: number) =>
        (
          await client.simulateContract({
            address: chain.contracts.quoterV2,
            abi: quoterV2Abi,
            functionName: 'quoteExactInputSingle',
            args: [
              {
                tokenIn: chain.tokens.WETH!.address,
                tokenOut: chain.tokens.USD!.address,
                amountIn,
                fee,
                sqrtPriceLimitX96: 0n,
              },
            ],
          })
        ).result[0];
      return { v2: v2[1]!, v3Low: await v3(500), v3High: await v3(3000) };
    };
    const small = await quotes(1n * E18);
    expect(small.v3Low).toBeGreaterThan(small.v2);
    expect(small.v2).toBeGreaterThan(small.v3High);
    const large = await quotes(50n * E18);
    expect(large.v2).toBeGreaterThan(large.v3Low);
  });

  describe('swaps pay exactly the quote', () => {
    const trader = () => privateKeyToAccount(chain.accounts[0]!.privateKey);
    const wallet = () =>
      createWalletClient({
        account: trader(),
        chain: foundry,
        transport: http(chain.url),
        pollingInterval: 20,
      });
    const balance = (t: string) =>
      client.readContract({
        address: chain.tokens[t]!.address,
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [trader().address],
      });
    const approve = async (t: string, spender: Address) => {
      const hash = await wallet().writeContract({
        address: chain.tokens[t]!.address,
        abi: erc20Abi,
        functionName: 'approve',
        args: [spender, maxUint256],
      });
      expect((await client.waitForTransactionReceipt({ hash })).status).toBe('success');
    };
    const deadline = async () => (await client.getBlock()).timestamp + 600n;

    it.each([
      ['WETH', 'USD', 1n * E18],
      ['USD', 'TKN', 1000n * E18],
    ])('V2 %s -> %s through UniswapV2Router02', async (tin, tout, amountIn) => {
      await approve(tin, chain.contracts.v2Router);
      const path = [chain.tokens[tin]!.address, chain.tokens[tout]!.address];
      const amounts = await client.readContract({
        address: chain.contracts.v2Router,
        abi: v2RouterAbi,
        functionName: 'getAmountsOut',
        args: [amountIn, path],
      });
      const quote = amounts[1]!;
      const before = await balance(tout);
      const hash = await wallet().writeContract({
        address: chain.contracts.v2Router,
        abi: v2RouterAbi,
        functionName: 'swapExactTokensForTokens',
        args: [amountIn, quote, path, trader().address, await deadline()],
      });
      expect((await client.waitForTransactionReceipt({ hash })).status).toBe('success');
      expect((await balance(tout)) - before).toBe(quote);
    });

    it.each([500, 3000])('V3 WETH -> USD fee %i through SwapRouter, quoted by QuoterV2', async (fee) => {
      await approve('WETH', chain.contracts.swapRouter);
      const amountIn = 2n * E18;
      const { result } = await client.simulateContract({
        address: chain.contracts.quoterV2,
        abi: quoterV2Abi,
        functionName: 'quoteExactInputSingle',
        args: [
          {
            tokenIn: chain.tokens.WETH!.address,
            tokenOut: chain.tokens.USD!.address,
            amountIn,
            fee,
            sqrtPriceLimitX96: 0n,
          },
        ],
      });
      const quote = result[0];
      expect(quote).toBeGreaterThan(5_800n * E18);
      const before = await balance('USD');
      const hash = await wallet().writeContract({
        address: chain.contracts.swapRouter,
        abi: swapRouterAbi,
        functionName: 'exactInputSingle',
        args: [
          {
            tokenIn: chain.tokens.WETH!.address,
            tokenOut: chain.tokens.USD!.address,
            fee,
            recipient: trader().address,
            deadline: await deadline(),
            amountIn,
            amountOutMinimum: quote,
            sqrtPriceLimitX96: 0n,
          },
        ],
      });
      expect((await client.waitForTransactionReceipt({ hash })).status).toBe('success');
      expect((await balance('USD')) - before).toBe(quote);
    });
  });
});

describe('startUniswapChain (automine off)', () => {
  it('keeps transactions pending until evm_mine', async () => {
    const chain = await startUniswapChain({ automine: false, accounts: 1 });
    try {
      const client = createPublicClient({ chain: foundry, transport: http(chain.url), pollingInterval: 20 });
      const testClient = createTestClient({ chain: foundry, mode: 'anvil', transport: http(chain.url) });
      const account = privateKeyToAccount(chain.accounts[0]!.privateKey);
      const wallet = createWalletClient({ account, chain: foundry, transport: http(chain.url) });
      const height = await client.getBlockNumber();
      const hash = await wallet.writeContract({
        address: chain.contracts.weth,
        abi: erc20Abi,
        functionName: 'approve',
        args: [chain.contracts.v2Router, 1n],
        gas: 100_000n,
        nonce: 1,
      });
      await expect(client.getTransactionReceipt({ hash })).rejects.toThrow(/could not be found/i);
      expect(await client.getBlockNumber()).toBe(height);
      expect(await client.getTransactionCount({ address: account.address, blockTag: 'pending' })).toBe(2);
      await testClient.mine({ blocks: 1 });
      const receipt = await client.getTransactionReceipt({ hash });
      expect(receipt.status).toBe('success');
      expect(receipt.blockNumber).toBe(height + 1n);
    } finally {
      await chain.stop();
    }
  });
});

describe('startUniswapChain (interval mining)', () => {
  it('mines a pending transaction within the block time', async () => {
    const chain = await startUniswapChain({ blockTimeSec: 1, accounts: 1 });
    try {
      const client = createPublicClient({ chain: foundry, transport: http(chain.url), pollingInterval: 50 });
      const account = privateKeyToAccount(chain.accounts[0]!.privateKey);
      const wallet = createWalletClient({ account, chain: foundry, transport: http(chain.url) });
      const hash = await wallet.writeContract({
        address: chain.contracts.weth,
        abi: erc20Abi,
        functionName: 'approve',
        args: [chain.contracts.v2Router, 1n],
        gas: 100_000n,
      });
      const receipt = await client.waitForTransactionReceipt({ hash, timeout: 5_000 });
      expect(receipt.status).toBe('success');
    } finally {
      await chain.stop();
    }
  });
});
