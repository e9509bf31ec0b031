/**
 * Reads a risk policy file (YAML) into policies and an initial trading state. Every problem (malformed YAML,
 * unknown policy types or fields, missing fields, wrong types, limits that are not > 0) is collected and
 * reported at once in one {@link ConfigError}, each with its path (`policies[1].max_size`) and 1-based line.
 * Numbers are read exactly from the source text, never through a float.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type YAMLMap } from 'yaml';
import { type Clock, type Decimal, dec, decimalProblem, ONE, systemClock } from '../domain/index.ts';
import { ConfigError, type ConfigIssue } from '../errors/index.ts';
import { POLICY_DEFINITIONS, policyDefinition } from './policy-registry.ts';
import {
  type AllowDeny,
  type FieldSpec,
  type FieldValue,
  PolicyFields,
  type RiskPolicy,
} from './risk-policy.ts';
import { isTradingState, TRADING_STATES, type TradingState } from './trading-state.ts';

/** A loaded risk policy file. */
export interface RiskConfig {
  readonly policies: RiskPolicy[];
  readonly tradingState: TradingState;
}

/** Options for {@link loadRiskConfig}. */
export interface LoadRiskConfigOptions {
  /** Clock given to time-based policies (default: the system clock). */
  readonly clock?: Clock;
  /** Name of the text's origin in error messages (default `risk policy`). */
  readonly source?: string;
}

const TOP_LEVEL_KEYS = ['policies', 'trading_state'];

/** Parses and checks a risk policy file; throws a {@link ConfigError} listing every problem. */
export function loadRiskConfig(text: string, opts: LoadRiskConfigOptions = {}): RiskConfig {
  const source = opts.source ?? 'risk policy';
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const issues: ConfigIssue[] = [];
  const at = (offset: number | undefined): number | undefined =>
    offset === undefined ? undefined : lines.linePos(offset).line;
  const issue = (path: string, message: string, node?: unknown, fallback?: number): void => {
    const line = at(nodeOffset(node)) ?? fallback;
    issues.push(line === undefined ? { path, message } : { path, message, line });
  };

  if (doc.errors.length > 0) {
    for (const e of doc.errors) issue('(yaml)', firstLine(e.message), undefined, at(e.pos[0]));
    throw new ConfigError(source, issues);
  }
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) {
    throw new ConfigError(source, [
      { path: 'policies', message: 'the file is empty; expected `policies: [...]`' },
    ]);
  }
  if (!isMap(root)) {
    issue('(root)', 'must be a map with a `policies` list', root);
    throw new ConfigError(source, issues);
  }

  const clock = opts.clock ?? systemClock;
  const policies: RiskPolicy[] = [];
  let tradingState: TradingState = 'ACTIVE';
  let sawPolicies = false;
  for (const pair of root.items) {
    const key = keyText(pair.key);
    if (key === 'policies') {
      sawPolicies = true;
      readPolicies(pair.value, pair.key, clock, policies, issue);
    } else if (key === 'trading_state') {
      const v = pair.value;
      const s = isScalar(v) ? v.value : undefined;
      if (isTradingState(s)) tradingState = s;
      else issue('trading_state', `must be one of ${TRADING_STATES.join(', ')}`, v ?? pair.key);
    } else {
      issue(key ?? '(key)', `unknown top-level key (expected ${TOP_LEVEL_KEYS.join(', ')})`, pair.key);
    }
  }
  if (!sawPolicies) issue('policies', 'missing required key (a list of policies, may be empty)', root);
  if (issues.length > 0) throw new ConfigError(source, issues);
  return { policies, tradingState };
}

type Issue = (path: string, message: string, node?: unknown) => void;

function readPolicies(value: unknown, keyNode: unknown, clock: Clock, out: RiskPolicy[], issue: Issue): void {
  if (isScalar(value) && value.value === null) return; // `policies:` with nothing: no policies
  if (!isSeq(value)) {
    issue('policies', 'must be a list of policies', value ?? keyNode);
    return;
  }
  value.items.forEach((item, i) => {
    const policy = readPolicy(item, `policies[${i}]`, clock, issue);
    if (policy !== undefined) out.push(policy);
  });
}

