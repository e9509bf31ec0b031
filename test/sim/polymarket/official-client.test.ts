/**
 * The official `@polymarket/clob-client-v2` ClobClient, unchanged, against the simulator: API keys, market
 * lookups, a limit order posted / read / listed over several pages / cancelled, two accounts crossing and
 * reading their trades, and the venue's refusals (V1 order, bad HMAC, wrong signature, tick, minimum size).
 */
import { ApiError, AssetType, ClobClient, OrderBuilder, OrderType, Side } from '@polymarket/clob-client-v2';
import { createWalletClient, type Hex, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { polygon } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PolymarketSim, startPolymarketSim } from '../../../src/sim/polymarket/index.ts';

const TOKEN_A = '71321045679252212594626385532706912750332728571942532289631379312455583992563';
const TOKEN_N = '48331043336612883890938759509493159234755048973500640148014422747788308965732';

function wallet(privateKey: Hex) {
  return createWalletClient({
    account: privateKeyToAccount(privateKey),
    chain: polygon,
    transport: http('http://127.0.0.1:9'),
  });
}

async function newAccount(sim: PolymarketSim, funding: object): Promise<{ address: Hex; privateKey: Hex }> {
  const res = await fetch(`${sim.url}/_sim/accounts`, { method: 'POST', body: JSON.stringify(funding) });
  expect(res.status).toBe(200);
  return (await res.json()) as { address: Hex; privateKey: Hex };
}

