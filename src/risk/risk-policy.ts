/**
 * The one small interface every pre-trade policy implements ({@link RiskPolicy}), and the field schema a
 * policy type declares so that the YAML loader can check and read its fields ({@link PolicyDefinition}).
 */
import type { Clock, Decimal, Fill } from '../domain/index.ts';
import type { PolicyViolation } from '../errors/index.ts';
import type { PolicyUsage, RiskContext, RiskOrder } from './risk-context.ts';

/**
 * How a policy judges a modification of a live order (`RiskEngine.checkReplace`):
 * - `order` (the default): a rule about one order; it sees the full proposed order (MaxOrderSize,
 *   MaxNotionalPerOrder, PriceBand, MarketFilter, DailyLossLimit);
 * - `exposure`: a rule about worst-case exposure, which already counts the live order's remaining size;
 *   it sees only the increase in remaining size on the same side (an order of that size at the proposed
 *   price), and is skipped when the size does not grow (PositionLimit, InventoryLimit, DailyNotionalLimit);
 * - `new-order`: a rule that counts new orders; a modification is not one, so it is skipped
 *   (MaxOpenOrders, OrderRateLimit).
 */
export type ReplaceScope = 'order' | 'exposure' | 'new-order';

/**
 * A pre-trade policy. `evaluate` is the hot path: it must not walk the order list, and should allocate only
 * when it pushes a violation.
 */
export interface RiskPolicy {
  /** The policy type as written in YAML (`PositionLimit`); also the `policy` of its violations. */
  readonly type: string;
  /** How a modification is judged (default `order`: the full proposed order); see {@link ReplaceScope}. */
  readonly replaceScope?: ReplaceScope;
  /** Pushes one {@link PolicyViolation} per broken rule onto `out`; pushes nothing when the order passes. */
  evaluate(order: RiskOrder, ctx: RiskContext, out: PolicyViolation[]): void;
  /** One human line saying what the policy enforces. */
  describe(): string;
  /** The limit and how much of it is in use now. */
  usage(ctx: RiskContext): PolicyUsage;
  /** When true, a violation of this policy inside `RiskEngine.check` halts trading (DailyLossLimit). */
  readonly haltsTrading?: boolean;
  /** Called by `RiskEngine.check` once the order passed every policy and goes ahead (not for modifications). */
  onAccepted?(order: RiskOrder): void;
  /** Called after each fill has been applied to the positions in `ctx`. */
  onFill?(fill: Fill, ctx: RiskContext): void;
  /** Why trading must halt now, or `undefined` when it need not. Called after fills and by the engine. */
  evaluateTradingState?(ctx: RiskContext): string | undefined;
}

/** What policies may depend on besides their fields. */
export interface PolicyEnv {
  readonly clock: Clock;
}

/**
 * Kinds of field a policy may declare:
 * - `decimal`: a number > 0, read exactly from the YAML source text (a quoted decimal string is accepted too);
 * - `integer`: a whole number > 0;
 * - `boolean`: true / false;
 * - `decimal-map` / `integer-map`: a map from market id to a `decimal` / `integer`;
 * - `string-list`: a non-empty list of non-empty strings;
 * - `allow-deny`: a map with `allow` and/or `deny` string lists.
 */
export type FieldKind =
  | 'decimal'
  | 'integer'
  | 'boolean'
  | 'decimal-map'
  | 'integer-map'
  | 'string-list'
  | 'allow-deny';

/** One declared field of a policy type. */
export interface FieldSpec {
  readonly kind: FieldKind;
  readonly required: boolean;
  /** What the field means (for docs and error messages). */
  readonly doc: string;
  /** Largest value accepted (for `integer` fields that size memory, e.g. a ring of timestamps). */
  readonly max?: number;
}

/** An `allow` / `deny` pair of lists; a missing list is `undefined`. */
export interface AllowDeny {
  readonly allow?: readonly string[];
  readonly deny?: readonly string[];
}

/** A field value after loading. */
export type FieldValue =
  | Decimal
  | number
  | boolean
  | ReadonlyMap<string, Decimal>
  | ReadonlyMap<string, number>
  | readonly string[]
  | AllowDeny;

/** The checked fields of one policy entry, with typed getters (a missing optional field is `undefined`). */
export class PolicyFields {
  constructor(private readonly values: ReadonlyMap<string, FieldValue>) {}

  /** True when the field was given. */
  has(name: string): boolean {
    return this.values.has(name);
  }
  /** A `decimal` field; throws when absent (required fields are checked before `create`). */
  decimal(name: string): Decimal {
    const v = this.values.get(name);
    if (typeof v !== 'bigint') throw new TypeError(`field ${name} is not a decimal`);
    return v;
  }
  /** An `integer` field; throws when absent. */
  integer(name: string): number {
    const v = this.values.get(name);
    if (typeof v !== 'number') throw new TypeError(`field ${name} is not an integer`);
    return v;
  }
  /** A `boolean` field, or `fallback` when absent. */
  boolean(name: string, fallback: boolean): boolean {
    const v = this.values.get(name);
    return typeof v === 'boolean' ? v : fallback;
  }
  /** A `decimal-map` field, or `undefined`. */
  decimalMap(name: string): ReadonlyMap<string, Decimal> | undefined {
    return this.values.get(name) as ReadonlyMap<string, Decimal> | undefined;
  }
  /** An `integer-map` field, or `undefined`. */
  integerMap(name: string): ReadonlyMap<string, number> | undefined {
    return this.values.get(name) as ReadonlyMap<string, number> | undefined;
  }
  /** A `string-list` field, or `undefined`. */
  stringList(name: string): readonly string[] | undefined {
    return this.values.get(name) as readonly string[] | undefined;
  }
  /** An `allow-deny` field, or `undefined`. */
  allowDeny(name: string): AllowDeny | undefined {
    return this.values.get(name) as AllowDeny | undefined;
  }
}

/** A policy type: its YAML name, its fields, and how to build it from checked fields. */
export interface PolicyDefinition {
  readonly type: string;
  /** One sentence: what the policy enforces. */
  readonly summary: string;
  readonly fields: Readonly<Record<string, FieldSpec>>;
  /** A problem that involves several fields (e.g. "give allow or deny"), or `undefined`. */
  validate?(fields: PolicyFields): string | undefined;
  create(fields: PolicyFields, env: PolicyEnv): RiskPolicy;
}
