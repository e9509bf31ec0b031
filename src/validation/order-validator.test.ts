import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeOrder } from '../../test/support/builders.ts';
import {
  asMarketId,
  asVenueId,
  type Decimal,
  dec,
  fromScaled,
  type InstrumentRules,
} from '../domain/index.ts';
import { ValidationError } from '../errors/index.ts';
import { OrderValidator, type ValidatableOrder } from './index.ts';

const NOW = 1_700_000_000_000;
/** A plain limit order: Buy 10 at 0.5, GTC (the shared builder's defaults). */
const base: ValidatableOrder = makeOrder();
const rulesBase = { venue: asVenueId('v'), market: asMarketId('m') };

/** `base` with fields replaced, possibly by values of the wrong shape (`undefined` removes the field). */
function order(over: Partial<Record<keyof ValidatableOrder, unknown>>): ValidatableOrder {
  const o: Record<string, unknown> = { ...base, ...over };
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o as unknown as ValidatableOrder;
}

function errorOf(fn: () => void): ValidationError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return e as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

const v = OrderValidator.new();
const check = (o: ValidatableOrder, rules?: InstrumentRules) => v.validate(o, rules, NOW);

describe('OrderValidator default rules', () => {
  it('accepts a plain limit order, and market IOC/FOK orders without price', () => {
    expect(() => check(base)).not.toThrow();
    expect(() => check(order({ orderType: 'Market', timeInForce: 'IOC', price: undefined }))).not.toThrow();
    expect(() => check(order({ orderType: 'Market', timeInForce: 'FOK', price: undefined }))).not.toThrow();
    expect(() => check(order({ orderType: 'PostOnly', timeInForce: 'GTC' }))).not.toThrow();
    expect(() => check(order({ timeInForce: 'IOC' }))).not.toThrow();
  });

  it.each([
    ['side', { side: 'Hold' }, 'oneOf'],
    ['orderType', { orderType: 'Stop' }, 'oneOf'],
    ['timeInForce', { timeInForce: 'DAY' }, 'oneOf'],
    ['size', { size: 10 }, 'decimal'],
    ['price', { price: 0.5 }, 'decimal'],
  ])('%s with a bad shape is refused', (field, over, rule) => {
    const e = errorOf(() => check(order(over)));
    expect(e.field).toBe(field);
    expect(e.rule).toBe(rule);
  });

  it('size must be > 0 (boundary: the smallest positive size passes)', () => {
    const e = errorOf(() => check(order({ size: dec('0') })));
    expect(e).toMatchObject({ field: 'size', value: '0', rule: 'positive' });
    expect(errorOf(() => check(order({ size: dec('-1.5') }))).message).toBe(
      'size -1.5 must be greater than 0',
    );
    expect(() => check(order({ size: fromScaled(1n) }))).not.toThrow();
  });

  it('price must be > 0 when present', () => {
    expect(errorOf(() => check(order({ price: dec('0') })))).toMatchObject({
      field: 'price',
      value: '0',
      rule: 'positive',
    });
    expect(
      errorOf(() => check(order({ orderType: 'Market', timeInForce: 'IOC', price: dec('-1') }))).field,
    ).toBe('price');
  });

  it('limit and post-only orders need a price', () => {
    expect(errorOf(() => check(order({ price: undefined })))).toMatchObject({
      field: 'price',
      rule: 'required',
    });
    const e = errorOf(() => check(order({ orderType: 'PostOnly', price: undefined })));
    expect(e.message).toBe('price is required for PostOnly orders');
  });

  it('market orders cannot rest (GTC/GTD refused)', () => {
    const e = errorOf(() => check(order({ orderType: 'Market', price: undefined, timeInForce: 'GTC' })));
    expect(e).toMatchObject({ field: 'timeInForce', value: 'GTC', rule: 'timeInForce' });
    expect(e.message).toMatch(/not allowed for Market orders/);
    expect(
      errorOf(() =>
        check(order({ orderType: 'Market', price: undefined, timeInForce: 'GTD', expireAt: NOW + 1 })),
      ).field,
    ).toBe('timeInForce');
  });

  it('post-only orders must rest (IOC/FOK refused)', () => {
    for (const tif of ['IOC', 'FOK']) {
      const e = errorOf(() => check(order({ orderType: 'PostOnly', timeInForce: tif })));
      expect(e).toMatchObject({ field: 'timeInForce', value: tif, rule: 'timeInForce' });
    }
    expect(() =>
      check(order({ orderType: 'PostOnly', timeInForce: 'GTD', expireAt: NOW + 1 })),
    ).not.toThrow();
  });

  it('GTD needs expireAt strictly in the future; others must not carry one', () => {
    expect(errorOf(() => check(order({ timeInForce: 'GTD' })))).toMatchObject({
      field: 'expireAt',
      rule: 'required',
    });
    expect(errorOf(() => check(order({ timeInForce: 'GTD', expireAt: NOW })))).toMatchObject({
      field: 'expireAt',
      value: String(NOW),
      rule: 'future',
    });
    expect(errorOf(() => check(order({ timeInForce: 'GTD', expireAt: Number.NaN }))).rule).toBe('decimal');
    expect(() => check(order({ timeInForce: 'GTD', expireAt: NOW + 1 }))).not.toThrow();
    expect(errorOf(() => check(order({ expireAt: NOW + 1000 })))).toMatchObject({
      field: 'expireAt',
      rule: 'forbidden',
    });
  });

  it('uses Date.now() when no time is given', () => {
    expect(() => v.validate(order({ timeInForce: 'GTD', expireAt: Date.now() + 60_000 }))).not.toThrow();
    expect(() => v.validate(order({ timeInForce: 'GTD', expireAt: Date.now() - 1 }))).toThrow(
      ValidationError,
    );
  });
});

