/**
 * Checks of a SIGNED request in the order of reference §10: the API key header (401 -2014 format,
 * -2015 unknown), timestamp and recvWindow (-1102, -1131, -1021 with its two messages; ms or µs), then
 * the HMAC over the raw query and raw body (-1102 missing, 400 -1022).
 */
import type { SimAccount } from './accounts.ts';
import { BinanceApiError, MSG, mandatory } from './errors.ts';
import type { Params } from './params.ts';
import { restPayload, signatureMatches } from './signature.ts';
import type { BinanceRequest, SimContext } from './sim-context.ts';

const KEY_RE = /^[A-Za-z0-9]{64}$/;

/** The account of a key header value; 401 -2014 / -2015 when it cannot be used. */
export function accountOfKey(ctx: SimContext, key: unknown): SimAccount {
  if (typeof key !== 'string' || !KEY_RE.test(key)) throw new BinanceApiError(401, -2014, MSG.keyFormat);
  const a = ctx.accounts.get(key);
  if (a === undefined) throw new BinanceApiError(401, -2015, MSG.keyInvalid);
  return a;
}

/** Checks timestamp / recvWindow against the venue clock; throws -1102 / -1131 / -1021. */
export function checkTimestamp(p: Params, now: number, micro: boolean): void {
  const text = p.get('timestamp');
  if (text === undefined || !/^[0-9]{1,20}$/.test(text)) throw mandatory('timestamp');
  let ts = Number(text);
  if (micro || ts >= 1e14) ts /= 1000;
  let window = 5000;
  const rw = p.get('recvWindow');
  if (rw !== undefined) {
    if (!/^[0-9]{1,20}(\.[0-9]{1,3})?$/.test(rw)) throw mandatory('recvWindow');
    window = Number(rw);
    if (window > 60_000) throw new BinanceApiError(400, -1131, MSG.recvWindowMax);
  }
  if (ts >= now + 1000) throw new BinanceApiError(400, -1021, MSG.tsAhead);
  if (now - ts > window) throw new BinanceApiError(400, -1021, MSG.tsOutside);
}

/** Runs every check of a SIGNED REST request; returns its account. */
export function authenticate(ctx: SimContext, r: BinanceRequest): SimAccount {
  const account = accountOfKey(ctx, r.headers['x-mbx-apikey']);
  const unit = String(r.headers['x-mbx-time-unit'] ?? '').toUpperCase();
  checkTimestamp(r.params, ctx.clock.now(), unit === 'MICROSECOND');
  const signature = r.params.get('signature');
  if (signature === undefined) throw mandatory('signature');
  if (!signatureMatches(account.secret, restPayload(r.rawQuery, r.rawBody), signature)) {
    throw new BinanceApiError(400, -1022, MSG.badSignature);
  }
  return account;
}
