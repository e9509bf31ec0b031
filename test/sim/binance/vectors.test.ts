/**
 * The reference's signature vectors (§2) against the running simulator: the vector key is registered, the
 * venue clock is set to each vector's timestamp, and the exact signed texts are sent. A verified signature
 * gets past -1022 (the LTCBTC / UTF-8 symbols are not listed, so the reply is -1121); one changed byte is -1022.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type BinanceSim, startBinanceSim } from '../../../src/sim/binance/index.ts';
import { WsClient } from './binance-test-kit.ts';

const KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
const ROW1 =
  'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559';

async function simAt(ms: number): Promise<BinanceSim> {
  const sim = await startBinanceSim({ seed: 2, clock: { now: () => ms } });
  sim.admin.createAccount({ BTC: '1' }, { apiKey: KEY, secret: SECRET });
  return sim;
}

async function post(sim: BinanceSim, query: string, body: string): Promise<unknown> {
  const res = await fetch(`${sim.url}/api/v3/order${query === '' ? '' : `?${query}`}`, {
    method: 'POST',
    headers: { 'X-MBX-APIKEY': KEY, 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  return res.json();
}

const invalidSymbol = { code: -1121, msg: 'Invalid symbol.' };
const badSignature = { code: -1022, msg: 'Signature for this request is not valid.' };

describe('reference signature vectors on the wire', () => {
  let sim: BinanceSim | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('REST query, mixed query + body, UTF-8 symbol', async () => {
    sim = await simAt(1499827319559 + 100);
    const s1 = 'c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71';
    expect(await post(sim, `${ROW1}&signature=${s1}`, '')).toEqual(invalidSymbol);
    expect(await post(sim, '', `${ROW1}&signature=${s1.toUpperCase()}`)).toEqual(invalidSymbol);
    expect(await post(sim, `${ROW1.replace('price=0.1', 'price=0.2')}&signature=${s1}`, '')).toEqual(
      badSignature,
    );
    const s2 = '0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77';
    const q = 'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC';
    const b = 'quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559';
    expect(await post(sim, q, `${b}&signature=${s2}`)).toEqual(invalidSymbol);
    expect(await post(sim, `${q}&signature=${s2}`, b)).toEqual(invalidSymbol);
    const s3 = 'e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3';
    const utf8 = ROW1.replace('LTCBTC', '%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96');
    expect(await post(sim, `${utf8}&signature=${s3}`, '')).toEqual(invalidSymbol);
  });

  it('WebSocket subscribe vector', async () => {
    sim = await simAt(1747385641636 + 50);
    const ws = await WsClient.open(sim);
    const reply = await ws.call('userDataStream.subscribe.signature', {
      apiKey: KEY,
      timestamp: 1747385641636,
      signature: '681110a6057ad58657af22f5640fab9dd17418834cdfccdc81be8b0f7b2cde3e',
    });
    expect(reply).toMatchObject({ status: 200, result: { subscriptionId: 0 } });
    ws.close();
  });
});
