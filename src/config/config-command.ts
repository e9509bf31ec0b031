/**
 * `ag-exec config check FILE [--json] [--env]`: validates a gateway config file and prints what it sets up
 * (`ok: ...`, exit 0), or every problem with its line and path (exit 2). `--json` prints the config with
 * every default applied (it holds no secrets); `--env` also checks the environment variables it names
 * (reporting missing ones by name, never printing values).
 */
import { parseArgs } from 'node:util';
import { ConfigError } from '../errors/index.ts';
import { describeConfig } from './describe-config.ts';
import { loadConfigFile, type RiskCheck } from './load-config.ts';
import { type Env, resolveSecrets } from './resolve-secrets.ts';

/** What the command needs from its caller. */
export interface ConfigCommandDeps {
  /** Deep check of risk policies (the CLI passes the risk loader). */
  readonly checkRisk?: RiskCheck;
  readonly env?: Env;
  readonly out?: (line: string) => void;
  readonly err?: (line: string) => void;
}

const HELP = `Usage: ag-exec config check FILE [--json] [--env]

Validates a gateway config file (docs/config.md) and prints what it sets up, or every problem with its
line and path. --json prints the config with every default applied (no secrets: it holds only the names
of environment variables and token hashes). --env also checks the environment variables the config names
(AG_EXEC_TOKENS, credentials, database and Redis URLs). Exit code 0 when valid, 2 when not.`;

/** Runs `ag-exec config ...`; resolves with the exit code. */
export async function runConfigCommand(argv: string[], deps: ConfigCommandDeps = {}): Promise<number> {
  const out = deps.out ?? ((l: string) => console.log(l));
  const err = deps.err ?? ((l: string) => console.error(l));
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { help: { type: 'boolean' }, json: { type: 'boolean' }, env: { type: 'boolean' } },
  });
  if (sub !== 'check' || values.help || positionals.length !== 1) {
    out(HELP);
    return values.help || sub === 'help' || sub === '--help' ? 0 : 2;
  }
  const file = positionals[0]!;
  try {
    const config = loadConfigFile(file, deps.checkRisk === undefined ? {} : { checkRisk: deps.checkRisk });
    if (values.env) resolveSecrets(config, deps.env ?? process.env);
    if (values.json) out(JSON.stringify(config, null, 2));
    else {
      const s = describeConfig(config);
      out(`ok: ${file}: ${s.headline}`);
      for (const l of s.lines) out(`  ${l}`);
      if (!values.env) out('  (environment not checked: add --env to check the variables it names)');
    }
    return 0;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    if (values.json)
      out(JSON.stringify({ valid: false, source: e.details.source, issues: e.issues }, null, 2));
    else err(e.message);
    return 2;
  }
}
