/** Binance HMAC signing against the reference §2 vectors (the venue's published example included). */
import { describe, expect, it } from 'vitest';
import { encodeParams, encodeRfc3986, hmacSha256Hex, signRest, signWs, wsPayload } from './signing.ts';

// reference §2 vectors (the venue's published example and the derived ones, checked with openssl)
const KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';

describe('Binance HMAC signing', () => {
  it('gives the published signature of the published example', () => {
    const q = encodeParams([
      ['symbol', 'LTCBTC'],
      ['side', 'BUY'],
      ['type', 'LIMIT'],
      ['timeInForce', 'GTC'],
      ['quantity', '1'],
      ['price', '0.1'],
      ['recvWindow', '5000'],
      ['timestamp', '1499827319559'],
    ]);
    expect(q).toBe(
      'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559',
    );
    expect(signRest(SECRET, q)).toBe('c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71');
  });

  it('signs query + body concatenated without a separator', () => {
    expect(
      signRest(
        SECRET,
        'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC',
        'quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559',
      ),
    ).toBe('0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77');
  });

  it('signs the percent-encoded form of non-ASCII values', () => {
    const q = encodeParams([
      ['symbol', '１２３４５６'],
      ['side', 'BUY'],
      ['type', 'LIMIT'],
      ['timeInForce', 'GTC'],
      ['quantity', '1'],
      ['price', '0.1'],
      ['recvWindow', '5000'],
      ['timestamp', '1499827319559'],
    ]);
    expect(q.startsWith('symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&')).toBe(true);
    expect(hmacSha256Hex(SECRET, q)).toBe('e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3');
  });

  it('signs WebSocket API params sorted by name with raw values', () => {
    const params = {
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.01000000',
      price: '52000.00',
      recvWindow: '100',
      timestamp: '1645423376532',
      apiKey: KEY,
    };
    expect(wsPayload(params).startsWith(`apiKey=${KEY}&price=52000.00&quantity=0.01000000`)).toBe(true);
    expect(signWs(SECRET, params)).toBe('aa1b5712c094bc4e57c05a1a5c1fd8d88dcd628338ea863fec7b88e59fe2db24');
    expect(
      signWs(SECRET, {
        apiKey: KEY,
        price: '0.10000000',
        quantity: '1.00000000',
        recvWindow: '5000',
        side: 'BUY',
        symbol: '１２３４５６',
        timeInForce: 'GTC',
        timestamp: '1645423376532',
        type: 'LIMIT',
        signature: 'ignored',
      }),
    ).toBe('b33892ae8e687c939f4468c6268ddd4c40ac1af18ad19a064864c47bae0752cd');
    expect(signWs(SECRET, { timestamp: '1747385641636', apiKey: KEY })).toBe(
      '681110a6057ad58657af22f5640fab9dd17418834cdfccdc81be8b0f7b2cde3e',
    );
  });

  it('encodes RFC 3986 (space, slash, plus, brackets and quotes)', () => {
    expect(encodeRfc3986('a b/c+d')).toBe('a%20b%2Fc%2Bd');
    expect(encodeRfc3986('["BTCUSDT"]')).toBe('%5B%22BTCUSDT%22%5D');
    expect(encodeRfc3986("(x)*!'")).toBe('%28x%29%2A%21%27');
  });
});
