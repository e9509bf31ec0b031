/**
 * `startUniswapChain()`: a throwaway local EVM (anvil) with the published Uniswap V2 and V3 contracts
 * deployed from their npm artifacts, V2 pairs and V3 pools seeded with liquidity, and funded trader
 * accounts. The whole set-up is sent as one JSON-RPC batch with explicit nonces and gas limits.
 */
import { type Address, type Hex, parseEventLogs, type RpcLog } from 'viem';
import { type AnvilProcess, startAnvil } from './anvil-process.ts';
import { DEV_MNEMONIC, type DevAccount, deriveDevAccounts } from './dev-accounts.ts';
import type { JsonRpc } from './json-rpc.ts';
import { POSITION_MANAGER_SETUP_ABI, V2_PAIR_SETUP_ABI } from './setup-abis.ts';
import {
  buildSetupPlan,
  type PlannedPool,
  type SetupPlan,
  type SetupTx,
  TOKEN_DECIMALS,
  type TokenSymbol,
  type UniswapContracts,
} from './setup-plan.ts';

/** Options of {@link startUniswapChain}. */
export interface UniswapChainOptions {
  /** Port on 127.0.0.1; 0 / undefined = a free port. */
  port?: number;
  /** Default true; false = transactions stay pending until `evm_mine` (set after the deployment). */
  automine?: boolean;
  /** Interval mining every N seconds (after the deployment); overrides `automine`. */
  blockTimeSec?: number;
  /** Funded trader accounts besides the deployer; default 3. */
  accounts?: number;
  /** Path of the anvil binary; default: from the `@foundry-rs/anvil-*` npm package. */
  anvilBin?: string;
}

/** A token on the chain (raw amounts are integers in units of 10^-decimals). */
export interface ChainToken {
  readonly address: Address;
  readonly decimals: number;
}

/** A pair or pool created at start-up, with what was deposited in it (raw token units). */
export interface UniswapPool {
  readonly protocol: 'v2' | 'v3';
  readonly address: Address;
  readonly token0: TokenSymbol;
  readonly token1: TokenSymbol;
  readonly token0Address: Address;
  readonly token1Address: Address;
  /** Fee in hundredths of a basis point: 3000 = 0.3% (every V2 pair), 500 = 0.05%. */
  readonly fee: number;
  /** Raw token0 / token1 in the pool after seeding (V2: the reserves; V3: the full-range position). */
  readonly amount0: bigint;
  readonly amount1: bigint;
  /** V3 only. */
  readonly tickSpacing?: number;
  readonly sqrtPriceX96?: bigint;
  readonly liquidity?: bigint;
  /** V3 only: the NonfungiblePositionManager token id of the deployer's position. */
  readonly positionTokenId?: bigint;
}

/** A running local Uniswap chain. */
export interface UniswapChain {
  readonly url: string;
  readonly chainId: number;
  readonly contracts: UniswapContracts;
  /** WETH, USD and TKN (the last two are the v2-periphery test ERC20, named "Test Token"/TT on chain). */
  readonly tokens: Readonly<Record<string, ChainToken>>;
  readonly pools: readonly UniswapPool[];
  /** Funded traders (not the deployer): ETH, WETH, USD and TKN; no approvals given. */
  readonly accounts: readonly DevAccount[];
  /** Account #0: deployed everything and owns the liquidity. */
  readonly deployer: DevAccount;
  /** Milliseconds from the call to ready (spawn, deployment, seeding, funding). */
  readonly startupMs: number;
  /** Resolves with anvil's exit code / signal when it exits (for whatever reason). */
  readonly exited: Promise<number | string | null>;
  /** The object `ag-exec sim uniswap` prints as its ready line. */
  readyLine(): Record<string, unknown>;
  /** What an adapter needs to trade here as funded trader `trader` (default the first). */
  adapterOptions(trader?: number): ChainAdapterOptions;
  /** Kills anvil and waits for it to exit. */
  stop(): Promise<void>;
}

/** The node, wallet, contracts and tokens of the chain, in the shape the Uniswap adapter's config takes. */
export interface ChainAdapterOptions {
  readonly rpcUrl: string;
  readonly chainId: number;
  readonly privateKey: Hex;
  /** Every contract a swap needs (the position manager only seeds liquidity). */
  readonly contracts: Omit<UniswapContracts, 'positionManager'>;
  readonly tokens: readonly {
    readonly symbol: string;
    readonly address: Address;
    readonly decimals: number;
  }[];
}

