/**
 * Cursor pagination: opaque cursors (base64url of a small JSON position) and the page shape
 * `{ items, nextCursor }`. A cursor that cannot be read is a 400 VALIDATION_ERROR naming `cursor`.
 */
import { ValidationError } from '../errors/index.ts';

/** One page of results; `nextCursor` is null on the last page. */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

/** Encodes a position as an opaque cursor. */
export function encodeCursor(pos: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(pos), 'utf8').toString('base64url');
}

/** Decodes a cursor made by {@link encodeCursor} of a `[number, string]` position; throws ValidationError otherwise. */
export function decodeCursor(cursor: string): [number, string] {
  let pos: unknown;
  try {
    pos = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    pos = undefined;
  }
  if (
    !Array.isArray(pos) ||
    pos.length !== 2 ||
    !Number.isSafeInteger(pos[0]) ||
    (pos[0] as number) < 0 ||
    typeof pos[1] !== 'string'
  ) {
    throw new ValidationError('cursor', cursor, 'is not a cursor returned by this API');
  }
  return pos as [number, string];
}
