/** Flag parsing of the gateway commands: strictness, named flags in every usage error, no token flag. */
import { describe, expect, it } from 'vitest';
import { choiceFlag, decimalFlag, gatewayUrl, integerFlag, parseFlags, UsageError } from './client-args.ts';

const opts = { price: { type: 'string' }, all: { type: 'boolean' } } as const;

describe('parseFlags', () => {
  it('parses the command flags with the common ones', () => {
    const p = parseFlags(['ID', '--price', '0.4', '--json', '--url=http://h:1'], opts, 1);
    expect(p.positionals).toEqual(['ID']);
    expect(p.values).toMatchObject({ price: '0.4', json: true, url: 'http://h:1' });
  });

  it('names the flag of an unknown option, a missing value or an extra argument', () => {
    expect(() => parseFlags(['--bogus'], opts, 0)).toThrow(/--bogus/);
    expect(() => parseFlags(['--price'], opts, 0)).toThrow(/--price/);
    expect(() => parseFlags(['--price', '--all'], opts, 0)).toThrow(/--price/);
    expect(() => parseFlags(['a', 'b'], opts, 1)).toThrow(/unexpected argument "b"/);
  });

  it('refuses a token on the command line without repeating it', () => {
    for (const argv of [['--token', 's3cret-value'], ['--token=s3cret-value']]) {
      let message = '';
      try {
        parseFlags(argv, opts, 0);
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        message = (e as Error).message;
      }
      expect(message).toContain('AG_EXEC_TOKEN');
      expect(message).not.toContain('s3cret-value');
    }
  });
});

describe('values', () => {
  it('keeps decimals as text and refuses anything else, naming the flag', () => {
    expect(decimalFlag('price', '0.45')).toBe('0.45');
    expect(decimalFlag('size', '10')).toBe('10');
    expect(decimalFlag('price', undefined)).toBeUndefined();
    for (const bad of ['abc', '-1', '0', '1e3', '0x10', '', '1.2.3'])
      expect(() => decimalFlag('price', bad)).toThrow(/--price/);
  });

  it('checks integers against their bounds', () => {
    expect(integerFlag('limit', '5', 1, 1000)).toBe(5);
    for (const bad of ['0', '1001', '2.5', 'x'])
      expect(() => integerFlag('limit', bad, 1, 1000)).toThrow(/--limit/);
  });

  it('maps choices case-insensitively', () => {
    expect(choiceFlag('side', 'BUY', { buy: 'Buy', sell: 'Sell' })).toBe('Buy');
    expect(() => choiceFlag('side', 'long', { buy: 'Buy', sell: 'Sell' })).toThrow(
      /--side must be one of buy, sell/,
    );
  });

  it('takes the URL from --url, else AG_EXEC_URL, else the default', () => {
    expect(gatewayUrl({ url: 'http://a:1' }, { AG_EXEC_URL: 'http://b:2' })).toBe('http://a:1');
    expect(gatewayUrl({}, { AG_EXEC_URL: 'http://b:2' })).toBe('http://b:2');
    expect(gatewayUrl({}, {})).toBe('http://127.0.0.1:8080');
  });
});
