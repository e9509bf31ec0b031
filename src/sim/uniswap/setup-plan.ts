/**
 * The whole set-up of the local Uniswap chain as a list of transactions with explicit nonces and gas, so
 * that it can be sent in one batch: contract deployments (addresses follow from deployer + nonce), WETH
 * wrapping, approvals, V2 pairs and V3 pools seeded at fixed USD prices, and the traders' funding. Also
 * the token, price and liquidity constants the chain is seeded with.
 */
import {
  type Address,
  concatHex,
  encodeAbiParameters,
  encodeFunctionData,
  encodePacked,
  getContractAddress,
  getCreate2Address,
  type Hex,
  keccak256,
  maxUint256,
  zeroAddress,
} from 'viem';
import {
  type ArtifactName,
  loadArtifact,
  V2_PAIR_INIT_CODE_HASH,
  V3_POOL_INIT_CODE_HASH,
} from './artifacts.ts';
import { fullRangeTicks, sortsBefore, sqrtPriceX96, TICK_SPACING } from './pool-math.ts';
import { ERC20_SETUP_ABI, POSITION_MANAGER_SETUP_ABI, V2_ROUTER_SETUP_ABI } from './setup-abis.ts';

/** Symbols of the tokens on the chain (the two test ERC20s call themselves "Test Token"/TT on chain). */
export type TokenSymbol = 'WETH' | 'USD' | 'TKN';

/** All tokens have 18 decimals (WETH9 and the v2-periphery test ERC20). */
export const TOKEN_DECIMALS = 18;
const UNIT = 10n ** 18n;

/** The USD price each pool is seeded at, as a decimal string. */
export const SEED_PRICES_USD: Readonly<Record<TokenSymbol, string>> = { WETH: '3000', USD: '1', TKN: '2' };

/** Total supply of each test ERC20 (whole tokens), all minted to the deployer. */
export const TEST_TOKEN_SUPPLY = 1_000_000_000n;

/** A pool to seed: whole-token amounts of both sides (their ratio is the seeded price). */
export interface PoolSeed {
  readonly protocol: 'v2' | 'v3';
  readonly tokenA: TokenSymbol;
  readonly tokenB: TokenSymbol;
  /** Fee in hundredths of a basis point (V2 is always 3000 = 0.3%). */
  readonly fee: number;
  readonly amountA: bigint;
  readonly amountB: bigint;
}

/**
 * The seeded pools. V3 0.05% is deeper than V3 0.3% but shallower than V2, so a small WETH/USD trade is best
 * on V3 0.05% (lowest fee), a large one on V2 (least price impact); at tiny sizes the cheaper V2 gas wins.
 */
export const POOL_SEEDS: readonly PoolSeed[] = [
  { protocol: 'v2', tokenA: 'WETH', tokenB: 'USD', fee: 3000, amountA: 1_000n, amountB: 3_000_000n },
  { protocol: 'v2', tokenA: 'USD', tokenB: 'TKN', fee: 3000, amountA: 2_000_000n, amountB: 1_000_000n },
  { protocol: 'v3', tokenA: 'WETH', tokenB: 'USD', fee: 500, amountA: 400n, amountB: 1_200_000n },
  { protocol: 'v3', tokenA: 'WETH', tokenB: 'USD', fee: 3000, amountA: 100n, amountB: 300_000n },
];

/** What each trader receives (whole tokens); WETH is wrapped from the trader's own ETH. */
export const TRADER_FUNDING: Readonly<Record<TokenSymbol, bigint>> = {
  WETH: 100n,
  USD: 1_000_000n,
  TKN: 1_000_000n,
};

/** One set-up transaction. */
export interface SetupTx {
  readonly label: string;
  readonly from: Address;
  readonly nonce: number;
  readonly to?: Address;
  readonly data: Hex;
  readonly value?: bigint;
  readonly gas: bigint;
}

/** Addresses of the deployed periphery and core contracts. */
export interface UniswapContracts {
  readonly weth: Address;
  readonly v2Factory: Address;
  readonly v2Router: Address;
  readonly v3Factory: Address;
  readonly swapRouter: Address;
  readonly quoterV2: Address;
  readonly positionManager: Address;
}

