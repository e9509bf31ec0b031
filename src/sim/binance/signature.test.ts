import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacHex, restPayload, signatureMatches, stripSignature, wsPayload } from './signature.ts';

const KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
const ROW1 =
  'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559';

describe('reference signature vectors (§2)', () => {
  it('REST query', () => {
    const sig = 'c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71';
    expect(hmacHex(SECRET, restPayload(`${ROW1}&signature=${sig}`, ''))).toBe(sig);
    expect(signatureMatches(SECRET, restPayload(ROW1, ''), sig.toUpperCase())).toBe(true);
  });

  it('mixed query + body, signature in either part', () => {
    const sig = '0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77';
    const query = 'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC';
    const body = 'quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559';
    expect(signatureMatches(SECRET, restPayload(query, `${body}&signature=${sig}`), sig)).toBe(true);
    expect(signatureMatches(SECRET, restPayload(`${query}&signature=${sig}`, body), sig)).toBe(true);
    expect(signatureMatches(SECRET, restPayload(query, body.replace('0.1', '0.2')), sig)).toBe(false);
  });

  it('UTF-8 symbol, signed percent-encoded as sent (the decoded form does not verify)', () => {
    const sig = 'e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3';
    const encoded = ROW1.replace('LTCBTC', '%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96');
    expect(signatureMatches(SECRET, restPayload(encoded, ''), sig)).toBe(true);
    expect(signatureMatches(SECRET, restPayload(decodeURIComponent(encoded), ''), sig)).toBe(false);
  });

  it('WebSocket API: sorted params, raw UTF-8 values', () => {
    const order = {
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.01000000',
      price: '52000.00',
      recvWindow: 100,
      timestamp: 1645423376532,
      apiKey: KEY,
      signature: 'x',
    };
    expect(wsPayload(order)).toBe(
      `apiKey=${KEY}&price=52000.00&quantity=0.01000000&recvWindow=100&side=SELL&symbol=BTCUSDT&timeInForce=GTC&timestamp=1645423376532&type=LIMIT`,
    );
    expect(hmacHex(SECRET, wsPayload(order))).toBe(
      'aa1b5712c094bc4e57c05a1a5c1fd8d88dcd628338ea863fec7b88e59fe2db24',
    );
    const utf8 = {
      ...order,
      symbol: '１２３４５６',
      side: 'BUY',
      price: '0.10000000',
      quantity: '1.00000000',
      recvWindow: 5000,
    };
    expect(hmacHex(SECRET, wsPayload(utf8))).toBe(
      'b33892ae8e687c939f4468c6268ddd4c40ac1af18ad19a064864c47bae0752cd',
    );
    expect(hmacHex(SECRET, wsPayload({ apiKey: KEY, timestamp: 1747385641636 }))).toBe(
      '681110a6057ad58657af22f5640fab9dd17418834cdfccdc81be8b0f7b2cde3e',
    );
  });

  it('strips only the signature pair, without re-ordering', () => {
    expect(stripSignature('a=1&signature=ff&b=%20')).toBe('a=1&b=%20');
    expect(stripSignature('signature=ff')).toBe('');
    expect(createHmac('sha256', 'k').update('').digest('hex')).toBe(
      hmacHex('k', restPayload('signature=1', '')),
    );
    expect(signatureMatches(SECRET, 'x', 'not-hex')).toBe(false);
  });
});
