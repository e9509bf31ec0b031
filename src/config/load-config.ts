/**
 * Loads the gateway's config file: YAML -> the one schema -> a validated {@link GatewayConfig} with every
 * default applied, or ONE {@link ConfigError} listing every problem with its dotted path (`venues[1].host`)
 * and 1-based line. Also the checks that span sections (unique venue ids, rate limits naming known venues,
 * no listening beyond loopback without auth) and, through an injected checker, the risk policies.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isSeq, stringify } from 'yaml';
import { ConfigError, type ConfigIssue } from '../errors/index.ts';
import { type GatewayConfig, gatewayConfigSchema } from './config-schema.ts';
import { findSecrets } from './secret-fields.ts';
import { VENUE_KINDS } from './venue-schema.ts';
import {
  findNode,
  formatPath,
  isolateNode,
  keepNumberText,
  nodeAt,
  nodeOffset,
  type PathSegment,
  parseYamlSource,
  type YamlSource,
} from './yaml-source.ts';
import { describeIssue, valueAt } from './zod-issues.ts';

/**
 * Checks a risk policy file's text (the shape `RiskEngine.fromYaml` reads) and throws a ConfigError whose
 * issues have paths such as `policies[0].max_size` and lines of `text`. The CLI passes the risk module's
 * `loadRiskConfig`; `config/` does not import `risk/`.
 */
export type RiskCheck = (text: string, source: string) => unknown;

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** Name of the text's origin in the error (default `config`). */
  readonly source?: string;
  /** Checks inline risk policies and the risk file in depth; without it they are checked structurally. */
  readonly checkRisk?: RiskCheck;
  /** Directory that a relative `risk.file` is read from (default: the working directory). */
  readonly baseDir?: string;
}

/** Parses and validates a config text; an empty text or `{}` gives the defaults. */
export function loadConfig(text: string, opts: LoadConfigOptions = {}): GatewayConfig {
  const source = opts.source ?? 'config';
  const src = parseYamlSource(text);
  const issues: ConfigIssue[] = [];
  const add: Add = (path, message, node, knownLine) => {
    const line = knownLine ?? src.line(nodeOffset(node));
    const p = typeof path === 'string' ? path : formatPath(path);
    issues.push(line === undefined ? { path: p, message } : { path: p, message, line });
  };

  if (src.doc.errors.length > 0) {
    for (const e of src.doc.errors) {
      const line = src.line(e.pos[0]);
      const message = `invalid YAML: ${firstLine(e.message)}`;
      issues.push(line === undefined ? { path: '(yaml)', message } : { path: '(yaml)', message, line });
    }
    throw new ConfigError(source, issues);
  }
  const data = toData(src, add);
  if (data === undefined) throw new ConfigError(source, issues);

  const secretPaths = new Set<string>();
  for (const s of findSecrets(src.doc.contents)) {
    secretPaths.add(formatPath(s.path));
    add(s.path, s.message, s.node);
  }
  const parsed = gatewayConfigSchema.safeParse(data);
  const riskPaths = new Set<string>();
  if (!parsed.success) {
    for (const iss of parsed.error.issues) {
      for (const p of describeIssue(iss, data)) {
        const shown = formatPath(p.path);
        if (
          [...secretPaths].some((s) => shown === s || shown.startsWith(`${s}.`) || shown.startsWith(`${s}[`))
        )
          continue;
        if (p.path[0] === 'risk') riskPaths.add(shown);
        add(p.path, p.message, nodeAt(src.doc, p.path, p.atKey === true));
      }
    }
  }
  crossChecks(data, src, add);
  if (riskPaths.size === 0) checkRiskSection(data, src, opts, add);

  if (issues.length > 0 || !parsed.success) {
    throw new ConfigError(source, sortByLine(issues));
  }
  return parsed.data;
}

/** Reads and loads a config file (see {@link loadConfig}); an unreadable file is a ConfigError too. */
export function loadConfigFile(path: string, opts: Omit<LoadConfigOptions, 'source'> = {}): GatewayConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(path, [{ path: '(file)', message: `cannot read the file (${errCode(e)})` }]);
  }
  return loadConfig(text, { ...opts, source: path });
}

/**
 * The inline risk policies as a risk policy file (`policies:` and `trading_state:`) for
 * `RiskEngine.fromYaml`; numbers keep their exact text. Undefined when the config names a file or sets none.
 */
export function riskPolicyYaml(config: GatewayConfig): string | undefined {
  const { policies, trading_state } = config.risk;
  if (policies === undefined) return undefined;
  return stringify({ ...(trading_state !== undefined && { trading_state }), policies });
}

type Add = (path: readonly PathSegment[] | string, message: string, node?: unknown, line?: number) => void;

