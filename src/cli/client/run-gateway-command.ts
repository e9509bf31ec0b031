/**
 * Entry of the gateway commands (`order ...`, `positions`, `fills`, `risk status|halt|reduce|resume`,
 * `venues`): picks the command, parses its flags, builds the client from `--url` / `AG_EXEC_URL` and
 * `AG_EXEC_TOKEN`, runs it, and turns every failure into its message and exit code (0 done; 1 refused,
 * failed, or outcome unknown; 2 bad usage or gateway unreachable).
 */
import { COMMON_HELP, gatewayUrl, integerFlag, parseFlags, UsageError } from './client-args.ts';
import type { CommandContext } from './command-context.ts';
import { refusalLines } from './format.ts';
import { GatewayClient, GatewayRefused, GatewayUnreachable, OutcomeUnknown } from './gateway-client.ts';
import type { GatewayCommand } from './gateway-command.ts';
import { ORDER_COMMANDS } from './order-command.ts';
import { FILLS_COMMAND, POSITIONS_COMMAND } from './portfolio-command.ts';
import { RISK_COMMANDS, VENUES_COMMAND } from './risk-command.ts';

/** Where a gateway command reads its environment and prints. */
export interface GatewayCommandIo {
  readonly env: NodeJS.ProcessEnv;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const processIo: GatewayCommandIo = {
  env: process.env,
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
};

/** The words of `risk` that talk to a gateway (the others, `check`, stay offline). */
export const RISK_GATEWAY_WORDS: readonly string[] = Object.keys(RISK_COMMANDS);

const ORDER_USAGE = `Usage: ag-exec order submit|cancel|modify|status|list|cancel-all ... [--url URL] [--json]

Orders on a running gateway. "ag-exec order SUBCOMMAND --help" describes each.

${COMMON_HELP}`;

function pick(group: string, argv: readonly string[]): { command?: GatewayCommand; rest: readonly string[] } {
  if (group === 'order') {
    const [sub, ...rest] = argv;
    const command = sub === undefined ? undefined : ORDER_COMMANDS[sub];
    return command === undefined ? { rest } : { command, rest };
  }
  if (group === 'risk') {
    const [sub, ...rest] = argv;
    const command = sub === undefined ? undefined : RISK_COMMANDS[sub];
    return command === undefined ? { rest } : { command, rest };
  }
  if (group === 'positions') return { command: POSITIONS_COMMAND, rest: argv };
  if (group === 'fills') return { command: FILLS_COMMAND, rest: argv };
  if (group === 'venues') return { command: VENUES_COMMAND, rest: argv };
  return { rest: argv };
}

/**
 * Runs `ag-exec GROUP ...` for GROUP `order`, `positions`, `fills`, `risk` (status, halt, reduce, resume)
 * or `venues`; resolves with the exit code.
 */
export async function runGatewayCommand(
  group: string,
  argv: readonly string[],
  io: GatewayCommandIo = processIo,
): Promise<number> {
  const { command, rest } = pick(group, argv);
  const label = `ag-exec ${group}${command !== undefined && (group === 'order' || group === 'risk') ? ` ${argv[0]}` : ''}`;
  if (command === undefined) {
    const sub = argv[0];
    const asksHelp = sub === undefined || sub === '--help' || sub === '-h' || sub === 'help';
    if (asksHelp) io.out(ORDER_USAGE);
    else io.err(`${label}: unknown sub-command ${JSON.stringify(sub)}\n\n${ORDER_USAGE}`);
    return asksHelp && sub !== undefined ? 0 : 2;
  }
  try {
    const args = parseFlags(rest, command.options, command.positionals);
    if (args.values.help === true) {
      io.out(`${command.usage}\n\n${COMMON_HELP}`);
      return 0;
    }
    const timeoutS = integerFlag('timeout', args.values.timeout, 1, 3600);
    let client: GatewayClient;
    const url = gatewayUrl(args.values, io.env);
    try {
      client = new GatewayClient({
        url,
        token: io.env.AG_EXEC_TOKEN?.trim() || undefined,
        ...(timeoutS === undefined ? {} : { timeoutMs: timeoutS * 1000 }),
      });
    } catch (e) {
      throw new UsageError(
        `${typeof args.values.url === 'string' ? '--url' : 'AG_EXEC_URL'} ${(e as Error).message}`,
      );
    }
    const ctx: CommandContext = { client, json: args.values.json === true, out: io.out, err: io.err };
    return await command.run(ctx, args);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${label}: ${e.message}\n(see ${label} --help)`);
      return 2;
    }
    if (e instanceof GatewayRefused) {
      let text = refusalLines(e.code, e.message, e.details);
      if (e.code === 'UNAUTHORIZED') text += `\n(set AG_EXEC_TOKEN to a token the gateway accepts)`;
      io.err(text);
      return 1;
    }
    if (e instanceof GatewayUnreachable) {
      io.err(`${label}: ${e.message}`);
      return 2;
    }
    if (e instanceof OutcomeUnknown) {
      io.err(`${label}: OUTCOME_UNKNOWN: ${e.message}`);
      return 1;
    }
    throw e;
  }
}
