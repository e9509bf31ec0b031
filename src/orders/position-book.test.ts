import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MARKET, makeFill, makeOrder, VENUE } from '../../test/support/builders.ts';
import { asMarketId, type Decimal, dec, type Fill, fmt, mul, Side } from '../domain/index.ts';
import { netRealizedPnl, PositionBook, unrealizedPnl, zeroPosition } from './position-book.ts';

let n = 0;
function fill(side: Side, size: string, price: string, fee = '0', market?: string): Fill {
  const order = makeOrder(market === undefined ? { side } : { side, market });
  return makeFill(order, `t${++n}`, size, price, fee);
}

function view(book: PositionBook, market: string = MARKET) {
  const p = book.get(VENUE, asMarketId(market));
  return {
    net: fmt(p.netSize),
    avg: fmt(p.avgEntryPrice),
    realized: fmt(p.realizedPnl),
    fees: fmt(p.fees),
    bought: fmt(p.boughtSize),
    sold: fmt(p.soldSize),
  };
}

describe('PositionBook', () => {
  it('is flat (zero position) where nothing traded', () => {
    const book = new PositionBook();
    expect(book.get(VENUE, MARKET)).toEqual(zeroPosition(VENUE, MARKET));
    expect(book.all()).toEqual([]);
  });

  it('opens, adds, reduces and flips a long, then covers the short', () => {
    const book = new PositionBook();
    book.applyFill(fill(Side.Buy, '10', '0.5', '0.01'));
    expect(view(book)).toEqual({
      net: '10',
      avg: '0.5',
      realized: '0',
      fees: '0.01',
      bought: '10',
      sold: '0',
    });

    book.applyFill(fill(Side.Buy, '10', '0.7', '0.01'));
    expect(view(book)).toMatchObject({ net: '20', avg: '0.6', realized: '0', bought: '20' });

    book.applyFill(fill(Side.Sell, '5', '0.8', '0.02'));
    expect(view(book)).toMatchObject({ net: '15', avg: '0.6', realized: '1', sold: '5' });

    // Flip: closes 15 at a loss of 0.2 each, opens a 10 short at 0.4.
    book.applyFill(fill(Side.Sell, '25', '0.4'));
    expect(view(book)).toMatchObject({ net: '-10', avg: '0.4', realized: '-2', sold: '30' });

    // Short side: buying back below the entry makes money.
    book.applyFill(fill(Side.Buy, '4', '0.3', '0.005'));
    expect(view(book)).toEqual({
      net: '-6',
      avg: '0.4',
      realized: '-1.6',
      fees: '0.045',
      bought: '24',
      sold: '30',
    });
    const p = book.get(VENUE, MARKET);
    expect(fmt(netRealizedPnl(p))).toBe('-1.645');
  });

  it('counts in fees only what is paid in the quote asset; every fee is in feesByAsset', () => {
    const book = new PositionBook((venue, market) =>
      venue === VENUE && market === MARKET ? 'USDT' : undefined,
    );
    const withAsset = (f: Fill, feeAsset: string | undefined): Fill =>
      feeAsset === undefined ? f : { ...f, feeAsset };
    book.applyFill(withAsset(fill(Side.Buy, '1', '100', '0.1'), 'USDT'));
    book.applyFill(withAsset(fill(Side.Buy, '1', '100', '0.001'), 'BTC')); // a buy's commission in the base
    book.applyFill(withAsset(fill(Side.Sell, '1', '110', '0.0003'), 'BNB'));
    book.applyFill(withAsset(fill(Side.Sell, '1', '110', '0.05'), undefined)); // no asset: the quote currency
    book.applyFill(withAsset(fill(Side.Buy, '1', '100', '0'), 'ETH')); // a zero fee is not listed
    const p = book.get(VENUE, MARKET);
    expect(fmt(p.fees)).toBe('0.15');
    expect(Object.fromEntries(Object.entries(p.feesByAsset).map(([a, v]) => [a, fmt(v)]))).toEqual({
      USDT: '0.15',
      BTC: '0.001',
      BNB: '0.0003',
    });
    expect(fmt(p.realizedPnl)).toBe('20');
    expect(fmt(netRealizedPnl(p))).toBe('19.85');
    // without a known quote asset, only fees naming no asset count, listed under `quote`
    const other = asMarketId('OTHER');
    book.applyFill(withAsset(fill(Side.Buy, '1', '1', '0.2', 'OTHER'), 'ETH'));
    book.applyFill(fill(Side.Buy, '1', '1', '0.3', 'OTHER'));
    const q = book.get(VENUE, other);
    expect(fmt(q.fees)).toBe('0.3');
    expect(Object.keys(q.feesByAsset).sort()).toEqual(['ETH', 'quote']);
    // the quote asset is read when the position is: learned later (a market described after the journal
    // replayed its fills), the fees that named it count from then on
    let known: string | undefined;
    const late = new PositionBook(() => known);
    late.applyFill(withAsset(fill(Side.Buy, '1', '100', '0.1'), 'USDT'));
    late.applyFill(fill(Side.Buy, '1', '100', '0.2'));
    expect(fmt(late.get(VENUE, MARKET).fees)).toBe('0.2');
    known = 'USDT';
    expect(fmt(late.get(VENUE, MARKET).fees)).toBe('0.3');
    expect(Object.keys(late.get(VENUE, MARKET).feesByAsset)).toEqual(['USDT']);
    // a rebuild starts the breakdown again
    book.rebuild(VENUE, MARKET, [withAsset(fill(Side.Buy, '1', '100', '0.2'), 'BNB')]);
    const r = book.get(VENUE, MARKET);
    expect(fmt(r.fees)).toBe('0');
    expect(Object.keys(r.feesByAsset)).toEqual(['BNB']);
  });

  it('opens a short from flat and adds to it', () => {
    const book = new PositionBook();
    book.applyFill(fill(Side.Sell, '2', '100'));
    book.applyFill(fill(Side.Sell, '2', '110'));
    expect(view(book)).toMatchObject({ net: '-4', avg: '105', realized: '0' });
    book.applyFill(fill(Side.Buy, '4', '100'));
    expect(view(book)).toMatchObject({ net: '0', avg: '0', realized: '20' });
  });

  it('keeps the exact cost: a non-terminating average still closes to the exact PnL', () => {
    const book = new PositionBook();
    book.applyFill(fill(Side.Buy, '1', '1'));
    book.applyFill(fill(Side.Buy, '2', '2'));
    expect(view(book).avg).toBe('1.666666666666666667');
    book.applyFill(fill(Side.Sell, '1', '2'));
    expect(view(book).realized).toBe('0.333333333333333333');
    book.applyFill(fill(Side.Sell, '2', '2'));
    expect(view(book)).toMatchObject({ net: '0', avg: '0', realized: '1' });
  });

  it('keeps positions per (venue, market)', () => {
    const book = new PositionBook();
    book.applyFill(fill(Side.Buy, '1', '1', '0', 'A'));
    book.applyFill(fill(Side.Sell, '3', '2', '0', 'B'));
    expect(view(book, 'A').net).toBe('1');
    expect(view(book, 'B').net).toBe('-3');
    expect(book.all().map((p) => p.market)).toEqual(['A', 'B']);
  });
});

