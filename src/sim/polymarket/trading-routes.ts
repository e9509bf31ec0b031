/**
 * Authenticated routes: API-key creation / derivation (L1) and, under L2, order posting (one and batch),
 * cancels, order / open-order / trade reads with cursor pagination, balance-allowance and heartbeats;
 * per-signer order / cancel rate buckets.
 */
import { L1_ERROR, L2_ERROR, verifyL1, verifyL2 } from './auth.ts';
import { parseJson, sendError, sendJson } from './http-io.ts';
import { parseEnvelope } from './order-payload.ts';
import { cursorOffset, paginate } from './pagination.ts';
import type { SimOrder, SimTrade } from './records.ts';
import type { SimContext, SimRequest } from './sim-context.ts';
import type { ApiKeyRecord } from './sim-state.ts';
import { balanceView, failedOrderResponse, openOrderView, orderResponse, tradeView } from './views.ts';

function creds(k: ApiKeyRecord) {
  return { apiKey: k.key, secret: k.secret, passphrase: k.passphrase };
}

/** Serves `POST /auth/api-key` and `GET /auth/derive-api-key`; false for other paths. */
export async function handleL1(ctx: SimContext, r: SimRequest): Promise<boolean> {
  const create = r.method === 'POST' && r.path === '/auth/api-key';
  const derive = r.method === 'GET' && r.path === '/auth/derive-api-key';
  if (!create && !derive) return false;
  const who = await verifyL1(r.req.headers, ctx.chainId, ctx.clock.now(), ctx.authWindowSeconds);
  if (who === undefined) {
    sendError(r.res, 401, L1_ERROR);
    return true;
  }
  const rec = create ? ctx.state.createKey(who.address, who.nonce) : ctx.state.keyFor(who.address, who.nonce);
  if (rec === undefined)
    sendError(r.res, 400, create ? 'Could not create api key' : 'Could not derive api key!');
  else sendJson(r.res, 200, creds(rec));
  return true;
}

const L2_ROUTES = new Set([
  'POST /order',
  'POST /orders',
  'DELETE /order',
  'DELETE /orders',
  'DELETE /cancel-all',
  'DELETE /cancel-market-orders',
  'GET /data/orders',
  'GET /data/trades',
  'GET /balance-allowance',
  'GET /balance-allowance/update',
  'GET /auth/api-keys',
  'POST /v1/heartbeats',
]);

/** Which per-signer bucket an order route spends from. */
const SIGNER_BUCKET: Readonly<Record<string, 'orders' | 'cancels'>> = {
  'POST /order': 'orders',
  'POST /orders': 'orders',
  'DELETE /order': 'cancels',
  'DELETE /orders': 'cancels',
  'DELETE /cancel-all': 'cancels',
  'DELETE /cancel-market-orders': 'cancels',
};

/**
 * Spends the signer's order / cancel bucket (a list costs its length) and sets the
 * `Poly-RateLimit-Remaining` / `-Reset` headers; false (429 sent) when over the limit.
 */
function signerBucket(
  ctx: SimContext,
  r: SimRequest,
  route: string,
  key: ApiKeyRecord,
  body: unknown,
): boolean {
  const kind = SIGNER_BUCKET[route];
  if (kind === undefined) return true;
  const cost = Array.isArray(body) ? Math.max(1, body.length) : 1;
  const v = ctx.limits.signer(kind, key.address, cost);
  r.res.setHeader('Poly-RateLimit-Remaining', String(Math.max(0, v.remaining)));
  r.res.setHeader('Poly-RateLimit-Reset', String(v.resetS));
  if (v.ok) return true;
  r.res.setHeader('Retry-After', String(v.resetS));
  sendError(r.res, 429, 'Too Many Requests');
  return false;
}

