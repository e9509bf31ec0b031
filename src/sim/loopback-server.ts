/**
 * The HTTP server both simulators run: keep-alive, a handler whose failures become a 500 (or a dropped
 * connection once headers went out), listening on loopback (port 0 = any free port), and a close that
 * also ends idle keep-alive connections.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A listening simulator server. */
export interface LoopbackServer {
  readonly server: Server;
  readonly host: string;
  readonly port: number;
  /** Stops listening and drops every open connection. */
  close(): Promise<void>;
}

/**
 * Starts `handle` on `host:port`; `fail(res, error)` answers a request whose handler threw before its
 * headers were sent. `attach` runs before listening (e.g. a WebSocket upgrade handler).
 */
export async function startLoopbackServer(opts: {
  readonly host?: string;
  readonly port?: number;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  fail(res: ServerResponse, error: unknown): void;
  attach?(server: Server): void;
}): Promise<LoopbackServer> {
  const server = createServer({ keepAlive: true }, (req, res) => {
    opts.handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) opts.fail(res, e);
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;
  opts.attach?.(server);
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    host,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
