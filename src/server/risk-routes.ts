/**
 * Route group `/v1/risk`: the trading state, the policies and their current use; changing the trading
 * state (admin scope).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ExecutionEngine } from '../engine/index.ts';
import { ErrorSchema, RiskStateBody } from './schemas.ts';

/** Options of the risk plugin. */
export interface RiskRoutesOptions {
  readonly engine: ExecutionEngine;
}

const RiskSchema = z.object({
  tradingState: z.enum(['ACTIVE', 'REDUCING', 'HALTED']),
  reason: z.string(),
  policies: z.array(z.object({ policy: z.string(), limit: z.string(), current: z.string() })),
  description: z.array(z.string()),
});
const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema };

/** The risk view as the API returns it. */
export function riskView(engine: ExecutionEngine): z.infer<typeof RiskSchema> {
  const risk = engine.riskEngine;
  return {
    tradingState: risk.tradingState,
    reason: risk.tradingStateReason,
    policies: risk.usage(engine.riskContext).map((u) => ({ ...u })),
    description: risk.describe(),
  };
}

/** `GET /v1/risk` and `POST /v1/risk/state`. */
export const riskRoutes: FastifyPluginAsyncZod<RiskRoutesOptions> = async (app, { engine }) => {
  app.get(
    '/v1/risk',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['risk'],
        summary: 'Trading state, policies and their current use',
        response: { 200: RiskSchema, ...errors },
      },
    },
    async () => riskView(engine),
  );

  app.post(
    '/v1/risk/state',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['risk'],
        summary: 'Set the trading state: ACTIVE, REDUCING (only orders toward flat) or HALTED (admin)',
        body: RiskStateBody,
        response: { 200: RiskSchema, ...errors },
      },
    },
    async (req) => {
      engine.riskEngine.setTradingState(req.body.state, req.body.reason ?? 'set through the HTTP API');
      return riskView(engine);
    },
  );
};