/** Serves the L2 routes; false for other paths. */
export async function handleL2(ctx: SimContext, r: SimRequest): Promise<boolean> {
  const route = `${r.method} ${r.path}`;
  const orderRead = r.method === 'GET' && r.path.startsWith('/data/order/');
  if (!L2_ROUTES.has(route) && !orderRead) return false;
  const key = verifyL2(
    r.req.headers,
    ctx.state,
    r.method,
    r.path,
    r.raw,
    ctx.clock.now(),
    ctx.authWindowSeconds,
  );
  if (key === undefined) {
    sendError(r.res, 401, L2_ERROR);
    return true;
  }
  const { res, query } = r;
  const body = parseJson(r.raw);
  if (!signerBucket(ctx, r, route, key, body)) return true;
  const ex = ctx.exchange;
  if (orderRead) {
    ex.expire();
    const o = ex.orders.get(r.path.slice('/data/order/'.length).toLowerCase());
    if (o === undefined || o.signer !== key.address) sendError(res, 404, 'order not found');
    else sendJson(res, 200, openOrderView(o));
    return true;
  }
  switch (route) {
    case 'POST /order': {
      const out = await ex.place(body, key);
      if (out.ok) sendJson(res, 200, orderResponse(out.order, out.trade, out.making, out.taking));
      else sendError(res, out.status, out.error);
      return true;
    }
    case 'POST /orders':
      await postBatch(ctx, r, body, key);
      return true;
    case 'DELETE /order': {
      const id = (body as { orderID?: unknown } | undefined)?.orderID;
      if (typeof id !== 'string') sendError(res, 400, 'Invalid order payload');
      else sendJson(res, 200, ex.cancel([id], key));
      return true;
    }
    case 'DELETE /orders':
      if (!Array.isArray(body) || body.length > 1000 || !body.every((x) => typeof x === 'string')) {
        sendError(res, 400, 'Invalid order payload');
      } else sendJson(res, 200, ex.cancel(body, key));
      return true;
    case 'DELETE /cancel-all':
      sendJson(res, 200, ex.cancel(ids(ex.liveOrders(key.address)), key));
      return true;
    case 'DELETE /cancel-market-orders': {
      const f = (body ?? {}) as { market?: unknown; asset_id?: unknown };
      const live = ex.liveOrders(key.address, (o) => matches(o, f.market, f.asset_id));
      sendJson(res, 200, ex.cancel(ids(live), key));
      return true;
    }
    case 'GET /data/orders': {
      const id = query.get('id');
      const live = ex.liveOrders(
        key.address,
        (o) =>
          (id === null || o.id === id.toLowerCase()) &&
          matches(o, query.get('market'), query.get('asset_id')),
      );
      page(ctx, r, live.map(openOrderView));
      return true;
    }
    case 'GET /data/trades': {
      const viewer = (query.get('maker_address') ?? key.address).toLowerCase();
      const list = ex.trades.filter((t) => tradeVisible(t, viewer, key.address.toLowerCase(), query));
      page(
        ctx,
        r,
        list.map((t) => tradeView(t, viewer)),
      );
      return true;
    }
    case 'GET /balance-allowance':
    case 'GET /balance-allowance/update': {
      const sigType = query.get('signature_type');
      const funder = sigType === '1' || sigType === '2' ? ctx.state.funderOf(key.address) : undefined;
      const account = ctx.state.account(funder ?? key.address);
      const token = query.get('asset_type') === 'CONDITIONAL' ? (query.get('token_id') ?? '') : undefined;
      sendJson(res, 200, balanceView(account, token));
      return true;
    }
    case 'POST /v1/heartbeats': {
      const given = (body as { heartbeat_id?: unknown } | undefined)?.heartbeat_id ?? '';
      const out = ctx.heartbeats.beat(key.key, given);
      sendJson(res, out.status, out.body);
      return true;
    }
    case 'GET /auth/api-keys':
      sendJson(res, 200, {
        apiKeys: [...ctx.state.keys.values()].filter((k) => k.address === key.address).map((k) => k.key),
      });
      return true;
  }
  return false;
}

async function postBatch(ctx: SimContext, r: SimRequest, body: unknown, key: ApiKeyRecord): Promise<void> {
  if (!Array.isArray(body)) return sendError(r.res, 400, 'Invalid order payload');
  if (body.length > ctx.maxBatch) {
    return sendError(r.res, 400, `Too many orders in payload: ${body.length}, max allowed: ${ctx.maxBatch}`);
  }
  if (
    body.some((e) => {
      const p = parseEnvelope(e);
      return !p.ok && p.kind === 'version';
    })
  ) {
    return sendError(r.res, 400, 'order_version_mismatch');
  }
  const out: unknown[] = [];
  for (const env of body) {
    const res = await ctx.exchange.place(env, key);
    out.push(
      res.ok
        ? orderResponse(res.order, res.trade, res.making, res.taking)
        : failedOrderResponse(res.error, res.orderId),
    );
  }
  sendJson(r.res, 200, out);
}

function ids(orders: readonly SimOrder[]): string[] {
  return orders.map((o) => o.id);
}

function matches(o: SimOrder, market: unknown, assetId: unknown): boolean {
  if (typeof market === 'string' && market !== '' && o.market.conditionId !== market.toLowerCase())
    return false;
  if (typeof assetId === 'string' && assetId !== '' && o.tokenId !== assetId) return false;
  return true;
}

function tradeVisible(t: SimTrade, viewer: string, self: string, q: URLSearchParams): boolean {
  if (!t.participants.has(viewer) || !t.participants.has(self)) return false;
  const id = q.get('id');
  if (id !== null && id !== '' && t.id !== id) return false;
  if (!matches(t.taker, q.get('market'), q.get('asset_id'))) return false;
  const before = q.get('before');
  const after = q.get('after');
  if (before !== null && before !== '' && !(t.matchTime < Number(before))) return false;
  if (after !== null && after !== '' && !(t.matchTime > Number(after))) return false;
  return true;
}

function page(ctx: SimContext, r: SimRequest, items: readonly unknown[]): void {
  const offset = cursorOffset(r.query.get('next_cursor'));
  if (offset === undefined) sendError(r.res, 400, 'invalid next_cursor');
  else sendJson(r.res, 200, paginate(items, offset, ctx.pageSize));
}
