/**
 * The published Uniswap contract artifacts, read from their npm packages and normalised: V2 packages are
 * Waffle JSON (bytecode without `0x` under `evm.bytecode.object`), V3 packages Hardhat artifacts (`bytecode`
 * with `0x`). Also the init-code hashes the routers bake in.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Abi, type Hex, keccak256 } from 'viem';

/** The contracts the local chain deploys (plus the pair and pool the factories create). */
export type ArtifactName =
  | 'WETH9'
  | 'ERC20'
  | 'UniswapV2Factory'
  | 'UniswapV2Pair'
  | 'UniswapV2Router02'
  | 'UniswapV3Factory'
  | 'UniswapV3Pool'
  | 'NonfungiblePositionManager'
  | 'SwapRouter'
  | 'QuoterV2';

/** Where each artifact lives inside its npm package. */
export const ARTIFACT_FILES: Readonly<Record<ArtifactName, string>> = {
  WETH9: '@uniswap/v2-periphery/build/WETH9.json',
  ERC20: '@uniswap/v2-periphery/build/ERC20.json',
  UniswapV2Factory: '@uniswap/v2-core/build/UniswapV2Factory.json',
  UniswapV2Pair: '@uniswap/v2-core/build/UniswapV2Pair.json',
  UniswapV2Router02: '@uniswap/v2-periphery/build/UniswapV2Router02.json',
  UniswapV3Factory: '@uniswap/v3-core/artifacts/contracts/UniswapV3Factory.sol/UniswapV3Factory.json',
  UniswapV3Pool: '@uniswap/v3-core/artifacts/contracts/UniswapV3Pool.sol/UniswapV3Pool.json',
  NonfungiblePositionManager:
    '@uniswap/v3-periphery/artifacts/contracts/NonfungiblePositionManager.sol/NonfungiblePositionManager.json',
  SwapRouter: '@uniswap/v3-periphery/artifacts/contracts/SwapRouter.sol/SwapRouter.json',
  QuoterV2: '@uniswap/v3-periphery/artifacts/contracts/lens/QuoterV2.sol/QuoterV2.json',
};

/** The published V2 pair init-code hash (UniswapV2Library.pairFor). */
export const V2_PAIR_INIT_CODE_HASH: Hex =
  '0x96e8ac4277198ff8b6f785478aa9a39f403cb768dd02cbee326c3e7da348845f';
/** The published V3 pool init-code hash (PoolAddress.POOL_INIT_CODE_HASH). */
export const V3_POOL_INIT_CODE_HASH: Hex =
  '0xe34f199b19b2b4f47f68442619d555527d244f78a3297ea89325f843f87b8b54';

/** A contract artifact with `0x`-prefixed creation and runtime code. */
export interface Artifact {
  readonly name: ArtifactName;
  readonly abi: Abi;
  /** Creation code (constructor arguments are appended to it). */
  readonly bytecode: Hex;
  /** Runtime code as compiled (immutables are zero here and filled in at deployment). */
  readonly deployedBytecode: Hex;
}

interface RawArtifact {
  abi?: unknown;
  bytecode?: unknown;
  deployedBytecode?: unknown;
  evm?: { bytecode?: { object?: unknown }; deployedBytecode?: { object?: unknown } };
}

const cache = new Map<ArtifactName, Artifact>();
const require = createRequire(import.meta.url);

function hexOf(value: unknown, what: string): Hex {
  if (typeof value !== 'string' || value.replace(/^0x/, '').length === 0) {
    throw new Error(`artifact ${what} is missing`);
  }
  const body = value.replace(/^0x/, '');
  if (!/^[0-9a-fA-F]*$/.test(body) || body.length % 2 !== 0) {
    throw new Error(`artifact ${what} is not hex (unlinked library placeholder?)`);
  }
  return `0x${body.toLowerCase()}`;
}

/** Loads (once) and normalises an artifact from its npm package. */
export function loadArtifact(name: ArtifactName): Artifact {
  const hit = cache.get(name);
  if (hit !== undefined) return hit;
  const file = ARTIFACT_FILES[name];
  let raw: RawArtifact;
  try {
    raw = JSON.parse(readFileSync(require.resolve(file), 'utf8')) as RawArtifact;
  } catch (err) {
    throw new Error(`cannot read artifact ${file}: ${(err as Error).message}`);
  }
  if (!Array.isArray(raw.abi)) throw new Error(`artifact ${file}: abi is missing`);
  const artifact: Artifact = {
    name,
    abi: raw.abi as Abi,
    bytecode: hexOf(raw.evm?.bytecode?.object ?? raw.bytecode, `${file} bytecode`),
    deployedBytecode: hexOf(
      raw.evm?.deployedBytecode?.object ?? raw.deployedBytecode,
      `${file} deployedBytecode`,
    ),
  };
  cache.set(name, artifact);
  return artifact;
}

/** keccak256 of an artifact's creation code: equals the init-code hash for the pair / pool. */
export function initCodeHash(name: 'UniswapV2Pair' | 'UniswapV3Pool'): Hex {
  return keccak256(loadArtifact(name).bytecode);
}
