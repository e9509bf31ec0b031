/**
 * `runGatewayCommand` in process: every usage error exits 2 naming its flag before anything is sent,
 * `--help` of every command, and an unreachable gateway (a real closed loopback port) exits 2 naming the
 * URL. The commands against a live gateway are tested as processes in test/cli/client/.
 */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runGatewayCommand } from './run-gateway-command.ts';

/** A loopback port where nothing listens. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

async function run(group: string, argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runGatewayCommand(group, argv, {
    env: { AG_EXEC_TOKEN: 'secret-token-0123456789abcdef', ...env },
    out: (t) => out.push(t),
    err: (t) => err.push(t),
  });
  const o = out.join('\n');
  const e = err.join('\n');
  expect(o + e).not.toContain('secret-token-0123456789abcdef');
  return { code, out: o, err: e };
}

const submit = ['submit', '--venue', 'paper', '--market', 'PM-YES'];

describe('usage errors (exit 2, the flag named, nothing sent)', () => {
  const cases: [string, string[], RegExp][] = [
    [
      'order',
      [...submit, '--side', 'buy', '--price', 'abc', '--size', '1'],
      /--price must be a positive decimal/,
    ],
    ['order', [...submit, '--side', 'buy', '--price', '-0.5', '--size', '1'], /--price/],
    ['order', [...submit, '--side', 'buy'], /--size is required/],
    ['order', ['submit', '--market', 'PM-YES', '--side', 'buy', '--size', '1'], /--venue is required/],
    ['order', [...submit, '--side', 'long', '--size', '1'], /--side must be one of buy, sell/],
    ['order', [...submit, '--side', 'buy', '--size', '1', '--type', 'stop'], /--type must be one of/],
    ['order', [...submit, '--side', 'buy', '--size', '1', '--tif', 'DAY'], /--tif must be one of/],
    ['order', [...submit, '--side', 'buy', '--size', '1', '--client-id', 'a b'], /--client-id/],
    ['order', [...submit, '--side', 'buy', '--size', '1', '--expire-at', 'soon'], /--expire-at/],
    ['order', [...submit, '--side', 'buy', '--size'], /--size/],
    ['order', ['list', '--bogus'], /Unknown option '--bogus'/],
    ['order', ['list', '--limit', '0'], /--limit must be an integer from 1 to 1000/],
    ['order', ['list', '--timeout', 'x'], /--timeout/],
    ['order', ['modify', 'some-id'], /--price and \/ or --size/],
    ['order', ['modify', 'some-id', '--size', '1e3'], /--size/],
    ['order', ['status'], /missing the order id/],
    ['order', ['cancel', 'a', 'b'], /unexpected argument "b"/],
    ['order', ['frobnicate'], /unknown sub-command "frobnicate"/],
    ['fills', ['--limit'], /--limit/],
    ['positions', ['--token', 'secret-token-0123456789abcdef'], /set AG_EXEC_TOKEN/],
    ['positions', ['--token=secret-token-0123456789abcdef'], /set AG_EXEC_TOKEN/],
    ['venues', ['--url', 'ftp://127.0.0.1:1'], /--url must be an http\(s\) URL/],
    ['venues', [], /AG_EXEC_URL must be an http\(s\) URL/],
  ];
  for (const [group, argv, want] of cases) {
    it(`${group} ${argv.join(' ')}`, async () => {
      // AG_EXEC_URL points nowhere valid for the last case and at a closed port otherwise: a request
      // would turn into a different message
      const env = argv.length === 0 ? { AG_EXEC_URL: 'not a url' } : { AG_EXEC_URL: 'http://127.0.0.1:9' };
      const r = await run(group, argv, env);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(want);
      expect(r.out).toBe('');
    });
  }
});

describe('--help', () => {
  const commands: [string, string[]][] = [
    ['order', ['submit']],
    ['order', ['cancel']],
    ['order', ['modify']],
    ['order', ['status']],
    ['order', ['list']],
    ['order', ['cancel-all']],
    ['positions', []],
    ['fills', []],
    ['risk', ['status']],
    ['risk', ['halt']],
    ['risk', ['reduce']],
    ['risk', ['resume']],
    ['venues', []],
  ];
  for (const [group, words] of commands) {
    it(`${group} ${words.join(' ')} --help`, async () => {
      const r = await run(group, [...words, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`^Usage: ag-exec ${[group, ...words].join(' ')}`));
      expect(r.out).toContain('--url URL');
      expect(r.out).toContain('AG_EXEC_TOKEN only, never from a flag');
      expect(r.out).toMatch(/Exit codes: 0 done; 1 the gateway refused/);
    });
  }

  it('lists the order sub-commands', async () => {
    expect((await run('order', ['--help'])).out).toContain('submit|cancel|modify|status|list|cancel-all');
    expect((await run('order', [])).code).toBe(2);
  });
});

describe('an unreachable gateway', () => {
  it('exits 2 naming the URL, for --url and AG_EXEC_URL; a URL with credentials is refused', async () => {
    const port = await closedPort();
    const byFlag = await run('positions', ['--url', `http://127.0.0.1:${port}/`]);
    expect(byFlag.code).toBe(2);
    expect(byFlag.err).toContain(`cannot reach the gateway at http://127.0.0.1:${port} (ECONNREFUSED)`);
    const withCreds = await run('positions', ['--url', `http://user:pw@127.0.0.1:${port}/`]);
    expect(withCreds.code).toBe(2);
    expect(withCreds.err).toContain('--url must not hold a user name or password');
    const byEnv = await run('order', ['status', 'x'], { AG_EXEC_URL: `http://127.0.0.1:${port}` });
    expect(byEnv.code).toBe(2);
    expect(byEnv.err).toContain('is it running');
  });
});

describe('a gateway that takes the request and never answers', () => {
  it('exits 1 with OUTCOME_UNKNOWN and the client id to ask about or repeat with', async () => {
    const sockets = new Set<import('node:net').Socket>();
    const silent = createServer((s) => sockets.add(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    try {
      const r = await run(
        'order',
        [
          ...submit,
          '--side',
          'buy',
          '--price',
          '0.4',
          '--size',
          '1',
          '--client-id',
          'lost-1',
          '--timeout',
          '1',
        ],
        { AG_EXEC_URL: `http://127.0.0.1:${port}` },
      );
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/OUTCOME_UNKNOWN: .*may or may not have been applied/);
      expect(r.err).toContain('ag-exec order status lost-1');
      expect(r.err).toContain('--client-id lost-1');
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  });
});
