/**
 * The simulator's admin surface, in process ({@link SimAdmin}) and over HTTP under `/_sim/`:
 * `POST /_sim/markets`, `POST /_sim/accounts`, `POST /_sim/funders`, `GET /_sim/ledger`,
 * `POST` / `GET` / `DELETE /_sim/faults`.
 */
import type { Hex } from 'viem';
import { parseJson, sendError, sendJson } from './http-io.ts';
import type { SimContext, SimRequest } from './sim-context.ts';
import { type ActiveFault, type FaultSpec, parseFaultSpec } from './sim-faults.ts';
import type { ApiKeyRecord, Funding, SimMarketSpec } from './sim-state.ts';
import { accountView, openOrderView, tradeView } from './views.ts';

/** In-process control of a running simulator. */
export interface SimAdmin {
  /** Creates a market; returns its condition id and token ids. */
  addMarket(spec: SimMarketSpec): { conditionId: string; tokenIds: string[] };
  /** A new account with a seeded private key, funded (allowances unlimited). */
  createAccount(funding: Funding): { address: Hex; privateKey: Hex };
  /** Adds pUSD / shares to an address. */
  fund(address: string, funding: Funding): void;
  /** Sets the allowance (base units) an address gives the exchanges. */
  setAllowance(address: string, units: bigint): void;
  /** Declares the proxy / safe `funder` (maker) of orders of signature type 1 / 2 signed by `signer`. */
  setFunder(signer: string, funder: string): void;
  /** Registers known API credentials (e.g. test vectors). */
  registerApiKey(rec: ApiKeyRecord): void;
  /** The venue's truth: every order, trade and balance. */
  ledger(): { orders: unknown[]; trades: unknown[]; balances: Record<string, unknown> };
  /** Injects a fault (`ws_drop` also drops every open user socket at once). Throws when invalid. */
  addFault(spec: FaultSpec): ActiveFault;
  /** Removes every fault, the clock skew included. */
  clearFaults(): void;
  /** The active faults. */
  faults(): readonly ActiveFault[];
  /** Applies heartbeat expiry now (against the simulator clock). */
  checkHeartbeats(): void;
  /** Number of open user-channel sockets. */
  userSockets(): number;
}

/** Builds the in-process admin of a context. */
export function createAdmin(ctx: SimContext): SimAdmin {
  const { state, exchange } = ctx;
  return {
    addMarket(spec) {
      const m = state.addMarket(spec);
      return { conditionId: m.conditionId, tokenIds: m.tokens.map((t) => t.tokenId) };
    },
    createAccount: (funding) => state.createAccount(funding),
    fund(address, funding) {
      state.fund(address, funding);
    },
    setAllowance(address, units) {
      state.account(address).allowance = units;
    },
    setFunder: (signer, funder) => state.setFunder(signer, funder),
    registerApiKey(rec) {
      state.registerKey(rec);
    },
    ledger() {
      exchange.expire();
      const balances: Record<string, unknown> = {};
      for (const a of state.allAccounts()) balances[a.address] = accountView(a);
      return {
        orders: [...exchange.orders.values()].map(openOrderView),
        trades: exchange.trades.map((t) => tradeView(t, t.taker.maker.toLowerCase())),
        balances,
      };
    },
    addFault(spec) {
      const f = ctx.faults.add(parseFaultSpec(spec));
      if (f.kind === 'ws_drop') ctx.channel.dropAll();
      return f;
    },
    clearFaults: () => ctx.faults.clear(),
    faults: () => ctx.faults.list(),
    checkHeartbeats: () => ctx.heartbeats.check(),
    userSockets: () => ctx.channel.size,
  };
}

/** Serves `/_sim/*`; false for other paths. */
export function handleAdmin(admin: SimAdmin, r: SimRequest): boolean {
  if (!r.path.startsWith('/_sim/')) return false;
  const body = (parseJson(r.raw) ?? {}) as Record<string, unknown>;
  try {
    const route = `${r.method} ${r.path}`;
    if (route === 'POST /_sim/markets') {
      sendJson(r.res, 200, admin.addMarket(body as unknown as SimMarketSpec));
    } else if (route === 'POST /_sim/accounts') {
      const funding = body as Funding;
      if (typeof body.address === 'string') {
        admin.fund(body.address, funding);
        sendJson(r.res, 200, { address: body.address });
      } else sendJson(r.res, 200, admin.createAccount(funding));
    } else if (route === 'POST /_sim/funders') {
      admin.setFunder(String(body.signer), String(body.funder));
      sendJson(r.res, 200, { ok: true });
    } else if (route === 'GET /_sim/ledger') {
      sendJson(r.res, 200, admin.ledger());
    } else if (route === 'POST /_sim/faults') {
      sendJson(r.res, 200, admin.addFault(parseFaultSpec(parseJson(r.raw))));
    } else if (route === 'GET /_sim/faults') {
      sendJson(r.res, 200, { faults: admin.faults() });
    } else if (route === 'DELETE /_sim/faults') {
      admin.clearFaults();
      sendJson(r.res, 200, { ok: true });
    } else sendError(r.res, 404, 'not found');
  } catch (e) {
    sendError(r.res, 400, e instanceof Error ? e.message : String(e));
  }
  return true;
}