/** The document as plain data (numbers kept as text where decimals are expected), or undefined. */
function toData(src: YamlSource, add: Add): Record<string, unknown> | undefined {
  const root = src.doc.contents;
  if (root === null || root === undefined) return {};
  const venues = findNode(src.doc, ['venues']);
  if (isSeq(venues)) {
    venues.items.forEach((_, i) => {
      keepNumberText(findNode(src.doc, ['venues', i, 'markets']));
      keepNumberText(findNode(src.doc, ['venues', i, 'fees']));
    });
  }
  keepNumberText(findNode(src.doc, ['risk', 'policies']));
  let data: unknown;
  try {
    data = src.doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    add('(yaml)', `cannot read the document: ${firstLine((e as Error).message)}`);
    return undefined;
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    add('(root)', 'must be a map of sections (server, auth, store, venues, ...)', root);
    return undefined;
  }
  // A section left empty (`server:` with every key commented out) takes its defaults.
  const sections = data as Record<string, unknown>;
  for (const [k, v] of Object.entries(sections)) if (v === null) delete sections[k];
  return sections;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\]|::ffff:127(\.\d{1,3}){3})$/i;

/** True for host names that only accept connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.test(host.trim());
}

function crossChecks(data: Record<string, unknown>, src: YamlSource, add: Add): void {
  // Venue ids: unique.
  const venues = data.venues;
  const ids: string[] = [];
  let idsKnown = venues === undefined;
  if (venues === undefined) ids.push('paper');
  if (Array.isArray(venues)) {
    idsKnown = true;
    const firstAt = new Map<string, number>();
    venues.forEach((v, i) => {
      const kind = valueAt(v, ['kind']);
      const raw = valueAt(v, ['id']);
      if (
        !(VENUE_KINDS as readonly unknown[]).includes(kind) ||
        (raw !== undefined && typeof raw !== 'string')
      ) {
        idsKnown = false;
        return;
      }
      const id = (raw as string | undefined) ?? (kind as string);
      ids.push(id);
      const first = firstAt.get(id);
      if (first === undefined) firstAt.set(id, i);
      else {
        const path = raw === undefined ? ['venues', i] : ['venues', i, 'id'];
        const why = raw === undefined ? ` (the default id of a ${String(kind)} venue)` : '';
        add(
          path,
          `venue id "${id}"${why} is already used by venues[${first}]; give each venue its own id`,
          nodeAt(src.doc, path),
        );
      }
    });
  }
  // Rate limits name known venues.
  const rl = valueAt(data, ['rateLimits', 'venues']);
  if (idsKnown && rl !== null && typeof rl === 'object' && !Array.isArray(rl)) {
    for (const key of Object.keys(rl)) {
      if (!ids.includes(key)) {
        const path = ['rateLimits', 'venues', key];
        add(path, `no venue has the id "${key}" (venues: ${ids.join(', ')})`, nodeAt(src.doc, path, true));
      }
    }
  }
  // No open door beyond loopback.
  const host = valueAt(data, ['server', 'host']);
  const required = valueAt(data, ['auth', 'required']);
  if (required === false && typeof host === 'string' && !isLoopbackHost(host)) {
    add(
      ['server', 'host'],
      `${host} is beyond loopback, and auth.required is false: the gateway never listens beyond loopback without auth; set auth.required: true (with tokens) or bind 127.0.0.1`,
      nodeAt(src.doc, ['server', 'host']),
    );
  }
}

function checkRiskSection(
  data: Record<string, unknown>,
  src: YamlSource,
  opts: LoadConfigOptions,
  add: Add,
): void {
  const file = valueAt(data, ['risk', 'file']);
  if (typeof file === 'string') {
    const fileNode = nodeAt(src.doc, ['risk', 'file']);
    const full = resolve(opts.baseDir ?? process.cwd(), file);
    let text: string;
    try {
      text = readFileSync(full, 'utf8');
    } catch (e) {
      add(['risk', 'file'], `cannot read the risk policy file ${full} (${errCode(e)})`, fileNode);
      return;
    }
    for (const i of runRiskCheck(opts.checkRisk, text, file)) {
      const at = i.line === undefined ? '' : ` line ${i.line}`;
      add(['risk', 'file'], `${file}${at}: ${i.path}: ${i.message}`, fileNode);
    }
  } else if (valueAt(data, ['risk', 'policies']) !== undefined) {
    // The isolated text keeps the file's offsets, so the checker's lines are the config file's lines.
    const isolated = isolateNode(src.text, findNode(src.doc, ['risk']));
    if (isolated === undefined) return;
    for (const i of runRiskCheck(opts.checkRisk, isolated, 'risk')) {
      add(i.path.startsWith('(') ? 'risk' : `risk.${i.path}`, i.message, undefined, i.line);
    }
  }
}

function runRiskCheck(check: RiskCheck | undefined, text: string, source: string): ConfigIssue[] {
  if (check === undefined) return [];
  try {
    check(text, source);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return [...e.issues];
    return [{ path: '(risk)', message: `could not be checked: ${firstLine(String((e as Error).message))}` }];
  }
}

function sortByLine(issues: ConfigIssue[]): ConfigIssue[] {
  return issues
    .map((i, n) => ({ i, n }))
    .sort(
      (a, b) => (a.i.line ?? Number.MAX_SAFE_INTEGER) - (b.i.line ?? Number.MAX_SAFE_INTEGER) || a.n - b.n,
    )
    .map((x) => x.i);
}

function errCode(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' ? code : firstLine(String((e as Error).message));
}

function firstLine(message: string): string {
  const i = message.indexOf('\n');
  return i < 0 ? message : message.slice(0, i);
}