function readPolicy(item: unknown, path: string, clock: Clock, issue: Issue): RiskPolicy | undefined {
  if (!isMap(item)) {
    issue(path, 'must be a map with a `type` and the policy fields', item);
    return undefined;
  }
  const typePair = item.items.find((p) => keyText(p.key) === 'type');
  if (typePair === undefined) {
    issue(
      `${path}.type`,
      `missing required field (one of ${POLICY_DEFINITIONS.map((d) => d.type).join(', ')})`,
      item,
    );
    return undefined;
  }
  const typeName = isScalar(typePair.value) ? typePair.value.value : undefined;
  const def = typeof typeName === 'string' ? policyDefinition(typeName) : undefined;
  if (def === undefined) {
    issue(
      `${path}.type`,
      `unknown policy type ${JSON.stringify(typeName ?? null)} (known: ${POLICY_DEFINITIONS.map((d) => d.type).join(', ')})`,
      typePair.value ?? typePair.key,
    );
    return undefined;
  }
  let ok = true;
  const bad: Issue = (p, m, n) => {
    ok = false;
    issue(p, m, n);
  };
  const values = new Map<string, FieldValue>();
  for (const pair of item.items) {
    const key = keyText(pair.key);
    if (key === 'type') continue;
    const spec = key === undefined ? undefined : def.fields[key];
    if (key === undefined || spec === undefined) {
      bad(
        `${path}.${key ?? '(key)'}`,
        `unknown field for ${def.type} (fields: ${Object.keys(def.fields).join(', ')})`,
        pair.key,
      );
      continue;
    }
    const v = readField(spec, pair.value, pair.key, `${path}.${key}`, bad);
    if (v !== undefined) values.set(key, v);
  }
  for (const [name, spec] of Object.entries(def.fields)) {
    if (spec.required && !values.has(name) && !item.items.some((p) => keyText(p.key) === name)) {
      bad(`${path}.${name}`, `missing required field (${spec.doc})`, item);
    }
  }
  if (!ok) return undefined;
  const fields = new PolicyFields(values);
  const problem = def.validate?.(fields);
  if (problem !== undefined) {
    issue(path, problem, item);
    return undefined;
  }
  return def.create(fields, { clock });
}

function readField(
  spec: FieldSpec,
  node: unknown,
  keyNode: unknown,
  path: string,
  bad: Issue,
): FieldValue | undefined {
  if (isEmpty(node)) {
    bad(path, 'missing value', keyNode);
    return undefined;
  }
  if (isAlias(node)) {
    bad(path, 'aliases (*name) are not supported in risk policy files; write the value', node);
    return undefined;
  }
  switch (spec.kind) {
    case 'decimal':
      return readPositive(node, path, false, spec.max, bad);
    case 'integer': {
      const d = readPositive(node, path, true, spec.max, bad);
      return d === undefined ? undefined : Number(d / ONE);
    }
    case 'boolean':
      if (isScalar(node) && typeof node.value === 'boolean') return node.value;
      bad(path, 'must be true or false', node);
      return undefined;
    case 'decimal-map':
    case 'integer-map':
      return readMap(node, path, spec, bad);
    case 'string-list':
      return readStringList(node, path, bad);
    case 'allow-deny':
      return readAllowDeny(node, path, bad);
  }
}

/** A number > 0 read exactly from the scalar's source text (integers only when `integer`). */
function readPositive(
  node: unknown,
  path: string,
  integer: boolean,
  max: number | undefined,
  bad: Issue,
): Decimal | undefined {
  const what = integer ? 'a whole number' : 'a number';
  if (!isScalar(node)) {
    bad(path, `must be ${what}`, node);
    return undefined;
  }
  let text: string;
  if (typeof node.value === 'number')
    text = typeof node.source === 'string' ? node.source : String(node.value);
  else if (typeof node.value === 'string') text = node.value;
  else {
    bad(path, `must be ${what} (got ${node.value === null ? 'null' : typeof node.value})`, node);
    return undefined;
  }
  const problem = decimalProblem(text);
  if (problem !== undefined) {
    bad(path, `must be ${what} (got ${JSON.stringify(text)}: ${problem})`, node);
    return undefined;
  }
  const d = dec(text);
  if (d <= 0n) {
    bad(path, `must be greater than 0 (got ${text})`, node);
    return undefined;
  }
  if (integer && d % ONE !== 0n) {
    bad(path, `must be a whole number (got ${text})`, node);
    return undefined;
  }
  if (max !== undefined && d > BigInt(max) * ONE) {
    bad(path, `must be at most ${max} (got ${text})`, node);
    return undefined;
  }
  return d;
}

