/**
 * Route group for operations: `GET /health` (alive; no auth), `GET /ready` (the engine's readiness gate;
 * no auth; 200 when ready, 503 otherwise; the venues' reconciliation details only with a read token) and
 * `GET /metrics` (Prometheus text; read scope).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ExecutionEngine } from '../engine/index.ts';
import type { TokenAuth } from './auth.ts';
import { ErrorSchema } from './schemas.ts';

/** Options of the health plugin. */
export interface HealthRoutesOptions {
  readonly engine: ExecutionEngine;
  readonly auth: TokenAuth;
}

const ReadySchema = z.object({
  ready: z.boolean(),
  phase: z.enum(['ready', 'recovering', 'closing']),
  journal: z.string().optional(),
  venues: z.array(z.record(z.string(), z.unknown())).optional().describe('with a read token only'),
  error: z.string().optional(),
});

/** `/health`, `/ready`, `/metrics`. */
export const healthRoutes: FastifyPluginAsyncZod<HealthRoutesOptions> = async (app, { engine, auth }) => {
  app.get(
    '/health',
    {
      config: { scope: 'none' },
      schema: {
        tags: ['operations'],
        summary: 'Liveness: the process answers',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      config: { scope: 'none' },
      schema: {
        tags: ['operations'],
        summary: 'Readiness: 200 when the engine takes orders, 503 while recovering or closing',
        response: { 200: ReadySchema, 503: ReadySchema },
      },
    },
    async (req, reply) => {
      const r = engine.readiness();
      const body = auth.identify(req)
        ? { ...r, venues: r.venues.map((v) => ({ ...v })) }
        : { ready: r.ready, phase: r.phase };
      return reply.code(r.ready ? 200 : 503).send(body);
    },
  );

  app.get(
    '/metrics',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['operations'],
        summary: 'Prometheus text exposition (read scope)',
        response: { 200: z.string(), 401: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (_req, reply) => {
      const text = await engine.metrics.prometheus();
      return reply.type(engine.metrics.registry.contentType).send(text);
    },
  );
};