const CHAIN_ID = 31337;
const MAX_FEE_PER_GAS = 3_000_000_000n;
const MAX_PRIORITY_FEE_PER_GAS = 1_000_000_000n;

interface Receipt {
  status: Hex;
  transactionHash: Hex;
  logs: RpcLog[];
}

/** Starts anvil, deploys and seeds everything; resolves when the chain is ready to trade on. */
export async function startUniswapChain(o: UniswapChainOptions = {}): Promise<UniswapChain> {
  const started = performance.now();
  const traders = o.accounts ?? 3;
  if (!Number.isInteger(traders) || traders < 1)
    throw new Error(`accounts must be a positive integer, got ${traders}`);
  const port = o.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`port must be 0..65535, got ${port}`);
  if (o.blockTimeSec !== undefined && !(Number.isInteger(o.blockTimeSec) && o.blockTimeSec > 0)) {
    throw new Error(`blockTimeSec must be a positive integer, got ${o.blockTimeSec}`);
  }
  const anvilStarting = startAnvil({
    port,
    accounts: traders + 1,
    mnemonic: DEV_MNEMONIC,
    ...(o.anvilBin === undefined ? {} : { bin: o.anvilBin }),
  });
  // Prepare the keys and the set-up transactions while anvil boots.
  let anvil: AnvilProcess | undefined;
  try {
    const { deployer, accounts, plan } = preparedSetup(traders);
    anvil = await anvilStarting;
    const receipts = await sendAll(anvil.rpc, plan.txs);
    const pools = plan.pools.map((p) => summarisePool(p, plan.tokens, receipts.get(p.depositLabel)));
    if (o.blockTimeSec !== undefined) await anvil.rpc.call('evm_setIntervalMining', [o.blockTimeSec]);
    else if (o.automine !== false) await anvil.rpc.call('evm_setAutomine', [true]);
    const tokens: Record<string, ChainToken> = {};
    for (const [sym, address] of Object.entries(plan.tokens))
      tokens[sym] = { address, decimals: TOKEN_DECIMALS };
    return makeChain(anvil, plan.contracts, tokens, pools, deployer, accounts, performance.now() - started);
  } catch (err) {
    await (anvil ?? (await anvilStarting.catch(() => undefined)))?.stop();
    throw err;
  }
}

interface PreparedSetup {
  readonly deployer: DevAccount;
  readonly accounts: readonly DevAccount[];
  readonly plan: SetupPlan;
}

// Keys and set-up transactions depend only on the number of traders: computed once per process.
const prepared = new Map<number, PreparedSetup>();

function preparedSetup(traders: number): PreparedSetup {
  let hit = prepared.get(traders);
  if (hit === undefined) {
    const [deployer, ...accounts] = deriveDevAccounts(traders + 1) as [DevAccount, ...DevAccount[]];
    const plan = buildSetupPlan(
      deployer.address,
      accounts.map((a) => a.address),
    );
    hit = { deployer, accounts, plan };
    prepared.set(traders, hit);
  }
  return hit;
}

function makeChain(
  anvil: AnvilProcess,
  contracts: UniswapContracts,
  tokens: Record<string, ChainToken>,
  pools: readonly UniswapPool[],
  deployer: DevAccount,
  accounts: readonly DevAccount[],
  startupMs: number,
): UniswapChain {
  return {
    url: anvil.url,
    chainId: CHAIN_ID,
    contracts,
    tokens,
    pools,
    accounts,
    deployer,
    startupMs,
    exited: anvil.exited,
    readyLine: () => ({
      event: 'ready',
      venue: 'uniswap',
      url: anvil.url,
      chainId: CHAIN_ID,
      contracts: { ...contracts },
      tokens,
      accounts: accounts.map((a) => ({ address: a.address, privateKey: a.privateKey })),
      deployer: deployer.address,
      pools: pools.map((p) =>
        Object.fromEntries(Object.entries(p).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v])),
      ),
    }),
    adapterOptions: (trader = 0) => {
      const account = accounts[trader];
      if (account === undefined)
        throw new RangeError(`the chain has ${accounts.length} funded traders, not ${trader + 1}`);
      return {
        rpcUrl: anvil.url,
        chainId: CHAIN_ID,
        privateKey: account.privateKey,
        contracts: (({ positionManager: _, ...swap }) => swap)(contracts),
        tokens: Object.entries(tokens).map(([symbol, t]) => ({
          symbol,
          address: t.address,
          decimals: t.decimals,
        })),
      };
    },
    stop: () => anvil.stop(),
  };
}

/** Block gas limit while the set-up block is built (it holds every set-up transaction). */
const SETUP_BLOCK_GAS_LIMIT = 1_000_000_000n;