describe('OrderValidator.custom', () => {
  const c = OrderValidator.custom({ minSize: 1, maxSize: '100', minPrice: '0.1', maxPrice: dec('0.9') });

  it('reads numbers, strings and Decimals exactly', () => {
    expect(c.limits).toEqual({
      minSize: dec('1'),
      maxSize: dec('100'),
      minPrice: dec('0.1'),
      maxPrice: dec('0.9'),
    });
  });

  it('bounds are inclusive', () => {
    for (const size of ['1', '100'])
      expect(() => c.validate(order({ size: dec(size) }), undefined, NOW)).not.toThrow();
    for (const price of ['0.1', '0.9'])
      expect(() => c.validate(order({ price: dec(price) }), undefined, NOW)).not.toThrow();
    expect(errorOf(() => c.validate(order({ size: dec('0.99') }), undefined, NOW))).toMatchObject({
      field: 'size',
      value: '0.99',
      rule: 'minSize',
      message: 'size 0.99 is below the minimum size 1',
    });
    expect(errorOf(() => c.validate(order({ size: dec('100.01') }), undefined, NOW)).rule).toBe('maxSize');
    expect(errorOf(() => c.validate(order({ price: dec('0.09') }), undefined, NOW)).rule).toBe('minPrice');
    expect(errorOf(() => c.validate(order({ price: dec('0.91') }), undefined, NOW))).toMatchObject({
      message: 'price 0.91 is above the maximum price 0.9',
    });
  });

  it('price limits are skipped for market orders without a price', () => {
    expect(() =>
      c.validate(order({ orderType: 'Market', timeInForce: 'IOC', price: undefined }), undefined, NOW),
    ).not.toThrow();
  });

  it('refuses bad limits naming the field', () => {
    expect(errorOf(() => OrderValidator.custom({ minSize: 'abc' })).field).toBe('minSize');
    expect(errorOf(() => OrderValidator.custom({ maxPrice: Number.NaN })).field).toBe('maxPrice');
    expect(errorOf(() => OrderValidator.custom({ minPrice: -1 })).rule).toBe('nonNegative');
    expect(errorOf(() => OrderValidator.custom({ minSize: 5, maxSize: 4 })).field).toBe('minSize');
  });
});

