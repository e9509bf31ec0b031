/**
 * The simulated exchange: checks a posted order as the venue does (envelope, owner, EIP-712 signature
 * against the right exchange contract, signer / maker / funder, duplicates, market rules, expiration,
 * balances), matches it on the shared matching engine, moves balances in 6-decimal base units (open
 * orders reserve what they may spend) and records orders and trades. Also cancels and GTD expiry.
 */
import type { Hex } from 'viem';
import { add, type Clock, div, mul, toUnits, ZERO } from '../../domain/index.ts';
import { MatchingEngine, type Trade } from '../matching/index.ts';
import type { SeededRandom } from '../seeded-random.ts';
import { orderDigest, recoverDepositWalletOwner, recoverDigestSigner } from './eip712.ts';
import { parseEnvelope } from './order-payload.ts';
import { orderTerms, ruleProblem } from './order-rules.ts';
import type { SimMakerFill, SimOrder, SimTrade } from './records.ts';
import type { ApiKeyRecord, SimAccount, SimState } from './sim-state.ts';

/** Either an accepted order (with the trades it made) or an error text with its HTTP status. */
export type PlaceOutcome =
  | { ok: true; order: SimOrder; trade: SimTrade | undefined; making: bigint; taking: bigint }
  | { ok: false; status: number; error: string; orderId?: string };

/** Kind of a user-channel order event. */
export type OrderEventType = 'PLACEMENT' | 'UPDATE' | 'CANCELLATION';

/** Receives the exchange's order and trade changes (the user WebSocket channel listens). */
export interface ExchangeListener {
  /** An order was accepted (PLACEMENT), matched as a maker (UPDATE) or cancelled / expired (CANCELLATION). */
  onOrder(order: SimOrder, type: OrderEventType): void;
  /** A trade was made (status `MATCHED`) or changed status (`CONFIRMED` or `FAILED`). */
  onTrade(trade: SimTrade): void;
}

const NO_LISTENER: ExchangeListener = { onOrder() {}, onTrade() {} };

/** Reply of the cancel endpoints. */
export interface CancelOutcome {
  canceled: string[];
  not_canceled: Record<string, string>;
}

const FOK_TEXT = "order couldn't be fully filled. FOK orders are fully filled or killed.";
const FAK_TEXT =
  'no orders found to match with FAK order. FAK orders are partially filled or killed if no match is found.';

function fail(error: string, orderId?: string): PlaceOutcome {
  return orderId === undefined
    ? { ok: false, status: 400, error }
    : { ok: false, status: 400, error, orderId };
}

/** Orders, trades and the books of every market. */
export class PolymarketExchange {
  readonly orders = new Map<string, SimOrder>();
  readonly trades: SimTrade[] = [];
  readonly tradesById = new Map<string, SimTrade>();
  readonly engine: MatchingEngine;
  /** Told of every order and trade change. */
  listener: ExchangeListener = NO_LISTENER;
  /** Asked once per trade whether its settlement fails (the `trade_failed` fault). */
  settlementFails: () => boolean = () => false;

  constructor(
    private readonly state: SimState,
    private readonly rng: SeededRandom,
    private readonly clock: Clock,
    private readonly chainId: number,
  ) {
    this.engine = new MatchingEngine({ clock, stp: 'allow', retainClosedOrders: false, tradeHistory: false });
  }

