/**
 * The one stored form of an {@link OrderEvent}: a versioned JSON text, exact and generic over the event's
 * shape. Owns {@link encodeEvent}, {@link decodeEvent} and {@link JournalRecordError}.
 *
 * A record is `{"v":1,"event":{...}}`. Inside the event every bigint ({@link Decimal}) is written as the
 * tagged decimal string `{"$dec":"0.45"}` (canonical text, read back exactly); a key of a plain object that
 * starts with `$` is escaped by one more `$`, so no data can pass for a tag. Absent optional fields stay
 * absent. Nothing in the codec names an event type's fields: a new event added to the union (and to
 * `ORDER_EVENT_TYPES`) is stored and read back with no change here.
 */
import { type Decimal, fmt, ORDER_EVENT_TYPES, type OrderEvent } from '../domain/index.ts';
import { StoreError } from '../errors/index.ts';

/** The record format this build writes, and the newest it reads. */
export const EVENT_FORMAT_VERSION = 1;

const DEC_TAG = '$dec';
const DECIMAL_TEXT = /^-?\d+(?:\.\d{1,18})?$/;
const KNOWN_TYPES: ReadonlySet<string> = new Set(ORDER_EVENT_TYPES);

/** A stored record that cannot be read: names the store, the record's sequence number and the problem. */
export class JournalRecordError extends StoreError {
  /** The record's sequence number in its store. */
  readonly seq: string;
  /** What is wrong with it. */
  readonly problem: string;
  constructor(store: string, seq: number | bigint | string, problem: string) {
    super(store, `record ${seq}: ${problem}`);
    this.seq = String(seq);
    this.problem = problem;
  }
}

/** Why an event could not be encoded (a value JSON cannot hold exactly). */
export class EventEncodeError extends Error {
  override readonly name = 'EventEncodeError';
}

/** The versioned JSON text of one event. Throws {@link EventEncodeError} for a value it cannot keep exactly. */
export function encodeEvent(event: OrderEvent): string {
  let json: unknown;
  try {
    json = fastToJson(event);
  } catch {
    // the slow pass finds the same problem and names where it is
    json = toJson(event, 'event');
  }
  return JSON.stringify({ v: EVENT_FORMAT_VERSION, event: json });
}

/** {@link toJson} without building paths (every append encodes): throws on a problem, leaving the message to it. */
function fastToJson(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new Error('not finite');
      return value;
    case 'bigint':
      return { [DEC_TAG]: fmt(value as Decimal) };
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) {
        const out = new Array<unknown>(value.length);
        for (let i = 0; i < value.length; i++) {
          if (value[i] === undefined) throw new Error('hole');
          out[i] = fastToJson(value[i]);
        }
        return out;
      }
      if (!isPlainObject(value)) throw new Error('not plain');
      const out: Record<string, unknown> = {};
      for (const key in value) {
        const item = value[key];
        if (item === undefined) continue;
        setKey(out, key.charCodeAt(0) === 36 ? `$${key}` : key, fastToJson(item));
      }
      return out;
    }
    default:
      throw new Error('not storable');
  }
}

/**
 * Reads a record written by {@link encodeEvent}. Throws {@link JournalRecordError} (naming `store` and
 * `seq`) for bad JSON, a missing or unknown format version, a missing or unknown event type, a bad tag.
 */
export function decodeEvent(
  text: string,
  where: { store: string; seq: number | bigint | string },
): OrderEvent {
  const fail = (problem: string): never => {
    throw new JournalRecordError(where.store, where.seq, problem);
  };
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch (e) {
    return fail(`not valid JSON (${(e as Error).message})`);
  }
  if (!isPlainObject(record)) return fail('not a record object');
  const v = record.v;
  if (v === undefined) return fail('has no format version');
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) return fail(`bad format version ${show(v)}`);
  if (v > EVENT_FORMAT_VERSION) {
    return fail(
      `format version ${v} is newer than this build reads (${EVENT_FORMAT_VERSION}); upgrade ag-exec`,
    );
  }
  const raw = record.event;
  if (!isPlainObject(raw)) return fail('has no event object');
  const type = raw.type;
  if (type === undefined) return fail('event has no type');
  if (typeof type !== 'string' || !KNOWN_TYPES.has(type)) return fail(`unknown event type ${show(type)}`);
  if (typeof raw.orderId !== 'string') return fail(`${type} event has no orderId`);
  if (typeof raw.ts !== 'number') return fail(`${type} event has no ts`);
  try {
    return fastFromJson(raw) as OrderEvent;
  } catch {
    // the slow pass finds the same problem and names where it is
    try {
      return fromJson(raw, 'event') as OrderEvent;
    } catch (e) {
      return fail((e as Error).message);
    }
  }
}

/** {@link fromJson} without building paths (start-up replays read every record): throws on a problem. */
function fastFromJson(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(fastFromJson);
  const obj = value as Record<string, unknown>;
  const tagged = obj[DEC_TAG];
  if (tagged !== undefined) {
    if (typeof tagged !== 'string' || !DECIMAL_TEXT.test(tagged)) throw new Error('bad decimal');
    for (const k in obj) if (k !== DEC_TAG) throw new Error('bad decimal');
    return parseDecimalText(tagged);
  }
  const out: Record<string, unknown> = {};
  for (const key in obj) {
    if (key.charCodeAt(0) === 36 /* $ */ || key === '__proto__') throw new Error('tagged or reserved key');
    out[key] = fastFromJson(obj[key]);
  }
  return out;
}

function toJson(value: unknown, path: string): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new EventEncodeError(`${path} is ${value}, which JSON cannot hold`);
      return value;
    case 'bigint':
      return { [DEC_TAG]: fmt(value as Decimal) };
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) {
        return value.map((item, i) => {
          if (item === undefined) throw new EventEncodeError(`${path}[${i}] is undefined`);
          return toJson(item, `${path}[${i}]`);
        });
      }
      if (!isPlainObject(value)) throw new EventEncodeError(`${path} is not a plain object`);
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        if (item === undefined) continue;
        setKey(out, key.startsWith('$') ? `$${key}` : key, toJson(item, `${path}.${key}`));
      }
      return out;
    }
    default:
      throw new EventEncodeError(`${path} is a ${typeof value}, which cannot be stored`);
  }
}

function fromJson(value: unknown, path: string): unknown {
  if (Array.isArray(value)) return value.map((item, i) => fromJson(item, `${path}[${i}]`));
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === DEC_TAG) {
    const text = value[DEC_TAG];
    if (typeof text !== 'string' || !DECIMAL_TEXT.test(text)) {
      throw new Error(`${path} is not a decimal: ${show(text)}`);
    }
    return parseDecimalText(text);
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    let name = key;
    if (key.startsWith('$')) {
      if (!key.startsWith('$$')) throw new Error(`${path} has an unknown tag ${show(key)}`);
      name = key.slice(1);
    }
    setKey(out, name, fromJson(value[key], `${path}.${name}`));
  }
  return out;
}

/** Exact inverse of `fmt` for any magnitude (no length limit, unlike the boundary parser). */
function parseDecimalText(text: string): bigint {
  const neg = text.startsWith('-');
  const body = neg ? text.slice(1) : text;
  const dot = body.indexOf('.');
  const int = dot < 0 ? body : body.slice(0, dot);
  const frac = dot < 0 ? '' : body.slice(dot + 1);
  const scaled = BigInt(int + frac.padEnd(18, '0'));
  return neg ? -scaled : scaled;
}

/** Sets an own property, even one named `__proto__`. */
function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function show(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 40)}...` : s;
}
