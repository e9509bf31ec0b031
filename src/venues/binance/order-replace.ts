/**
 * `modifyOrder` by `POST /api/v3/order/cancelReplace` with `cancelReplaceMode=STOP_ON_FAILURE`
 * (reference §4). The replacement is a new venue order (new orderId) under a new client id, our order's
 * next replacement id (`<base>-<n>`, client-ids.ts); its quantity is the new size minus what the order
 * has filled (the venue does not carry fills over; we do, and report the total). Outcomes:
 *
 * - 200 (both halves SUCCESS): `amended` with the new venue orderId; fills of the replacement are emitted.
 * - 400 -2022, cancel FAILURE (new order NOT_ATTEMPTED): `rejected`; the order is as it was (the cancel
 *   failed because it is filled or gone: the engine confirms with a status query).
 * - 409 -2021, cancel SUCCESS but the new order FAILED (e.g. -2010): the old order is gone and nothing
 *   replaced it: reported Cancelled, and the modify is `rejected` with code `replace_failed_order_cancelled`.
 * - any other definite refusal (filters, parameters, 429 order count): `rejected`, nothing changed.
 * - unknown (5xx, -1007, timeout): `unknown`; the status query settles it: the replacement's client id
 *   is asked first (found: it becomes the order's venue order; proven never placed: forgotten, and the
 *   old order's own status decides).
 */
import { add, asVenueOrderId, type Decimal, dec, type Order, OrderStatus, sub } from '../../domain/index.ts';
import type { ModifyOutcome } from '../venue-adapter.ts';
import { binanceError, classifyBinanceReply } from './error-classifier.ts';
import { ackFills, type BinanceOrderRecord, orderReport, orderWire, refusal } from './order-codec.ts';
import type { SymbolInfo } from './symbol-rules.ts';
import type { VenueParts } from './venue-parts.ts';

interface CancelReplaceData {
  cancelResult?: string;
  newOrderResult?: string;
  cancelResponse?: BinanceOrderRecord & { code?: number; msg?: string };
  newOrderResponse?: (BinanceOrderRecord & { code?: number; msg?: string }) | null;
}

/** Replaces a working order's price and / or size. */
export async function replaceOrder(
  p: VenueParts,
  order: Readonly<Order>,
  newPrice?: Decimal,
  newSize?: Decimal,
): Promise<ModifyOutcome> {
  const reject = (code: string, message: string): ModifyOutcome => ({ kind: 'rejected', code, message });
  if (order.orderType === 'Market') return reject('invalid_order', 'market orders cannot be modified');
  let info: SymbolInfo;
  try {
    info = await p.symbols.prepare(order.market);
  } catch (e) {
    return reject('market_lookup_failed', (e as Error).message);
  }
  if (!info.cancelReplaceAllowed)
    return reject('not_supported', `cancelReplace is not allowed on ${info.symbol}`);
  const live = p.live.ensure(order.id, info.symbol);
  if (live.replace !== undefined)
    return reject('replace_in_flight', 'a replacement of this order is still unsettled');
  const price = newPrice ?? order.price;
  const size = newSize ?? order.size;
  const remaining = sub(size, order.filledSize);
  if (remaining <= 0n) return reject('invalid_order', 'the new size must exceed the filled size');
  const wire = orderWire({ ...order, ...(price === undefined ? {} : { price }) } as Order, info, remaining);
  if (!wire.ok) return reject(wire.code, wire.message);
  const ref = p.symbols.price(info.symbol);
  const bad = refusal(info, wire.rule, ref === undefined ? {} : { referencePrice: ref });
  if (bad !== undefined) return reject(bad.code, bad.message);
  const n = live.n + 1;
  const clientId = p.live.ids.wire(order.id, n);
  live.replace = { n, clientId, size, ...(price === undefined ? {} : { price }) };
  const r = await p.http.signed('POST', '/api/v3/order/cancelReplace', [
    ['symbol', info.symbol],
    ...wire.params,
    ['cancelReplaceMode', 'STOP_ON_FAILURE'],
    ['cancelOrigClientOrderId', live.clientId],
    ['newClientOrderId', clientId],
    ['newOrderRespType', 'FULL'],
  ]);
  const c = classifyBinanceReply(r);
  if (c.kind === 'unknown') {
    live.replace.sent = { clientId, timestamp: r.timestamp, recvWindow: r.recvWindow };
    return { kind: 'unknown', reason: c.reason };
  }
  live.replace = undefined;
  if (c.kind === 'accepted') {
    const b = r.body as CancelReplaceData;
    const fresh = b.newOrderResponse ?? undefined;
    live.carried = add(live.carried, dec(b.cancelResponse?.executedQty ?? '0'));
    live.n = n;
    live.clientId = clientId;
    live.unknownSubmit = undefined;
    const venueOrderId = fresh?.orderId === undefined ? undefined : asVenueOrderId(String(fresh.orderId));
    if (venueOrderId !== undefined) p.live.setVenueId(live, venueOrderId);
    if (fresh !== undefined)
      for (const f of ackFills(p.venueId, order.market, order.id, fresh, order.side)) p.events.fill(f);
    return {
      kind: 'amended',
      ...(price === undefined ? {} : { price }),
      size,
      ...(venueOrderId === undefined ? {} : { venueOrderId }),
    };
  }
  const data = (r.body as { data?: CancelReplaceData } | undefined)?.data;
  if (data?.cancelResult === 'SUCCESS' && data.newOrderResult !== 'SUCCESS') {
    // the old order is cancelled and nothing replaced it
    p.live.markClosed(live);
    const cancelled = data.cancelResponse ?? {};
    p.events.report({
      ...orderReport({ ...cancelled, status: 'CANCELED' }, order.id, live.carried),
      status: OrderStatus.Cancelled,
    });
    const why = data.newOrderResponse?.msg ?? binanceError(r.body)?.msg ?? '';
    return reject(
      'replace_failed_order_cancelled',
      `the order was cancelled but its replacement was refused (${why})`,
    );
  }
  if (data?.cancelResult === 'FAILURE') {
    const why = data.cancelResponse?.msg ?? '';
    return reject(
      c.kind === 'rejected' ? c.code : 'replace_failed',
      `cancel of the order failed, nothing replaced (${why})`,
    );
  }
  if (c.kind === 'rate_limited' || c.kind === 'banned') return reject(c.code, c.message);
  return reject(c.code, c.message);
}
