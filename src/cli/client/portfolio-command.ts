/**
 * `ag-exec positions` and `ag-exec fills`: what the gateway holds (`GET /v1/positions`, `GET /v1/fills`).
 */
import { integerFlag } from './client-args.ts';
import { printJson, readPages } from './command-context.ts';
import type { GatewayCommand } from './gateway-command.ts';
import { type FillJson, formatFills, formatPositions, type PositionJson } from './order-views.ts';

/** `ag-exec positions`. */
export const POSITIONS_COMMAND: GatewayCommand = {
  usage: `Usage: ag-exec positions [--venue V] [--market M] [--url URL] [--json]

Prints the position of each (venue, market) the gateway has traded (GET /v1/positions): net size,
average entry price, realized PnL, fees, bought and sold size.`,
  options: { venue: { type: 'string' }, market: { type: 'string' } },
  positionals: 0,
  async run(ctx, { values: v }) {
    const res = await ctx.client.request<{ items: PositionJson[] }>('GET', '/v1/positions', {
      query: { venue: v.venue as string | undefined, market: v.market as string | undefined },
    });
    if (ctx.json) printJson(ctx, res);
    else ctx.out(formatPositions(res.items));
    return 0;
  },
};

/** `ag-exec fills`. */
export const FILLS_COMMAND: GatewayCommand = {
  usage: `Usage: ag-exec fills [--venue V] [--market M] [--order ID] [--limit N] [--all] [--url URL] [--json]

Prints fills in the order they arrived (GET /v1/fills). --order keeps one order's fills (gateway
order id). --limit (1-1000, default 100) is the page size; --all follows the cursors.`,
  options: {
    venue: { type: 'string' },
    market: { type: 'string' },
    order: { type: 'string' },
    limit: { type: 'string' },
    all: { type: 'boolean' },
  },
  positionals: 0,
  async run(ctx, { values: v }) {
    const query = {
      venue: v.venue as string | undefined,
      market: v.market as string | undefined,
      orderId: v.order as string | undefined,
      limit: integerFlag('limit', v.limit, 1, 1000),
    };
    const page = await readPages<FillJson>(ctx, '/v1/fills', query, v.all === true);
    if (ctx.json) printJson(ctx, page);
    else {
      ctx.out(formatFills(page.items));
      if (page.nextCursor !== null) ctx.err('(more fills: --all prints every page)');
    }
    return 0;
  },
};