/**
 * Sends every set-up transaction in one batch with mining paused, mines them into one block, restores the
 * block gas limit, and returns the receipts by label; throws on any revert or missing receipt. (Sending a
 * batch under automine is not safe: anvil handles batch entries concurrently and can lose transactions
 * queued behind a nonce that is being mined.)
 */
async function sendAll(rpc: JsonRpc, txs: readonly SetupTx[]): Promise<Map<string, Receipt>> {
  const [latest] = (await rpc.batch([
    { method: 'eth_getBlockByNumber', params: ['latest', false] },
    { method: 'evm_setAutomine', params: [false] },
    { method: 'anvil_setBlockGasLimit', params: [hex(SETUP_BLOCK_GAS_LIMIT)] },
  ])) as [{ gasLimit: Hex }];
  const hashes = (await rpc.batch(
    txs.map((t) => ({
      method: 'eth_sendTransaction',
      params: [
        {
          from: t.from,
          ...(t.to === undefined ? {} : { to: t.to }),
          data: t.data,
          nonce: hex(BigInt(t.nonce)),
          gas: hex(t.gas),
          value: hex(t.value ?? 0n),
          maxFeePerGas: hex(MAX_FEE_PER_GAS),
          maxPriorityFeePerGas: hex(MAX_PRIORITY_FEE_PER_GAS),
          chainId: hex(BigInt(CHAIN_ID)),
        },
      ],
    })),
  )) as Hex[];
  const byLabel = new Map<string, Receipt>();
  let missing = txs.map((t, i) => ({ label: t.label, hash: hashes[i] as Hex }));
  const deadline = Date.now() + 10_000;
  while (missing.length > 0) {
    await rpc.call('evm_mine', []);
    const found = (await rpc.batch(
      missing.map((m) => ({ method: 'eth_getTransactionReceipt', params: [m.hash] })),
    )) as (Receipt | null)[];
    const still: typeof missing = [];
    for (const [i, m] of missing.entries()) {
      const r = found[i];
      if (r === null || r === undefined) {
        still.push(m);
        continue;
      }
      if (r.status !== '0x1') throw new Error(`Uniswap chain set-up: "${m.label}" reverted (tx ${m.hash})`);
      byLabel.set(m.label, r);
    }
    missing = still;
    if (missing.length > 0 && Date.now() > deadline) {
      throw new Error(
        `Uniswap chain set-up: no receipt for ${missing.map((m) => `"${m.label}"`).join(', ')}`,
      );
    }
  }
  await rpc.call('anvil_setBlockGasLimit', [latest.gasLimit]);
  return byLabel;
}

function summarisePool(
  p: PlannedPool,
  tokens: Readonly<Record<TokenSymbol, Address>>,
  receipt: Receipt | undefined,
): UniswapPool {
  if (receipt === undefined) throw new Error(`Uniswap chain set-up: no receipt for "${p.depositLabel}"`);
  const base = {
    protocol: p.protocol,
    address: p.address,
    token0: p.token0,
    token1: p.token1,
    token0Address: tokens[p.token0],
    token1Address: tokens[p.token1],
    fee: p.fee,
  };
  const own = receipt.logs.filter((l) => l.address.toLowerCase() === p.address.toLowerCase());
  if (p.protocol === 'v2') {
    const [sync] = parseEventLogs({ abi: V2_PAIR_SETUP_ABI, logs: own, eventName: 'Sync' });
    if (sync === undefined)
      throw new Error(`Uniswap chain set-up: no Sync from pair ${p.address} ("${p.depositLabel}")`);
    return { ...base, amount0: sync.args.reserve0, amount1: sync.args.reserve1 };
  }
  const [inc] = parseEventLogs({
    abi: POSITION_MANAGER_SETUP_ABI,
    logs: receipt.logs,
    eventName: 'IncreaseLiquidity',
  });
  if (inc === undefined)
    throw new Error(`Uniswap chain set-up: no IncreaseLiquidity for "${p.depositLabel}"`);
  return {
    ...base,
    amount0: inc.args.amount0,
    amount1: inc.args.amount1,
    ...(p.tickSpacing === undefined ? {} : { tickSpacing: p.tickSpacing }),
    ...(p.sqrtPriceX96 === undefined ? {} : { sqrtPriceX96: p.sqrtPriceX96 }),
    liquidity: inc.args.liquidity,
    positionTokenId: inc.args.tokenId,
  };
}

function hex(n: bigint): Hex {
  return `0x${n.toString(16)}`;
}
