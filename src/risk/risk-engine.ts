/**
 * RiskEngine: pre-trade risk. Holds the configured policies and the trading state, checks each new order
 * and each modification of a live order against both (listing every failure at once), records accepted
 * orders for rate policies, re-evaluates the trading state after fills (DailyLossLimit may halt), and
 * reports what it enforces and current usage.
 */
import { readFileSync } from 'node:fs';
import { type Clock, type Fill, systemClock } from '../domain/index.ts';
import { ConfigError, type PolicyViolation, RiskRejected } from '../errors/index.ts';
import { CheckScope } from './check-scope.ts';
import { loadRiskConfig } from './risk-config-loader.ts';
import type { PolicyUsage, RiskContext, RiskOrder } from './risk-context.ts';
import { replaceIncrease } from './risk-math.ts';
import type { ReplaceScope, RiskPolicy } from './risk-policy.ts';
import {
  evaluateReplaceGate,
  evaluateTradingGate,
  isTradingState,
  type TradingState,
} from './trading-state.ts';

/** Options for a {@link RiskEngine}. */
export interface RiskEngineOptions {
  /** Clock for time-based policies (default: the system clock). */
  readonly clock?: Clock;
  /** Initial trading state (default ACTIVE). */
  readonly tradingState?: TradingState;
  /** Why the initial state is what it is (default `initial`). */
  readonly reason?: string;
}

/** Called after each trading state change. */
export type TradingStateListener = (state: TradingState, previous: TradingState, reason: string) => void;

/** Pre-trade risk: the policies, the trading state, and the checks that use them. */
export class RiskEngine {
  /** The configured policies, in file order. */
  readonly policies: readonly RiskPolicy[];
  /** The clock given to time-based policies. */
  readonly clock: Clock;
  private state: TradingState;
  private reason: string;
  private readonly listeners = new Set<TradingStateListener>();
  /** Reused by `check` so that the pass path allocates nothing. */
  private readonly scratch: PolicyViolation[] = [];
  /** The context the policies see during a check: walks the exposures and positions once per check. */
  private readonly scope = new CheckScope();
  private readonly acceptHooks: RiskPolicy[];
  private readonly fillHooks: RiskPolicy[];
  private readonly stateHooks: RiskPolicy[];

  constructor(policies: readonly RiskPolicy[], opts: RiskEngineOptions = {}) {
    this.policies = Object.freeze([...policies]);
    this.clock = opts.clock ?? systemClock;
    this.state = opts.tradingState ?? 'ACTIVE';
    this.reason = opts.reason ?? 'initial';
    this.acceptHooks = this.policies.filter((p) => p.onAccepted !== undefined);
    this.fillHooks = this.policies.filter((p) => p.onFill !== undefined);
    this.stateHooks = this.policies.filter((p) => p.evaluateTradingState !== undefined);
  }

  /** Builds an engine from YAML text (`policies: [...]`, optional `trading_state`); throws {@link ConfigError}. */
  static fromYaml(text: string, opts: { clock?: Clock; source?: string } = {}): RiskEngine {
    const clock = opts.clock ?? systemClock;
    const cfg = loadRiskConfig(text, { clock, ...(opts.source !== undefined && { source: opts.source }) });
    return new RiskEngine(cfg.policies, {
      clock,
      tradingState: cfg.tradingState,
      reason: 'set in the policy file',
    });
  }

