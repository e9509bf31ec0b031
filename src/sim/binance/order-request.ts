/**
 * Reading a new order from request parameters as the venue does (reference §4): symbol, side, type,
 * the parameters each type requires or refuses (-1102, -1106), decimals (-1100, -1111), the client id,
 * the reply type and STP mode, the symbol status, then the symbol filters (-1013).
 */
import type { SimAccount } from './accounts.ts';
import { alnum } from './accounts.ts';
import { BinanceApiError, filterFailure, MSG, mandatory, notRequired, rejected } from './errors.ts';
import type { NewOrderRequest } from './exchange.ts';
import { failingFilter } from './filters.ts';
import type { Params } from './params.ts';
import type { OrderKind } from './records.ts';
import type { SimContext } from './sim-context.ts';
import { ORDER_TYPES, type SimSymbol, STP_MODES } from './symbols.ts';
import type { RespType } from './views.ts';

const UNSUPPORTED_TYPES: Record<string, string> = {
  STOP_LOSS: 'Stop loss orders are not supported for this symbol.',
  STOP_LOSS_LIMIT: 'Stop loss limit orders are not supported for this symbol.',
  TAKE_PROFIT: 'Take profit orders are not supported for this symbol.',
  TAKE_PROFIT_LIMIT: 'Take profit limit orders are not supported for this symbol.',
};

/** The symbol named by `symbol` (-1102 absent, -1121 unknown). */
export function symbolOf(ctx: SimContext, p: Params, name = 'symbol'): SimSymbol {
  const s = ctx.symbols.get(p.need(name));
  if (s === undefined) throw new BinanceApiError(400, -1121, MSG.badSymbol);
  return s;
}

/** A 22-character venue-made client order id. */
export function makeClientId(ctx: SimContext): string {
  return alnum(ctx.rng, 22);
}

/** A parsed new order and its reply type. */
export interface ParsedOrder {
  readonly req: NewOrderRequest;
  readonly resp: RespType;
}

/** Reads and checks the new-order parameters (no filters). */
export function parseNewOrder(ctx: SimContext, p: Params): ParsedOrder {
  const symbol = symbolOf(ctx, p);
  const sideText = p.need('side');
  if (sideText !== 'BUY' && sideText !== 'SELL') throw new BinanceApiError(400, -1117, 'Invalid side.');
  const side = sideText;
  const typeText = p.need('type');
  const unsupported = UNSUPPORTED_TYPES[typeText];
  if (unsupported !== undefined) throw rejected(unsupported);
  if (!ORDER_TYPES.includes(typeText as OrderKind))
    throw new BinanceApiError(400, -1116, 'Invalid orderType.');
  const type = typeText as OrderKind;
  for (const name of ['stopPrice', 'trailingDelta']) if (p.has(name)) throw notRequired(name);
  if (p.get('icebergQty') !== undefined) throw rejected('Iceberg orders are not supported for this symbol.');
  let timeInForce: 'GTC' | 'IOC' | 'FOK' = 'GTC';
  const tif = p.get('timeInForce');
  if (type === 'LIMIT') {
    if (tif === undefined) throw mandatory('timeInForce');
    if (tif !== 'GTC' && tif !== 'IOC' && tif !== 'FOK') {
      throw new BinanceApiError(400, -1115, 'Invalid timeInForce.');
    }
    timeInForce = tif;
  } else if (tif !== undefined) {
    throw new BinanceApiError(400, -1114, 'TimeInForce parameter sent when not required.');
  }
  const quantity = p.decimal('quantity');
  const quoteOrderQty = p.decimal('quoteOrderQty');
  const price = p.decimal('price');
  if (type === 'MARKET') {
    if (price !== undefined) throw notRequired('price');
    if (quantity === undefined && quoteOrderQty === undefined) {
      throw new BinanceApiError(
        400,
        -1102,
        "Param 'quantity' or 'quoteOrderQty' must be sent, but both were empty/null!",
      );
    }
    if (quantity !== undefined && quoteOrderQty !== undefined) throw notRequired('quoteOrderQty');
  } else {
    if (quoteOrderQty !== undefined) throw notRequired('quoteOrderQty');
    if (quantity === undefined) throw mandatory('quantity');
    if (price === undefined) throw mandatory('price');
  }
  const clientOrderId = p.clientId('newClientOrderId') ?? makeClientId(ctx);
  const resp =
    p.oneOf('newOrderRespType', ['ACK', 'RESULT', 'FULL'] as const, false) ??
    (type === 'LIMIT_MAKER' ? 'ACK' : 'FULL');
  const stp = p.get('selfTradePreventionMode') ?? 'EXPIRE_MAKER';
  if (!STP_MODES.includes(stp as (typeof STP_MODES)[number])) {
    if (['EXPIRE_BOTH', 'DECREMENT', 'TRANSFER'].includes(stp)) throw rejected(MSG.stpNotAllowed);
    throw new BinanceApiError(
      400,
      -1100,
      "Illegal characters found in parameter 'selfTradePreventionMode'; legal range is 'NONE, EXPIRE_TAKER, EXPIRE_MAKER, EXPIRE_BOTH, DECREMENT, TRANSFER'.",
    );
  }
  return {
    req: { symbol, side, type, timeInForce, price, quantity, quoteOrderQty, clientOrderId, stp },
    resp,
  };
}

/** Checks the symbol status and filters of a parsed order for `account` (-1013). */
export function checkOrder(
  ctx: SimContext,
  account: SimAccount,
  req: NewOrderRequest,
  /** Open orders that will be gone first (the cancel of a cancelReplace). */
  leaving = 0,
): void {
  if (req.symbol.status !== 'TRADING') throw new BinanceApiError(400, -1013, MSG.marketClosed);
  const open = ctx.exchange.openOrders(account, req.symbol.symbol).length - leaving;
  const failed = failingFilter(req.symbol, req, ctx.exchange.avgPrice(req.symbol.symbol), open);
  if (failed !== undefined) throw filterFailure(failed);
}
