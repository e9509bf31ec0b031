/**
 * `ag-exec risk status|halt|reduce|resume` (`GET /v1/risk`, `POST /v1/risk/state`) and `ag-exec venues`
 * (`GET /v1/venues`).
 */
import { printJson } from './command-context.ts';
import { formatFields, formatTable, isoTime } from './format.ts';
import type { GatewayCommand } from './gateway-command.ts';

interface RiskJson {
  readonly tradingState: string;
  readonly reason: string;
  readonly policies: { policy: string; limit: string; current: string }[];
  readonly description: string[];
}

function formatRisk(r: RiskJson): string {
  const lines = [
    formatFields([
      ['trading state', r.tradingState],
      ['reason', r.reason],
    ]),
  ];
  if (r.policies.length > 0) {
    lines.push(
      '',
      formatTable(
        [{ header: 'POLICY' }, { header: 'LIMIT', money: true }, { header: 'CURRENT', money: true }],
        r.policies.map((p) => [p.policy, p.limit, p.current]),
      ),
    );
  } else lines.push('', 'no risk policies');
  return lines.join('\n');
}

/** `ag-exec risk status`. */
const status: GatewayCommand = {
  usage: `Usage: ag-exec risk status [--url URL] [--json]

Prints the trading state (ACTIVE, REDUCING, HALTED) and its reason, and each risk policy's limit and
current use (GET /v1/risk).`,
  options: {},
  positionals: 0,
  async run(ctx) {
    const r = await ctx.client.request<RiskJson>('GET', '/v1/risk');
    if (ctx.json) printJson(ctx, r);
    else ctx.out(formatRisk(r));
    return 0;
  },
};

function setState(state: 'HALTED' | 'REDUCING' | 'ACTIVE', word: string, what: string): GatewayCommand {
  return {
    usage: `Usage: ag-exec risk ${word} [--reason TEXT] [--url URL] [--json]

${what} (POST /v1/risk/state with state ${state}; needs a token of the admin scope). --reason is kept
with the state and shown by "ag-exec risk status" (1-256 characters).`,
    options: { reason: { type: 'string' } },
    positionals: 0,
    async run(ctx, { values: v }) {
      const reason = typeof v.reason === 'string' ? v.reason : `${word} from the command line`;
      const r = await ctx.client.request<RiskJson>('POST', '/v1/risk/state', { body: { state, reason } });
      if (ctx.json) printJson(ctx, r);
      else ctx.out(formatRisk(r));
      return 0;
    },
  };
}

/** The gateway sub-commands of `ag-exec risk` (`risk check FILE` is a separate, offline command). */
export const RISK_COMMANDS: Readonly<Record<string, GatewayCommand>> = {
  status,
  halt: setState('HALTED', 'halt', 'Stops all trading: every new order is refused; cancels still go through'),
  reduce: setState('REDUCING', 'reduce', 'Allows only orders that reduce a position toward flat'),
  resume: setState('ACTIVE', 'resume', 'Resumes normal trading'),
};

interface VenueJson {
  readonly venue: string;
  readonly health: { ok: boolean; latencyMs?: number; message?: string };
  readonly rateLimit: {
    admitted: number;
    rejected: number;
    waited: number;
    pending: number;
    pausedUntil?: number;
  } | null;
  readonly reconciliation: { at?: number; error?: string; mismatches?: unknown[] } | null;
}

/** `ag-exec venues`. */
export const VENUES_COMMAND: GatewayCommand = {
  usage: `Usage: ag-exec venues [--url URL] [--json]

Prints each venue of the gateway (GET /v1/venues): its health probe and latency, its rate limiter's
counters (admitted, rejected, waited, pending, paused until) and its last reconciliation.`,
  options: {},
  positionals: 0,
  async run(ctx) {
    const res = await ctx.client.request<{ items: VenueJson[] }>('GET', '/v1/venues');
    if (ctx.json) {
      printJson(ctx, res);
      return 0;
    }
    const n = (x: number | undefined) => (x === undefined ? '' : String(x));
    ctx.out(
      formatTable(
        [
          { header: 'VENUE' },
          { header: 'HEALTH' },
          { header: 'LATENCY MS', money: true },
          { header: 'ADMITTED', money: true },
          { header: 'REJECTED', money: true },
          { header: 'WAITED', money: true },
          { header: 'PENDING', money: true },
          { header: 'PAUSED UNTIL' },
          { header: 'RECONCILED' },
        ],
        res.items.map((x) => [
          x.venue,
          x.health.ok ? 'ok' : `DOWN${x.health.message === undefined ? '' : ` (${x.health.message})`}`,
          n(x.health.latencyMs),
          n(x.rateLimit?.admitted),
          n(x.rateLimit?.rejected),
          n(x.rateLimit?.waited),
          n(x.rateLimit?.pending),
          isoTime(x.rateLimit?.pausedUntil),
          x.reconciliation === null
            ? 'not yet'
            : x.reconciliation.error !== undefined
              ? `failed: ${x.reconciliation.error}`
              : `${isoTime(x.reconciliation.at)}${
                  (x.reconciliation.mismatches?.length ?? 0) > 0
                    ? ` (${x.reconciliation.mismatches!.length} mismatches)`
                    : ''
                }`,
        ]),
      ),
    );
    return 0;
  },
};
