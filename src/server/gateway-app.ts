/**
 * `createGatewayApp`: the gateway service as a Fastify instance (not listening). Registers the shared
 * error shape, bearer-token auth with scopes, the inbound rate limit, the OpenAPI document (`/docs`,
 * `/docs/json`) and one plugin per route group.
 */
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ExecutionEngine } from '../engine/index.ts';
import { type AuthOptions, InboundLimiter, type InboundRateLimit, type Scope, TokenAuth } from './auth.ts';
import { HttpError, handleError, ServiceErrorCode } from './error-reply.ts';
import { EventRing } from './event-ring.ts';
import { healthRoutes } from './health-routes.ts';
import { orderRoutes } from './order-routes.ts';
import { portfolioRoutes } from './portfolio-routes.ts';
import { riskRoutes } from './risk-routes.ts';
import { streamRoutes } from './stream-routes.ts';
import { venueRoutes } from './venue-routes.ts';

/** Options of {@link createGatewayApp}. */
export interface GatewayAppOptions {
  readonly engine: ExecutionEngine;
  readonly auth: AuthOptions;
  /** Largest accepted request body (bytes, default 64 KiB); larger is a 413. */
  readonly bodyLimitBytes?: number;
  /** Inbound requests per second and burst, per token (absent: no inbound limit). */
  readonly rateLimit?: InboundRateLimit;
  /**
   * A pino logger (its lines never carry the Authorization header), `true` for Fastify's default logger
   * at `info`, or `false` / absent for none.
   */
  readonly logger?: FastifyBaseLogger | boolean;
  /** Events kept for stream clients that reconnect with `since` (default 10,000). */
  readonly streamBuffer?: number;
  /** Longest wait for a venue's health probe in `GET /v1/venues` (ms, default 2,000). */
  readonly healthTimeoutMs?: number;
  /** Clock of the inbound rate limit (ms; tests). */
  readonly now?: () => number;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The least scope a route needs; `none` for public routes. */
    scope?: Scope | 'none';
  }
}

const REDACT = ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'];

/** What `listenGateway` needs to know about an app it did not build (auth off may only listen on loopback). */
export const openApps = new WeakMap<FastifyInstance, { readonly authRequired: boolean }>();

/**
 * Builds the gateway's HTTP + WebSocket service over an engine. The instance is not listening: call
 * `app.listen({ port, host })`, or `app.inject()` in tests. Closing the app stops its stream; it does not
 * close the engine. Build it before `engine.recover()`: the stream numbers order and fill events by their
 * place in the journal and learns the history as recovery replays it.
 */

export async function createGatewayApp(opts: GatewayAppOptions): Promise<FastifyInstance> {
  const { engine } = opts;
  const auth = new TokenAuth(opts.auth);
  const limiter = opts.rateLimit ? new InboundLimiter(opts.rateLimit, opts.now) : undefined;
  const logger = opts.logger;
  const app = Fastify({
    bodyLimit: opts.bodyLimitBytes ?? 64 * 1024,
    ...(typeof logger === 'object'
      ? { loggerInstance: logger }
      : { logger: logger === true ? { level: 'info', redact: REDACT } : false }),
    // while closing, new requests get a 503 instead of waiting
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();

  openApps.set(app as unknown as FastifyInstance, { authRequired: opts.auth.required });
  app.setValidatorCompiler(validatorCompiler);
  // response schemas document the API; bodies are built by the views, so they are sent as they are
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((req, reply) =>
    handleError(
      new HttpError(
        404,
        ServiceErrorCode.NotFound,
        `no route ${req.method} ${req.url.split('?')[0]!.slice(0, 200)}`,
      ),
      req,
      reply,
    ),
  );

  // before the auth hook: its own onRequest hook must see every upgrade (it closes refused ones)
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  // a callback hook, not an async one: no promise per request
  app.addHook('onRequest', (req, _reply, done) => {
    const scope = req.routeOptions.config.scope;
    if (scope !== undefined && scope !== 'none') {
      try {
        const principal = auth.authenticate(req, scope);
        limiter?.take(principal.key);
      } catch (e) {
        done(e as Error);
        return;
      }
    }
    done();
  });

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'ag-exec gateway',
        description:
          'Order execution gateway. Errors: { "error": { "code", "message", "details" } }. Money fields are decimal strings.',
        version: '1',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  const ring = new EventRing(engine, opts.streamBuffer);
  app.addHook('onClose', async () => ring.close());

  await app.register(healthRoutes, { engine, auth });
  await app.register(orderRoutes, { engine });
  await app.register(portfolioRoutes, { engine });
  await app.register(riskRoutes, { engine });
  await app.register(venueRoutes, {
    engine,
    ...(opts.healthTimeoutMs === undefined ? {} : { healthTimeoutMs: opts.healthTimeoutMs }),
  });
  await app.register(streamRoutes, { ring });
  await app.ready();
  return app;
}
