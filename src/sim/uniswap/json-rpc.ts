/**
 * A minimal Ethereum JSON-RPC client over HTTP (single calls and batches) used to set up the local
 * Uniswap chain: fewer round trips than a full client, and errors that name the method.
 */

/** One call of a batch. */
export interface RpcCall {
  readonly method: string;
  readonly params: readonly unknown[];
}

interface RpcReply {
  readonly id: number;
  readonly result?: unknown;
  readonly error?: { readonly code: number; readonly message: string; readonly data?: unknown };
}

/** An error answered by the node for one call. */
export class RpcError extends Error {
  constructor(
    readonly method: string,
    readonly code: number,
    readonly detail: string,
    readonly data?: unknown,
  ) {
    super(`${method} failed (${code}): ${detail}`);
    this.name = 'RpcError';
  }
}

/** JSON-RPC 2.0 over HTTP POST. */
export class JsonRpc {
  private nextId = 1;
  constructor(readonly url: string) {}

  /** One call; throws {@link RpcError} when the node answers with an error. */
  async call<T = unknown>(method: string, params: readonly unknown[]): Promise<T> {
    const [reply] = await this.post([{ method, params }]);
    return unwrap(method, reply) as T;
  }

  /** Several calls in one HTTP request; results in call order; throws at the first error. */
  async batch(calls: readonly RpcCall[]): Promise<unknown[]> {
    if (calls.length === 0) return [];
    const replies = await this.post(calls);
    return calls.map((c, i) => unwrap(c.method, replies[i]));
  }

  private async post(calls: readonly RpcCall[]): Promise<(RpcReply | undefined)[]> {
    const first = this.nextId;
    this.nextId += calls.length;
    const body = calls.map((c, i) => ({ jsonrpc: '2.0', id: first + i, method: c.method, params: c.params }));
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body.length === 1 ? body[0] : body),
    });
    if (!res.ok) throw new Error(`JSON-RPC ${this.url}: HTTP ${res.status} ${await res.text()}`);
    const json = (await res.json()) as RpcReply | RpcReply[];
    const list = Array.isArray(json) ? json : [json];
    const byId = new Map(list.map((r) => [r.id, r]));
    return calls.map((_, i) => byId.get(first + i));
  }
}

function unwrap(method: string, reply: RpcReply | undefined): unknown {
  if (reply === undefined) throw new Error(`${method}: no reply in the JSON-RPC response`);
  if (reply.error !== undefined) {
    throw new RpcError(method, reply.error.code, reply.error.message, reply.error.data);
  }
  return reply.result;
}
