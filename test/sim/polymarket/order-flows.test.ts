/**
 * More venue behaviour through the official client: market (FOK / FAK) orders priced from the book,
 * batches, post-only, cancel by market, proxy-wallet makers (signature type 1) and the ledger; plus the
 * command's ready line.
 */
import { ClobClient, OrderType, Side, SignatureTypeV2 } from '@polymarket/clob-client-v2';
import { createWalletClient, type Hex, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { polygon } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type PolymarketSim,
  runPolymarketSimCommand,
  startPolymarketSim,
} from '../../../src/sim/polymarket/index.ts';

const TOKEN_A = '71321045679252212594626385532706912750332728571942532289631379312455583992563';
const PROXY = '0x1111111111111111111111111111111111111111';

async function client(sim: PolymarketSim, privateKey: Hex, extra: object = {}): Promise<ClobClient> {
  const signer = createWalletClient({
    account: privateKeyToAccount(privateKey),
    chain: polygon,
    transport: http('http://127.0.0.1:9'),
  });
  const creds = await new ClobClient({ host: sim.url, chain: 137, signer }).createOrDeriveApiKey();
  return new ClobClient({ host: sim.url, chain: 137, signer, creds, ...extra });
}

describe('order flows through the official client', () => {
  let sim: PolymarketSim;
  let maker: ClobClient;
  let taker: ClobClient;
  let takerAddress: Hex;

  beforeAll(async () => {
    sim = await startPolymarketSim({ seed: 3 });
    const m = sim.admin.createAccount({ usdc: '100', tokens: { [TOKEN_A]: '200' } });
    const t = sim.admin.createAccount({ usdc: '100' });
    takerAddress = t.address;
    maker = await client(sim, m.privateKey);
    taker = await client(sim, t.privateKey);
  });
  afterAll(() => sim.close());

  it('batch posts asks; market BUY (FOK) walks the book; FAK and FOK refusals use the venue texts', async () => {
    const orders = [];
    for (const [price, size] of [
      [0.6, 10],
      [0.62, 10],
    ] as const) {
      orders.push({
        order: await maker.createOrder({ tokenID: TOKEN_A, price, size, side: Side.SELL }),
        orderType: OrderType.GTC,
      });
    }
    const posted = await maker.postOrders(orders);
    expect(posted.map((r: { status: string }) => r.status)).toEqual(['live', 'live']);
    const book = await taker.getOrderBook(TOKEN_A);
    expect(book.asks.map((l) => l.price)).toEqual(['0.62', '0.6']);

    const bought = await taker.createAndPostMarketOrder({ tokenID: TOKEN_A, side: Side.BUY, amount: 9 });
    expect(bought).toMatchObject({ success: true, status: 'matched', takingAmount: '14.5161' });
    expect(bought.transactionsHashes).toHaveLength(1);

    const fok = await taker.createAndPostMarketOrder(
      { tokenID: TOKEN_A, side: Side.BUY, amount: 20, price: 0.62 },
      undefined,
      OrderType.FOK,
    );
    expect(fok).toEqual({
      error: "order couldn't be fully filled. FOK orders are fully filled or killed.",
      status: 400,
    });
    const fak = (await taker.createAndPostMarketOrder(
      { tokenID: TOKEN_A, side: Side.BUY, amount: 2, price: 0.5 },
      undefined,
      OrderType.FAK,
    )) as { status?: unknown; error?: string };
    expect(fak.status).toBe(400);
    expect(fak.error).toBe(
      'no orders found to match with FAK order. FAK orders are partially filled or killed if no match is found.',
    );
  });

  it('refuses a crossing post-only order and a batch over 15', async () => {
    const crossing = await taker.createAndPostOrder(
      { tokenID: TOKEN_A, price: 0.7, size: 5, side: Side.BUY },
      undefined,
      OrderType.GTC,
      true,
    );
    expect(crossing).toEqual({ error: 'invalid post-only order: order crosses book', status: 400 });
    const one = await taker.createOrder({ tokenID: TOKEN_A, price: 0.1, size: 5, side: Side.BUY });
    const many = Array.from({ length: 16 }, () => ({ order: one, orderType: OrderType.GTC }));
    expect(await taker.postOrders(many)).toEqual({
      error: 'Too many orders in payload: 16, max allowed: 15',
      status: 400,
    });
  });

  it('cancels by market and shows the venue truth in the ledger', async () => {
    const before = await maker.getOpenOrders();
    expect(before.length).toBe(1);
    const cid = before[0]?.market as string;
    const out = await maker.cancelMarketOrders({ market: cid, asset_id: TOKEN_A });
    expect(out).toEqual({ canceled: [before[0]?.id], not_canceled: {} });
    const ledger = (await (await fetch(`${sim.url}/_sim/ledger`)).json()) as {
      trades: unknown[];
      balances: Record<string, { usdc: string; tokens: Record<string, string>; reservedUsdc: string }>;
    };
    expect(ledger.trades).toHaveLength(1);
    expect(ledger.balances[takerAddress]).toMatchObject({
      usdc: '91.200018',
      tokens: { [TOKEN_A]: '14.5161' },
    });
  });

  it('accepts a proxy-wallet maker (signature type 1) only for the configured funder', async () => {
    const signer = sim.admin.createAccount({});
    const proxyClient = await client(sim, signer.privateKey, {
      signatureType: SignatureTypeV2.POLY_PROXY,
      funderAddress: PROXY,
    });
    const unknown = await proxyClient.createAndPostOrder({
      tokenID: TOKEN_A,
      price: 0.3,
      size: 10,
      side: Side.BUY,
    });
    expect(unknown).toEqual({ error: 'invalid signature', status: 400 });
    await fetch(`${sim.url}/_sim/funders`, {
      method: 'POST',
      body: JSON.stringify({ signer: signer.address, funder: PROXY }),
    });
    await fetch(`${sim.url}/_sim/accounts`, {
      method: 'POST',
      body: JSON.stringify({ address: PROXY, usdc: '50' }),
    });
    const ok = await proxyClient.createAndPostOrder({
      tokenID: TOKEN_A,
      price: 0.3,
      size: 10,
      side: Side.BUY,
    });
    expect(ok.status).toBe('live');
    const read = await proxyClient.getOrder(ok.orderID);
    expect(read.maker_address.toLowerCase()).toBe(PROXY);
  });
});

describe('runPolymarketSimCommand', () => {
  it('prints one ready line and stops on SIGTERM', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const done = runPolymarketSimCommand(['--port', '0', '--seed', '5']);
      await vi.waitFor(() => expect(lines.length).toBe(1));
      const ready = JSON.parse(lines[0] as string) as {
        event: string;
        venue: string;
        url: string;
        wsUrl: string;
      };
      expect(ready).toMatchObject({ event: 'ready', venue: 'polymarket' });
      expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(ready.wsUrl).toBe(`${ready.url.replace('http', 'ws')}/ws/user`);
      expect(await (await fetch(`${ready.url}/version`)).json()).toEqual({ version: 2 });
      process.emit('SIGTERM');
      expect(await done).toBe(0);
    } finally {
      spy.mockRestore();
    }
  });
});