  /** Checks and executes one posted envelope for the caller's API key. */
  async place(body: unknown, key: ApiKeyRecord): Promise<PlaceOutcome> {
    const parsed = parseEnvelope(body);
    if (!parsed.ok)
      return fail(parsed.kind === 'version' ? 'order_version_mismatch' : 'Invalid order payload');
    const env = parsed.value;
    const f = env.fields;
    if (env.owner !== key.key) return fail('the order owner has to be the owner of the API KEY');
    const market = this.state.tokens.get(f.tokenId.toString());
    if (market === undefined) return fail('market not found');
    const id = orderDigest(f, this.chainId, market.negRisk);
    if (f.signatureType === 3) {
      // deposit wallet: maker = signer = the wallet, signed by its owner (the API key's address)
      const owner = await recoverDepositWalletOwner(f, this.chainId, market.negRisk, env.signature);
      if (owner === undefined || f.maker.toLowerCase() !== f.signer.toLowerCase())
        return fail('invalid signature', id);
      if (owner.toLowerCase() !== key.address.toLowerCase())
        return fail('the order signer address has to be the address of the API KEY', id);
      if (this.state.funderOf(owner) !== f.maker.toLowerCase()) return fail('invalid signature', id);
    } else {
      const recovered = await recoverDigestSigner(id, env.signature);
      if (recovered === undefined || recovered.toLowerCase() !== f.signer.toLowerCase()) {
        return fail('invalid signature', id);
      }
      if (f.signer.toLowerCase() !== key.address.toLowerCase()) {
        return fail('the order signer address has to be the address of the API KEY', id);
      }
      if (!this.makerAllowed(f.signatureType, f.maker, f.signer)) return fail('invalid signature', id);
    }
    if (this.orders.has(id)) return fail(`order ${id} is invalid. Duplicated.`, id);
    if (f.makerAmount === 0n || f.takerAmount === 0n) return fail('Invalid order payload', id);
    const terms = orderTerms(f.side, f.makerAmount, f.takerAmount);
    const problem = ruleProblem(id, market, env.orderType, f.side, f.makerAmount, f.takerAmount, terms);
    if (problem !== undefined) return fail(problem, id);
    const marketable = env.orderType === 'FOK' || env.orderType === 'FAK';
    if (env.postOnly && marketable) return fail('Invalid order payload', id);
    this.expire();
    const now = this.clock.now();
    if (env.orderType === 'GTD' && env.expiration * 1000 < now + 60_000)
      return fail('invalid expiration', id);
    const tokenId = f.tokenId.toString();
    const account = this.state.account(f.maker);
    if (available(account, f.side, tokenId) < f.makerAmount)
      return fail('not enough balance / allowance', id);

    const r = this.engine.place(
      {
        id,
        owner: account.address,
        market: tokenId,
        side: f.side === 0 ? 'Buy' : 'Sell',
        type: env.postOnly ? 'PostOnly' : 'Limit',
        price: terms.price,
        size: terms.size,
        timeInForce: env.orderType === 'FAK' ? 'IOC' : env.orderType,
        expireAt: env.orderType === 'GTD' ? env.expiration * 1000 : undefined,
      },
      now,
    );
    if (r.status === 'rejected') {
      return fail(env.postOnly ? 'invalid post-only order: order crosses book' : 'Invalid order payload', id);
    }
    if (r.trades.length === 0 && env.orderType === 'FOK') return fail(FOK_TEXT, id);
    if (r.trades.length === 0 && env.orderType === 'FAK') return fail(FAK_TEXT, id);

    const order: SimOrder = {
      id,
      ownerKey: key.key,
      maker: account.address,
      signer: key.address,
      market,
      tokenId,
      outcome: market.tokens.find((t) => t.tokenId === tokenId)?.outcome ?? '',
      side: f.side === 0 ? 'BUY' : 'SELL',
      originalSize: terms.size,
      price: terms.price,
      orderType: env.orderType,
      expiration: env.expiration,
      createdAt: Math.floor(now / 1000),
      status: 'LIVE',
      sizeMatched: r.filled,
      associateTrades: [],
      reserved: 0n,
    };
    const { trade, cost, qty } = this.settle(order, r.trades, now);
    if (r.status === 'open' || r.status === 'partially_filled') {
      order.reserved = f.makerAmount - (f.side === 0 ? cost : qty);
      reserve(account, order, order.reserved);
    } else order.status = r.trades.length > 0 ? 'MATCHED' : 'CANCELED';
    this.orders.set(id, order);
    this.publish(order, trade);
    return {
      ok: true,
      order,
      trade,
      making: f.side === 0 ? cost : qty,
      taking: f.side === 0 ? qty : cost,
    };
  }

  /** Cancels the caller's live orders among `ids`. */
  cancel(ids: readonly string[], key: ApiKeyRecord): CancelOutcome {
    this.expire();
    const out: CancelOutcome = { canceled: [], not_canceled: {} };
    const owner = key.address.toLowerCase();
    for (const raw of ids) {
      const o = this.orders.get(raw.toLowerCase());
      if (o === undefined || o.signer.toLowerCase() !== owner) {
        out.not_canceled[raw] = 'Order not found or already canceled';
      } else if (o.status === 'CANCELED') out.not_canceled[raw] = 'Order already canceled';
      else if (o.status === 'MATCHED') out.not_canceled[raw] = 'Order already matched';
      else {
        this.engine.cancel(o.id);
        this.close(o);
        out.canceled.push(o.id);
      }
    }
    return out;
  }

  /** Live orders of an address (the API key's), optionally filtered. Oldest first. */
  liveOrders(address: string, filter: (o: SimOrder) => boolean = () => true): SimOrder[] {
    this.expire();
    const owner = address.toLowerCase();
    const out: SimOrder[] = [];
    for (const o of this.orders.values()) {
      if (o.status === 'LIVE' && o.signer.toLowerCase() === owner && filter(o)) out.push(o);
    }
    return out;
  }

  /** Removes GTD orders whose expiration has passed (their status becomes CANCELED). */
  expire(): void {
    const now = this.clock.now();
    const next = this.engine.nextExpiry;
    if (next === undefined || next > now) return;
    for (const v of this.engine.expire(now)) {
      const o = this.orders.get(v.id);
      if (o !== undefined) this.close(o);
    }
  }

  private close(o: SimOrder): void {
    o.status = 'CANCELED';
    reserve(this.state.account(o.maker), o, -o.reserved);
    o.reserved = 0n;
    this.listener.onOrder(o, 'CANCELLATION');
  }

