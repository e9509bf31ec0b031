/**
 * Trading state: ACTIVE (normal), REDUCING (only orders that move a position toward flat) and HALTED (no new
 * orders; cancels never go through risk, so they always pass). The gate is checked before the policies.
 */
import { fmt, Side } from '../domain/index.ts';
import type { PolicyViolation } from '../errors/index.ts';
import type { RiskContext, RiskOrder } from './risk-context.ts';

/** ACTIVE, REDUCING or HALTED. */
export type TradingState = 'ACTIVE' | 'REDUCING' | 'HALTED';

/** Every trading state, in order of severity. */
export const TRADING_STATES: readonly TradingState[] = ['ACTIVE', 'REDUCING', 'HALTED'];

/** True when `s` names a trading state. */
export function isTradingState(s: unknown): s is TradingState {
  return s === 'ACTIVE' || s === 'REDUCING' || s === 'HALTED';
}

/** The `policy` of a violation raised by the trading state gate. */
export const TRADING_STATE_POLICY = 'TradingState';

/** The violation of a HALTED trading state. */
function haltedViolation(reason: string, what: string): PolicyViolation {
  return {
    policy: TRADING_STATE_POLICY,
    reason: `trading is HALTED${reason ? ` (${reason})` : ''}; ${what}`,
    limit: 'ACTIVE',
    actual: 'HALTED',
  };
}

/**
 * Pushes a `TradingState` violation when `state` refuses the order. In REDUCING a Buy passes only while the
 * position is short and `net + open buys + size <= 0`; a Sell only while long and `net - open sells - size >= 0`.
 */
export function evaluateTradingGate(
  state: TradingState,
  reason: string,
  order: RiskOrder,
  ctx: RiskContext,
  out: PolicyViolation[],
): void {
  if (state === 'ACTIVE') return;
  if (state === 'HALTED') {
    out.push(haltedViolation(reason, 'no new orders'));
    return;
  }
  const net = ctx.position(order.venue, order.market).netSize;
  const open = ctx.openExposure(order.venue, order.market);
  if (order.side === Side.Buy) {
    const after = net + open.buySize + order.size;
    if (net < 0n && after <= 0n) return;
    out.push({
      policy: TRADING_STATE_POLICY,
      reason: `trading is REDUCING${reason ? ` (${reason})` : ''}; a buy must only cover a short on ${order.market}, worst-case position after it`,
      limit: '0',
      actual: fmt(after as typeof net),
    });
  } else {
    const after = net - open.sellSize - order.size;
    if (net > 0n && after >= 0n) return;
    out.push({
      policy: TRADING_STATE_POLICY,
      reason: `trading is REDUCING${reason ? ` (${reason})` : ''}; a sell must only reduce a long on ${order.market}, worst-case position after it`,
      limit: '0',
      actual: fmt(after as typeof net),
    });
  }
}

/**
 * The trading state gate for a modification of a live order. `increase` is the added remaining size on the
 * same side as an order (its size is the increase), or `undefined` when the size does not grow.
 * HALTED refuses every modification. REDUCING refuses one that increases exposure: the added size is
 * judged like a new order (the open orders already count the live order), so a modification that does not
 * add size, or adds size that still only moves the position toward flat, passes.
 */
export function evaluateReplaceGate(
  state: TradingState,
  reason: string,
  increase: RiskOrder | undefined,
  ctx: RiskContext,
  out: PolicyViolation[],
): void {
  if (state === 'ACTIVE') return;
  if (state === 'HALTED') {
    out.push(haltedViolation(reason, 'no order modifications'));
    return;
  }
  if (increase !== undefined) evaluateTradingGate(state, reason, increase, ctx, out);
}
