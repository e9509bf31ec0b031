/**
 * Small node:http helpers of the simulator: read a request body as text, send JSON with a status, parse
 * JSON without throwing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest accepted body (a full batch of orders is ~12 kB). */
const MAX_BODY = 1 << 20;

/** The raw request body as UTF-8 text ('' when absent). Rejects bodies over 1 MiB. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(chunks.length === 0 ? '' : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Sends `body` as JSON with `status`. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Sends `{"error": text}` with `status`. */
export function sendError(res: ServerResponse, status: number, text: string): void {
  sendJson(res, status, { error: text });
}

/** Parses JSON text; `undefined` when empty or invalid. */
export function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
