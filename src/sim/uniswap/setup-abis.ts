/**
 * The few contract functions and events the chain set-up calls, as typed ABI fragments (the JSON ABIs in
 * the npm artifacts are not literal types).
 */
import { parseAbi } from 'viem';

/** WETH9 and the test ERC20. */
export const ERC20_SETUP_ABI = parseAbi([
  'function deposit() payable',
  'function approve(address spender, uint256 amount) returns (bool)',
  'function transfer(address to, uint256 amount) returns (bool)',
  'function balanceOf(address owner) view returns (uint256)',
]);

/** UniswapV2Router02 liquidity. */
export const V2_ROUTER_SETUP_ABI = parseAbi([
  'function addLiquidity(address tokenA, address tokenB, uint256 amountADesired, uint256 amountBDesired, uint256 amountAMin, uint256 amountBMin, address to, uint256 deadline) returns (uint256 amountA, uint256 amountB, uint256 liquidity)',
]);

/** UniswapV2Pair events read back from the set-up receipts. */
export const V2_PAIR_SETUP_ABI = parseAbi(['event Sync(uint112 reserve0, uint112 reserve1)']);

/** NonfungiblePositionManager pool creation and minting. */
export const POSITION_MANAGER_SETUP_ABI = parseAbi([
  'function createAndInitializePoolIfNecessary(address token0, address token1, uint24 fee, uint160 sqrtPriceX96) payable returns (address pool)',
  'struct MintParams { address token0; address token1; uint24 fee; int24 tickLower; int24 tickUpper; uint256 amount0Desired; uint256 amount1Desired; uint256 amount0Min; uint256 amount1Min; address recipient; uint256 deadline; }',
  'function mint(MintParams params) payable returns (uint256 tokenId, uint128 liquidity, uint256 amount0, uint256 amount1)',
  'event IncreaseLiquidity(uint256 indexed tokenId, uint128 liquidity, uint256 amount0, uint256 amount1)',
]);
