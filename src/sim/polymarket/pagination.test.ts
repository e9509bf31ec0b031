import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cursorOffset, END_CURSOR, INITIAL_CURSOR, paginate } from './pagination.ts';

describe('venue cursor pagination', () => {
  it('starts at MA== and ends at LTE=', () => {
    expect(cursorOffset(INITIAL_CURSOR)).toBe(0);
    expect(cursorOffset(decodeURIComponent('MA%3D%3D'))).toBe(0);
    expect(cursorOffset(END_CURSOR)).toBe(-1);
    expect(cursorOffset('not a cursor')).toBeUndefined();
    expect(paginate([1, 2, 3], 0, 2)).toEqual({ data: [1, 2], next_cursor: 'Mg==', limit: 2, count: 2 });
    expect(paginate([1, 2, 3], 2, 2)).toEqual({ data: [3], next_cursor: END_CURSOR, limit: 2, count: 1 });
  });

  it('following the cursors visits every item once, in order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer(), { maxLength: 50 }),
        fc.integer({ min: 1, max: 7 }),
        (items, limit) => {
          const seen: number[] = [];
          let cursor = INITIAL_CURSOR;
          while (cursor !== END_CURSOR) {
            const page = paginate(items, cursorOffset(cursor) as number, limit);
            seen.push(...page.data);
            cursor = page.next_cursor;
          }
          expect(seen).toEqual(items);
        },
      ),
    );
  });
});
