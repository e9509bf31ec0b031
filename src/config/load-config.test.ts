/** `loadConfig`: defaults, every section's problems with paths and lines in one error, refused secrets. */
import { describe, expect, it } from 'vitest';
import { ConfigError, type ConfigIssue } from '../errors/index.ts';
import { DEFAULT_SQLITE_PATH } from './config-schema.ts';
import { isLoopbackHost, loadConfig, riskPolicyYaml } from './load-config.ts';

function issuesOf(text: string): ConfigIssue[] {
  try {
    loadConfig(text, { source: 'gateway.yaml' });
  } catch (e) {
    if (e instanceof ConfigError) return [...e.issues];
    throw e;
  }
  throw new Error('expected a ConfigError');
}

/** `line N: path: message` for each issue, to compare whole lists at once. */
const lines = (issues: ConfigIssue[]) => issues.map((i) => `${i.line ?? '-'} ${i.path}: ${i.message}`);
const find = (issues: ConfigIssue[], path: string) => {
  const hit = issues.find((i) => i.path === path);
  if (hit === undefined) throw new Error(`no issue at ${path}: ${lines(issues).join('\n')}`);
  return hit;
};

describe('loadConfig: defaults', () => {
  it.each([
    ['an empty file', ''],
    ['a comment only', '# nothing yet\n'],
    ['{}', '{}'],
    ['null', '~'],
  ])('%s gives a paper venue, SQLite in ./data, loopback with auth', (_, text) => {
    const c = loadConfig(text);
    expect(c.server).toEqual({
      host: '127.0.0.1',
      port: 8080,
      bodyLimitBytes: 1_048_576,
      rateLimit: { rate: 50, burst: 100 },
    });
    expect(c.auth).toEqual({ required: true, tokens: [] });
    expect(c.store).toEqual({ kind: 'sqlite', path: DEFAULT_SQLITE_PATH, synchronous: 'FULL' });
    expect(DEFAULT_SQLITE_PATH).toBe('./data/journal.db');
    expect(c.venues).toEqual([{ kind: 'paper', id: 'paper', seed: 1, latencyMs: 0 }]);
    expect(c.rateLimits).toEqual({ venues: {} });
    expect(c.risk).toEqual({});
    expect(c.metrics).toEqual({ prometheus: true });
    expect(c.reconcile).toEqual({ intervalMs: 30_000 });
    expect(c.log).toEqual({ level: 'info' });
  });

  it('fills defaults inside every section and venue kind', () => {
    const c = loadConfig(
      [
        'server: { port: 0 }',
        'store: { kind: postgres }',
        'venues:',
        '  - kind: polymarket',
        '    host: http://127.0.0.1:9000',
        '  - kind: binance',
        '  - kind: binance',
        '    id: bsim',
        '    simulator: true',
        'rateLimits: { shared: {} }',
      ].join('\n'),
    );
    expect(c.server.host).toBe('127.0.0.1');
    expect(c.store).toEqual({
      kind: 'postgres',
      url_env: 'AG_EXEC_POSTGRES_URL',
      schema: 'ag_exec',
      journalId: 'default',
      poolSize: 4,
    });
    expect(c.venues[0]).toMatchObject({
      kind: 'polymarket',
      id: 'polymarket',
      simulator: false,
      chainId: 137,
      signatureType: 0,
      private_key_env: 'POLYMARKET_PRIVATE_KEY',
      api_key_env: 'POLYMARKET_API_KEY',
      api_secret_env: 'POLYMARKET_API_SECRET',
      passphrase_env: 'POLYMARKET_PASSPHRASE',
    });
    expect(c.venues[1]).toMatchObject({
      kind: 'binance',
      id: 'binance',
      baseUrl: 'https://api.binance.com',
      wsApiUrl: 'wss://ws-api.binance.com:443/ws-api/v3',
      recvWindow: 5000,
      api_key_env: 'BINANCE_API_KEY',
      api_secret_env: 'BINANCE_API_SECRET',
    });
    expect(c.venues[2]).toMatchObject({ kind: 'binance', id: 'bsim', simulator: true });
    expect(c.venues[2]).not.toHaveProperty('baseUrl');
    expect(c.rateLimits.shared).toEqual({
      redis_url_env: 'AG_EXEC_REDIS_URL',
      keyPrefix: 'ag-exec:ratelimit:',
      onUnavailable: 'local',
      fallbackShare: 0.25,
    });
  });

  it('two empty loads do not share default objects', () => {
    const a = loadConfig('');
    a.venues.push({ kind: 'paper', id: 'x', seed: 1, latencyMs: 0 });
    a.auth.tokens.push({ scope: 'read', sha256: '0'.repeat(64) });
    const b = loadConfig('');
    expect(b.venues).toHaveLength(1);
    expect(b.auth.tokens).toHaveLength(0);
  });

  it('keeps decimals of paper markets and risk policies as their exact text', () => {
    const c = loadConfig(
      [
        'venues:',
        '  - kind: paper',
        '    markets:',
        '      - { id: X, tickSize: 0.10, sizeStep: 0.000000000000000001, initialPrice: 0.30000000000000001 }',
        'risk:',
        '  policies:',
        '    - { type: MaxNotionalPerOrder, max_notional: 12345678901234567890.5 }',
      ].join('\n'),
    );
    const v = c.venues[0]!;
    expect(v.kind === 'paper' && v.markets?.[0]).toMatchObject({
      tickSize: '0.10',
      sizeStep: '0.000000000000000001',
      initialPrice: '0.30000000000000001',
    });
    expect(c.risk.policies?.[0]).toEqual({
      type: 'MaxNotionalPerOrder',
      max_notional: '12345678901234567890.5',
    });
    expect(riskPolicyYaml(c)).toMatch(/max_notional: ["']12345678901234567890\.5["']/);
    expect(riskPolicyYaml(loadConfig(''))).toBeUndefined();
  });
});

describe('loadConfig: every problem at once, with path and line', () => {
  it('reports problems across all sections in one error, in file order', () => {
    const text = [
      'server:', // 1
      '  port: 99999', // 2
      '  bodyLimitBytes: 0', // 3
      '  rateLimit: { rate: -1, burst: 1.5 }', // 4
      'auth:', // 5
      '  required: maybe', // 6
      '  tokens:', // 7
      '    - scope: root', // 8
      '      sha256: abc', // 9
      'store:', // 10
      '  kind: mysql', // 11
      'venues:', // 12
      '  - kind: paper', // 13
      '    seed: -1', // 14
      '  - kind: polymarket', // 15
      '    id: pm', // 16
      '    host: ftp://example.com', // 17
      '    chainId: 1', // 18
      '    signatureType: 2', // 19
      '  - kind: binance', // 20
      '    recvWindow: 70000', // 21
      '    api_key_env: lower-case', // 22
      '  - kind: kraken', // 23
      'rateLimits:', // 24
      '  venues:', // 25
      '    pm: { rate: 5 }', // 26
      '    binance: { rate: 5, burst: 5, buckets: [{ name: a, capacity: 1, refillPerSecond: 1 }] }', // 27
      'risk:', // 28
      '  policies:', // 29
      '    - max_size: 3', // 30
      'metrics: { prometheus: "yes" }', // 31
      'reconcile: { intervalMs: -5 }', // 32
      'log: { level: loud }', // 33
      'extra: 1', // 34
    ].join('\n');
    const issues = issuesOf(text);
    expect(lines(issues)).toEqual([
      '2 server.port: must be at most 65535',
      '3 server.bodyLimitBytes: must be at least 1',
      '4 server.rateLimit.rate: must be greater than 0',
      '4 server.rateLimit.burst: must be a whole number',
      '6 auth.required: must be true or false (got text)',
      '8 auth.tokens[0].scope: must be one of read, trade, admin (got "root")',
      '9 auth.tokens[0].sha256: must be the hex SHA-256 of the token (64 hex digits)',
      '11 store.kind: must be one of sqlite, postgres, memory (got "mysql")',
      '14 venues[0].seed: must be at least 0',
      '17 venues[1].host: must be a http or https URL',
      '18 venues[1].chainId: must be 137 (Polygon) or 80002 (Amoy)',
      '21 venues[2].recvWindow: must be at most 60000',
      '22 venues[2].api_key_env: must be the NAME of an environment variable (capital letters, digits and _), not its value: put the value in the environment',
      '23 venues[3].kind: must be one of paper, polymarket, binance, uniswap (got "kraken")',
      '26 rateLimits.venues.pm.burst: missing required field',
      '27 rateLimits.venues.binance.buckets: give either rate and burst, or buckets, not both',
      '30 risk.policies[0].type: missing required field (must be a policy type)',
      '31 metrics.prometheus: must be true or false (got text)',
      '32 reconcile.intervalMs: must be at least 0',
      '33 log.level: must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
      '34 extra: unknown key (allowed here: server, auth, store, venues, rateLimits, risk, metrics, reconcile, log)',
    ]);
  });

  it('names the allowed keys for an unknown key inside a section, at the key line', () => {
    const issues = issuesOf('venues:\n  - kind: binance\n    recv_window: 5000\nserver:\n  hots: 0.0.0.0\n');
    expect(find(issues, 'venues[0].recv_window').line).toBe(3);
    expect(find(issues, 'venues[0].recv_window').message).toContain('allowed here: kind, id, simulator');
    expect(find(issues, 'server.hots')).toMatchObject({ line: 5 });
    expect(find(issues, 'venues[0].recv_window').message).toMatch(
      /^unknown key \(did you mean recvWindow\?\)/,
    );
    expect(find(issues, 'server.hots').message).toMatch(/^unknown key \(did you mean host\?\)/);
    expect(find(issuesOf('venue: []\nlogs: {}\nzzz: 1'), 'venue').message).toContain('did you mean venues?');
    expect(find(issuesOf('logs: {}'), 'logs').message).toContain('did you mean log?');
    expect(find(issuesOf('zzz: 1'), 'zzz').message).toMatch(/^unknown key \(allowed here/);
  });

  it('checks cross-field rules of venues once the fields themselves are valid', () => {
    const issues = issuesOf(
      [
        'venues:', // 1
        '  - kind: polymarket', // 2
        '    signatureType: 1', // 3
        '  - kind: polymarket', // 4
        '    id: pm2', // 5
        '    simulator: true', // 6
        '    host: https://clob.polymarket.com', // 7
        '  - kind: binance', // 8
        '    simulator: true', // 9
        '    wsApiUrl: ws://127.0.0.1:1/ws', // 10
      ].join('\n'),
    );
    expect(lines(issues)).toEqual([
      '2 venues[0].host: missing required field (the CLOB URL, e.g. https://clob.polymarket.com), or set simulator: true',
      '2 venues[0].funderAddress: missing required field for signatureType 1 (the maker address)',
      '7 venues[1].host: must not be set with simulator: true (the simulator listens on a free loopback port)',
      '10 venues[2].wsApiUrl: must not be set with simulator: true (the simulator listens on a free loopback port)',
    ]);
  });

  it('refuses duplicate venue ids (given or defaulted) and rate limits for unknown venues', () => {
    const issues = issuesOf(
      [
        'venues:', // 1
        '  - kind: paper', // 2
        '  - kind: paper', // 3
        '  - kind: binance', // 4
        '    id: b', // 5
        '  - kind: binance', // 6
        '    id: b', // 7
        '    simulator: true', // 8
        'rateLimits:', // 9
        '  venues:', // 10
        '    paper: { rate: 1, burst: 1 }', // 11
        '    kraken: { rate: 1, burst: 1 }', // 12
      ].join('\n'),
    );
    expect(lines(issues)).toEqual([
      '3 venues[1]: venue id "paper" (the default id of a paper venue) is already used by venues[0]; give each venue its own id',
      '7 venues[3].id: venue id "b" is already used by venues[2]; give each venue its own id',
      '12 rateLimits.venues.kraken: no venue has the id "kraken" (venues: paper, paper, b, b)',
    ]);
  });

  it('refuses to listen beyond loopback without auth, naming server.host and auth.required', () => {
    const issue = find(issuesOf('server:\n  host: 0.0.0.0\nauth:\n  required: false\n'), 'server.host');
    expect(issue.line).toBe(2);
    expect(issue.message).toContain('auth.required');
    expect(issue.message).toContain('beyond loopback');
    for (const host of ['127.0.0.1', 'localhost', '::1', '127.1.2.3']) {
      expect(loadConfig(`server: { host: "${host}" }\nauth: { required: false }`).server.host).toBe(host);
    }
    expect(loadConfig('server: { host: 0.0.0.0 }').server.host).toBe('0.0.0.0'); // with auth: fine
    expect(isLoopbackHost('10.0.0.1')).toBe(false);
    expect(isLoopbackHost('localhost.example.com')).toBe(false);
  });

  it('reports malformed YAML with its line', () => {
    const issues = issuesOf('server:\n  port: 1\n  port: 2\nvenues: [\n');
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((i) => i.path === '(yaml)' && i.message.startsWith('invalid YAML'))).toBe(true);
    expect(issues.some((i) => i.line === 3)).toBe(true); // the duplicate key
  });

  it('refuses a document that is not a map, and wrong types of whole sections', () => {
    expect(lines(issuesOf('- a\n- b\n'))).toEqual([
      '1 (root): must be a map of sections (server, auth, store, venues, ...)',
    ]);
    expect(lines(issuesOf('server: 8080\nvenues: {kind: paper}\n'))).toEqual([
      '1 server: must be a map (got a number)',
      '2 venues: must be a list of venues (got a map)',
    ]);
  });

  it('the message of a ConfigError lists every problem with line and path', () => {
    try {
      loadConfig('log: { level: loud }\nserver: { port: -1 }', { source: 'gw.yaml' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).code).toBe('CONFIG_ERROR');
      expect((e as Error).message).toBe(
        'gw.yaml: 2 problems\n  line 1: log.level: must be one of fatal, error, warn, info, debug, trace, silent (got "loud")\n  line 2: server.port: must be at least 0',
      );
    }
  });
});

describe('loadConfig: secrets never come from the file', () => {
  it('refuses keys that would hold secrets, naming the field and the environment variable to use', () => {
    const text = [
      'auth:', // 1
      '  tokens:', // 2
      '    - scope: admin', // 3
      '      token: s3cr3t-plain-token', // 4
      'store:', // 5
      '  kind: postgres', // 6
      '  url: postgres://gw:pw@db/prod', // 7
      'venues:', // 8
      '  - kind: polymarket', // 9
      '    host: https://clob.polymarket.com', // 10
      '    privateKey: "0xabc"', // 11
      '    api_secret: hunter2', // 12
      '  - kind: binance', // 13
      '    apiKey: AKIAXYZ', // 14
      '    baseUrl: https://user:pw@api.binance.com', // 15
      'rateLimits:', // 16
      '  shared:', // 17
      '    redis_url: redis://:pw@127.0.0.1:6379', // 18
    ].join('\n');
    const issues = issuesOf(text);
    expect(issues.map((i) => [i.line, i.path])).toEqual([
      [3, 'auth.tokens[0].sha256'], // the missing hash, at the entry
      [4, 'auth.tokens[0].token'],
      [7, 'store.url'],
      [11, 'venues[0].privateKey'],
      [12, 'venues[0].api_secret'],
      [14, 'venues[1].apiKey'],
      [15, 'venues[1].baseUrl'],
      [18, 'rateLimits.shared.redis_url'],
    ]);
    expect(find(issues, 'auth.tokens[0].token').message).toContain('AG_EXEC_TOKENS');
    expect(find(issues, 'store.url').message).toContain('url_env');
    expect(find(issues, 'venues[0].privateKey').message).toContain('private_key_env');
    expect(find(issues, 'venues[0].api_secret').message).toContain('api_secret_env');
    expect(find(issues, 'venues[1].apiKey').message).toContain('api_key_env');
    expect(find(issues, 'venues[1].baseUrl').message).toContain('URL with credentials');
    expect(find(issues, 'rateLimits.shared.redis_url').message).toContain('redis_url_env');
    const all = JSON.stringify(issues);
    for (const secret of ['s3cr3t', 'gw:pw', '0xabc', 'hunter2', 'AKIAXYZ', 'user:pw', ':pw@']) {
      expect(all).not.toContain(secret);
    }
  });

  it('refuses a URL with credentials in any field, and secret-looking keys anywhere', () => {
    const issues = issuesOf(
      'store:\n  kind: postgres\n  url_env: "postgres://a:b@h/d"\nmetrics:\n  password: x\n',
    );
    expect(find(issues, 'store.url_env').message).toContain('URL with credentials');
    expect(find(issues, 'metrics.password').message).toContain('environment variable');
    expect(issues).toHaveLength(2);
  });
});

describe('loadConfig: empty sections and lists', () => {
  it('an empty section takes its defaults; an empty venue list or a repeated market is refused', () => {
    const c = loadConfig('server:\n  # port: 9000\nlog:\n');
    expect(c.server.port).toBe(8080);
    expect(c.log.level).toBe('info');
    expect(lines(issuesOf('venues: []\n'))).toEqual([
      '1 venues: must list at least one venue (leave venues out for one paper venue)',
    ]);
    const market = '{ id: A, tickSize: 0.01, sizeStep: 1, initialPrice: 0.5 }';
    expect(
      lines(issuesOf(`venues:\n  - kind: paper\n    markets:\n      - ${market}\n      - ${market}\n`)),
    ).toEqual(['5 venues[0].markets[1].id: market "A" is listed twice']);
  });
});