describe('OrderValidator instrument rules', () => {
  it('tick size: price must be a multiple', () => {
    const r: InstrumentRules = { ...rulesBase, tickSize: dec('0.01') };
    const e = errorOf(() => check(order({ price: dec('0.555') }), r));
    expect(e).toMatchObject({ field: 'price', value: '0.555', rule: 'tickSize' });
    expect(e.message).toBe('price 0.555 is not a multiple of tick size 0.01');
    expect(() => check(order({ price: dec('0.56') }), r)).not.toThrow();
    expect(() =>
      check(order({ orderType: 'Market', timeInForce: 'IOC', price: undefined }), r),
    ).not.toThrow();
    expect(
      errorOf(() => check(order({ orderType: 'Market', timeInForce: 'IOC', price: dec('0.555') }), r)).rule,
    ).toBe('tickSize');
  });

  it('size step: size must be a multiple', () => {
    const r: InstrumentRules = { ...rulesBase, sizeStep: dec('0.1') };
    expect(errorOf(() => check(order({ size: dec('1.15') }), r))).toMatchObject({
      field: 'size',
      value: '1.15',
      rule: 'sizeStep',
      message: 'size 1.15 is not a multiple of size step 0.1',
    });
    expect(() => check(order({ size: dec('1.1') }), r)).not.toThrow();
  });

  it('min and max size are inclusive', () => {
    const r: InstrumentRules = { ...rulesBase, minSize: dec('5'), maxSize: dec('50') };
    expect(() => check(order({ size: dec('5') }), r)).not.toThrow();
    expect(() => check(order({ size: dec('50') }), r)).not.toThrow();
    expect(errorOf(() => check(order({ size: dec('4.99') }), r))).toMatchObject({
      rule: 'minSize',
      value: '4.99',
    });
    expect(errorOf(() => check(order({ size: dec('50.000001') }), r))).toMatchObject({
      rule: 'maxSize',
      message: 'size 50.000001 is above the maximum size 50',
    });
  });

  it('min and max notional (price × size), inclusive, skipped without a price', () => {
    const r: InstrumentRules = { ...rulesBase, minNotional: dec('1'), maxNotional: dec('100') };
    expect(() => check(order({ price: dec('0.5'), size: dec('2') }), r)).not.toThrow();
    expect(() => check(order({ price: dec('0.5'), size: dec('200') }), r)).not.toThrow();
    const e = errorOf(() => check(order({ price: dec('0.5'), size: dec('1.99') }), r));
    expect(e).toMatchObject({ field: 'notional', value: '0.995', rule: 'minNotional' });
    expect(e.message).toBe('notional 0.995 (price 0.5 × size 1.99) is below the minimum notional 1');
    expect(errorOf(() => check(order({ price: dec('0.5'), size: dec('200.02') }), r)).rule).toBe(
      'maxNotional',
    );
    expect(() =>
      check(order({ orderType: 'Market', timeInForce: 'FOK', price: undefined, size: dec('0.001') }), r),
    ).not.toThrow();
  });

  it('notional is compared exactly, even below 18 decimal places', () => {
    const r: InstrumentRules = { ...rulesBase, minNotional: fromScaled(1n) };
    // 1e-10 × 1e-9 = 1e-19 < 1e-18: a rounded product would pass, the exact one does not.
    const e = errorOf(() => check(order({ price: dec('0.0000000001'), size: dec('0.000000001') }), r));
    expect(e.rule).toBe('minNotional');
  });

  it('inclusive price range', () => {
    const r: InstrumentRules = { ...rulesBase, minPrice: dec('0.01'), maxPrice: dec('0.99') };
    expect(() => check(order({ price: dec('0.01') }), r)).not.toThrow();
    expect(() => check(order({ price: dec('0.99') }), r)).not.toThrow();
    expect(errorOf(() => check(order({ price: dec('0.009') }), r))).toMatchObject({
      rule: 'minPrice',
      value: '0.009',
    });
    expect(errorOf(() => check(order({ price: dec('0.991') }), r)).rule).toBe('maxPrice');
  });

  it('exclusive price range (0, 1) for prediction markets', () => {
    const r: InstrumentRules = {
      ...rulesBase,
      minPrice: dec('0'),
      maxPrice: dec('1'),
      priceBoundsExclusive: true,
      tickSize: dec('0.001'),
    };
    expect(() => check(order({ price: dec('0.001') }), r)).not.toThrow();
    expect(() => check(order({ price: dec('0.999') }), r)).not.toThrow();
    const e = errorOf(() => check(order({ price: dec('1') }), r));
    expect(e).toMatchObject({ field: 'price', value: '1', rule: 'maxPrice' });
    expect(e.message).toBe('price 1 must be below 1 (exclusive maximum price)');
    const r2: InstrumentRules = { ...rulesBase, minPrice: dec('0.1'), priceBoundsExclusive: true };
    expect(errorOf(() => check(order({ price: dec('0.1') }), r2)).rule).toBe('minPrice');
  });

  it('refuses order types and times in force the venue does not honour on the market, saying why', () => {
    const amm: InstrumentRules = {
      ...rulesBase,
      orderTypes: ['Market', 'Limit'],
      timesInForce: ['IOC', 'FOK'],
      kindsNote: 'a swap cannot rest on an AMM',
    };
    const gtc = errorOf(() => check(order({ timeInForce: 'GTC' }), amm));
    expect(gtc).toMatchObject({ field: 'timeInForce', value: 'GTC', rule: 'unsupported' });
    expect(gtc.message).toBe(
      'timeInForce GTC is not supported on v m (use IOC or FOK): a swap cannot rest on an AMM',
    );
    expect(errorOf(() => check(order({ orderType: 'PostOnly', timeInForce: 'GTC' }), amm))).toMatchObject({
      field: 'orderType',
      rule: 'unsupported',
    });
    expect(() => check(order({ timeInForce: 'IOC' }), amm)).not.toThrow();
    expect(() =>
      check(order({ orderType: 'Market', price: undefined, timeInForce: 'FOK' }), amm),
    ).not.toThrow();
  });

  it('a non-positive tick or step in the rules is reported, not divided by', () => {
    expect(errorOf(() => check(base, { ...rulesBase, tickSize: dec('0') })).field).toBe('rules.tickSize');
    expect(errorOf(() => check(base, { ...rulesBase, sizeStep: dec('0') })).field).toBe('rules.sizeStep');
  });

  it('property: accepts exactly the prices on the tick grid inside the bounds', () => {
    const tick = dec('0.01');
    const r: InstrumentRules = {
      ...rulesBase,
      tickSize: tick,
      minPrice: dec('0'),
      maxPrice: dec('1'),
      priceBoundsExclusive: true,
    };
    fc.assert(
      fc.property(
        fc.oneof(
          fc.bigInt({ min: -(10n ** 18n), max: 2n * 10n ** 18n }),
          fc.integer({ min: -5, max: 105 }).map((k) => BigInt(k) * tick),
        ),
        (raw) => {
          const price = fromScaled(raw) as Decimal;
          const ok = raw > 0n && raw < 10n ** 18n && raw % tick === 0n;
          let passed = true;
          try {
            check(order({ price }), r);
          } catch (e) {
            expect(e).toBeInstanceOf(ValidationError);
            expect((e as ValidationError).field).toBe('price');
            passed = false;
          }
          expect(passed).toBe(ok);
        },
      ),
      { numRuns: 500, seed: 42 },
    );
  });
});
