/**
 * `ag-exec order submit|cancel|modify|status|list|cancel-all`: the `/v1/orders` routes of a running
 * gateway. A submit always carries an idempotency key (`--client-id`, or one made up and printed), so
 * that a submit whose answer was lost can be looked up, and repeated, without a second order.
 */
import { randomBytes } from 'node:crypto';
import {
  choiceFlag,
  decimalFlag,
  integerFlag,
  type Parsed,
  requiredFlag,
  UsageError,
} from './client-args.ts';
import { type CommandContext, printJson, readPages } from './command-context.ts';
import { OutcomeUnknown } from './gateway-client.ts';
import type { GatewayCommand } from './gateway-command.ts';
import { formatOrder, formatOrders, type OrderJson } from './order-views.ts';

const SIDES = { buy: 'Buy', sell: 'Sell' } as const;
const TYPES = { limit: 'Limit', market: 'Market', 'post-only': 'PostOnly' } as const;
const TIFS = { gtc: 'GTC', ioc: 'IOC', fok: 'FOK', gtd: 'GTD' } as const;
const CLIENT_ID_RE = /^[A-Za-z0-9._:-]{1,64}$/;

function orderId(args: Parsed, usage: string): string {
  const id = args.positionals[0];
  if (id === undefined || id === '') throw new UsageError(`missing the order id (${usage})`);
  return id;
}

function showOrder(ctx: CommandContext, order: OrderJson): number {
  if (ctx.json) printJson(ctx, order);
  else ctx.out(formatOrder(order));
  return 0;
}

const submit: GatewayCommand = {
  usage: `Usage: ag-exec order submit --venue V --market M --side buy|sell [--type limit|market|post-only]
                        [--price P] --size S [--tif GTC|IOC|FOK|GTD] [--expire-at TIME]
                        [--client-id ID] [--strategy S] [--url URL] [--json]

Submits one order (POST /v1/orders) and prints it as the gateway answers: Working, Filled, ...
Prices and sizes are decimal numbers, sent as text so that they reach the gateway exactly.
Without --type the gateway makes an order with --price a limit order and one without a market
order; --tif defaults to the gateway's (GTC for limit orders); --expire-at (ms since the epoch or
ISO-8601) goes with GTD. --client-id is the idempotency key (1-64 of A-Z a-z 0-9 . _ : -); without
it one is made up and printed. Submitting the same client id again returns the first order and
sends nothing, so a submit whose answer was lost is safe to repeat with the same --client-id.`,
  options: {
    venue: { type: 'string' },
    market: { type: 'string' },
    side: { type: 'string' },
    type: { type: 'string' },
    price: { type: 'string' },
    size: { type: 'string' },
    tif: { type: 'string' },
    'expire-at': { type: 'string' },
    'client-id': { type: 'string' },
    strategy: { type: 'string' },
  },
  positionals: 0,
  async run(ctx, { values: v }) {
    const venue = requiredFlag('venue', v.venue);
    const market = requiredFlag('market', v.market);
    const side = choiceFlag('side', requiredFlag('side', v.side), SIDES)!;
    const size = decimalFlag('size', requiredFlag('size', v.size))!;
    const orderType = choiceFlag('type', v.type, TYPES);
    const price = decimalFlag('price', v.price);
    const timeInForce = choiceFlag('tif', v.tif, TIFS);
    const expireText = v['expire-at'];
    let expireAt: number | string | undefined;
    if (typeof expireText === 'string') {
      expireAt = /^\d+$/.test(expireText) ? Number(expireText) : expireText;
      if (typeof expireAt === 'string' && Number.isNaN(Date.parse(expireAt)))
        throw new UsageError(
          `--expire-at must be ms since the epoch or ISO-8601 (got ${JSON.stringify(expireText)})`,
        );
    }
    const given = v['client-id'];
    if (typeof given === 'string' && !CLIENT_ID_RE.test(given))
      throw new UsageError('--client-id must be 1-64 characters of A-Z a-z 0-9 . _ : -');
    const clientOrderId = typeof given === 'string' ? given : `cli-${randomBytes(8).toString('hex')}`;
    const body = {
      venue,
      market,
      side,
      size,
      clientOrderId,
      ...(orderType === undefined ? {} : { orderType }),
      ...(price === undefined ? {} : { price }),
      ...(timeInForce === undefined ? {} : { timeInForce }),
      ...(expireAt === undefined ? {} : { expireAt }),
      ...(typeof v.strategy === 'string' ? { strategy: v.strategy } : {}),
    };
    let order: OrderJson;
    try {
      order = await ctx.client.request<OrderJson>('POST', '/v1/orders', {
        body,
        headers: { 'idempotency-key': clientOrderId },
      });
    } catch (e) {
      if (e instanceof OutcomeUnknown) {
        throw new OutcomeUnknown(
          e.url,
          e.reason,
          `ask with "ag-exec order status ${clientOrderId}", or repeat the submit with --client-id ${clientOrderId} (nothing is sent twice)`,
        );
      }
      throw e;
    }
    return showOrder(ctx, order);
  },
};

