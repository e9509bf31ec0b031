/**
 * Route group `/v1/orders`: submit (idempotent by `Idempotency-Key` or `clientOrderId`), read, list with
 * filters and cursor pagination, modify, cancel, cancel-all.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { asClientOrderId, isTerminal, type Order, type OrderStatus } from '../domain/index.ts';
import type { ExecutionEngine, OrderRequest } from '../engine/index.ts';
import { ValidationError } from '../errors/index.ts';
import { type ErrorBody, mapError } from './error-reply.ts';
import { decodeCursor, encodeCursor } from './pagination.ts';
import {
  CancelAllBody,
  ErrorSchema,
  ModifyBody,
  ORDER_STATUSES,
  OrderIdParams,
  OrderListQuery,
  OrderRequestBody,
  OrderSchema,
  pageOf,
} from './schemas.ts';
import { type OrderView, orderView } from './views.ts';

const IDEMPOTENCY_KEY_RE = /^[A-Za-z0-9._:-]{1,64}$/;
const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };

/** Options of the orders plugin. */
export interface OrderRoutesOptions {
  readonly engine: ExecutionEngine;
}

/** The `/v1/orders` route group. */
export const orderRoutes: FastifyPluginAsyncZod<OrderRoutesOptions> = async (app, { engine }) => {
  // keys of submits in progress through this service (the engine's own map is private)
  const inFlight = new Set<string>();

  app.post(
    '/v1/orders',
    {
      config: { scope: 'trade' },
      schema: {
        tags: ['orders'],
        summary: 'Submit an order (201; a repeat of an idempotency key returns the first order with 200)',
        headers: z.looseObject({ 'idempotency-key': z.string().max(64).optional() }),
        body: OrderRequestBody,
        response: { 200: OrderSchema, 201: OrderSchema, 409: ErrorSchema, 422: ErrorSchema, ...errors },
      },
    },
    async (req, reply) => {
      const body = req.body;
      const header = req.headers['idempotency-key'];
      if (header !== undefined && !IDEMPOTENCY_KEY_RE.test(header))
        throw new ValidationError('Idempotency-Key', header, 'must be 1-64 characters of [A-Za-z0-9._:-]');
      if (header !== undefined && body.clientOrderId !== undefined && header !== body.clientOrderId) {
        throw new ValidationError(
          'clientOrderId',
          body.clientOrderId,
          'differs from the Idempotency-Key header',
        );
      }
      const key = header ?? body.clientOrderId;
      const request = { ...body, ...(key === undefined ? {} : { clientOrderId: key }) } as OrderRequest;
      const repeat =
        key !== undefined &&
        (inFlight.has(key) || engine.tracker.getByClientOrderId(asClientOrderId(key)) !== undefined);
      if (key !== undefined && !repeat) inFlight.add(key);
      try {
        const order = await engine.submitOrder(request);
        return reply.code(repeat ? 200 : 201).send(orderView(order));
      } finally {
        if (key !== undefined && !repeat) inFlight.delete(key);
      }
    },
  );

  app.get(
    '/v1/orders/:id',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['orders'],
        summary: 'One order, by gateway order id or client order id',
        params: OrderIdParams,
        response: { 200: OrderSchema, ...errors },
      },
    },
    async (req) => orderView(engine.getStatus(req.params.id)),
  );

  app.get(
    '/v1/orders',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['orders'],
        summary: 'Orders, newest first, with filters and cursor pagination',
        querystring: OrderListQuery,
        response: { 200: pageOf(OrderSchema), ...errors },
      },
    },
    async (req) => {
      const q = req.query;
      const statuses = parseStatuses(q.status);
      const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
      const match: Readonly<Order>[] = [];
      for (const o of engine.tracker.orders()) {
        if (statuses !== undefined && !statuses(o.status)) continue;
        if (q.venue !== undefined && o.venue !== q.venue) continue;
        if (q.market !== undefined && o.market !== q.market) continue;
        if (q.strategy !== undefined && o.strategy !== q.strategy) continue;
        if (after !== undefined && !before(o, after[0], after[1])) continue;
        match.push(o);
      }
      match.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
      const items = match.slice(0, q.limit);
      const last = items[items.length - 1];
      const nextCursor =
        match.length > q.limit && last !== undefined ? encodeCursor([last.createdAt, last.id]) : null;
      return { items: items.map(orderView), nextCursor };
    },
  );

  app.patch(
    '/v1/orders/:id',
    {
      config: { scope: 'trade' },
      schema: {
        tags: ['orders'],
        summary: 'Modify the price and / or size of a working order',
        params: OrderIdParams,
        body: ModifyBody,
        response: { 200: OrderSchema, 409: ErrorSchema, 422: ErrorSchema, ...errors },
      },
    },
    async (req) => {
      const change: { price?: string | number; size?: string | number } = {};
      if (req.body.price !== undefined) change.price = req.body.price;
      if (req.body.size !== undefined) change.size = req.body.size;
      return orderView(await engine.modifyOrder(req.params.id, change));
    },
  );

  app.delete(
    '/v1/orders/:id',
    {
      config: { scope: 'trade' },
      schema: {
        tags: ['orders'],
        summary: 'Cancel an order (Cancelled, or Cancelling while the venue answer is unknown)',
        params: OrderIdParams,
        response: { 200: OrderSchema, 409: ErrorSchema, 422: ErrorSchema, ...errors },
      },
    },
    async (req) => orderView(await engine.cancelOrder(req.params.id)),
  );

  app.post(
    '/v1/orders/cancel-all',
    {
      config: { scope: 'trade' },
      schema: {
        tags: ['orders'],
        summary: 'Cancel every active order matching the filters',
        body: CancelAllBody.nullish(),
        response: {
          200: z.object({
            cancelled: z.array(OrderSchema),
            failed: z.array(z.object({ orderId: z.string(), error: ErrorSchema.shape.error })),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      const f = req.body ?? {};
      const targets = engine
        .getActiveOrders()
        .filter(
          (o) =>
            (f.venue === undefined || o.venue === f.venue) &&
            (f.market === undefined || o.market === f.market) &&
            (f.strategy === undefined || o.strategy === f.strategy),
        );
      const results = await Promise.allSettled(targets.map((o) => engine.cancelOrder(o.id)));
      const cancelled: OrderView[] = [];
      const failed: { orderId: string; error: ErrorBody['error'] }[] = [];
      results.forEach((r, i) => {
        if (r.status === 'fulfilled') cancelled.push(orderView(r.value));
        else failed.push({ orderId: targets[i]!.id, error: mapError(r.reason).body.error });
      });
      return { cancelled, failed };
    },
  );
};

function parseStatuses(s: string | undefined): ((st: OrderStatus) => boolean) | undefined {
  if (s === undefined) return undefined;
  const wanted = new Set<string>();
  let active = false;
  for (const part of s.split(',')) {
    const p = part.trim();
    if (p.toLowerCase() === 'active') active = true;
    else if ((ORDER_STATUSES as readonly string[]).includes(p)) wanted.add(p);
    else throw new ValidationError('status', p, `must be one of ${ORDER_STATUSES.join(', ')}, active`);
  }
  return (st) => wanted.has(st) || (active && !isTerminal(st));
}

/** True when `o` sorts after the cursor position (newest first: older, or same time and smaller id). */
function before(o: Readonly<Order>, createdAt: number, id: string): boolean {
  return o.createdAt < createdAt || (o.createdAt === createdAt && o.id < id);
}
