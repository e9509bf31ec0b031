/**
 * Accounts of the simulator: API key and HMAC secret (64 alphanumerics, seeded), free / locked balance
 * per asset in exact decimals, and the moves the exchange makes on them (lock, unlock, debit, credit).
 */
import { type Decimal, dec, ZERO } from '../../domain/index.ts';
import type { SeededRandom } from '../seeded-random.ts';

/** Free and locked amounts of one asset. */
export interface Balance {
  free: Decimal;
  locked: Decimal;
}

/** One account. */
export interface SimAccount {
  /** Engine owner id (`acct-N`). */
  readonly id: string;
  readonly apiKey: string;
  readonly secret: string;
  readonly balances: Map<string, Balance>;
  updateTime: number;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `n` seeded alphanumeric characters. */
export function alnum(rng: SeededRandom, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALNUM[rng.int(0, ALNUM.length - 1)];
  return s;
}

/** The accounts, by API key. */
export class Accounts {
  private readonly byKey = new Map<string, SimAccount>();
  private seq = 0;

  constructor(private readonly rng: SeededRandom) {}

  /** A new account with seeded credentials (or the given ones), funded with `balances`. */
  create(balances: Readonly<Record<string, string>>, creds?: { apiKey: string; secret: string }): SimAccount {
    const apiKey = creds?.apiKey ?? alnum(this.rng, 64);
    const secret = creds?.secret ?? alnum(this.rng, 64);
    if (this.byKey.has(apiKey)) throw new Error('apiKey already registered');
    const a: SimAccount = { id: `acct-${++this.seq}`, apiKey, secret, balances: new Map(), updateTime: 0 };
    this.byKey.set(apiKey, a);
    this.fund(a, balances);
    return a;
  }

  /** Adds free funds (decimal strings per asset; negative amounts withdraw, never below zero). */
  fund(a: SimAccount, balances: Readonly<Record<string, string>>): void {
    for (const [asset, amount] of Object.entries(balances)) {
      const b = balanceOf(a, asset);
      const next = (b.free + dec(amount)) as Decimal;
      if (next < 0n) throw new Error(`${asset}: balance would be negative`);
      b.free = next;
    }
  }

  /** The account of an API key. */
  get(apiKey: string): SimAccount | undefined {
    return this.byKey.get(apiKey);
  }

  /** Every account. */
  all(): SimAccount[] {
    return [...this.byKey.values()];
  }
}

/** The balance entry of an asset (created at zero). */
export function balanceOf(a: SimAccount, asset: string): Balance {
  let b = a.balances.get(asset);
  if (b === undefined) {
    b = { free: ZERO, locked: ZERO };
    a.balances.set(asset, b);
  }
  return b;
}
