/** Benchmark of `OrderValidator.validate` with the default validator and a venue's instrument rules. */
import { asMarketId, asVenueId, dec, type InstrumentRules } from '../../src/domain/index.ts';
import { OrderValidator, type ValidatableOrder } from '../../src/validation/index.ts';
import { type BenchResult, measure } from '../harness.ts';

/** `validation.validate`: a valid GTC limit order against tick, step, size, notional and price-range rules. */
export function validationCases(): BenchResult[] {
  const validator = OrderValidator.new();
  const rules: InstrumentRules = {
    venue: asVenueId('polymarket'),
    market: asMarketId('bench'),
    tickSize: dec('0.01'),
    sizeStep: dec('0.01'),
    minSize: dec('5'),
    maxSize: dec('1000000'),
    minNotional: dec('1'),
    maxNotional: dec('1000000'),
    minPrice: dec('0'),
    maxPrice: dec('1'),
    priceBoundsExclusive: true,
  };
  const order: ValidatableOrder = {
    side: 'Buy',
    orderType: 'Limit',
    timeInForce: 'GTC',
    size: dec('125.5'),
    price: dec('0.55'),
  };
  return [
    measure('validation.validate', () => validator.validate(order, rules), { samples: 300, warmup: 100 }),
  ];
}
