/**
 * RawHttp: a lean HTTP/1.1 keep-alive client for one host (plain TCP or TLS), used by the adapter's hot
 * path to keep client CPU per order low: requests are written as one string, responses parsed in place
 * (status line, headers, `Content-Length` or chunked body). One request per connection at a time (no
 * pipelining); idle connections are reused; a connection the server closes is dropped. Never throws:
 * transport failures come back as `networkError` (`timeout`, `ECONNRESET`, ...).
 */
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

/** One raw response. */
export interface RawResponse {
  readonly status?: number;
  /** Header names lower-case. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly text?: string;
  readonly networkError?: string;
}

interface Pending {
  resolve: (r: RawResponse) => void;
  timer: NodeJS.Timeout;
}

interface Conn {
  readonly socket: Socket;
  buf: Buffer;
  pending: Pending | undefined;
  dead: boolean;
  /** When it last became idle (ms). */
  idleSince: number;
}

/** An idle connection older than this is closed rather than reused (servers close idle ones ~5 s). */
const MAX_IDLE_MS = 4000;

const CRLF2 = Buffer.from('\r\n\r\n');

/** Keep-alive connections to one origin. */
export class RawHttp {
  readonly #host: string;
  readonly #port: number;
  readonly #tls: boolean;
  readonly #hostHeader: string;
  readonly #maxSockets: number;
  readonly #idle: Conn[] = [];
  readonly #all = new Set<Conn>();
  #open = 0;
  readonly #waiting: (() => void)[] = [];
  #closed = false;

  constructor(base: URL, maxSockets: number) {
    this.#tls = base.protocol === 'https:';
    this.#host = base.hostname;
    this.#port = Number(base.port || (this.#tls ? 443 : 80));
    this.#hostHeader = base.host;
    this.#maxSockets = maxSockets;
  }

  /** Sends one request; `head` is the extra header text (each line ending `\r\n`). */
  async request(
    method: string,
    path: string,
    head: string,
    body: string | undefined,
    timeoutMs: number,
  ): Promise<RawResponse> {
    if (this.#closed) return { networkError: 'closed' };
    const conn = await this.#take();
    if (conn === undefined) return { networkError: 'closed' };
    return new Promise<RawResponse>((resolve) => {
      const timer = setTimeout(() => {
        this.#fail(conn, 'timeout');
      }, timeoutMs);
      conn.pending = { resolve, timer };
      let msg = `${method} ${path} HTTP/1.1\r\nHost: ${this.#hostHeader}\r\nConnection: keep-alive\r\n${head}`;
      if (body !== undefined) msg += `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
      else msg += '\r\n';
      conn.socket.write(msg);
    });
  }

  async #take(): Promise<Conn | undefined> {
    for (;;) {
      const c = this.#idle.pop();
      if (c !== undefined) {
        if (c.dead) continue;
        if (Date.now() - c.idleSince > MAX_IDLE_MS) {
          // reusing it would race the server's own idle close (a write lost with it is an unknown outcome)
          this.#drop(c);
          continue;
        }
        return c;
      }
      if (this.#open < this.#maxSockets) return this.#connect();
      await new Promise<void>((r) => this.#waiting.push(r));
      if (this.#closed) return undefined;
    }
  }

  #connect(): Conn {
    this.#open++;
    const socket = this.#tls
      ? tlsConnect({ host: this.#host, port: this.#port, servername: this.#host })
      : netConnect({ host: this.#host, port: this.#port });
    socket.setNoDelay(true);
    const conn: Conn = { socket, buf: Buffer.alloc(0), pending: undefined, dead: false, idleSince: 0 };
    this.#all.add(conn);
    socket.on('data', (d: Buffer) => {
      conn.buf = conn.buf.length === 0 ? d : Buffer.concat([conn.buf, d]);
      this.#parse(conn);
    });
    socket.on('error', (e: NodeJS.ErrnoException) => this.#fail(conn, e.code ?? e.message));
    socket.on('close', () => this.#fail(conn, 'ECONNRESET'));
    return conn;
  }

  #parse(conn: Conn): void {
    const p = conn.pending;
    if (p === undefined) return;
    const buf = conn.buf;
    const end = buf.indexOf(CRLF2);
    if (end < 0) return;
    const head = buf.toString('latin1', 0, end);
    const lines = head.split('\r\n');
    const status = Number(lines[0]!.slice(9, 12));
    const headers: Record<string, string> = {};
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const c = line.indexOf(':');
      if (c > 0) headers[line.slice(0, c).trim().toLowerCase()] = line.slice(c + 1).trim();
    }
    const start = end + 4;
    let text: string;
    let used: number;
    const len = headers['content-length'];
    if (len !== undefined) {
      const n = Number(len);
      if (buf.length < start + n) return;
      text = buf.toString('utf8', start, start + n);
      used = start + n;
    } else if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
      const parts: Buffer[] = [];
      let at = start;
      for (;;) {
        const le = buf.indexOf('\r\n', at);
        if (le < 0) return;
        const size = Number.parseInt(buf.toString('latin1', at, le), 16);
        if (!Number.isFinite(size)) {
          this.#fail(conn, 'bad chunk');
          return;
        }
        if (buf.length < le + 2 + size + 2) return;
        if (size === 0) {
          const trailerEnd = buf.indexOf(CRLF2, le);
          if (trailerEnd < 0) return;
          used = trailerEnd + 4;
          break;
        }
        parts.push(buf.subarray(le + 2, le + 2 + size));
        at = le + 2 + size + 2;
      }
      text = Buffer.concat(parts).toString('utf8');
    } else if (status === 204 || status === 304) {
      text = '';
      used = start;
    } else {
      // body until the server closes: not kept alive
      return;
    }
    conn.buf = buf.length === used ? Buffer.alloc(0) : buf.subarray(used);
    conn.pending = undefined;
    clearTimeout(p.timer);
    if (/close/i.test(headers.connection ?? '')) this.#drop(conn);
    else this.#release(conn);
    p.resolve({ status, headers, text });
  }

  #release(conn: Conn): void {
    if (conn.dead) return;
    const w = this.#waiting.shift();
    conn.idleSince = Date.now();
    this.#idle.push(conn);
    w?.();
  }

  #drop(conn: Conn): void {
    if (conn.dead) return;
    conn.dead = true;
    this.#all.delete(conn);
    this.#open--;
    conn.socket.destroy();
    this.#waiting.shift()?.();
  }

  #fail(conn: Conn, why: string): void {
    const p = conn.pending;
    conn.pending = undefined;
    // a response read to its end by a close is still a response
    if (p !== undefined && why === 'ECONNRESET' && conn.buf.length > 0) {
      const text = conn.buf.toString('utf8');
      const end = text.indexOf('\r\n\r\n');
      if (end > 0) {
        clearTimeout(p.timer);
        this.#drop(conn);
        const lines = text.slice(0, end).split('\r\n');
        const headers: Record<string, string> = {};
        for (const line of lines.slice(1)) {
          const c = line.indexOf(':');
          if (c > 0) headers[line.slice(0, c).trim().toLowerCase()] = line.slice(c + 1).trim();
        }
        p.resolve({ status: Number(lines[0]!.slice(9, 12)), headers, text: text.slice(end + 4) });
        return;
      }
    }
    this.#drop(conn);
    if (p !== undefined) {
      clearTimeout(p.timer);
      p.resolve({ networkError: why });
    }
  }

  /** Closes every connection. */
  close(): void {
    this.#closed = true;
    this.#idle.length = 0;
    for (const c of [...this.#all]) this.#fail(c, 'closed');
    for (const w of this.#waiting.splice(0)) w();
  }
}