const cancel: GatewayCommand = {
  usage: `Usage: ag-exec order cancel ID [--url URL] [--json]

Cancels one order (DELETE /v1/orders/ID; ID is the gateway order id or the client id) and prints it:
Cancelled, or Cancelling while the venue's answer is not known yet.`,
  options: {},
  positionals: 1,
  async run(ctx, args) {
    const id = orderId(args, 'ag-exec order cancel ID');
    return showOrder(
      ctx,
      await ctx.client.request<OrderJson>('DELETE', `/v1/orders/${encodeURIComponent(id)}`),
    );
  },
};

const modify: GatewayCommand = {
  usage: `Usage: ag-exec order modify ID [--price P] [--size S] [--url URL] [--json]

Changes the price and / or size of a Working or PartiallyFilled order (PATCH /v1/orders/ID) and
prints it. At least one of --price and --size.`,
  options: { price: { type: 'string' }, size: { type: 'string' } },
  positionals: 1,
  async run(ctx, args) {
    const id = orderId(args, 'ag-exec order modify ID');
    const price = decimalFlag('price', args.values.price);
    const size = decimalFlag('size', args.values.size);
    if (price === undefined && size === undefined) throw new UsageError('give --price and / or --size');
    const body = { ...(price === undefined ? {} : { price }), ...(size === undefined ? {} : { size }) };
    return showOrder(
      ctx,
      await ctx.client.request<OrderJson>('PATCH', `/v1/orders/${encodeURIComponent(id)}`, { body }),
    );
  },
};

const status: GatewayCommand = {
  usage: `Usage: ag-exec order status ID [--url URL] [--json]

Prints one order (GET /v1/orders/ID; ID is the gateway order id or the client id).`,
  options: {},
  positionals: 1,
  async run(ctx, args) {
    const id = orderId(args, 'ag-exec order status ID');
    return showOrder(ctx, await ctx.client.request<OrderJson>('GET', `/v1/orders/${encodeURIComponent(id)}`));
  },
};

const list: GatewayCommand = {
  usage: `Usage: ag-exec order list [--status S] [--venue V] [--market M] [--strategy S] [--limit N] [--all]
                      [--url URL] [--json]

Lists orders, newest first (GET /v1/orders). --status is a comma list of Pending, Submitting,
Working, PartiallyFilled, Filled, Cancelling, Cancelled, Rejected, Expired, or "active".
--limit (1-1000, default 100) is the page size; --all follows the cursors and prints every page.
Without --all, a further page is announced on stderr; --json prints {"items", "nextCursor"}.`,
  options: {
    status: { type: 'string' },
    venue: { type: 'string' },
    market: { type: 'string' },
    strategy: { type: 'string' },
    limit: { type: 'string' },
    all: { type: 'boolean' },
  },
  positionals: 0,
  async run(ctx, { values: v }) {
    const limit = integerFlag('limit', v.limit, 1, 1000);
    const query = {
      status: v.status as string | undefined,
      venue: v.venue as string | undefined,
      market: v.market as string | undefined,
      strategy: v.strategy as string | undefined,
      limit,
    };
    const page = await readPages<OrderJson>(ctx, '/v1/orders', query, v.all === true);
    if (ctx.json) printJson(ctx, page);
    else {
      ctx.out(formatOrders(page.items));
      if (page.nextCursor !== null) ctx.err('(more orders: --all prints every page)');
    }
    return 0;
  },
};

const cancelAll: GatewayCommand = {
  usage: `Usage: ag-exec order cancel-all [--venue V] [--market M] [--strategy S] [--url URL] [--json]

Cancels every active order that matches the filters (POST /v1/orders/cancel-all); no filter cancels
every active order. Prints the cancelled orders, then each failure; exit code 1 if any failed.`,
  options: { venue: { type: 'string' }, market: { type: 'string' }, strategy: { type: 'string' } },
  positionals: 0,
  async run(ctx, { values: v }) {
    const body: Record<string, string> = {};
    for (const k of ['venue', 'market', 'strategy'] as const) if (typeof v[k] === 'string') body[k] = v[k];
    const res = await ctx.client.request<{
      cancelled: OrderJson[];
      failed: { orderId: string; error: { code: string; message: string } }[];
    }>('POST', '/v1/orders/cancel-all', { body });
    if (ctx.json) printJson(ctx, res);
    else {
      ctx.out(`cancelled ${res.cancelled.length}, failed ${res.failed.length}`);
      if (res.cancelled.length > 0) ctx.out(formatOrders(res.cancelled));
      for (const f of res.failed) ctx.err(`${f.orderId}: ${f.error.code}: ${f.error.message}`);
    }
    return res.failed.length === 0 ? 0 : 1;
  },
};

/** The `order` sub-commands by name. */
export const ORDER_COMMANDS: Readonly<Record<string, GatewayCommand>> = {
  submit,
  cancel,
  modify,
  status,
  list,
  'cancel-all': cancelAll,
};
