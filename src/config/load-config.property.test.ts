/** Property: `loadConfig` throws nothing but ConfigError, on malformed text, random shapes and a mangled example. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ConfigError } from '../errors/index.ts';
import { loadConfig } from './load-config.ts';

const KEYS = [
  'server',
  'auth',
  'store',
  'venues',
  'rateLimits',
  'risk',
  'metrics',
  'reconcile',
  'log',
  'host',
  'port',
  'required',
  'tokens',
  'scope',
  'sha256',
  'kind',
  'path',
  'url',
  'url_env',
  'id',
  'simulator',
  'baseUrl',
  'policies',
  'type',
  'max_size',
  'file',
  'shared',
  'rate',
  'burst',
  'buckets',
  'api_key',
  'markets',
  'level',
];
const SCALARS = fc.oneof(
  fc.constantFrom(
    'paper',
    'polymarket',
    'binance',
    'sqlite',
    'postgres',
    'memory',
    'read',
    'admin',
    '127.0.0.1',
    '0.0.0.0',
    'https://a.b',
    'redis://u:p@h',
    'PositionLimit',
    'FULL',
    'info',
    '',
  ),
  fc.integer({ min: -100_000, max: 100_000 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 12 }),
);
/** Nested maps and lists over the config's own words, so that many inputs get deep into the schema. */
const VALUE = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, SCALARS, tie('map'), tie('list')),
  map: fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 })), tie('value'), {
    maxKeys: 5,
  }),
  list: fc.array(tie('value'), { maxLength: 4 }),
})).value;

/** Text built from YAML's punctuation and the config's words: mostly malformed documents. */
const YAMLISH = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        ':',
        ' ',
        '  ',
        '\n',
        '- ',
        '[',
        ']',
        '{',
        '}',
        ',',
        '"',
        "'",
        '#',
        '&a',
        '*a',
        '!!str',
        '? ',
        '|',
        '>',
        '\t',
        '---',
        '...',
        '<<: ',
        '%YAML 1.2',
      ),
      fc.constantFrom(...KEYS),
      fc.string({ maxLength: 4 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

function check(text: string): void {
  try {
    loadConfig(text, { source: 'prop' });
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    expect(e.issues.length).toBeGreaterThan(0);
    for (const i of e.issues) {
      expect(typeof i.path).toBe('string');
      expect(i.message.length).toBeGreaterThan(0);
      if (i.line !== undefined) expect(i.line).toBeGreaterThanOrEqual(1);
    }
  }
}

describe('loadConfig never throws anything but ConfigError', () => {
  it('on YAML-ish text', () => {
    fc.assert(fc.property(YAMLISH, check), { seed: 7, numRuns: 600 });
  });

  it('on well-formed YAML of random shapes over the config words', () => {
    fc.assert(
      fc.property(VALUE, (v) => check(stringify(v))),
      { seed: 11, numRuns: 600 },
    );
  });

  it('on the example config with one line dropped or duplicated', async () => {
    const { readFileSync } = await import('node:fs');
    const example = readFileSync(new URL('../../examples/gateway.yaml', import.meta.url), 'utf8').split('\n');
    fc.assert(
      fc.property(fc.nat(example.length - 1), fc.boolean(), (n, dup) => {
        const lines = [...example];
        if (dup) lines.splice(n, 0, example[n]!);
        else lines.splice(n, 1);
        check(lines.join('\n'));
      }),
      { seed: 3, numRuns: 300 },
    );
  });
});