describe('official ClobClient against the simulator', () => {
  let sim: PolymarketSim;
  let buyer: ClobClient;
  let seller: ClobClient;
  let buyerWallet: ReturnType<typeof wallet>;
  let buyerAddress: Hex;

  beforeAll(async () => {
    sim = await startPolymarketSim({ seed: 42, pageSize: 2 });
    const b = await newAccount(sim, { usdc: '1000' });
    const s = await newAccount(sim, { usdc: '10', tokens: { [TOKEN_A]: '100' } });
    buyerAddress = b.address;
    buyerWallet = wallet(b.privateKey);
    const l1 = new ClobClient({ host: `${sim.url}/`, chain: 137, signer: buyerWallet });
    const creds = await l1.createApiKey();
    expect(creds.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(creds.secret).toMatch(/^[A-Za-z0-9_-]{43}=$/);
    // a second create is refused; create-or-derive then derives the same key
    expect(await l1.createApiKey()).toEqual({ key: undefined, secret: undefined, passphrase: undefined });
    expect(await l1.createOrDeriveApiKey()).toEqual(creds);
    buyer = new ClobClient({ host: sim.url, chain: 137, signer: buyerWallet, creds });
    const sWallet = wallet(s.privateKey);
    const sCreds = await new ClobClient({
      host: sim.url,
      chain: 137,
      signer: sWallet,
    }).createOrDeriveApiKey();
    seller = new ClobClient({ host: sim.url, chain: 137, signer: sWallet, creds: sCreds });
  });
  afterAll(() => sim.close());

  it('reads server time, version, tick size and neg-risk', async () => {
    expect(Math.abs((await buyer.getServerTime()) - Date.now() / 1000)).toBeLessThan(5);
    expect(await buyer.getVersion()).toBe(2);
    expect(await buyer.getOk()).toBe('OK');
    expect(await buyer.getTickSize(TOKEN_A)).toBe('0.01');
    expect(await buyer.getTickSize(TOKEN_N)).toBe('0.001');
    expect(await buyer.getNegRisk(TOKEN_A)).toBe(false);
    expect(await buyer.getNegRisk(TOKEN_N)).toBe(true);
  });

  it('posts, reads, pages and cancels limit orders; two accounts cross and read their trades', async () => {
    const first = await buyer.createAndPostOrder({ tokenID: TOKEN_A, price: 0.57, size: 10, side: Side.BUY });
    expect(first).toMatchObject({
      success: true,
      errorMsg: '',
      status: 'live',
      makingAmount: '',
      takingAmount: '',
    });
    const id = first.orderID as string;
    expect(id).toMatch(/^0x[0-9a-f]{64}$/);
    const read = await buyer.getOrder(id);
    expect(read).toMatchObject({
      id,
      status: 'LIVE',
      side: 'BUY',
      price: '0.57',
      original_size: '10',
      size_matched: '0',
    });
    expect(read.maker_address).toBe(buyerAddress);
    await buyer.createAndPostOrder({ tokenID: TOKEN_A, price: 0.56, size: 6, side: Side.BUY });
    // GTD without an expiration is refused (needs now + 60 s)
    expect(
      await buyer.createAndPostOrder(
        { tokenID: TOKEN_A, price: 0.55, size: 7, side: Side.BUY },
        undefined,
        OrderType.GTD,
      ),
    ).toEqual({ error: 'invalid expiration', status: 400 });
    const open = await buyer.getOpenOrders();
    expect(open.map((o) => o.price)).toEqual(['0.57', '0.56']);
    const gtd = await buyer.createAndPostOrder(
      {
        tokenID: TOKEN_A,
        price: 0.55,
        size: 7,
        side: Side.BUY,
        expiration: Math.floor(Date.now() / 1000) + 300,
      },
      undefined,
      OrderType.GTD,
    );
    expect(gtd.status).toBe('live');
    const three = await buyer.getOpenOrders(); // pages of 2: two requests
    expect(three.map((o) => o.price)).toEqual(['0.57', '0.56', '0.55']);
    expect((await buyer.getOpenOrders({ id }, true)).length).toBe(1);

    expect(await buyer.cancelOrder({ orderID: id })).toEqual({ canceled: [id], not_canceled: {} });
    expect((await buyer.getOrder(id)).status).toBe('CANCELED');
    expect((await buyer.cancelOrder({ orderID: id })).not_canceled).toHaveProperty(id);

    const book = await buyer.getOrderBook(TOKEN_A);
    expect(book.bids).toEqual([
      { price: '0.55', size: '7' },
      { price: '0.56', size: '6' },
    ]);

    const started = Date.now();
    const sold = await seller.createAndPostOrder({ tokenID: TOKEN_A, price: 0.55, size: 8, side: Side.SELL });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(sold).toMatchObject({ success: true, status: 'matched', makingAmount: '8', takingAmount: '4.46' });
    expect(sold.transactionsHashes).toHaveLength(1);
    expect(sold.tradeIDs).toHaveLength(1);

    const sellerTrades = await seller.getTrades();
    expect(sellerTrades).toHaveLength(1);
    expect(sellerTrades[0]).toMatchObject({
      id: sold.tradeIDs?.[0],
      taker_order_id: sold.orderID,
      side: 'SELL',
      size: '8',
      trader_side: 'TAKER',
      transaction_hash: sold.transactionsHashes?.[0],
    });
    expect(sellerTrades[0]?.maker_orders.map((m) => [m.price, m.matched_amount])).toEqual([
      ['0.56', '6'],
      ['0.55', '2'],
    ]);
    const buyerTrades = await buyer.getTrades({ asset_id: TOKEN_A });
    expect(buyerTrades.map((t) => t.trader_side)).toEqual(['MAKER']);

    const usdc = await buyer.getBalanceAllowance({ asset_type: AssetType.COLLATERAL });
    expect(usdc.balance).toBe('995540000');
    const shares = await seller.getBalanceAllowance({ asset_type: AssetType.CONDITIONAL, token_id: TOKEN_A });
    expect(shares.balance).toBe('92000000');
    const left = await buyer.getOpenOrders();
    expect(left.map((o) => [o.price, o.size_matched])).toEqual([['0.55', '2']]);

    expect(await buyer.cancelAll()).toEqual({ canceled: [left[0]?.id], not_canceled: {} });
    expect(await buyer.getOpenOrders()).toEqual([]);
  });

  it('refuses a V1-shaped order with order_version_mismatch', async () => {
    const v1 = await buyer.createOrder(
      { tokenID: TOKEN_A, price: 0.5, size: 10, side: Side.BUY },
      { version: 1 },
    );
    expect('nonce' in v1).toBe(true);
    expect(await buyer.postOrder(v1)).toEqual({ error: 'order_version_mismatch', status: 400 });
  });

  it('answers 401 to a bad HMAC', async () => {
    const creds = (buyer as unknown as { creds: { key: string; secret: string; passphrase: string } }).creds;
    const bad = new ClobClient({
      host: sim.url,
      chain: 137,
      signer: buyerWallet,
      creds: { ...creds, secret: Buffer.alloc(32, 7).toString('base64') },
      throwOnError: true,
    });
    await expect(bad.getOrder('0x00')).rejects.toMatchObject({
      status: 401,
      message: 'Unauthorized/Invalid api key',
    });
    await expect(bad.getOrder('0x00')).rejects.toBeInstanceOf(ApiError);
  });

  it('refuses a wrong signature, an off-tick price and a size under the minimum with the venue texts', async () => {
    const tampered = await buyer.createOrder({ tokenID: TOKEN_A, price: 0.4, size: 10, side: Side.BUY });
    (tampered as { salt: string }).salt = String(Number((tampered as { salt: string }).salt) + 1);
    expect(await buyer.postOrder(tampered)).toEqual({ error: 'invalid signature', status: 400 });

    const builder = new OrderBuilder(buyerWallet, 137);
    const offTick = await builder.buildOrder(
      { tokenID: TOKEN_A, price: 0.575, size: 10, side: Side.BUY },
      { tickSize: '0.001', negRisk: false },
      2,
    );
    const r1 = (await buyer.postOrder(offTick)) as { status?: unknown; error?: string };
    expect(r1.status).toBe(400);
    expect(r1.error).toMatch(
      /^order 0x[0-9a-f]{64} is invalid\. Price \(0\.575\) breaks minimum tick size rule: 0\.01$/,
    );

    const small = (await buyer.createAndPostOrder({
      tokenID: TOKEN_A,
      price: 0.5,
      size: 3,
      side: Side.BUY,
    })) as {
      status?: unknown;
      error?: string;
    };
    expect(small.status).toBe(400);
    expect(small.error).toMatch(/^order 0x[0-9a-f]{64} is invalid\. Size \(3\) lower than the minimum: 5$/);

    const poor = await seller.createAndPostOrder({ tokenID: TOKEN_A, price: 0.9, size: 50, side: Side.BUY });
    expect(poor).toEqual({ error: 'not enough balance / allowance', status: 400 });
  });
});
