/** OrderId <-> newClientOrderId mapping (plain, hashed, replacements), property-tested. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asOrderId, IdGenerator } from '../../domain/index.ts';
import {
  baseClientId,
  CLIENT_ID_RE,
  ClientIdBook,
  clientIdOf,
  MAX_REPLACEMENTS,
  parseClientId,
} from './client-ids.ts';

describe('client order id mapping', () => {
  it('sends the engine ids as they are', () => {
    const g = new IdGenerator('ag');
    for (let i = 0; i < 100; i++) {
      const id = g.next(1_700_000_000_000 + i);
      expect(clientIdOf(id)).toBe(id);
      expect(CLIENT_ID_RE.test(clientIdOf(id, MAX_REPLACEMENTS))).toBe(true);
    }
  });

  it('hashes long or non-alphanumeric ids deterministically into the venue pattern', () => {
    const long = 'strategy-A/order#0001-with-a-very-long-name';
    const w = baseClientId(long);
    expect(w).toBe(baseClientId(long));
    expect(w).toMatch(/^_[0-9a-f]{30}$/);
    expect(baseClientId('a-b')).not.toBe('a-b');
  });

  it('maps every id and replacement number back (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 80 }),
        fc.integer({ min: 0, max: MAX_REPLACEMENTS }),
        (id, n) => {
          const book = new ClientIdBook();
          const wire = book.wire(asOrderId(id), n);
          expect(CLIENT_ID_RE.test(wire)).toBe(true);
          expect(book.ours(wire)).toEqual({ orderId: id, n });
        },
      ),
    );
  });

  it('refuses wire ids that are not ours', () => {
    expect(parseClientId('x-TKT5PX2F-abc')).toBeUndefined();
    expect(parseClientId('web_abc')).toBeUndefined();
    expect(new ClientIdBook().ours(`_${'0'.repeat(30)}`)).toBeUndefined();
    expect(() => clientIdOf('a', MAX_REPLACEMENTS + 1)).toThrow(RangeError);
  });
});
