/**
 * Public (unauthenticated) routes: health, time, version, market lookups (tick size, neg-risk, fee rate,
 * market by token, `/clob-markets`) and the order book.
 */
import { sendError, sendJson } from './http-io.ts';
import type { SimContext, SimRequest } from './sim-context.ts';
import type { SimMarket } from './sim-state.ts';
import { bookView, marketInfoView } from './views.ts';

function tokenMarket(ctx: SimContext, r: SimRequest): { market: SimMarket; tokenId: string } | undefined {
  const tokenId = r.query.get('token_id') ?? '';
  const market = ctx.state.tokens.get(tokenId);
  if (market === undefined) {
    sendError(r.res, 404, 'market not found');
    return undefined;
  }
  return { market, tokenId };
}

/** Serves a public GET route; false when the path is not one. */
export function handlePublic(ctx: SimContext, r: SimRequest): boolean {
  if (r.method !== 'GET') return false;
  const { res, path } = r;
  switch (path) {
    case '/':
    case '/ok':
      sendJson(res, 200, 'OK');
      return true;
    case '/time':
      sendJson(res, 200, Math.floor(ctx.clock.now() / 1000));
      return true;
    case '/version':
      sendJson(res, 200, { version: 2 });
      return true;
    case '/tick-size': {
      const m = tokenMarket(ctx, r);
      if (m !== undefined) sendJson(res, 200, { minimum_tick_size: marketInfoView(m.market).mts });
      return true;
    }
    case '/neg-risk': {
      const m = tokenMarket(ctx, r);
      if (m !== undefined) sendJson(res, 200, { neg_risk: m.market.negRisk });
      return true;
    }
    case '/fee-rate': {
      const m = tokenMarket(ctx, r);
      if (m !== undefined) sendJson(res, 200, { base_fee: 0 });
      return true;
    }
    case '/book': {
      const m = tokenMarket(ctx, r);
      if (m === undefined) return true;
      ctx.exchange.expire();
      sendJson(res, 200, bookView(ctx.exchange.engine, m.market, m.tokenId, ctx.clock.now()));
      return true;
    }
  }
  if (path.startsWith('/markets-by-token/')) {
    const market = ctx.state.tokens.get(path.slice('/markets-by-token/'.length));
    if (market === undefined) sendError(res, 404, 'market not found');
    else
      sendJson(res, 200, { condition_id: market.conditionId, primary_token_id: market.tokens[0]?.tokenId });
    return true;
  }
  if (path.startsWith('/clob-markets/')) {
    const market = ctx.state.markets.get(path.slice('/clob-markets/'.length).toLowerCase());
    if (market === undefined) sendError(res, 404, 'market not found');
    else sendJson(res, 200, marketInfoView(market));
    return true;
  }
  return false;
}