  /** Reads and builds from a YAML file; throws {@link ConfigError} (also when the file cannot be read). */
  static fromFile(path: string, opts: { clock?: Clock } = {}): RiskEngine {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new ConfigError(path, [{ path: '(file)', message: `cannot read: ${(err as Error).message}` }]);
    }
    return RiskEngine.fromYaml(text, { ...opts, source: path });
  }

  /** An engine with no policies, ACTIVE. */
  static empty(opts: { clock?: Clock } = {}): RiskEngine {
    return new RiskEngine([], opts);
  }

  /** The current trading state. */
  get tradingState(): TradingState {
    return this.state;
  }

  /** Why the trading state is what it is. */
  get tradingStateReason(): string {
    return this.reason;
  }

  /** Changes the trading state; listeners hear of a change (setting the same state only updates the reason). */
  setTradingState(state: TradingState, reason: string): void {
    if (!isTradingState(state)) throw new RangeError(`unknown trading state ${JSON.stringify(state)}`);
    const previous = this.state;
    this.reason = reason;
    if (state === previous) return;
    this.state = state;
    for (const l of [...this.listeners]) {
      try {
        l(state, previous, reason);
      } catch (err) {
        process.emitWarning(`trading state listener failed: ${(err as Error).message}`, 'RiskEngineWarning');
      }
    }
  }

  /**
   * Subscribes to trading state changes; returns the unsubscribe function. A listener that throws is
   * reported as a process warning and does not stop the others.
   */
  onStateChange(listener: TradingStateListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Every failing rule for `order` (empty = pass): the trading state first, then each policy in order.
   * Changes nothing: accepted orders are not recorded and a loss breach does not halt.
   */
  evaluate(order: RiskOrder, ctx: RiskContext): PolicyViolation[] {
    const out: PolicyViolation[] = [];
    evaluateTradingGate(this.state, this.reason, order, ctx, out);
    const scope = this.scope.begin(ctx);
    for (const p of this.policies) p.evaluate(order, scope, out);
    scope.end();
    return out;
  }

  /**
   * Checks `order`; throws {@link RiskRejected} listing every failure. A breach of a halting policy
   * (DailyLossLimit) switches the trading state to HALTED. On pass, the order is recorded (OrderRateLimit).
   */
  check(order: RiskOrder, ctx: RiskContext): void {
    const out = this.scratch;
    if (out.length !== 0) out.length = 0;
    evaluateTradingGate(this.state, this.reason, order, ctx, out);
    const policies = this.policies;
    const scope = this.scope.begin(ctx);
    let haltReason: string | undefined;
    for (let i = 0; i < policies.length; i++) {
      const p = policies[i]!;
      const before = out.length;
      p.evaluate(order, scope, out);
      if (out.length > before && p.haltsTrading === true && haltReason === undefined) {
        const v = out[before]!;
        haltReason = `${v.policy}: ${v.reason} (actual ${v.actual}, limit ${v.limit})`;
      }
    }
    scope.end();
    if (out.length > 0) this.reject(out, haltReason);
    const hooks = this.acceptHooks;
    for (let i = 0; i < hooks.length; i++) hooks[i]!.onAccepted!(order);
  }

  /**
   * Every failing rule for modifying a live order from `current` to `proposed` (empty = pass); changes
   * nothing. See {@link checkReplace}.
   */
  evaluateReplace(current: RiskOrder, proposed: RiskOrder, ctx: RiskContext): PolicyViolation[] {
    const out: PolicyViolation[] = [];
    this.collectReplace(current, proposed, ctx, out);
    return out;
  }

  /**
   * Checks a modification (price and/or size) of a live order; throws {@link RiskRejected} listing every
   * failure. `current` is the order as it is (full size), `proposed` as it would be. A modification is not
   * a new order: per-order policies see the full proposed order; exposure policies (PositionLimit,
   * InventoryLimit, DailyNotionalLimit), whose open orders already count the live order, see only the
   * increase in remaining size on the same side, and pass a modification that does not grow it;
   * MaxOpenOrders and OrderRateLimit neither check nor count it (see {@link ReplaceScope}). HALTED refuses
   * every modification; REDUCING refuses one whose added size increases exposure. A breach of a halting
   * policy halts trading, as in {@link check}.
   */
  checkReplace(current: RiskOrder, proposed: RiskOrder, ctx: RiskContext): void {
    const out = this.scratch;
    if (out.length !== 0) out.length = 0;
    const haltReason = this.collectReplace(current, proposed, ctx, out);
    if (out.length > 0) this.reject(out, haltReason);
  }

  /** Pushes the failures of a modification onto `out`; returns the halt reason of a halting policy, if any. */
  private collectReplace(
    current: RiskOrder,
    proposed: RiskOrder,
    ctx: RiskContext,
    out: PolicyViolation[],
  ): string | undefined {
    const increase = replaceIncrease(current, proposed);
    const added: RiskOrder | undefined = increase > 0n ? { ...proposed, size: increase } : undefined;
    evaluateReplaceGate(this.state, this.reason, added, ctx, out);
    const view = this.scope.begin(ctx);
    let haltReason: string | undefined;
    for (const p of this.policies) {
      const scope = p.replaceScope ?? 'order';
      if (scope === 'new-order') continue;
      const order = scope === 'exposure' ? added : proposed;
      if (order === undefined) continue;
      const before = out.length;
      p.evaluate(order, view, out);
      if (out.length > before && p.haltsTrading === true && haltReason === undefined) {
        const v = out[before]!;
        haltReason = `${v.policy}: ${v.reason} (actual ${v.actual}, limit ${v.limit})`;
      }
    }
    view.end();
    return haltReason;
  }

  /** Releases the scratch array, halts when a halting policy failed, and throws {@link RiskRejected}. */
  private reject(out: PolicyViolation[], haltReason: string | undefined): never {
    const failures = out.slice();
    out.length = 0;
    // Listeners run after the scratch array is released, so they may call check() themselves.
    if (haltReason !== undefined && this.state !== 'HALTED') this.setTradingState('HALTED', haltReason);
    throw new RiskRejected(failures);
  }

  /** Tells the policies about a fill already applied to `ctx`, then re-evaluates the trading state. */
  onFill(fill: Fill, ctx: RiskContext): void {
    for (const p of this.fillHooks) p.onFill!(fill, ctx);
    this.evaluateTradingState(ctx);
  }

  /** Asks the halting policies whether trading must stop; halts if so. Returns the (new) state. */
  evaluateTradingState(ctx: RiskContext): TradingState {
    if (this.state === 'HALTED') return this.state;
    for (const p of this.stateHooks) {
      const reason = p.evaluateTradingState!(ctx);
      if (reason !== undefined) {
        this.setTradingState('HALTED', reason);
        break;
      }
    }
    return this.state;
  }

  /** One human line per policy, then the trading state. */
  describe(): string[] {
    const lines = this.policies.map((p) => p.describe());
    if (lines.length === 0) lines.push('no policies configured: every order passes the policy checks');
    lines.push(`TradingState: ${this.state} (${this.reason}): ${STATE_MEANING[this.state]}`);
    return lines;
  }

  /** Each policy's limit and current use. */
  usage(ctx: RiskContext): PolicyUsage[] {
    return this.policies.map((p) => p.usage(ctx));
  }
}

const STATE_MEANING: Record<TradingState, string> = {
  ACTIVE: 'orders are checked by the policies',
  REDUCING: 'only orders that reduce a position toward flat are accepted',
  HALTED: 'no new orders are accepted (cancels are always allowed)',
};
