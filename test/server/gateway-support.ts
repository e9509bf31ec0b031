/**
 * Shared set-up of the gateway service tests: an engine over a seeded PaperVenue with an in-memory journal,
 * the app built by createGatewayApp, tokens of each scope, and small request helpers.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { dec, fmt } from '../../src/domain/index.ts';
import { ExecutionEngine } from '../../src/engine/index.ts';
import { RateLimiterConfig } from '../../src/ratelimit/index.ts';
import { RiskEngine } from '../../src/risk/index.ts';
import { createGatewayApp, type GatewayAppOptions } from '../../src/server/index.ts';
import { MemoryJournal } from '../../src/store/index.ts';
import { PaperVenue } from '../../src/venues/paper/index.ts';

/** One token per scope. */
export const TOKENS = {
  read: 'read-token-5f1c0a9e77d24b1f',
  trade: 'trade-token-9b3e2d7c41a8f0e6',
  admin: 'admin-token-c2a4e6f80b1d3579',
} as const;

/** What a test gets from {@link setupGateway}. */
export interface Gateway {
  readonly app: FastifyInstance;
  readonly engine: ExecutionEngine;
  readonly venue: PaperVenue;
  /** The paper market's reference price, as text, shifted by `by` (e.g. `-0.1`). */
  price(by: string): string;
  /** `app.inject` with the token of `scope` (none when `scope` is undefined). */
  call(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    opts?: { scope?: keyof typeof TOKENS | undefined; body?: unknown; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** Builds an engine over a PaperVenue (seeded, no latency) and the app over it. */
export async function setupGateway(
  opts: Partial<Omit<GatewayAppOptions, 'engine'>> & { risk?: string } = {},
): Promise<Gateway> {
  const venue = new PaperVenue({ seed: 7, latencyMs: 0 });
  const engine = new ExecutionEngine({
    journal: new MemoryJournal(),
    settle: { initialDelayMs: 2, maxDelayMs: 10, notFoundStrikes: 3, notFoundGraceMs: 20 },
  });
  engine.registerAdapter(venue, RateLimiterConfig.new(1e6, 1e6).build('paper'));
  engine.setRiskEngine(opts.risk ? RiskEngine.fromYaml(opts.risk) : RiskEngine.empty());
  const app = await createGatewayApp({
    engine,
    auth: {
      required: true,
      tokens: [
        { scope: 'read', token: TOKENS.read },
        { scope: 'trade', token: TOKENS.trade },
        { scope: 'admin', token: TOKENS.admin },
      ],
    },
    ...opts,
  });
  const ref = venue.referencePrice('PM-YES' as never)!;
  return {
    app,
    engine,
    venue,
    price: (by) => fmt((ref + dec(by)) as never),
    call: (method, url, o = {}) =>
      app.inject({
        method,
        url,
        headers: {
          ...(o.scope ? { authorization: `Bearer ${TOKENS[o.scope]}` } : {}),
          ...(o.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...o.headers,
        },
        ...(o.body === undefined
          ? {}
          : { payload: typeof o.body === 'string' ? o.body : JSON.stringify(o.body) }),
      }),
    close: async () => {
      await app.close();
      await engine.close();
    },
  };
}

/** Asserts the one error shape and returns its `error`. */
export function errorOf(res: LightMyRequestResponse): {
  code: string;
  message: string;
  details: Record<string, unknown>;
} {
  const body = res.json() as { error?: { code: unknown; message: unknown; details: unknown } };
  if (
    typeof body.error !== 'object' ||
    body.error === null ||
    typeof body.error.code !== 'string' ||
    typeof body.error.message !== 'string' ||
    typeof body.error.details !== 'object' ||
    body.error.details === null ||
    Object.keys(body).length !== 1
  ) {
    throw new Error(`not the error shape: ${res.statusCode} ${res.body}`);
  }
  return body.error as { code: string; message: string; details: Record<string, unknown> };
}