/** A seeded pool with its (CREATE2-derived) address and sorted tokens. */
export interface PlannedPool extends PoolSeed {
  readonly address: Address;
  readonly token0: TokenSymbol;
  readonly token1: TokenSymbol;
  /** Raw amounts of token0 / token1 offered. */
  readonly amount0: bigint;
  readonly amount1: bigint;
  readonly tickSpacing?: number;
  readonly sqrtPriceX96?: bigint;
  /** Label of the transaction whose receipt reports the deposited amounts. */
  readonly depositLabel: string;
}

/** The full plan. */
export interface SetupPlan {
  readonly contracts: UniswapContracts;
  readonly tokens: Readonly<Record<TokenSymbol, Address>>;
  readonly pools: readonly PlannedPool[];
  readonly txs: readonly SetupTx[];
}

const GAS_DEPLOY = 8_000_000n;
const GAS_POOL_CREATE = 6_000_000n;
const GAS_PAIR_CREATE = 4_000_000n;
const GAS_MINT = 1_000_000n;
const GAS_SMALL = 100_000n;

/** Builds every set-up transaction for `deployer` (starting at nonce 0) and `traders` (nonce 0 each). */
export function buildSetupPlan(deployer: Address, traders: readonly Address[]): SetupPlan {
  const txs: SetupTx[] = [];
  let nonce = 0;
  const send = (label: string, to: Address, data: Hex, gas: bigint, value?: bigint): void => {
    txs.push({
      label,
      from: deployer,
      nonce: nonce++,
      to,
      data,
      gas,
      ...(value === undefined ? {} : { value }),
    });
  };
  const deploy = (label: string, name: ArtifactName, ctor: Hex = '0x'): Address => {
    const address = getContractAddress({ from: deployer, nonce: BigInt(nonce) });
    txs.push({
      label,
      from: deployer,
      nonce: nonce++,
      data: concatHex([loadArtifact(name).bytecode, ctor]),
      gas: GAS_DEPLOY,
    });
    return address;
  };
  const args = (types: readonly string[], values: readonly unknown[]): Hex =>
    encodeAbiParameters(
      types.map((type) => ({ type })),
      values,
    );

  const supply = TEST_TOKEN_SUPPLY * UNIT;
  const weth = deploy('deploy WETH9', 'WETH9');
  const usd = deploy('deploy USD (test ERC20)', 'ERC20', args(['uint256'], [supply]));
  const tkn = deploy('deploy TKN (test ERC20)', 'ERC20', args(['uint256'], [supply]));
  const tokens: Record<TokenSymbol, Address> = { WETH: weth, USD: usd, TKN: tkn };
  const v2Factory = deploy('deploy UniswapV2Factory', 'UniswapV2Factory', args(['address'], [deployer]));
  const v2Router = deploy(
    'deploy UniswapV2Router02',
    'UniswapV2Router02',
    args(['address', 'address'], [v2Factory, weth]),
  );
  const v3Factory = deploy('deploy UniswapV3Factory', 'UniswapV3Factory');
  const positionManager = deploy(
    'deploy NonfungiblePositionManager',
    'NonfungiblePositionManager',
    args(['address', 'address', 'address'], [v3Factory, weth, zeroAddress]),
  );
  const swapRouter = deploy(
    'deploy SwapRouter',
    'SwapRouter',
    args(['address', 'address'], [v3Factory, weth]),
  );
  const quoterV2 = deploy('deploy QuoterV2', 'QuoterV2', args(['address', 'address'], [v3Factory, weth]));
  const contracts: UniswapContracts = {
    weth,
    v2Factory,
    v2Router,
    v3Factory,
    swapRouter,
    quoterV2,
    positionManager,
  };

  const wethNeeded = POOL_SEEDS.reduce(
    (sum, p) => sum + (p.tokenA === 'WETH' ? p.amountA : 0n) + (p.tokenB === 'WETH' ? p.amountB : 0n),
    0n,
  );
  const erc20 = (fn: 'approve' | 'transfer', a: Address, n: bigint): Hex =>
    encodeFunctionData({ abi: ERC20_SETUP_ABI, functionName: fn, args: [a, n] });
  send(
    'wrap deployer ETH',
    weth,
    encodeFunctionData({ abi: ERC20_SETUP_ABI, functionName: 'deposit' }),
    GAS_SMALL,
    wethNeeded * UNIT,
  );
  for (const sym of ['WETH', 'USD', 'TKN'] as const) {
    send(`approve V2 router for ${sym}`, tokens[sym], erc20('approve', v2Router, maxUint256), GAS_SMALL);
    send(
      `approve position manager for ${sym}`,
      tokens[sym],
      erc20('approve', positionManager, maxUint256),
      GAS_SMALL,
    );
  }

  const pools: PlannedPool[] = [];
  for (const seed of POOL_SEEDS) {
    const aFirst = sortsBefore(tokens[seed.tokenA], tokens[seed.tokenB]);
    const [token0, token1] = aFirst ? [seed.tokenA, seed.tokenB] : [seed.tokenB, seed.tokenA];
    const [amount0, amount1] = (aFirst ? [seed.amountA, seed.amountB] : [seed.amountB, seed.amountA]).map(
      (n) => n * UNIT,
    ) as [bigint, bigint];
    const name = `${seed.protocol.toUpperCase()} ${seed.tokenA}/${seed.tokenB}${seed.protocol === 'v3' ? ` ${seed.fee}` : ''}`;
    if (seed.protocol === 'v2') {
      const address = getCreate2Address({
        from: v2Factory,
        salt: keccak256(encodePacked(['address', 'address'], [tokens[token0], tokens[token1]])),
        bytecodeHash: V2_PAIR_INIT_CODE_HASH,
      });
      const label = `add liquidity ${name}`;
      send(
        label,
        v2Router,
        encodeFunctionData({
          abi: V2_ROUTER_SETUP_ABI,
          functionName: 'addLiquidity',
          args: [tokens[token0], tokens[token1], amount0, amount1, 0n, 0n, deployer, maxUint256],
        }),
        GAS_PAIR_CREATE,
      );
      pools.push({ ...seed, address, token0, token1, amount0, amount1, depositLabel: label });
      continue;
    }
    const tickSpacing = TICK_SPACING[seed.fee];
    if (tickSpacing === undefined)
      throw new Error(`pool seed ${name}: fee ${seed.fee} is not an enabled V3 tier`);
    const sqrtP = sqrtPriceX96(amount0, amount1);
    const address = getCreate2Address({
      from: v3Factory,
      salt: keccak256(
        encodeAbiParameters(
          [{ type: 'address' }, { type: 'address' }, { type: 'uint24' }],
          [tokens[token0], tokens[token1], seed.fee],
        ),
      ),
      bytecodeHash: V3_POOL_INIT_CODE_HASH,
    });
    send(
      `create ${name}`,
      positionManager,
      encodeFunctionData({
        abi: POSITION_MANAGER_SETUP_ABI,
        functionName: 'createAndInitializePoolIfNecessary',
        args: [tokens[token0], tokens[token1], seed.fee, sqrtP],
      }),
      GAS_POOL_CREATE,
    );
    const [tickLower, tickUpper] = fullRangeTicks(tickSpacing);
    const label = `mint full range ${name}`;
    send(
      label,
      positionManager,
      encodeFunctionData({
        abi: POSITION_MANAGER_SETUP_ABI,
        functionName: 'mint',
        args: [
          {
            token0: tokens[token0],
            token1: tokens[token1],
            fee: seed.fee,
            tickLower,
            tickUpper,
            amount0Desired: amount0,
            amount1Desired: amount1,
            amount0Min: 0n,
            amount1Min: 0n,
            recipient: deployer,
            deadline: maxUint256,
          },
        ],
      }),
      GAS_MINT,
    );
    pools.push({
      ...seed,
      address,
      token0,
      token1,
      amount0,
      amount1,
      tickSpacing,
      sqrtPriceX96: sqrtP,
      depositLabel: label,
    });
  }

  for (const [i, trader] of traders.entries()) {
    send(
      `fund trader ${i + 1} with USD`,
      usd,
      erc20('transfer', trader, TRADER_FUNDING.USD * UNIT),
      GAS_SMALL,
    );
    send(
      `fund trader ${i + 1} with TKN`,
      tkn,
      erc20('transfer', trader, TRADER_FUNDING.TKN * UNIT),
      GAS_SMALL,
    );
    txs.push({
      label: `trader ${i + 1} wraps ETH`,
      from: trader,
      nonce: 0,
      to: weth,
      data: encodeFunctionData({ abi: ERC20_SETUP_ABI, functionName: 'deposit' }),
      value: TRADER_FUNDING.WETH * UNIT,
      gas: GAS_SMALL,
    });
  }
  return { contracts, tokens, pools, txs };
}
