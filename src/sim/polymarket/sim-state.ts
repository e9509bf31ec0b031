/**
 * The simulator's venue state apart from the books: markets (condition id, two outcome tokens, tick,
 * neg-risk, minimum size), accounts (pUSD and outcome-token balances in 6-decimal base units, the part
 * reserved by open orders, allowance), API keys and the proxy / safe funder of each signer.
 */
import { getAddress, type Hex, isAddress, keccak256, toHex } from 'viem';
import { privateKeyToAddress } from 'viem/accounts';
import { type Decimal, dec, fmt, fromUnits, placesOf, toUnits, tryDec } from '../../domain/index.ts';
import type { SeededRandom } from '../seeded-random.ts';

/** A market to create: two outcome tokens sharing one condition id. */
export interface SimMarketSpec {
  /** 0x + 64 hex; derived from the token ids when absent. */
  readonly conditionId?: string;
  /** Outcome token ids (decimal strings), usually [yes, no]. */
  readonly tokenIds: readonly string[];
  /** Outcome names; default `Yes` / `No`. */
  readonly outcomes?: readonly string[];
  /** One of 0.1, 0.01, 0.001, 0.0001 (and 0.005, 0.0025); default 0.01. */
  readonly tickSize?: string;
  /** Neg-risk markets sign against the neg-risk exchange. Default false. */
  readonly negRisk?: boolean;
  /** Minimum limit-order size in shares; default 5. */
  readonly minOrderSize?: string;
}

/** A market as the simulator holds it. */
export interface SimMarket {
  readonly conditionId: Hex;
  readonly tokens: readonly { readonly tokenId: string; readonly outcome: string }[];
  readonly tickSize: Decimal;
  readonly negRisk: boolean;
  readonly minOrderSize: Decimal;
  /** Last trade price per token, if any. */
  readonly lastTradePrice: Map<string, Decimal>;
}

/** An account's holdings, in 6-decimal base units. */
export interface SimAccount {
  readonly address: Hex;
  collateral: bigint;
  reservedCollateral: bigint;
  readonly tokens: Map<string, bigint>;
  readonly reservedTokens: Map<string, bigint>;
  /** Allowance given to the exchanges (collateral and tokens alike). */
  allowance: bigint;
}

/** An API key with its owner. */
export interface ApiKeyRecord {
  readonly key: string;
  readonly secret: string;
  readonly passphrase: string;
  readonly address: Hex;
  readonly nonce: bigint;
}

/** Funding for an account, in human units (decimal strings): pUSD and shares per token id. */
export interface Funding {
  readonly usdc?: string;
  readonly tokens?: Readonly<Record<string, string>>;
}

const MAX_UINT256 = (1n << 256n) - 1n;

/** Human decimal text -> 6-decimal base units (must be exact and non-negative). */
export function toBaseUnits(text: string): bigint {
  const d = tryDec(text);
  if (d === undefined || d < 0n) throw new Error(`invalid amount: ${text}`);
  if (placesOf(d) > 6) throw new Error(`more than 6 decimals: ${text}`);
  return toUnits(d, 6, 'down');
}

/** 6-decimal base units -> human decimal text (`"12.1809"`). */
export function fromBaseUnits(units: bigint): string {
  return fmt(fromUnits(units, 6));
}

/** Markets, accounts, keys and funders. */
export class SimState {
  readonly markets = new Map<string, SimMarket>();
  /** token id -> its market. */
  readonly tokens = new Map<string, SimMarket>();
  private readonly accounts = new Map<string, SimAccount>();
  readonly keys = new Map<string, ApiKeyRecord>();
  private readonly keyByOwner = new Map<string, string>();
  private readonly funders = new Map<string, string>();

  constructor(private readonly rng: SeededRandom) {}

