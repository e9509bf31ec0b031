/**
 * RawHttp against loopback servers: Content-Length and chunked bodies (split across packets, with
 * trailers), keep-alive reuse, `Connection: close`, a server that closes mid-reply, and the timeout.
 */
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RawHttp } from '../../../src/venues/binance/raw-http.ts';

const servers: { close(cb: () => void): void }[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise<void>((r) => s.close(() => r()));
});

function listen(s: Server | ReturnType<typeof createHttpServer>): Promise<URL> {
  servers.push(s);
  return new Promise((resolve) =>
    s.listen(0, '127.0.0.1', () => resolve(new URL(`http://127.0.0.1:${(s.address() as AddressInfo).port}`))),
  );
}

describe('RawHttp', () => {
  it('reads Content-Length replies from node:http, reusing one connection', async () => {
    const sockets = new Set<unknown>();
    const srv = createHttpServer((req, res) => {
      sockets.add(req.socket);
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json', 'x-mbx-used-weight-1m': '7' });
        res.end(JSON.stringify({ method: req.method, url: req.url, body, key: req.headers['x-mbx-apikey'] }));
      });
    });
    const url = await listen(srv);
    const c = new RawHttp(url, 4);
    for (let i = 0; i < 3; i++) {
      const r = await c.request('POST', `/p?i=${i}`, 'X-MBX-APIKEY: k\r\n', 'a=1&b=%20', 1000);
      expect(r.status).toBe(200);
      expect(r.headers?.['x-mbx-used-weight-1m']).toBe('7');
      expect(JSON.parse(r.text!)).toEqual({ method: 'POST', url: `/p?i=${i}`, body: 'a=1&b=%20', key: 'k' });
    }
    const g = await c.request('GET', '/q', '', undefined, 1000);
    expect(JSON.parse(g.text!).method).toBe('GET');
    expect(sockets.size).toBe(1);
    c.close();
    srv.closeAllConnections();
  });

  it('reads chunked replies split across packets, trailers included', async () => {
    const srv = createServer((sock) => {
      sock.once('data', () => {
        sock.write('HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\nRetry-After: 3\r\n\r\n');
        const chunk = (t: string) => `${Buffer.byteLength(t).toString(16)}\r\n${t}\r\n`;
        const wire = chunk('{"cod') + chunk('e":-1013,') + chunk('"msg":"x\u00e9"}');
        // split mid-chunk and mid-size line
        setTimeout(() => sock.write(wire.slice(0, 7)), 5);
        setTimeout(() => sock.write(wire.slice(7, 16)), 10);
        setTimeout(() => sock.write(wire.slice(16)), 12);
        setTimeout(() => sock.write('0\r\nX-Trailer: 1\r\n\r\n'), 15);
      });
    });
    const c = new RawHttp(await listen(srv), 1);
    const r = await c.request('GET', '/', '', undefined, 1000);
    expect(r.status).toBe(400);
    expect(r.headers?.['retry-after']).toBe('3');
    expect(JSON.parse(r.text!)).toEqual({ code: -1013, msg: 'xé' });
    c.close();
  });

  it('drops a connection the server closes and opens a new one', async () => {
    let n = 0;
    const srv = createServer((sock) => {
      n++;
      sock.on('data', () => {
        sock.end('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}');
      });
    });
    const c = new RawHttp(await listen(srv), 1);
    expect((await c.request('GET', '/', '', undefined, 1000)).text).toBe('{}');
    expect((await c.request('GET', '/', '', undefined, 1000)).text).toBe('{}');
    expect(n).toBe(2);
    c.close();
  });

  it('reports a timeout, a reset and a refused connection as transport failures', async () => {
    const srv = createServer((sock) => {
      sock.on('data', (d) => {
        if (d.toString().includes('/reset')) sock.destroy();
      });
    });
    const url = await listen(srv);
    const c = new RawHttp(url, 2);
    expect(await c.request('GET', '/slow', '', undefined, 50)).toEqual({ networkError: 'timeout' });
    expect(await c.request('GET', '/reset', '', undefined, 1000)).toEqual({ networkError: 'ECONNRESET' });
    c.close();
    const dead = new RawHttp(new URL('http://127.0.0.1:1'), 1);
    expect((await dead.request('GET', '/', '', undefined, 1000)).networkError).toBe('ECONNREFUSED');
    dead.close();
  });
});
