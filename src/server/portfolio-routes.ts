/**
 * Route group for what the gateway holds: `GET /v1/positions` and `GET /v1/fills` (filters, cursor
 * pagination in arrival order).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { asMarketId, asOrderId, asVenueId, type Fill } from '../domain/index.ts';
import type { ExecutionEngine } from '../engine/index.ts';
import { decodeCursor, encodeCursor } from './pagination.ts';
import { ErrorSchema, FillListQuery, FillSchema, PositionQuery, PositionSchema, pageOf } from './schemas.ts';
import { fillView, positionView } from './views.ts';

/** Options of the portfolio plugin. */
export interface PortfolioRoutesOptions {
  readonly engine: ExecutionEngine;
}

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema };

const fillKey = (f: Fill): string => `${f.venue}\u0000${f.tradeId}\u0000${f.orderId}`;

/** `GET /v1/positions` and `GET /v1/fills`. */
export const portfolioRoutes: FastifyPluginAsyncZod<PortfolioRoutesOptions> = async (app, { engine }) => {
  app.get(
    '/v1/positions',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['portfolio'],
        summary: 'Positions per (venue, market): net size, average entry, realized PnL, fees',
        querystring: PositionQuery,
        response: { 200: z.object({ items: z.array(PositionSchema) }), ...errors },
      },
    },
    async (req) => {
      const { venue, market } = req.query;
      const items = engine
        .getPositions()
        .filter(
          (p) => (venue === undefined || p.venue === venue) && (market === undefined || p.market === market),
        )
        .map(positionView);
      return { items };
    },
  );

  app.get(
    '/v1/fills',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['portfolio'],
        summary: 'Fills in arrival order, with filters and cursor pagination',
        querystring: FillListQuery,
        response: { 200: pageOf(FillSchema), ...errors },
      },
    },
    async (req) => {
      const q = req.query;
      const fills = engine.tracker.getFills({
        ...(q.venue === undefined ? {} : { venue: asVenueId(q.venue) }),
        ...(q.market === undefined ? {} : { market: asMarketId(q.market) }),
        ...(q.orderId === undefined ? {} : { orderId: asOrderId(q.orderId) }),
      });
      let start = 0;
      if (q.cursor !== undefined) {
        const [offset, key] = decodeCursor(q.cursor);
        // the key finds the place even if a fill before it was taken back since
        const at = fills[offset - 1] !== undefined && fillKey(fills[offset - 1]!) === key ? offset - 1 : -1;
        const found = at >= 0 ? at : fills.findIndex((f) => fillKey(f) === key);
        start = found >= 0 ? found + 1 : Math.min(offset, fills.length);
      }
      const items = fills.slice(start, start + q.limit);
      const end = start + items.length;
      const last = items[items.length - 1];
      const nextCursor = end < fills.length && last !== undefined ? encodeCursor([end, fillKey(last)]) : null;
      return { items: items.map(fillView), nextCursor };
    },
  );
};
