/** Binance config: environment, validation errors naming the field, redaction. */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors/index.ts';
import { binanceConfigFromEnv, maskKey, redactConfig, resolveBinanceConfig } from './binance-config.ts';

const KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';

describe('Binance config', () => {
  it('reads the environment, overrides winning', () => {
    const c = resolveBinanceConfig(
      binanceConfigFromEnv(
        {
          BINANCE_API_KEY: KEY,
          BINANCE_API_SECRET: SECRET,
          BINANCE_BASE_URL: 'http://127.0.0.1:9999/',
          BINANCE_WS_API_URL: 'ws://127.0.0.1:9999/ws-api/v3',
          BINANCE_RECV_WINDOW: '2500',
        },
        { venueId: 'bn' },
      ),
    );
    expect(c).toMatchObject({
      baseUrl: 'http://127.0.0.1:9999',
      wsApiUrl: 'ws://127.0.0.1:9999/ws-api/v3',
      recvWindow: 2500,
      venueId: 'bn',
      stream: true,
    });
    const d = resolveBinanceConfig({ apiKey: KEY, apiSecret: SECRET });
    expect(d.baseUrl).toBe('https://api.binance.com');
    expect(d.recvWindow).toBe(5000);
  });

  it('names the bad field without showing secrets', () => {
    const bad = (over: object, field: string) => {
      let err: unknown;
      try {
        resolveBinanceConfig({ apiKey: KEY, apiSecret: SECRET, ...over });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).message).toContain(field);
      const shown = `${String(err)} ${JSON.stringify(err)} ${inspect(err)}`;
      expect(shown).not.toContain(SECRET);
      expect(shown).not.toContain(KEY);
    };
    bad({ apiKey: '' }, 'apiKey');
    bad({ apiKey: `${KEY}!` }, 'apiKey');
    bad({ apiSecret: '' }, 'apiSecret');
    bad({ recvWindow: 60001 }, 'recvWindow');
    bad({ recvWindow: 0 }, 'recvWindow');
    bad({ baseUrl: 'ftp://x' }, 'baseUrl');
    bad({ wsApiUrl: 'http://x' }, 'wsApiUrl');
  });

  it('redacts the secret and masks the key', () => {
    const r = redactConfig(resolveBinanceConfig({ apiKey: KEY, apiSecret: SECRET }));
    const text = JSON.stringify(r);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(KEY);
    expect(r.apiKey).toBe(maskKey(KEY));
    expect(r.apiKey).toBe('vmPU...Eh8A');
  });
});