  /** Creates (or replaces) a market. */
  addMarket(spec: SimMarketSpec): SimMarket {
    if (spec.tokenIds.length < 1) throw new Error('a market needs token ids');
    for (const t of spec.tokenIds) if (!/^\d+$/.test(t)) throw new Error(`invalid token id: ${t}`);
    const conditionId = (spec.conditionId ?? keccak256(toHex(spec.tokenIds.join(',')))).toLowerCase() as Hex;
    if (!/^0x[0-9a-f]{64}$/.test(conditionId)) throw new Error('conditionId must be 0x + 64 hex');
    const tick = dec(spec.tickSize ?? '0.01');
    if (tick <= 0n || tick >= dec(1)) throw new Error('tickSize must be in (0, 1)');
    const outcomes = spec.outcomes ?? ['Yes', 'No'];
    const market: SimMarket = {
      conditionId,
      tokens: spec.tokenIds.map((tokenId, i) => ({ tokenId, outcome: outcomes[i] ?? `Outcome ${i}` })),
      tickSize: tick,
      negRisk: spec.negRisk ?? false,
      minOrderSize: dec(spec.minOrderSize ?? '5'),
      lastTradePrice: new Map(),
    };
    this.markets.set(conditionId, market);
    for (const t of market.tokens) this.tokens.set(t.tokenId, market);
    return market;
  }

  /** The account of an address (created empty on first use). */
  account(address: string): SimAccount {
    const k = address.toLowerCase();
    let a = this.accounts.get(k);
    if (a === undefined) {
      a = {
        address: getAddress(address),
        collateral: 0n,
        reservedCollateral: 0n,
        tokens: new Map(),
        reservedTokens: new Map(),
        allowance: MAX_UINT256,
      };
      this.accounts.set(k, a);
    }
    return a;
  }

  /** Every account, for the ledger. */
  allAccounts(): SimAccount[] {
    return [...this.accounts.values()];
  }

  /** Adds pUSD and shares to an address (allowances stay unlimited unless changed). */
  fund(address: string, funding: Funding): SimAccount {
    if (!isAddress(address, { strict: false })) throw new Error(`invalid address: ${address}`);
    const a = this.account(address);
    if (funding.usdc !== undefined) a.collateral += toBaseUnits(funding.usdc);
    for (const [token, amount] of Object.entries(funding.tokens ?? {})) {
      a.tokens.set(token, (a.tokens.get(token) ?? 0n) + toBaseUnits(amount));
    }
    return a;
  }

  /** A new funded account with a fresh (seeded) private key. */
  createAccount(funding: Funding): { address: Hex; privateKey: Hex } {
    const privateKey = this.rng.hex(32);
    const address = privateKeyToAddress(privateKey);
    this.fund(address, funding);
    return { address, privateKey };
  }

  /** Declares `funder` (proxy or safe) as the maker for orders of signature types 1 / 2 signed by `signer`. */
  setFunder(signer: string, funder: string): void {
    this.funders.set(signer.toLowerCase(), funder.toLowerCase());
  }

  /** The configured funder of a signer (lowercase), if any. */
  funderOf(signer: string): string | undefined {
    return this.funders.get(signer.toLowerCase());
  }

  /** The API key of (address, nonce), if any. */
  keyFor(address: string, nonce: bigint): ApiKeyRecord | undefined {
    const k = this.keyByOwner.get(`${address.toLowerCase()}:${nonce}`);
    return k === undefined ? undefined : this.keys.get(k);
  }

  /** Creates the API key of (address, nonce) with seeded credentials; undefined if it exists. */
  createKey(address: Hex, nonce: bigint): ApiKeyRecord | undefined {
    if (this.keyFor(address, nonce) !== undefined) return undefined;
    return this.registerKey({
      key: this.rng.uuid(),
      secret: this.rng.bytes(32).toString('base64').replace(/\+/g, '-').replace(/\//g, '_'),
      passphrase: this.rng.bytes(32).toString('hex'),
      address: getAddress(address),
      nonce,
    });
  }

  /** Registers given credentials (e.g. known test vectors). */
  registerKey(rec: ApiKeyRecord): ApiKeyRecord {
    const r = { ...rec, address: getAddress(rec.address) };
    this.keys.set(r.key, r);
    this.keyByOwner.set(`${r.address.toLowerCase()}:${r.nonce}`, r.key);
    return r;
  }
}
