/**
 * fast-check arbitraries of order events (every type, optional fields present or absent, decimals far
 * beyond 64 bits, odd strings) and small event builders, shared by the codec and journal tests.
 */
import fc from 'fast-check';
import {
  asClientOrderId,
  asMarketId,
  asOrderId,
  asVenueId,
  type Decimal,
  dec,
  ORDER_EVENT_TYPES,
  type OrderEvent,
  type OrderEventType,
} from '../../src/domain/index.ts';

const decimal = fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }) as fc.Arbitrary<Decimal>;
const text = fc.string({ unit: 'binary', maxLength: 12 });
const id = fc.string({ unit: 'binary', minLength: 1, maxLength: 32 });
const time = fc.oneof(
  fc.integer({ min: 0, max: 2 ** 47 }),
  fc.double({ min: 0, max: 1e13, noNaN: true }).filter((x) => !Object.is(x, -0)),
);
const status = fc.constantFrom(
  'Pending',
  'Submitting',
  'Working',
  'PartiallyFilled',
  'Filled',
  'Cancelling',
  'Cancelled',
  'Rejected',
  'Expired',
);

/** Any JSON-like value with bigints and `$`-keys inside: events carry such shapes without codec changes. */
const nested = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    decimal,
    text,
    fc.boolean(),
    fc.constant(null),
    fc.integer(),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.oneof(text, fc.constantFrom('$dec', '$$x', '__proto__', '$')), tie('value'), {
      maxKeys: 3,
      noNullPrototype: true,
    }),
  ),
})).value;

const order = fc.record(
  {
    id,
    clientOrderId: id,
    venue: id,
    market: id,
    side: fc.constantFrom('Buy', 'Sell'),
    orderType: fc.constantFrom('Limit', 'Market', 'PostOnly'),
    price: decimal,
    size: decimal,
    timeInForce: fc.constantFrom('GTC', 'IOC', 'FOK', 'GTD'),
    expireAt: time,
    strategy: text,
    params: fc.dictionary(fc.oneof(text, fc.constant('$dec')), text, { maxKeys: 3, noNullPrototype: true }),
    status,
    previousStatus: status,
    filledSize: decimal,
    avgFillPrice: decimal,
    fees: decimal,
    venueOrderId: id,
    reason: text,
    overfill: decimal,
    external: fc.boolean(),
    createdAt: time,
    updatedAt: time,
  },
  {
    noNullPrototype: true,
    requiredKeys: [
      'id',
      'clientOrderId',
      'venue',
      'market',
      'side',
      'orderType',
      'size',
      'timeInForce',
      'status',
      'filledSize',
      'fees',
      'createdAt',
      'updatedAt',
    ],
  },
);

const fill = fc.record(
  {
    orderId: id,
    venue: id,
    market: id,
    tradeId: id,
    side: fc.constantFrom('Buy', 'Sell'),
    price: decimal,
    size: decimal,
    fee: decimal,
    feeAsset: text,
    liquidity: fc.constantFrom('maker', 'taker'),
    venueOrderId: id,
    timestamp: time,
  },
  {
    requiredKeys: ['orderId', 'venue', 'market', 'tradeId', 'side', 'price', 'size', 'fee', 'timestamp'],
    noNullPrototype: true,
  },
);

/** Fields each event type adds to the base (`orderId`, `ts`, `reason?`). */
const bodies: Record<OrderEventType, fc.Arbitrary<Record<string, unknown>>> = {
  Submitted: fc.record({ order }, { noNullPrototype: true }),
  Accepted: fc.record({ venueOrderId: id }, { requiredKeys: [], noNullPrototype: true }),
  Rejected: fc.record({ code: text }, { requiredKeys: [], noNullPrototype: true }),
  Filled: fc.record({ fill }, { noNullPrototype: true }),
  FillReversed: fc.record({ fill }, { noNullPrototype: true }),
  CancelRequested: fc.constant({}),
  CancelRejected: fc.record({ code: text }, { requiredKeys: [], noNullPrototype: true }),
  Cancelled: fc.constant({}),
  Expired: fc.constant({}),
  Amended: fc.record(
    { price: decimal, size: decimal, venueOrderId: id },
    { requiredKeys: [], noNullPrototype: true },
  ),
};

/** Any {@link OrderEvent}; `withExtra` adds an arbitrary nested field (a shape no event has yet). */
export function arbitraryEvent(withExtra = false): fc.Arbitrary<OrderEvent> {
  return fc.oneof(
    ...ORDER_EVENT_TYPES.map((type) =>
      fc
        .tuple(
          fc.record(
            { orderId: id, ts: time, reason: text },
            { requiredKeys: ['orderId', 'ts'], noNullPrototype: true },
          ),
          bodies[type]!,
          withExtra ? fc.option(nested, { nil: undefined }) : fc.constant(undefined),
        )
        .map(
          ([base, body, extra]) =>
            ({ type, ...base, ...body, ...(extra === undefined ? {} : { extra }) }) as unknown as OrderEvent,
        ),
    ),
  );
}

/** A `Submitted` event for order `e<n>` with exact decimals that no float could hold. */
export function submitted(n: number): OrderEvent {
  const orderId = asOrderId(`e${n}`);
  return {
    type: 'Submitted',
    orderId,
    ts: 1_700_000_000_000 + n,
    order: {
      id: orderId,
      clientOrderId: asClientOrderId(`c${n}`),
      venue: asVenueId('paper'),
      market: asMarketId('PM-YES'),
      side: n % 2 === 0 ? 'Buy' : 'Sell',
      orderType: 'Limit',
      price: dec('0.123456789012345678'),
      size: (10n ** 30n + BigInt(n)) as Decimal,
      timeInForce: 'GTC',
      status: 'Submitting',
      filledSize: dec(0),
      fees: dec('-0.000000000000000001'),
      createdAt: 1_700_000_000_000 + n,
      updatedAt: 1_700_000_000_000 + n,
    },
  };
}

/** A small event (`Accepted`) for order `id`. */
export function accepted(orderId: string, ts = 1): OrderEvent {
  return { type: 'Accepted', orderId: asOrderId(orderId), ts };
}
