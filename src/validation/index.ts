/** `validation/`: the OrderValidator (default rules, custom limits, instrument rules). */

export { ValidationRule } from './instrument-checks.ts';
export {
  type LimitInput,
  OrderValidator,
  type ValidatableOrder,
  type ValidatorLimits,
} from './order-validator.ts';
