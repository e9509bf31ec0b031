/** Event codec: exact round trip of every event (property test) and clear reports of damaged records. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accepted, arbitraryEvent, submitted } from '../../test/store/event-arbitrary.ts';
import type { OrderEvent } from '../domain/index.ts';
import { StoreError } from '../errors/index.ts';
import {
  decodeEvent,
  EVENT_FORMAT_VERSION,
  EventEncodeError,
  encodeEvent,
  JournalRecordError,
} from './event-codec.ts';

const where = { store: 'test-store', seq: 42 };

describe('event codec', () => {
  it('round-trips every event exactly (decimals, ids, timestamps, absent optional fields)', () => {
    fc.assert(
      fc.property(arbitraryEvent(), (event) => {
        expect(decodeEvent(encodeEvent(event), where)).toStrictEqual(event);
      }),
      { seed: 20261127, numRuns: 500 },
    );
  });

  it('is generic over shape: nested values, bigints and `$` keys it has never seen round-trip too', () => {
    fc.assert(
      fc.property(arbitraryEvent(true), (event) => {
        expect(decodeEvent(encodeEvent(event), where)).toStrictEqual(event);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('writes decimals as readable tagged strings, with the format version', () => {
    const text = encodeEvent(submitted(3));
    const record = JSON.parse(text);
    expect(record.v).toBe(EVENT_FORMAT_VERSION);
    expect(record.event.order.price).toEqual({ $dec: '0.123456789012345678' });
    expect(record.event.order.size).toEqual({ $dec: '1000000000000.000000000000000003' });
    expect(record.event.order.fees).toEqual({ $dec: '-0.000000000000000001' });
    expect('reason' in record.event).toBe(false);
  });

  it('refuses values JSON cannot hold exactly, saying where', () => {
    const bad = { ...accepted('o1'), ts: Number.NaN };
    expect(() => encodeEvent(bad)).toThrow(EventEncodeError);
    expect(() => encodeEvent(bad)).toThrow(/event\.ts is NaN/);
  });

  it('refuses what it could not read back the same, naming where: a Date, a Map, a class, a hole, Infinity', () => {
    const base = accepted('o1');
    const cases: [unknown, RegExp][] = [
      [{ when: new Date(0) }, /event\.extra\.when is not a plain object/],
      [{ m: new Map() }, /event\.extra\.m is not a plain object/],
      [{ c: new (class Thing {})() }, /event\.extra\.c is not a plain object/],
      [{ list: [1, undefined] }, /event\.extra\.list\[1\] is undefined/],
      [{ deep: { x: [Number.POSITIVE_INFINITY] } }, /event\.extra\.deep\.x\[0\] is Infinity/],
      [{ f: () => 1 }, /event\.extra\.f is a function/],
    ];
    for (const [extra, message] of cases) {
      const bad = { ...base, extra } as unknown as OrderEvent;
      expect(() => encodeEvent(bad)).toThrow(EventEncodeError);
      expect(() => encodeEvent(bad)).toThrow(message);
    }
  });

  const cases: [string, string, RegExp][] = [
    ['bad JSON', '{"v":1,"event":', /record 42: not valid JSON/],
    ['no version', '{"event":{"type":"Accepted","orderId":"o","ts":1}}', /record 42: has no format version/],
    [
      'newer version',
      '{"v":99,"event":{"type":"Accepted","orderId":"o","ts":1}}',
      /record 42: format version 99 is newer/,
    ],
    ['no event type', '{"v":1,"event":{"orderId":"o","ts":1}}', /record 42: event has no type/],
    [
      'unknown event type',
      '{"v":1,"event":{"type":"Teleported","orderId":"o","ts":1}}',
      /unknown event type "Teleported"/,
    ],
    ['no orderId', '{"v":1,"event":{"type":"Accepted","ts":1}}', /Accepted event has no orderId/],
    [
      'bad decimal tag',
      '{"v":1,"event":{"type":"Amended","orderId":"o","ts":1,"price":{"$dec":"1e5"}}}',
      /event\.price is not a decimal/,
    ],
    [
      'unknown tag',
      '{"v":1,"event":{"type":"Amended","orderId":"o","ts":1,"price":{"$num":"1"}}}',
      /unknown tag "\$num"/,
    ],
  ];
  for (const [what, text, message] of cases) {
    it(`reports a record with ${what} by its sequence number`, () => {
      let caught: unknown;
      try {
        decodeEvent(text, where);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(JournalRecordError);
      expect(caught).toBeInstanceOf(StoreError);
      expect((caught as JournalRecordError).seq).toBe('42');
      expect((caught as Error).message).toMatch(/^test-store: /);
      expect((caught as Error).message).toMatch(message);
    });
  }
});
