/**
 * Starts a gateway app on a port and describes where it listens, in the one-JSON-line `ready` form that
 * every long-running command prints (DESIGN.md, "Contracts that scripts and users rely on").
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { isLoopbackHost } from '../config/index.ts';
import { ConfigError } from '../errors/index.ts';
import { openApps } from './gateway-app.ts';

/** Where the gateway listens. */
export interface GatewayAddress {
  /** Base URL of the HTTP API, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** URL of the event stream, e.g. `ws://127.0.0.1:41234/v1/stream`. */
  readonly wsUrl: string;
  /** `{"event":"ready","service":"gateway","url":...,"wsUrl":...}`: print it once, on its own line. */
  readonly readyLine: string;
}

/**
 * Listens on `host:port` (port 0: any free port; host default loopback) and returns the addresses. An app
 * built with `auth.required: false` refuses any host beyond loopback (ConfigError).
 */
export async function listenGateway(
  app: FastifyInstance,
  opts: { port?: number; host?: string } = {},
): Promise<GatewayAddress> {
  const host = opts.host ?? '127.0.0.1';
  if (openApps.get(app)?.authRequired === false && !isLoopbackHost(host))
    throw new ConfigError('gateway', [
      {
        path: 'server.host',
        message: `${host} is beyond loopback: the service refuses it without auth (auth.required)`,
      },
    ]);
  await app.listen({ port: opts.port ?? 0, host });
  const addr = app.server.address() as AddressInfo;
  const shown = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const url = `http://${shown}:${addr.port}`;
  const wsUrl = `ws://${shown}:${addr.port}/v1/stream`;
  return { url, wsUrl, readyLine: JSON.stringify({ event: 'ready', service: 'gateway', url, wsUrl }) };
}
