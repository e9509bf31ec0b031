/**
 * The `kind: uniswap` venue of the gateway config: the simulator entry with its default markets, a real-node
 * entry with every field, every bad field reported at once with its path and line, the wallet key read
 * from the environment as a Secret (never shown in errors or output), and `ag-exec config check` on the
 * offline example.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { inspect, promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfig, resolveSecrets } from '../../src/config/index.ts';
import { ConfigError, type ConfigIssue } from '../../src/errors/index.ts';

const root = new URL('../../', import.meta.url).pathname;
const KEY = `0x${'ab'.repeat(32)}`;
const A = (n: number) => `"0x${String(n).repeat(40)}"`;

function issuesOf(fn: () => unknown): ConfigIssue[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return [...e.issues];
    throw e;
  }
  throw new Error('expected a ConfigError');
}

const REAL = `store: { kind: memory }
venues:
  - kind: uniswap
    id: uni-main
    rpcUrl: https://node.example.org/rpc
    chainId: 1
    contracts:
      weth: ${A(1)}
      v2Factory: ${A(2)}
      v2Router: ${A(3)}
      v3Factory: ${A(4)}
      swapRouter: ${A(5)}
      quoterV2: ${A(6)}
    tokens:
      - { symbol: WETH, address: ${A(1)}, decimals: 18 }
      - { symbol: USDC, address: ${A(7)}, decimals: 6 }
    markets:
      - { id: WETH/USDC, base: WETH, quote: USDC, v2: true, v3Fees: [500, 3000], minSize: 0.001 }
    slippageBps: 30
    deadlineSec: 120
    maxFeePerGasGwei: 80.5
    confirmations: 2
    private_key_env: MAIN_UNI_KEY
`;

describe('uniswap venue config', () => {
  it('simulator: true needs nothing else and gets the local chain markets', () => {
    const c = loadConfig('venues:\n  - kind: uniswap\n    simulator: true\n', { source: 'sim.yaml' });
    const v = c.venues[0]!;
    expect(v).toMatchObject({
      kind: 'uniswap',
      id: 'uniswap',
      simulator: true,
      slippageBps: 50,
      deadlineSec: 300,
      maxFeePerGasGwei: '1000',
      confirmations: 1,
      private_key_env: 'UNISWAP_PRIVATE_KEY',
      markets: [
        { id: 'WETH/USD', base: 'WETH', quote: 'USD', v2: true, v3Fees: [500, 3000] },
        { id: 'TKN/USD', base: 'TKN', quote: 'USD', v2: true, v3Fees: [] },
      ],
    });
    // no key is read for the simulator
    expect(resolveSecrets({ ...c, auth: { ...c.auth, required: false } }, {}).venues.uniswap).toEqual({
      kind: 'uniswap',
      simulator: true,
    });
  });

  it('simulator markets may be narrowed to the local chain tokens', () => {
    const c = loadConfig(
      'venues:\n  - kind: uniswap\n    simulator: true\n    markets:\n      - { id: ETH, base: WETH, quote: USD, v3Fees: [500] }\n',
      { source: 'sim.yaml' },
    );
    const v = c.venues[0]!;
    expect(v.kind === 'uniswap' && v.markets).toEqual([
      { id: 'ETH', base: 'WETH', quote: 'USD', v2: false, v3Fees: [500] },
    ]);
  });

  it('a real node: every field kept exactly, the key from the environment as a Secret', () => {
    const c = loadConfig(REAL, { source: 'real.yaml' });
    const v = c.venues[0]!;
    expect(v).toMatchObject({
      kind: 'uniswap',
      id: 'uni-main',
      simulator: false,
      rpcUrl: 'https://node.example.org/rpc',
      chainId: 1,
      maxFeePerGasGwei: '80.5',
      confirmations: 2,
      markets: [{ id: 'WETH/USDC', v2: true, v3Fees: [500, 3000], minSize: '0.001' }],
    });
    const env = { AG_EXEC_TOKENS: 'trade:uniswap-config-test-token-0001', MAIN_UNI_KEY: KEY.slice(2) };
    const s = resolveSecrets(c, env);
    const creds = s.venues['uni-main'];
    expect(creds?.kind === 'uniswap' && !creds.simulator && creds.privateKey.reveal()).toBe(KEY);
    const shown = `${JSON.stringify(s)} ${inspect(s, { depth: 10 })} ${String(creds && 'privateKey' in creds ? creds.privateKey : '')}`;
    expect(shown).not.toContain(KEY.slice(2));
    expect(shown).toContain('redacted');
  });

  it('a missing or malformed key is reported by variable name, never by value', () => {
    const c = loadConfig(REAL, { source: 'real.yaml' });
    const tokens = { AG_EXEC_TOKENS: 'trade:uniswap-config-test-token-0001' };
    expect(issuesOf(() => resolveSecrets(c, tokens))).toEqual([
      {
        path: 'venues[0].private_key_env',
        message: 'environment variable MAIN_UNI_KEY is not set (the swapping wallet key)',
      },
    ]);
    const bad = issuesOf(() => resolveSecrets(c, { ...tokens, MAIN_UNI_KEY: 'not-a-key-abcdef' }));
    expect(bad).toEqual([
      {
        path: 'venues[0].private_key_env',
        message: 'environment variable MAIN_UNI_KEY is not a 32-byte hex key',
      },
    ]);
    expect(JSON.stringify(bad)).not.toContain('not-a-key');
  });

  it('rpc_url_env: a provider URL with a key in it comes from the environment as a Secret', () => {
    const c = loadConfig(REAL.replace('rpcUrl: https://node.example.org/rpc', 'rpc_url_env: MAIN_UNI_RPC'), {
      source: 'real.yaml',
    });
    const url = 'https://mainnet.example.org/v3/0123456789abcdef0123456789abcdef';
    const env = { AG_EXEC_TOKENS: 'trade:uniswap-config-test-token-0001', MAIN_UNI_KEY: KEY };
    const s = resolveSecrets(c, { ...env, MAIN_UNI_RPC: url });
    const creds = s.venues['uni-main'];
    expect(creds?.kind === 'uniswap' && !creds.simulator && creds.rpcUrl?.reveal()).toBe(url);
    expect(`${JSON.stringify(s)} ${inspect(s, { depth: 10 })}`).not.toContain('0123456789abcdef');
    expect(issuesOf(() => resolveSecrets(c, { ...env, MAIN_UNI_RPC: 'not a url' }))).toEqual([
      {
        path: 'venues[0].rpc_url_env',
        message: 'environment variable MAIN_UNI_RPC must be a http:// or https:// or ws:// or wss:// URL',
      },
    ]);
    const both = issuesOf(() =>
      loadConfig(REAL.replace('    chainId: 1\n', '    chainId: 1\n    rpc_url_env: MAIN_UNI_RPC\n'), {
        source: 'both.yaml',
      }),
    );
    expect(both.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'venues[0].rpc_url_env: give either rpcUrl or rpc_url_env, not both',
    ]);
  });

  it('reports every bad field of a real-node entry at once, with paths and lines', () => {
    const text = `venues:
  - kind: uniswap
    rpcUrl: ftp://node
    chainId: 0
    contracts: { weth: "0x12", v2Router: ${A(3)} }
    tokens:
      - { symbol: WETH, address: ${A(1)}, decimals: 19 }
      - { symbol: WETH, address: ${A(2)}, decimals: 6 }
    markets:
      - { id: M1, base: WETH, quote: DAI, v2: true, v3Fees: [250] }
      - { id: M1, base: WETH, quote: WETH }
    slippageBps: 9000
    deadlineSec: 0
    maxFeePerGasGwei: -1
    confirmations: 100
    private_key: "0xabc"
`;
    const issues = issuesOf(() => loadConfig(text, { source: 'bad.yaml' }));
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i]));
    expect(Object.keys(byPath).sort()).toEqual(
      [
        'venues[0].private_key',
        'venues[0].rpcUrl',
        'venues[0].chainId',
        'venues[0].contracts.weth',
        'venues[0].tokens[0].decimals',
        'venues[0].markets[0].v3Fees[0]',
        'venues[0].slippageBps',
        'venues[0].deadlineSec',
        'venues[0].maxFeePerGasGwei',
        'venues[0].confirmations',
      ].sort(),
    );
    expect(byPath['venues[0].private_key']!.message).toMatch(/private_key_env/);
    expect(byPath['venues[0].private_key']!.message).not.toContain('0xabc');
    expect(byPath['venues[0].rpcUrl']!.message).toMatch(/http or https or ws or wss URL/);
    expect(byPath['venues[0].rpcUrl']!.line).toBe(3);
    expect(byPath['venues[0].markets[0].v3Fees[0]']!.message).toMatch(/100, 500, 3000, 10000/);
    expect(byPath['venues[0].markets[0].v3Fees[0]']!.line).toBe(10);
    expect(byPath['venues[0].slippageBps']!.message).toBe('must be at most 5000');
  });

  it('cross-field rules: tokens named by markets, contracts per protocol, listed twice', () => {
    const text = `venues:
  - kind: uniswap
    rpcUrl: http://127.0.0.1:8545
    chainId: 31337
    contracts: { weth: ${A(1)}, v2Router: ${A(3)} }
    tokens:
      - { symbol: WETH, address: ${A(1)}, decimals: 18 }
      - { symbol: WETH, address: ${A(2)}, decimals: 6 }
    markets:
      - { id: M1, base: WETH, quote: DAI, v2: true, v3Fees: [500] }
      - { id: M1, base: WETH, quote: WETH }
`;
    const issues = issuesOf(() => loadConfig(text, { source: 'bad.yaml' }));
    const msg = (p: string) => issues.filter((i) => i.path === p).map((i) => i.message);
    expect(msg('venues[0].tokens[1].symbol')).toEqual(['token "WETH" is listed twice']);
    expect(msg('venues[0].markets[0].quote')).toEqual(['must name a listed token (WETH), got "DAI"']);
    expect(msg('venues[0].markets[0].v2')).toEqual(['needs contracts.v2Router and contracts.v2Factory']);
    expect(msg('venues[0].markets[0].v3Fees')).toEqual([
      'needs contracts.swapRouter, contracts.quoterV2 and contracts.v3Factory',
    ]);
    expect(msg('venues[0].markets[1].id')).toEqual(['market "M1" is listed twice']);
    expect(msg('venues[0].markets[1].quote')).toEqual(['must differ from base']);
    expect(msg('venues[0].markets[1]')).toEqual(['must trade on v2: true and / or at least one v3Fees tier']);
    expect(issues.find((i) => i.path === 'venues[0].markets[1].quote')?.line).toBe(11);
  });

  it('a real-node entry without its node fields says what is missing; simulator: true refuses them', () => {
    const missing = issuesOf(() => loadConfig('venues:\n  - kind: uniswap\n', { source: 'x.yaml' }));
    expect(missing.map((i) => i.path).sort()).toEqual(
      [
        'venues[0].chainId',
        'venues[0].contracts',
        'venues[0].markets',
        'venues[0].rpcUrl',
        'venues[0].tokens',
      ].sort(),
    );
    expect(missing[0]!.message).toMatch(/or set simulator: true/);
    const extra = issuesOf(() =>
      loadConfig(
        `venues:\n  - kind: uniswap\n    simulator: true\n    rpcUrl: http://127.0.0.1:8545\n    chainId: 1\n    markets: [{ id: X, base: WETH, quote: USDC, v2: true }]\n`,
        { source: 'x.yaml' },
      ),
    );
    expect(extra.map((i) => [i.path, i.line])).toEqual([
      ['venues[0].rpcUrl', 4],
      ['venues[0].chainId', 5],
      ['venues[0].markets[0].quote', 6],
    ]);
    expect(extra[0]!.message).toMatch(/must not be set with simulator: true/);
    expect(extra[2]!.message).toBe('must name a listed token (WETH, USD, TKN), got "USDC"');
  });

  it('venue ids: the default id "uniswap" must be unique', () => {
    const issues = issuesOf(() =>
      loadConfig(
        'venues:\n  - { kind: uniswap, simulator: true }\n  - { kind: uniswap, simulator: true }\n',
        {
          source: 'x.yaml',
        },
      ),
    );
    expect(issues.map((i) => i.message)).toEqual([
      'venue id "uniswap" (the default id of a uniswap venue) is already used by venues[0]; give each venue its own id',
    ]);
  });

  it('`ag-exec config check` describes the uniswap venue of the offline example', async () => {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [join(root, 'bin/ag-exec.js'), 'config', 'check', 'examples/gateway-sim.yaml'],
      { cwd: root, timeout: 20_000 },
    );
    expect(stderr).toBe('');
    expect(stdout).toContain('4 venues (paper, polymarket, binance, uniswap)');
    expect(stdout).toContain(
      'venue uniswap: Uniswap V2/V3 on a local chain started in process (markets WETH/USD on v2 + v3 500 + v3 3000, TKN/USD on v2;',
    );
  });
});
