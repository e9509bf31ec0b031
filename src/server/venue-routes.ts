/**
 * Route group `/v1/venues`: each venue's health probe, rate-limit usage and last reconciliation.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ExecutionEngine } from '../engine/index.ts';
import { ErrorSchema } from './schemas.ts';

/** Options of the venues plugin. */
export interface VenueRoutesOptions {
  readonly engine: ExecutionEngine;
  /** Longest wait for one venue's health probe (ms, default 2,000). */
  readonly healthTimeoutMs?: number;
}

const VenueSchema = z.object({
  venue: z.string(),
  health: z.object({ ok: z.boolean(), latencyMs: z.number().optional(), message: z.string().optional() }),
  rateLimit: z
    .object({
      admitted: z.number(),
      rejected: z.number(),
      waited: z.number(),
      totalWaitMs: z.number(),
      pending: z.number(),
      pausedUntil: z.number().optional(),
    })
    .nullable(),
  reconciliation: z.record(z.string(), z.unknown()).nullable(),
});

async function probe(
  engine: ExecutionEngine,
  venue: string,
  timeoutMs: number,
): Promise<{ ok: boolean; latencyMs?: number; message?: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ ok: boolean; message: string }>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, message: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    const h = await Promise.race([engine.adapter(venue).healthCheck(), timeout]);
    return { ...h };
  } catch (e) {
    return { ok: false, message: `health check failed: ${(e as Error).message}` };
  } finally {
    clearTimeout(timer);
  }
}

/** `GET /v1/venues`. */
export const venueRoutes: FastifyPluginAsyncZod<VenueRoutesOptions> = async (app, opts) => {
  const { engine } = opts;
  const timeoutMs = opts.healthTimeoutMs ?? 2000;
  app.get(
    '/v1/venues',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['venues'],
        summary: 'Venues: health, rate-limit usage and reconciliation status',
        response: { 200: z.object({ items: z.array(VenueSchema) }), 401: ErrorSchema, 403: ErrorSchema },
      },
    },
    async () => {
      const reconciled = engine.readiness().venues;
      const items = await Promise.all(
        engine.venueIds().map(async (venue) => {
          const limiter = engine.rateLimiter(venue);
          const paused = limiter?.pausedUntil();
          const rec = reconciled.find((r) => r.venue === venue);
          return {
            venue,
            health: await probe(engine, venue, timeoutMs),
            rateLimit:
              limiter === undefined
                ? null
                : {
                    ...limiter.stats,
                    pending: limiter.pending,
                    ...(paused === undefined ? {} : { pausedUntil: paused }),
                  },
            reconciliation: rec === undefined ? null : { ...rec },
          };
        }),
      );
      return { items };
    },
  );
};
