/**
 * Cursor pagination as the venue does it: the cursor is base64 of a decimal offset, `MA==` ("0") first,
 * `LTE=` ("-1") when there is nothing more; a page is `{data, next_cursor, limit, count}`.
 */

/** First page cursor. */
export const INITIAL_CURSOR = 'MA==';
/** No more pages. */
export const END_CURSOR = 'LTE=';

/** One page of results. */
export interface Page<T> {
  readonly data: T[];
  readonly next_cursor: string;
  readonly limit: number;
  readonly count: number;
}

/** The offset of a cursor (absent = first page), or undefined when the cursor is invalid. */
export function cursorOffset(cursor: string | null | undefined): number | undefined {
  if (cursor === null || cursor === undefined || cursor === '') return 0;
  if (cursor === END_CURSOR) return -1;
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  if (!/^\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}

/** The page of `items` at `offset` (a negative offset, from `LTE=`, gives an empty last page). */
export function paginate<T>(items: readonly T[], offset: number, limit: number): Page<T> {
  if (offset < 0) return { data: [], next_cursor: END_CURSOR, limit, count: 0 };
  const data = items.slice(offset, offset + limit);
  const end = offset + data.length;
  const next_cursor = end < items.length ? Buffer.from(String(end)).toString('base64') : END_CURSOR;
  return { data, next_cursor, limit, count: data.length };
}
