import { describe, expect, it } from 'vitest';
import { dec } from '../../domain/index.ts';
import { ConfigError } from '../../errors/index.ts';
import { resolveUniswapConfig, type UniswapVenueConfig } from './uniswap-config.ts';

const KEY = `0x${'ab'.repeat(32)}`;
const A = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;

const good: UniswapVenueConfig = {
  rpcUrl: 'http://127.0.0.1:8545',
  chainId: 31337,
  privateKey: KEY,
  contracts: {
    weth: A(1),
    v2Factory: A(2),
    v2Router: A(3),
    v3Factory: A(4),
    swapRouter: A(5),
    quoterV2: A(6),
  },
  tokens: [
    { symbol: 'WETH', address: A(1), decimals: 18 },
    { symbol: 'USDC', address: A(7), decimals: 6 },
  ],
  markets: [{ id: 'WETH/USDC', base: 'WETH', quote: 'USDC', v2: true, v3Fees: [500, 3000] }],
};

function issuesOf(cfg: unknown): string[] {
  try {
    resolveUniswapConfig(cfg as UniswapVenueConfig);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  return [];
}

describe('uniswap config', () => {
  it('applies defaults and derives instrument rules from token decimals', () => {
    const r = resolveUniswapConfig(good);
    expect(r.venueId).toBe('uniswap');
    expect(r.slippageBps).toBe(50);
    expect(r.maxFeePerGas).toBe(1000n * 10n ** 9n);
    const m = r.markets.get('WETH/USDC' as never)!;
    expect(m.rules.tickSize).toBe(dec('0.000001'));
    expect(m.rules.sizeStep).toBe(dec('0.000000000000000001'));
    expect(m.rules.minSize).toBe(dec('0.000000000000001'));
    expect(m.rules.baseAsset).toBe('WETH');
  });

  it('keeps the key out of JSON and inspect output', async () => {
    const { inspect } = await import('node:util');
    const r = resolveUniswapConfig(good);
    expect(r.privateKey).toBe(KEY);
    expect(
      JSON.stringify({ ...r, tokens: [...r.tokens], markets: [...r.markets.keys()] }, (_k, v) =>
        typeof v === 'bigint' ? v.toString() : v,
      ),
    ).not.toContain('abab');
    expect(inspect(r, { depth: 5 })).not.toContain('abab');
  });

  it('reads gwei exactly', () => {
    expect(resolveUniswapConfig({ ...good, maxFeePerGasGwei: '1.5' }).maxFeePerGas).toBe(1_500_000_000n);
    expect(issuesOf({ ...good, maxFeePerGasGwei: '0.0000000001' })).toEqual([
      'maxFeePerGasGwei: must be a positive number of gwei with at most 9 decimals',
    ]);
  });

  it('reports every problem with its path, never the key', () => {
    const secret = `0x${'cd'.repeat(31)}`;
    const issues = issuesOf({
      ...good,
      rpcUrl: 'nope',
      privateKey: secret,
      slippageBps: 9000,
      tokens: [...good.tokens, { symbol: 'BAD', address: '0x12', decimals: 40 }],
      markets: [
        { id: 'X', base: 'WETH', quote: 'NOPE', v3Fees: [123] },
        { id: 'Y', base: 'WETH', quote: 'USDC' },
      ],
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        'rpcUrl: must be an http(s) URL',
        'privateKey: must be 0x followed by 64 hex digits (value not shown)',
        'slippageBps: must be an integer 0..5000',
        'tokens[2].address: must be an address (0x + 40 hex), got "0x12"',
        'tokens[2].decimals: must be an integer 0..18',
        'markets[0].quote: must name a configured token, got "NOPE"',
        'markets[0].v3Fees: must list fee tiers among 100, 500, 3000, 10000',
        'markets[1]: must trade on v2 and / or at least one v3 fee tier',
      ]),
    );
    expect(issues.join('\n')).not.toContain(secret.slice(2, 20));
  });

  it('needs the router contracts of the protocols a market uses', () => {
    const issues = issuesOf({ ...good, contracts: { weth: A(1) } });
    expect(issues).toContain('markets[0].v2: needs contracts.v2Router and contracts.v2Factory');
    expect(issues).toContain(
      'markets[0].v3Fees: needs contracts.swapRouter, contracts.quoterV2 and contracts.v3Factory',
    );
  });
});