function readMap(node: unknown, path: string, spec: FieldSpec, bad: Issue): FieldValue | undefined {
  if (!isMap(node)) {
    bad(path, 'must be a map of market id to limit', node);
    return undefined;
  }
  const integer = spec.kind === 'integer-map';
  const out = new Map<string, Decimal | number>();
  let ok = true;
  for (const pair of node.items) {
    const key = keyText(pair.key);
    const p = `${path}${pathKey(key ?? '(key)')}`;
    if (key === undefined) {
      bad(p, 'must be a market id', pair.key);
      ok = false;
      continue;
    }
    if (isEmpty(pair.value)) {
      bad(p, 'missing value', pair.key);
      ok = false;
      continue;
    }
    const d = readPositive(pair.value, p, integer, spec.max, bad);
    if (d === undefined) ok = false;
    else out.set(key, integer ? Number(d / ONE) : d);
  }
  return ok ? (out as ReadonlyMap<string, Decimal> | ReadonlyMap<string, number>) : undefined;
}

function readStringList(node: unknown, path: string, bad: Issue): readonly string[] | undefined {
  if (!isSeq(node)) {
    bad(path, 'must be a list', node);
    return undefined;
  }
  if (node.items.length === 0) {
    bad(path, 'must list at least one entry (omit the field to not restrict)', node);
    return undefined;
  }
  const out: string[] = [];
  let ok = true;
  node.items.forEach((item, i) => {
    const s = scalarText(item);
    if (s === undefined || s === '') {
      bad(`${path}[${i}]`, 'must be a non-empty name', item);
      ok = false;
    } else out.push(s);
  });
  return ok ? out : undefined;
}

function readAllowDeny(node: unknown, path: string, bad: Issue): AllowDeny | undefined {
  if (!isMap(node)) {
    bad(path, 'must be a map with `allow` and/or `deny` lists', node);
    return undefined;
  }
  let allow: readonly string[] | undefined;
  let deny: readonly string[] | undefined;
  let ok = true;
  for (const pair of (node as YAMLMap).items) {
    const key = keyText(pair.key);
    if (key !== 'allow' && key !== 'deny') {
      bad(`${path}.${key ?? '(key)'}`, 'unknown field (fields: allow, deny)', pair.key);
      ok = false;
      continue;
    }
    const list = readStringList(isEmpty(pair.value) ? null : pair.value, `${path}.${key}`, bad);
    if (list === undefined) ok = false;
    else if (key === 'allow') allow = list;
    else deny = list;
  }
  if (ok && allow === undefined && deny === undefined) {
    bad(path, 'must have `allow` and/or `deny`', node);
    ok = false;
  }
  if (!ok) return undefined;
  return { ...(allow !== undefined && { allow }), ...(deny !== undefined && { deny }) };
}

/** A key or list entry as written (numeric ids keep their exact digits). */
function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  if (typeof node.value === 'string') return node.value;
  if (typeof node.value === 'number' || typeof node.value === 'bigint') {
    return typeof node.source === 'string' ? node.source : String(node.value);
  }
  return undefined;
}

function keyText(key: unknown): string | undefined {
  return scalarText(key);
}

function isEmpty(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null);
}

function nodeOffset(node: unknown): number | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  return (node as Node).range?.[0];
}

function pathKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function firstLine(message: string): string {
  const i = message.indexOf('\n');
  return i < 0 ? message : message.slice(0, i);
}
