/**
 * `ag-exec config check` as a user runs it (`node bin/ag-exec.js`), on the example config and on the good
 * and bad fixtures beside this file; and the risk policies of a config checked in depth by the risk loader, with
 * the config file's own lines.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  hashToken,
  loadConfig,
  loadConfigFile,
  type RiskCheck,
  riskPolicyYaml,
} from '../../src/config/index.ts';
import { ConfigError, type ConfigIssue } from '../../src/errors/index.ts';
import { loadRiskConfig, POLICY_DEFINITIONS, RiskEngine } from '../../src/risk/index.ts';

const root = new URL('../../', import.meta.url).pathname;
const bin = join(root, 'bin/ag-exec.js');
const example = join(root, 'examples/gateway.yaml');
const bad = join(root, 'test/config/bad-gateway.yaml');
const checkRisk: RiskCheck = (text, source) => loadRiskConfig(text, { source });

const run = async (args: string[], env: Record<string, string> = {}) => {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(AG_EXEC_|BINANCE_|POLYMARKET_|LOG_LEVEL)/.test(k)),
  );
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], {
      cwd: root,
      env: { ...clean, ...env },
      timeout: 20_000,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
};

function issuesOf(fn: () => unknown): ConfigIssue[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return [...e.issues];
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('ag-exec config check', () => {
  it('prints what the example config sets up and exits 0', async () => {
    const r = await run(['config', 'check', 'examples/gateway.yaml']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^ok: examples\/gateway\.yaml: gateway on http:\/\/127\.0\.0\.1:8080 \(loopback\), 3 venues \(paper, polymarket, binance\), sqlite store, 4 risk policies\n/,
    );
    expect(r.stdout).toContain('venue polymarket: Polymarket CLOB V2 simulator in process');
    expect(r.stdout).toContain('shared through Redis ($AG_EXEC_REDIS_URL');
    expect(r.stdout).toContain('environment not checked');
  });

  it('the offline example (paper and both simulators) is valid', async () => {
    const r = await run(['config', 'check', 'examples/gateway-sim.yaml']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('venue binance: Binance Spot simulator in process');
  });

  it('checks a config beyond loopback with real venues, a PostgreSQL journal and a risk file', async () => {
    const r = await run(['config', 'check', 'test/config/good-gateway.yaml']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'ok: test/config/good-gateway.yaml: gateway on http://0.0.0.0:9090, 2 venues (pm-main, binance), postgres store, risk file',
    );
    expect(r.stdout).toContain('PostgreSQL journal (URL from $GATEWAY_PG_URL, schema gw_test');
    expect(r.stdout).toContain('signature type 1; key from $PM_MAIN_KEY');
    expect(r.stdout).toContain('risk: policies from examples/risk.yaml');
    const env = await run(['config', 'check', 'test/config/good-gateway.yaml', '--env'], {
      AG_EXEC_TOKENS: 'read:a-read-token-of-length',
    });
    expect(env.code).toBe(2);
    expect(env.stderr.trim().split('\n').slice(1)).toEqual([
      '  store.url_env: environment variable GATEWAY_PG_URL is not set (the PostgreSQL URL)',
      '  venues[0].private_key_env: environment variable PM_MAIN_KEY is not set (the signing wallet key)',
    ]);
    const ok = await run(['config', 'check', 'test/config/good-gateway.yaml', '--env'], {
      AG_EXEC_TOKENS: 'read:a-read-token-of-length',
      GATEWAY_PG_URL: 'postgres://127.0.0.1:5432/test',
      PM_MAIN_KEY: 'ab'.repeat(32),
    });
    expect(ok.code).toBe(0);
    expect(ok.stdout).not.toContain('ab'.repeat(32));
  });

  it('prints every problem of a bad file with its line and path, and exits 2', async () => {
    const r = await run(['config', 'check', bad]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe(`${bad}: 9 problems`);
    expect(lines.slice(1).map((l) => l.trim().split(': ').slice(0, 2).join(': '))).toEqual([
      'line 3: server.host',
      'line 4: server.port',
      'line 9: store.url',
      'line 12: venues[0].seed',
      'line 15: venues[1].api_secret',
      'line 18: rateLimits.venues.bn.burst',
      'line 22: risk.policies[0].max_size',
      'line 24: metrics.prometheus',
      'line 26: log.level',
    ]);
    expect(r.stderr).not.toContain('hunter2');
    expect(r.stderr).not.toContain('do-not-put-me-here');
    expect(r.stderr).toContain('url_env');
    expect(r.stderr).toContain('auth.required');
  });

  it('--json prints the config with every default applied, or the issues', async () => {
    const ok = await run(['config', 'check', example, '--json']);
    expect(ok.code).toBe(0);
    const config = JSON.parse(ok.stdout);
    expect(config).toEqual(loadConfigFile(example));
    expect(config.venues[2].api_key_env).toBe('BINANCE_API_KEY');
    const no = await run(['config', 'check', bad, '--json']);
    expect(no.code).toBe(2);
    const report = JSON.parse(no.stdout);
    expect(report.valid).toBe(false);
    expect(report.issues.map((i: ConfigIssue) => i.path)).toContain('risk.policies[0].max_size');
  });

  it('--env checks the variables the config names, printing names and never values', async () => {
    const missing = await run(['config', 'check', example, '--env']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('environment: 3 problems');
    expect(missing.stderr).toContain(
      'venues[2].api_key_env: environment variable BINANCE_API_KEY is not set',
    );
    expect(missing.stderr).toContain('AG_EXEC_REDIS_URL is not set');
    const env = {
      BINANCE_API_KEY: 'SomeBinanceKey42',
      BINANCE_API_SECRET: 'very-secret-value',
      AG_EXEC_REDIS_URL: 'redis://127.0.0.1:6379',
      AG_EXEC_TOKENS: 'admin:x',
    };
    const badToken = await run(['config', 'check', example, '--env'], env);
    expect(badToken.code).toBe(2);
    expect(badToken.stderr).toContain('AG_EXEC_TOKENS[0]: the admin token must be at least 16 characters');
    const good = await run(['config', 'check', example, '--env', '--json'], {
      ...env,
      AG_EXEC_TOKENS: 'admin:an-admin-token-of-length',
    });
    expect(good.code).toBe(0);
    for (const v of ['very-secret-value', 'SomeBinanceKey42', 'an-admin-token-of-length']) {
      expect(good.stdout).not.toContain(v);
    }
  });

  it('shows usage, refuses a missing file and unknown options', async () => {
    expect((await run(['config'])).code).toBe(2);
    const help = await run(['config', 'check', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: ag-exec config check FILE');
    expect((await run(['help'])).stdout).toContain('ag-exec config check FILE');
    const none = await run(['config', 'check', 'no/such/file.yaml']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('(file): cannot read the file (ENOENT)');
    expect((await run(['config', 'check', example, '--bogus'])).code).toBe(2);
  });
});

describe('risk policies in the config, checked by the risk loader', () => {
  it("reports inline policy problems with the config file's paths and lines", () => {
    const text = [
      'server: { port: 8080 }', // 1
      '# the policies', // 2
      'risk:', // 3
      '  trading_state: ACTIVE', // 4
      '  policies:', // 5
      '    - type: PositionLimit', // 6
      '      max_size: 1000', // 7
      '      max_sise: 5', // 8
      '    - type: MaxOrderSize', // 9
      '    - type: Frobnicate', // 10
      'log: { level: loud }', // 11
    ].join('\n');
    const issues = issuesOf(() => loadConfig(text, { checkRisk }));
    expect(issues.map((i) => `${i.line} ${i.path}`)).toEqual([
      '8 risk.policies[0].max_sise',
      '9 risk.policies[1].max_size',
      '10 risk.policies[2].type',
      '11 log.level',
    ]);
    // Without the deep check the same policies pass the structural one.
    expect(issuesOf(() => loadConfig(text)).map((i) => i.path)).toEqual(['log.level']);
  });

  it('a flow-style risk section keeps its lines too', () => {
    const issues = issuesOf(() =>
      loadConfig('log: { level: info }\nrisk: { policies: [ { type: MaxOrderSize, max_size: -1 } ] }\n', {
        checkRisk,
      }),
    );
    expect(issues).toEqual([
      { path: 'risk.policies[0].max_size', line: 2, message: 'must be greater than 0 (got -1)' },
    ]);
  });

  it('inline policies load into a RiskEngine with their exact numbers', () => {
    const c = loadConfig(
      'risk:\n  policies:\n    - { type: MaxOrderSize, max_size: 0.30000000000000001 }\n',
      {
        checkRisk,
      },
    );
    const engine = RiskEngine.fromYaml(riskPolicyYaml(c)!);
    expect(engine.policies).toHaveLength(1);
    expect(engine.describe().join(' ')).toContain('0.30000000000000001');
  });

  it('checks a risk file named by the config, relative to baseDir', () => {
    const dir = mkdtempSync(join(tmpdir(), 'agx-config-'));
    writeFileSync(join(dir, 'risk.yaml'), 'policies:\n  - type: PositionLimit\n    max_size: 0\n');
    writeFileSync(join(dir, 'good-risk.yaml'), 'policies:\n  - type: PositionLimit\n    max_size: 10\n');
    const issues = issuesOf(() =>
      loadConfig('log: { level: info }\nrisk:\n  file: risk.yaml\n', { checkRisk, baseDir: dir }),
    );
    expect(issues).toEqual([
      {
        path: 'risk.file',
        line: 3,
        message: 'risk.yaml line 3: policies[0].max_size: must be greater than 0 (got 0)',
      },
    ]);
    expect(loadConfig('risk: { file: good-risk.yaml }', { checkRisk, baseDir: dir }).risk.file).toBe(
      'good-risk.yaml',
    );
    const missing = issuesOf(() => loadConfig('risk: { file: nope.yaml }', { baseDir: dir }));
    expect(missing[0]?.message).toContain('cannot read the risk policy file');
    expect(
      issuesOf(() => loadConfig('risk: { file: a.yaml, policies: [] }', { baseDir: dir }))[0]?.message,
    ).toBe('give either file (a risk policy file) or inline policies, not both');
  });

  it('the example config loads, and its token hashes are hex SHA-256', () => {
    const c = loadConfigFile(example, { checkRisk });
    expect(c.venues.map((v) => v.kind)).toEqual(['paper', 'polymarket', 'binance']);
    expect(c.auth.tokens.every((t) => /^[0-9a-f]{64}$/.test(t.sha256))).toBe(true);
    expect(hashToken('x')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('risk policies: the config path and the engine path agree', () => {
  it('random inline policies: loadConfig throws only ConfigError, and what it accepts RiskEngine.fromYaml accepts', () => {
    const fields = [...new Set(POLICY_DEFINITIONS.flatMap((d) => Object.keys(d.fields)))];
    const value = fc.oneof(
      fc.constantFrom('1', '0.5', '-1', '0', '1e3', 'abc', '100000000000000000000.000000000000000001'),
      fc.integer({ min: -5, max: 1_000_000 }),
      fc.double({ noNaN: false }),
      fc.boolean(),
      fc.dictionary(fc.constantFrom('BTCUSDT', 'PM-YES', 'allow', 'deny'), fc.integer({ min: 0, max: 9 }), {
        maxKeys: 2,
      }),
      fc.array(fc.constantFrom('BTCUSDT', 'paper'), { maxLength: 2 }),
    );
    const policy = fc
      .record(
        { type: fc.constantFrom(...POLICY_DEFINITIONS.map((d) => d.type), 'Nope') },
        { requiredKeys: [] },
      )
      .chain((base) =>
        fc.dictionary(fc.constantFrom(...fields), value, { maxKeys: 3 }).map((f) => ({ ...base, ...f })),
      );
    fc.assert(
      fc.property(fc.array(policy, { maxLength: 4 }), (policies) => {
        const text = stringify({ server: { port: 8080 }, risk: { policies } });
        let config: ReturnType<typeof loadConfig> | undefined;
        try {
          config = loadConfig(text, { checkRisk });
        } catch (e) {
          if (!(e instanceof ConfigError)) throw e;
          for (const i of e.issues) expect(i.path === 'risk' || i.path.startsWith('risk.')).toBe(true);
          return;
        }
        const engine = RiskEngine.fromYaml(riskPolicyYaml(config)!);
        expect(engine.policies).toHaveLength(policies.length);
      }),
      { seed: 5, numRuns: 400 },
    );
  });
});
