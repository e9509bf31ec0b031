/**
 * Cursor pagination of the venue's L2 lists (`/data/orders`, `/data/trades`): cursors are base64 decimal
 * offsets from `MA==` ("0") to `LTE=` ("-1"); every page must carry a `data` array. One header timestamp
 * serves every page of one read, as the official client does.
 */
import { VenueError } from '../../errors/index.ts';
import type { L2Authenticator } from './auth-headers.ts';
import type { ClobHttp } from './clob-http.ts';
import { readFailure } from './error-classifier.ts';

/** First cursor. */
export const FIRST_CURSOR = 'MA==';
/** The cursor that ends a list. */
export const END_CURSOR = 'LTE=';

/** Reads every page of `path` with `query`; throws the gateway error of a failed page. */
export async function readAllPages<T>(
  http: ClobHttp,
  auth: L2Authenticator,
  venue: string,
  path: string,
  query: Readonly<Record<string, string>>,
): Promise<T[]> {
  const ts = http.venueSeconds();
  const out: T[] = [];
  let cursor = FIRST_CURSOR;
  for (let n = 0; n < 100_000 && cursor !== END_CURSOR; n++) {
    const qs = new URLSearchParams({ ...query, next_cursor: cursor }).toString();
    const r = await http.private_(auth, 'GET', `${path}?${qs}`, undefined, ts);
    if (r.status !== 200) readFailure(venue, r);
    const page = r.body as { data?: unknown; next_cursor?: unknown };
    if (!Array.isArray(page?.data)) throw new VenueError(venue, `${path}: page without data`, 'bad_page');
    for (const item of page.data) out.push(item as T);
    const next = typeof page.next_cursor === 'string' ? page.next_cursor : END_CURSOR;
    if (next === cursor || next === '') break;
    cursor = next;
  }
  return out;
}
