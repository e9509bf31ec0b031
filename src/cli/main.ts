/**
 * `cli/`: the `ag-exec` command. Each sub-command lives in its own file; this one parses the first words
 * and dispatches. Exit codes: 0 success, 1 failure, 2 bad usage / invalid input.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ExecError } from '../errors/index.ts';

const USAGE = `ag-exec: order execution gateway for Polymarket CLOB, Binance Spot and Uniswap

Usage:
  ag-exec demo [--duration SECONDS] [--seed N] [--data-dir DIR] [--json]
                                  run strategies against the paper venue and print a summary
  ag-exec risk check FILE         validate a risk policy file and print what it would enforce
  ag-exec order submit --venue V --market M --side buy|sell [--type T] [--price P] --size S
                      [--tif GTC|IOC|FOK|GTD] [--client-id ID] [--strategy S]
  ag-exec order cancel ID | modify ID [--price P] [--size S] | status ID
  ag-exec order list [--status S] [--venue V] [--market M] [--limit N] [--all]
  ag-exec order cancel-all [--venue V] [--market M] [--strategy S]
                                  orders on a running gateway (--url URL, token in $AG_EXEC_TOKEN)
  ag-exec positions [--venue V] | fills [--venue V] [--market M] [--limit N]
                                  positions and fills held by a running gateway
  ag-exec risk status | halt | reduce | resume [--reason TEXT]
                                  trading state of a running gateway (halt/reduce/resume: admin)
  ag-exec venues                  venue health, rate limits and reconciliation of a running gateway
  ag-exec config check FILE [--json] [--env]
                                  validate a gateway config file and print what it sets up
  ag-exec serve [--config FILE] [--port N]
                                  run the gateway service (HTTP + WebSocket; one JSON ready line)
  ag-exec sim polymarket [--port N] [--seed S]
                                  run the Polymarket CLOB V2 simulator on loopback (one JSON ready line)
  ag-exec sim binance [--port N] [--seed S]
                                  run the Binance Spot simulator on loopback (one JSON ready line)
  ag-exec sim uniswap [--port N] [--no-automine] [--block-time S] [--accounts N]
                                  run a local chain with Uniswap V2/V3 deployed (one JSON ready line)
  ag-exec bench [--quick]         run the benchmarks (writes bench/results.json)
  ag-exec version                 print the version
  ag-exec help                    this text

Every command takes --help.`;

const SERVE_USAGE = `Usage: ag-exec serve [--config FILE] [--port N]

Runs the gateway service: reads and validates the config (defaults without --config: one paper venue,
SQLite journal in ./data, 127.0.0.1:8080), opens the journal, recovers and reconciles every venue, then
listens and prints one JSON line: {"event":"ready","service":"gateway","url":...,"wsUrl":...}.
--port overrides server.port (0 = any free port). Tokens come from AG_EXEC_TOKENS ("scope:token,...",
scopes read, trade, admin) or the config's hashed list. SIGTERM / SIGINT stop it gracefully.
A bad config prints every problem with its path and line and exits 2.`;

/** Runs the command line; resolves with the process exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'demo': {
        const { runDemoCommand } = await import('./demo-command.ts');
        return await runDemoCommand(rest);
      }
      case 'risk':
        if (rest[0] !== undefined && ['status', 'halt', 'reduce', 'resume'].includes(rest[0])) {
          const { runGatewayCommand } = await import('./client/index.ts');
          return await runGatewayCommand(command, rest);
        }
        return await riskCommand(rest);
      case 'order':
      case 'positions':
      case 'fills':
      case 'venues': {
        const { runGatewayCommand } = await import('./client/index.ts');
        return await runGatewayCommand(command, rest);
      }
      case 'config': {
        const [{ runConfigCommand }, { loadRiskConfig }] = await Promise.all([
          import('../config/index.ts'),
          import('../risk/index.ts'),
        ]);
        return await runConfigCommand(rest, {
          checkRisk: (text, source) => loadRiskConfig(text, { source }),
        });
      }
      case 'serve': {
        if (rest.includes('--help') || rest.includes('-h')) {
          console.log(SERVE_USAGE);
          return 0;
        }
        const { runServeCommand } = await import('./serve.ts');
        return await runServeCommand(rest);
      }
      case 'sim':
        return await simCommand(rest);
      case 'bench': {
        const { runBenchCommand } = await import('./bench-command.ts');
        return await runBenchCommand(rest);
      }
      case 'version':
      case '--version':
        console.log(version());
        return 0;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        console.log(USAGE);
        return command === undefined ? 2 : 0;
      default:
        console.error(`ag-exec: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
        return 2;
    }
  } catch (e) {
    if (String((e as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      console.error(`ag-exec ${command}: ${(e as Error).message}\n(see ag-exec ${command} --help)`);
      return 2;
    }
    if (e instanceof ExecError) {
      console.error(`ag-exec: ${e.message}`);
      return 2;
    }
    console.error(`ag-exec: ${(e as Error).stack ?? String(e)}`);
    return 1;
  }
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

async function simCommand(argv: string[]): Promise<number> {
  const [venue, ...rest] = argv;
  if (venue === 'polymarket') {
    const { runPolymarketSimCommand } = await import('../sim/polymarket/index.ts');
    return await runPolymarketSimCommand(rest);
  }
  if (venue === 'binance') {
    const { runBinanceSimCommand } = await import('../sim/binance/index.ts');
    return await runBinanceSimCommand(rest);
  }
  if (venue === 'uniswap') {
    const { runUniswapSimCommand } = await import('../sim/uniswap/index.ts');
    return await runUniswapSimCommand(rest);
  }
  console.log(
    'Usage: ag-exec sim polymarket [--port N] [--seed S]\n       ag-exec sim binance [--port N] [--seed S]\n       ag-exec sim uniswap [--port N] [--no-automine] [--block-time S] [--accounts N]\n\nStarts a venue simulator on 127.0.0.1 (port 0 = any free port) and prints one JSON line when it is\nready: {"event":"ready","venue":...,"url":...,"wsUrl":...}. Stops cleanly on SIGTERM.\nsim uniswap runs anvil with the Uniswap V2/V3 contracts, seeded pools and funded traders; its ready line\nhas url, chainId, contracts, tokens and accounts instead of wsUrl (see src/sim/uniswap/README.md).',
  );
  return venue === undefined || venue === '--help' || venue === 'help' ? 0 : 2;
}

async function riskCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { help: { type: 'boolean' }, json: { type: 'boolean' } },
  });
  if (sub !== 'check' || values.help || positionals.length !== 1) {
    console.log(
      'Usage: ag-exec risk check FILE [--json]\n       ag-exec risk status|halt|reduce|resume [--reason TEXT] [--url URL] [--json]\n\ncheck validates a risk policy YAML file: prints every problem with its line, or what the\npolicies would enforce (exit 0 when valid, 2 when not). status / halt / reduce / resume talk to a\nrunning gateway (token from AG_EXEC_TOKEN; see ag-exec risk status --help).',
    );
    return values.help ? 0 : 2;
  }
  const { RiskEngine } = await import('../risk/index.ts');
  const risk = RiskEngine.fromFile(positionals[0]!);
  const lines = risk.describe();
  if (values.json) console.log(JSON.stringify({ valid: true, policies: lines }));
  else {
    console.log(
      `${positionals[0]}: valid, ${risk.policies.length} polic${risk.policies.length === 1 ? 'y' : 'ies'}`,
    );
    for (const l of lines) console.log(`  - ${l}`);
  }
  return 0;
}