  /**
   * Events of one placement: PLACEMENT, maker UPDATEs, then the trade at MATCHED and at CONFIRMED, or at
   * FAILED when its settlement fails: then every balance it moved is moved back (the orders keep their
   * matched size, as on the venue: the size was consumed).
   */
  private publish(order: SimOrder, trade: SimTrade | undefined): void {
    const l = this.listener;
    l.onOrder(order, 'PLACEMENT');
    if (trade === undefined) return;
    for (const m of trade.makerFills) l.onOrder(m.order, 'UPDATE');
    l.onTrade(trade);
    if (this.settlementFails()) {
      const taker = trade.taker;
      for (const m of trade.makerFills) {
        move(this.state.account(taker.maker), taker.side, taker.tokenId, -m.qty, -m.cost);
        move(this.state.account(m.order.maker), m.order.side, m.order.tokenId, -m.qty, -m.cost);
      }
      trade.status = 'FAILED';
    } else trade.status = 'CONFIRMED';
    l.onTrade(trade);
  }

  private makerAllowed(signatureType: number, maker: Hex, signer: Hex): boolean {
    if (signatureType === 0) return maker.toLowerCase() === signer.toLowerCase();
    if (signatureType === 1 || signatureType === 2)
      return this.state.funderOf(signer) === maker.toLowerCase();
    return false;
  }

  /** Moves balances for the engine's trades; records one venue trade for the placement. */
  private settle(
    taker: SimOrder,
    fills: Trade[],
    now: number,
  ): { trade?: SimTrade; cost: bigint; qty: bigint } {
    if (fills.length === 0) return { cost: 0n, qty: 0n };
    const takerAccount = this.state.account(taker.maker);
    const participants = new Set([taker.maker.toLowerCase(), taker.signer.toLowerCase()]);
    const makerFills: SimMakerFill[] = [];
    let cost = 0n;
    let qty = 0n;
    let size = ZERO;
    let notional = ZERO;
    for (const t of fills) {
      const maker = this.orders.get(t.makerOrderId);
      if (maker === undefined) continue;
      const q = toUnits(t.size, 6, 'down');
      const c = toUnits(mul(t.price, t.size, 'down'), 6, 'down');
      const makerAccount = this.state.account(maker.maker);
      move(takerAccount, taker.side, taker.tokenId, q, c);
      move(makerAccount, maker.side, maker.tokenId, q, c);
      let release = maker.side === 'BUY' ? c : q;
      if (release > maker.reserved) release = maker.reserved;
      reserve(makerAccount, maker, -release);
      maker.reserved -= release;
      maker.sizeMatched = add(maker.sizeMatched, t.size);
      if (maker.sizeMatched >= maker.originalSize) {
        maker.status = 'MATCHED';
        reserve(makerAccount, maker, -maker.reserved);
        maker.reserved = 0n;
      }
      makerFills.push({ order: maker, matchedAmount: t.size, price: t.price, qty: q, cost: c });
      participants.add(maker.maker.toLowerCase()).add(maker.signer.toLowerCase());
      cost += c;
      qty += q;
      size = add(size, t.size);
      notional = add(notional, mul(t.price, t.size, 'down'));
      taker.market.lastTradePrice.set(taker.tokenId, t.price);
    }
    const trade: SimTrade = {
      id: this.rng.uuid(),
      taker,
      size,
      price: div(notional, size, 'half-even'),
      status: 'MATCHED',
      matchTime: Math.floor(now / 1000),
      makerFills,
      transactionHash: this.rng.hex(32),
      participants,
    };
    taker.associateTrades.push(trade.id);
    for (const m of makerFills)
      if (!m.order.associateTrades.includes(trade.id)) m.order.associateTrades.push(trade.id);
    this.trades.push(trade);
    this.tradesById.set(trade.id, trade);
    return { trade, cost, qty };
  }
}

/** What an account can still commit: pUSD for BUY, shares of the token for SELL (allowance included). */
function available(a: SimAccount, side: 0 | 1, tokenId: string): bigint {
  const held = side === 0 ? a.collateral : (a.tokens.get(tokenId) ?? 0n);
  const reserved = side === 0 ? a.reservedCollateral : (a.reservedTokens.get(tokenId) ?? 0n);
  return (held < a.allowance ? held : a.allowance) - reserved;
}

/** Adds `units` (negative to release) to the account's reservation for the order's asset. */
function reserve(a: SimAccount, o: SimOrder, units: bigint): void {
  if (units === 0n) return;
  if (o.side === 'BUY') a.reservedCollateral += units;
  else a.reservedTokens.set(o.tokenId, (a.reservedTokens.get(o.tokenId) ?? 0n) + units);
}

/** A BUY side pays `cost` pUSD and gets `qty` shares; a SELL side the reverse. */
function move(a: SimAccount, side: 'BUY' | 'SELL', tokenId: string, qty: bigint, cost: bigint): void {
  const sign = side === 'BUY' ? 1n : -1n;
  a.collateral -= sign * cost;
  a.tokens.set(tokenId, (a.tokens.get(tokenId) ?? 0n) + sign * qty);
}
