/**
 * The demo's service leg: starts the gateway service (`startGateway`, as `ag-exec serve` does) on a free
 * loopback port with its own SQLite journal and a paper venue, and drives it as a strategy in another
 * language would: over HTTP with a bearer token (submit, an idempotent retry, cancel, positions) and over
 * the WebSocket event stream.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { loadConfig, resolveSecrets } from '../config/index.ts';
import { startGateway } from './serve.ts';

/** What the service leg did. */
export interface ServiceLegSummary {
  url: string;
  docs: string;
  /** Orders submitted over HTTP (the retry not counted) and their final statuses. */
  orders: Record<string, number>;
  /** The retry with the same Idempotency-Key answered 200 with the first order. */
  retryReturnedSameOrder: boolean;
  /** Events received on the WebSocket stream, and whether their sequence numbers only increased. */
  streamEvents: number;
  streamInOrder: boolean;
  /** Net size on the paper market, as `GET /v1/positions` reports it. */
  netSize: string;
}

/** Runs the service leg (a few seconds) and stops the gateway. */
export async function runServiceLeg(dataDir: string): Promise<ServiceLegSummary> {
  const dir = join(dataDir, 'gateway');
  rmSync(dir, { recursive: true, force: true });
  const token = randomBytes(16).toString('hex');
  const config = loadConfig(
    `store: { kind: sqlite, path: ${JSON.stringify(join(dir, 'journal.db'))} }\nvenues: [{ kind: paper, id: paper, seed: 11 }]\nreconcile: { intervalMs: 0 }\n`,
    { source: 'demo service config' },
  );
  const gw = await startGateway(config, resolveSecrets(config, { AG_EXEC_TOKENS: `admin:${token}` }), {
    port: 0,
  });
  try {
    const headers = { authorization: `Bearer ${token}` };
    const seqs: number[] = [];
    const ws = new WebSocket(gw.wsUrl, { headers: { authorization: `Bearer ${token}` } });
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as { seq?: number };
      if (typeof m.seq === 'number') seqs.push(m.seq);
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const post = (body: object, key: string) =>
      fetch(`${gw.url}/v1/orders`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({ venue: 'paper', market: 'PM-YES', ...body }),
      });
    const ids: string[] = [];
    const resting = (await (await post({ side: 'Buy', price: '0.30', size: 10 }, 'svc-rest')).json()) as {
      id: string;
    };
    ids.push(resting.id);
    const crossing = (await (await post({ side: 'Buy', price: '0.99', size: 5 }, 'svc-take')).json()) as {
      id: string;
    };
    ids.push(crossing.id);
    const retry = await post({ side: 'Buy', price: '0.99', size: 5 }, 'svc-take');
    const retried = (await retry.json()) as { id: string };
    const cancelled = await fetch(`${gw.url}/v1/orders/${resting.id}`, { method: 'DELETE', headers });
    if (cancelled.status !== 200) throw new Error(`cancel over HTTP answered ${cancelled.status}`);
    await new Promise((r) => setTimeout(r, 300)); // the stream delivers what happened
    const orders: Record<string, number> = {};
    for (const id of ids) {
      const o = (await (await fetch(`${gw.url}/v1/orders/${id}`, { headers })).json()) as { status: string };
      orders[o.status] = (orders[o.status] ?? 0) + 1;
    }
    const positions = (await (await fetch(`${gw.url}/v1/positions`, { headers })).json()) as {
      items: { market: string; netSize: string }[];
    };
    ws.close();
    return {
      url: gw.url,
      docs: `${gw.url}/docs`,
      orders,
      retryReturnedSameOrder: retry.status === 200 && retried.id === crossing.id,
      streamEvents: seqs.length,
      streamInOrder: seqs.every((s, i) => i === 0 || s > seqs[i - 1]!),
      netSize: positions.items.find((p) => p.market === 'PM-YES')?.netSize ?? '0',
    };
  } finally {
    await gw.close();
  }
}
