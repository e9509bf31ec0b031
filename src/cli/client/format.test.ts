/** Tables of the gateway commands: decimal alignment, empty tables, refusal lines. */
import { describe, expect, it } from 'vitest';
import { alignDecimals, formatFields, formatTable, refusalLines } from './format.ts';

describe('alignDecimals', () => {
  it('lines decimal strings up on their decimal point without changing a digit', () => {
    expect(alignDecimals(['0.5', '10.25', '3', '', '-1.125'])).toEqual([
      ' 0.5  ',
      '10.25 ',
      ' 3    ',
      '',
      '-1.125',
    ]);
  });
});

describe('formatTable', () => {
  it('right-aligns money columns and left-aligns the others', () => {
    const text = formatTable(
      [{ header: 'MARKET' }, { header: 'PRICE', money: true }],
      [
        ['PM-YES', '0.47'],
        ['BTC-USD', '60000.5'],
      ],
    );
    expect(text.split('\n')).toEqual([
      'MARKET      PRICE',
      '-------  --------',
      'PM-YES       0.47',
      'BTC-USD  60000.5',
    ]);
  });

  it('says (none) when there is no row', () => {
    expect(formatTable([{ header: 'A' }], [])).toBe('(none)');
  });
});

describe('formatFields and refusalLines', () => {
  it('pads keys and drops empty values', () => {
    expect(
      formatFields([
        ['id', 'x'],
        ['price', undefined],
        ['client id', 'c'],
      ]),
    ).toBe('id         x\nclient id  c');
  });

  it('prints CODE: message, then the details when there are any', () => {
    expect(refusalLines('ORDER_NOT_FOUND', 'no such order', {})).toBe('ORDER_NOT_FOUND: no such order');
    expect(refusalLines('VALIDATION_ERROR', 'size: too small', { field: 'size' })).toBe(
      'VALIDATION_ERROR: size: too small\ndetails: {"field":"size"}',
    );
  });
});