describe('unrealizedPnl', () => {
  it('marks a long and a short', () => {
    const book = new PositionBook();
    book.applyFill(fill(Side.Buy, '10', '0.6', '0', 'L'));
    book.applyFill(fill(Side.Sell, '10', '0.4', '0', 'S'));
    expect(fmt(unrealizedPnl(book.get(VENUE, asMarketId('L')), dec('0.65')))).toBe('0.5');
    expect(fmt(unrealizedPnl(book.get(VENUE, asMarketId('S')), dec('0.3')))).toBe('1');
    expect(fmt(unrealizedPnl(book.get(VENUE, asMarketId('S')), dec('0.5')))).toBe('-1');
    expect(unrealizedPnl(zeroPosition(VENUE, MARKET), dec('1'))).toBe(0n);
  });
});

describe('PositionBook properties', () => {
  const arbFill = fc.record({
    buy: fc.boolean(),
    size: fc.integer({ min: 1, max: 10_000 }),
    price: fc.integer({ min: 1, max: 10_000 }),
  });

  it('realized + unrealized = cash flow + net × mark (exact when flat), and volumes add up', () => {
    fc.assert(
      fc.property(
        fc.array(arbFill, { maxLength: 40 }),
        fc.integer({ min: 1, max: 10_000 }),
        (fills, markTicks) => {
          const book = new PositionBook();
          let cash = 0n;
          let net = 0n;
          let bought = 0n;
          let sold = 0n;
          for (const f of fills) {
            const size = (dec(f.size) / 100n) as Decimal;
            const price = (dec(f.price) / 1000n) as Decimal;
            const fl = fill(f.buy ? Side.Buy : Side.Sell, fmt(size), fmt(price));
            book.applyFill(fl);
            const value = mul(fl.price, fl.size, 'half-even');
            cash += f.buy ? -value : value;
            net += f.buy ? fl.size : -fl.size;
            if (f.buy) bought += fl.size;
            else sold += fl.size;
          }
          const p = book.get(VENUE, MARKET);
          expect(p.netSize).toBe(net);
          expect(p.boughtSize).toBe(bought);
          expect(p.soldSize).toBe(sold);
          const mark = (dec(markTicks) / 1000n) as Decimal;
          const total = p.realizedPnl + unrealizedPnl(p, mark);
          const expected = cash + mul(net as Decimal, mark, 'half-even');
          if (net === 0n) {
            expect(p.realizedPnl).toBe(cash);
            expect(p.avgEntryPrice).toBe(0n);
          }
          // avgEntryPrice is rounded to 18 places: the mark-to-market differs by at most |net| × 1e-18 (+ roundings).
          const diff = total - expected;
          const absNet = net < 0n ? -net : net;
          expect(diff < 0n ? -diff : diff).toBeLessThanOrEqual(absNet / 10n ** 18n + 3n);
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });
});
