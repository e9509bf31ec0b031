import { describe, expect, it } from 'vitest';
import { type Decimal, dec, fmt, ManualClock, ZERO } from '../../domain/index.ts';
import { MatchingEngine } from '../matching/index.ts';
import { SeededRandom } from '../seeded-random.ts';
import { Accounts, balanceOf, type SimAccount } from './accounts.ts';
import { BinanceExchange, type NewOrderRequest } from './exchange.ts';
import { LiquidityMaker } from './liquidity-maker.ts';
import { DEFAULT_SYMBOLS, parseSymbol } from './symbols.ts';

const btc = parseSymbol(DEFAULT_SYMBOLS[0]!);

function setup() {
  const clock = new ManualClock(1_700_000_000_000);
  const engine = new MatchingEngine({ clock, tradeHistory: false, retainClosedOrders: false });
  const ex = new BinanceExchange(engine, { maker: dec('0.001'), taker: dec('0.001') });
  const maker = new LiquidityMaker(ex, new SeededRandom(1), clock);
  const accounts = new Accounts(new SeededRandom(2));
  return { clock, ex, maker, accounts };
}

const bal = (a: SimAccount, asset: string) => {
  const b = balanceOf(a, asset);
  return { free: fmt(b.free), locked: fmt(b.locked) };
};

function req(over: Partial<NewOrderRequest>): NewOrderRequest {
  return {
    symbol: btc,
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'GTC',
    clientOrderId: 'c1',
    stp: 'EXPIRE_MAKER',
    ...over,
  };
}

describe('BinanceExchange', () => {
  it('locks a resting BUY, releases it on cancel', () => {
    const { ex, accounts, clock } = setup();
    const a = accounts.create({ USDT: '1000' });
    const { order } = ex.place(a, req({ price: dec('50000'), quantity: dec('0.01') }), clock.now());
    expect(order.status).toBe('NEW');
    expect(bal(a, 'USDT')).toEqual({ free: '500', locked: '500' });
    ex.cancel(order, 'x', clock.now());
    expect(bal(a, 'USDT')).toEqual({ free: '1000', locked: '0' });
  });

  it('fills a crossing BUY at the makers prices, gives back the improvement and charges commission in base', () => {
    const { ex, maker, accounts, clock } = setup();
    maker.setPrice(btc, dec('60000'));
    const ask = ex.engine.bestAsk('BTCUSDT');
    expect(ask !== undefined && fmt(ask)).toBe('60030');
    const a = accounts.create({ USDT: '10000' });
    const { order, fills } = ex.place(a, req({ price: dec('61000'), quantity: dec('0.1') }), clock.now());
    expect(order.status).toBe('FILLED');
    const spent = fills.reduce((s, f) => s + f.quoteQty, 0n) as Decimal;
    const fee = fills.reduce((s, f) => s + f.commission, 0n) as Decimal;
    expect(fills.every((f) => f.commissionAsset === 'BTC' && !f.isMaker)).toBe(true);
    expect(fmt(fee)).toBe('0.0001');
    expect(bal(a, 'USDT')).toEqual({ free: fmt((dec('10000') - spent) as Decimal), locked: '0' });
    expect(bal(a, 'BTC')).toEqual({ free: '0.0999', locked: '0' });
    expect(fmt(order.cummulativeQuoteQty)).toBe(fmt(spent));
  });

  it('sells by quoteOrderQty without receiving more than asked, commission in quote', () => {
    const { ex, maker, accounts, clock } = setup();
    maker.setPrice(btc, dec('60000'));
    const a = accounts.create({ BTC: '1' });
    const { order, fills } = ex.place(
      a,
      req({ side: 'SELL', type: 'MARKET', quoteOrderQty: dec('100') }),
      clock.now(),
    );
    expect(order.status).toBe('FILLED');
    const got = fills.reduce((s, f) => s + f.quoteQty, 0n);
    expect(got <= dec('100') && got > dec('99')).toBe(true);
    expect(fills[0]?.commissionAsset).toBe('USDT');
    expect(bal(a, 'BTC')).toEqual({ free: fmt((dec('1') - order.executedQty) as Decimal), locked: '0' });
  });

  it('a resting order filled when the reference moves through it is a maker fill', () => {
    const { ex, maker, accounts, clock } = setup();
    maker.setPrice(btc, dec('60000'));
    const a = accounts.create({ USDT: '1000' });
    const { order } = ex.place(a, req({ price: dec('59900'), quantity: dec('0.001') }), clock.now());
    expect(order.status).toBe('NEW');
    maker.setPrice(btc, dec('59800'));
    expect(order.status).toBe('FILLED');
    const t = ex.trades.find((x) => x.orderId === order.orderId);
    expect(t).toMatchObject({ isMaker: true, isBuyer: true });
    expect(fmt(t?.price ?? ZERO)).toBe('59900');
    expect(bal(a, 'USDT')).toEqual({ free: '940.1', locked: '0' });
  });

  it('refuses insufficient balance, LIMIT_MAKER crossing and a duplicate open client id', () => {
    const { ex, maker, accounts, clock } = setup();
    maker.setPrice(btc, dec('60000'));
    const a = accounts.create({ USDT: '100' });
    expect(() => ex.place(a, req({ price: dec('59000'), quantity: dec('0.01') }), clock.now())).toThrow(
      'Account has insufficient balance for requested action.',
    );
    expect(() =>
      ex.place(a, req({ type: 'LIMIT_MAKER', price: dec('60100'), quantity: dec('0.001') }), clock.now()),
    ).toThrow('Order would immediately match and take.');
    ex.place(a, req({ price: dec('50000'), quantity: dec('0.001') }), clock.now());
    expect(() => ex.place(a, req({ price: dec('50000'), quantity: dec('0.001') }), clock.now())).toThrow(
      'Duplicate order sent.',
    );
    expect(bal(a, 'USDT')).toEqual({ free: '50', locked: '50' });
  });

  it('self-trade prevention (EXPIRE_MAKER) expires the own resting order and reserves past it', () => {
    const { ex, maker, accounts, clock } = setup();
    maker.setPrice(btc, dec('60000'));
    const a = accounts.create({ USDT: '700', BTC: '0.01' });
    const { order: ask } = ex.place(
      a,
      req({ side: 'SELL', price: dec('60010'), quantity: dec('0.01') }),
      clock.now(),
    );
    const { order } = ex.place(
      a,
      req({ type: 'MARKET', quantity: dec('0.01'), clientOrderId: 'c2' }),
      clock.now(),
    );
    expect(ask.status).toBe('EXPIRED_IN_MATCH');
    expect(order.status).toBe('FILLED');
    expect(ex.trades.every((t) => t.orderId !== ask.orderId)).toBe(true);
    expect(balanceOf(a, 'USDT').free >= 0n).toBe(true);
    expect(bal(a, 'BTC')).toEqual({ free: '0.01999', locked: '0' });
  });

  it('refuses a quoteOrderQty MARKET order on an empty book', () => {
    const { ex, accounts, clock } = setup();
    const a = accounts.create({ USDT: '1000' });
    expect(() => ex.place(a, req({ type: 'MARKET', quoteOrderQty: dec('100') }), clock.now())).toThrow(
      'Order book liquidity is less than symbol minimum quantity.',
    );
    expect(bal(a, 'USDT')).toEqual({ free: '1000', locked: '0' });
  });
});
