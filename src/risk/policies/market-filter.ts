/**
 * MarketFilter: which markets (and venues) may be traded at all: `allow` / `deny` lists of market ids, and
 * optionally `venues: { allow, deny }`. A deny entry wins over an allow entry.
 */
import type { PolicyViolation } from '../../errors/index.ts';
import type { PolicyUsage, RiskContext, RiskOrder } from '../risk-context.ts';
import type { AllowDeny, PolicyDefinition, RiskPolicy } from '../risk-policy.ts';

/** Settings of a {@link MarketFilter}; omitted lists do not restrict. */
export interface MarketFilterOptions {
  /** Only these markets may be traded. */
  readonly allow?: readonly string[];
  /** These markets may not be traded. */
  readonly deny?: readonly string[];
  /** Venue allow / deny lists. */
  readonly venues?: AllowDeny;
}

/** Refuses orders on markets or venues outside the allow lists or inside the deny lists. */
export class MarketFilter implements RiskPolicy {
  readonly type = 'MarketFilter';
  private readonly allow: ReadonlySet<string> | undefined;
  private readonly deny: ReadonlySet<string> | undefined;
  private readonly venueAllow: ReadonlySet<string> | undefined;
  private readonly venueDeny: ReadonlySet<string> | undefined;

  constructor(opts: MarketFilterOptions) {
    this.allow = setOf(opts.allow);
    this.deny = setOf(opts.deny);
    this.venueAllow = setOf(opts.venues?.allow);
    this.venueDeny = setOf(opts.venues?.deny);
  }

  evaluate(order: RiskOrder, _ctx: RiskContext, out: PolicyViolation[]): void {
    if (
      this.venueDeny?.has(order.venue) ||
      (this.venueAllow !== undefined && !this.venueAllow.has(order.venue))
    ) {
      out.push({
        policy: this.type,
        reason: 'venue not allowed',
        limit: listText(this.venueAllow, this.venueDeny),
        actual: order.venue,
      });
    }
    if (this.deny?.has(order.market) || (this.allow !== undefined && !this.allow.has(order.market))) {
      out.push({
        policy: this.type,
        reason: 'market not allowed',
        limit: listText(this.allow, this.deny),
        actual: order.market,
      });
    }
  }

  describe(): string {
    const parts: string[] = [];
    if (this.allow) parts.push(`markets allowed: ${[...this.allow].join(', ')}`);
    if (this.deny) parts.push(`markets denied: ${[...this.deny].join(', ')}`);
    if (this.venueAllow) parts.push(`venues allowed: ${[...this.venueAllow].join(', ')}`);
    if (this.venueDeny) parts.push(`venues denied: ${[...this.venueDeny].join(', ')}`);
    return `MarketFilter: ${parts.join('; ')}`;
  }

  usage(_ctx: RiskContext): PolicyUsage {
    const venues =
      this.venueAllow || this.venueDeny ? `; venues ${listText(this.venueAllow, this.venueDeny)}` : '';
    return {
      policy: this.type,
      limit: `markets ${listText(this.allow, this.deny)}${venues}`,
      current: 'per order',
    };
  }
}

function setOf(list: readonly string[] | undefined): ReadonlySet<string> | undefined {
  return list === undefined ? undefined : new Set(list);
}

function listText(allow: ReadonlySet<string> | undefined, deny: ReadonlySet<string> | undefined): string {
  const parts: string[] = [];
  if (allow) parts.push(`allow [${[...allow].join(', ')}]`);
  if (deny) parts.push(`deny [${[...deny].join(', ')}]`);
  return parts.length === 0 ? 'any' : parts.join(' ');
}

/** YAML definition of {@link MarketFilter}. */
export const marketFilterDefinition: PolicyDefinition = {
  type: 'MarketFilter',
  summary: 'Markets (and venues) that may or may not be traded.',
  fields: {
    allow: { kind: 'string-list', required: false, doc: 'only these market ids may be traded' },
    deny: { kind: 'string-list', required: false, doc: 'these market ids may not be traded' },
    venues: { kind: 'allow-deny', required: false, doc: '`allow` / `deny` lists of venue ids' },
  },
  validate: (f) =>
    f.has('allow') || f.has('deny') || f.has('venues')
      ? undefined
      : 'give at least one of allow, deny, venues',
  create: (f) => {
    const allow = f.stringList('allow');
    const deny = f.stringList('deny');
    const venues = f.allowDeny('venues');
    return new MarketFilter({
      ...(allow !== undefined && { allow }),
      ...(deny !== undefined && { deny }),
      ...(venues !== undefined && { venues }),
    });
  },
};
