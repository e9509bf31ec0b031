/**
 * The simulator's admin surface, in process ({@link BinanceSimAdmin}) and over HTTP under `/_sim/`:
 * accounts, reference prices, symbols, the ledger, faults and rate limits. Never subject to faults or
 * rate limits.
 */
import { dec } from '../../domain/index.ts';
import { balanceOf } from './accounts.ts';
import { parseJson, type Reply } from './http-io.ts';
import type { SimContext } from './sim-context.ts';
import { type ActiveFault, type FaultSpec, parseFaultSpec } from './sim-faults.ts';
import type { BinanceRateLimitOptions } from './sim-rate-limits.ts';
import { f8, parseSymbol, type SymbolSpec, type SymbolStatus } from './symbols.ts';
import type { UserStream } from './user-stream.ts';
import { queryView, tradeView } from './views.ts';

/** Credentials of an account. */
export interface ApiCredentials {
  apiKey: string;
  secret: string;
}

/** In-process control of a running simulator. */
export interface BinanceSimAdmin {
  /** A new account (seeded credentials unless given), funded with `balances` (asset -> decimal text). */
  createAccount(balances: Readonly<Record<string, string>>, creds?: ApiCredentials): ApiCredentials;
  /** Adds free funds to an existing account. */
  fund(apiKey: string, balances: Readonly<Record<string, string>>): void;
  /** Sets reference prices (symbol -> decimal text); the liquidity maker re-quotes each. */
  setPrices(prices: Readonly<Record<string, string>>): void;
  /** Current reference prices. */
  prices(): Record<string, string>;
  /** Lists a new symbol. */
  addSymbol(spec: SymbolSpec): void;
  /** Changes a symbol's status (orders need TRADING). */
  setSymbolStatus(symbol: string, status: SymbolStatus): void;
  /** The venue's truth: every account order and trade (with its `apiKey`) and every balance. */
  ledger(): { orders: unknown[]; trades: unknown[]; balances: Record<string, Record<string, unknown>> };
  /** Injects a fault (`stream_drop` without count / probability drops every connection now). */
  addFault(spec: FaultSpec): ActiveFault;
  /** Removes every fault, the clock skew included. */
  clearFaults(): void;
  /** The active faults. */
  faults(): readonly ActiveFault[];
  /** Changes rate limits (the others keep their value). */
  setRateLimits(opts: BinanceRateLimitOptions): void;
  /** Open WebSocket API connections. */
  userSockets(): number;
  /** Active user data stream subscriptions. */
  userSubscriptions(): number;
}

/** Builds the in-process admin. */
export function createAdmin(ctx: SimContext, stream: UserStream): BinanceSimAdmin {
  const symbol = (name: string) => {
    const s = ctx.symbols.get(name);
    if (s === undefined) throw new Error(`unknown symbol ${name}`);
    return s;
  };
  return {
    createAccount(balances, creds) {
      const a = ctx.accounts.create(balances, creds);
      return { apiKey: a.apiKey, secret: a.secret };
    },
    fund(apiKey, balances) {
      const a = ctx.accounts.get(apiKey);
      if (a === undefined) throw new Error('unknown apiKey');
      ctx.accounts.fund(a, balances);
    },
    setPrices(prices) {
      const parsed = Object.entries(prices).map(([k, v]) => [symbol(k), dec(v)] as const);
      for (const [s, p] of parsed) ctx.maker.setPrice(s, p);
    },
    prices() {
      const out: Record<string, string> = {};
      for (const [k, v] of ctx.exchange.refPrice) out[k] = f8(v);
      return out;
    },
    addSymbol(spec) {
      if (ctx.symbols.has(spec.symbol)) throw new Error(`${spec.symbol} is already listed`);
      const s = parseSymbol(spec);
      ctx.symbols.set(s.symbol, s);
      if (spec.price !== undefined) ctx.maker.setPrice(s, dec(spec.price));
    },
    setSymbolStatus(name, status) {
      symbol(name).status = status;
    },
    ledger() {
      const orders = [...ctx.exchange.orders.values()]
        .filter((o) => o.account !== undefined)
        .map((o) => ({ ...queryView(o), apiKey: o.account?.apiKey }));
      const trades = ctx.exchange.trades.map((t) => ({ ...tradeView(t), apiKey: t.account.apiKey }));
      const balances: Record<string, Record<string, unknown>> = {};
      for (const a of ctx.accounts.all()) {
        const b: Record<string, unknown> = {};
        for (const asset of [...a.balances.keys()].sort()) {
          const x = balanceOf(a, asset);
          b[asset] = { free: f8(x.free), locked: f8(x.locked) };
        }
        balances[a.apiKey] = b;
      }
      return { orders, trades, balances };
    },
    addFault(spec) {
      const f = ctx.faults.add(parseFaultSpec(spec));
      if (f.kind === 'stream_drop' && f.count === undefined && f.probability === undefined) stream.dropAll();
      return f;
    },
    clearFaults: () => ctx.faults.clear(),
    faults: () => ctx.faults.list(),
    setRateLimits: (opts) => ctx.limits.configure(opts),
    userSockets: () => stream.size,
    userSubscriptions: () => stream.subscriptions,
  };
}

/** Serves `/_sim/*`; undefined for other paths. */
export function handleAdmin(
  admin: BinanceSimAdmin,
  method: string,
  path: string,
  raw: string,
): Reply | undefined {
  if (!path.startsWith('/_sim/')) return undefined;
  const body = (parseJson(raw) ?? {}) as Record<string, unknown>;
  const ok = (b: unknown): Reply => ({ status: 200, body: b });
  try {
    switch (`${method} ${path}`) {
      case 'POST /_sim/accounts': {
        const balances = (body.balances ?? {}) as Record<string, string>;
        if (typeof body.apiKey === 'string' && typeof body.secret !== 'string') {
          admin.fund(body.apiKey, balances);
          return ok({ apiKey: body.apiKey });
        }
        const creds =
          typeof body.apiKey === 'string' && typeof body.secret === 'string'
            ? { apiKey: body.apiKey, secret: body.secret }
            : undefined;
        return ok(admin.createAccount(balances, creds));
      }
      case 'POST /_sim/prices':
        admin.setPrices(body as Record<string, string>);
        return ok({ prices: admin.prices() });
      case 'GET /_sim/prices':
        return ok({ prices: admin.prices() });
      case 'POST /_sim/symbols':
        if (Object.keys(body).length === 2 && typeof body.status === 'string') {
          admin.setSymbolStatus(String(body.symbol), body.status as SymbolStatus);
        } else admin.addSymbol(body as unknown as SymbolSpec);
        return ok({ symbol: body.symbol });
      case 'GET /_sim/ledger':
        return ok(admin.ledger());
      case 'POST /_sim/faults':
        return ok(admin.addFault(parseFaultSpec(parseJson(raw))));
      case 'GET /_sim/faults':
        return ok({ faults: admin.faults() });
      case 'DELETE /_sim/faults':
        admin.clearFaults();
        return ok({ ok: true });
      case 'POST /_sim/limits':
        admin.setRateLimits(body as BinanceRateLimitOptions);
        return ok({ ok: true });
      default:
        return { status: 404, body: { error: 'not found' } };
    }
  } catch (e) {
    return { status: 400, body: { error: e instanceof Error ? e.message : String(e) } };
  }
}
