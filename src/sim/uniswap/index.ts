/**
 * `sim/uniswap/`: the local Uniswap chain. Starts anvil (from its npm package) on loopback, deploys the
 * published Uniswap V2 and V3 contracts from their npm artifacts, seeds pools and funds traders
 * (`startUniswapChain`), and runs it as the `ag-exec sim uniswap` command. Imports only npm packages.
 */

export { type AnvilOptions, type AnvilProcess, anvilBinaryPath, startAnvil } from './anvil-process.ts';
export {
  ARTIFACT_FILES,
  type Artifact,
  type ArtifactName,
  initCodeHash,
  loadArtifact,
  V2_PAIR_INIT_CODE_HASH,
  V3_POOL_INIT_CODE_HASH,
} from './artifacts.ts';
export { runUniswapSimCommand } from './command.ts';
export { DEV_MNEMONIC, type DevAccount, deriveDevAccounts } from './dev-accounts.ts';
export { fullRangeTicks, MAX_TICK, MIN_TICK, sqrtPriceX96, TICK_SPACING } from './pool-math.ts';
export {
  POOL_SEEDS,
  type PoolSeed,
  SEED_PRICES_USD,
  TEST_TOKEN_SUPPLY,
  TOKEN_DECIMALS,
  type TokenSymbol,
  TRADER_FUNDING,
  type UniswapContracts,
} from './setup-plan.ts';
export {
  type ChainAdapterOptions,
  type ChainToken,
  startUniswapChain,
  type UniswapChain,
  type UniswapChainOptions,
  type UniswapPool,
} from './uniswap-chain.ts';
