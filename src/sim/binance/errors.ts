/**
 * Binance error replies: the `{"code","msg"}` body with its HTTP status, as one throwable value, and the
 * venue's exact message texts (reference §3, §4, §6).
 */

/** A refusal the simulator answers with `status` and `{"code","msg"}` (plus `data` for cancelReplace). */
export class BinanceApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly msg: string,
    readonly data?: unknown,
  ) {
    super(msg);
    this.name = 'BinanceApiError';
  }

  /** The JSON body of the reply. */
  body(): { code: number; msg: string; data?: unknown } {
    return this.data === undefined
      ? { code: this.code, msg: this.msg }
      : { code: this.code, msg: this.msg, data: this.data };
  }
}

/** The venue's message texts. */
export const MSG = {
  keyFormat: 'API-key format invalid.',
  keyInvalid: 'Invalid API-key, IP, or permissions for action.',
  tsOutside: 'Timestamp for this request is outside of the recvWindow.',
  tsAhead: "Timestamp for this request was 1000ms ahead of the server's time.",
  badSignature: 'Signature for this request is not valid.',
  recvWindowMax: 'recvWindow must be less than 60000.',
  badSymbol: 'Invalid symbol.',
  insufficient: 'Account has insufficient balance for requested action.',
  duplicate: 'Duplicate order sent.',
  wouldTake: 'Order would immediately match and take.',
  marketClosed: 'Market is closed.',
  stpNotAllowed: 'This symbol does not allow the specified self-trade prevention mode.',
  unknownOrder: 'Unknown order sent.',
  noSuchOrder: 'Order does not exist.',
  cancelRestricted: 'Order was not canceled due to cancel restrictions.',
  replaceFailed: 'Order cancel-replace failed.',
  replacePartial: 'Order cancel-replace partially failed.',
  timeout1007:
    'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
  unknown1000: 'An unknown error occurred while processing the request.',
  combination: 'Combination of optional parameters invalid.',
  unsupported: 'This operation is not supported.',
  alreadySubscribed: 'User Data Stream subscription already active.',
  notSubscribed: 'User Data Stream subscription not active.',
} as const;

/** 400 -1102 for a missing / empty / malformed parameter. */
export function mandatory(name: string): BinanceApiError {
  return new BinanceApiError(
    400,
    -1102,
    `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`,
  );
}

/** 400 -1100 for a value outside its legal range. */
export function illegal(name: string, range: string): BinanceApiError {
  return new BinanceApiError(
    400,
    -1100,
    `Illegal characters found in parameter '${name}'; legal range is '${range}'.`,
  );
}

/** 400 -1106 for a parameter sent when the order type does not take it. */
export function notRequired(name: string): BinanceApiError {
  return new BinanceApiError(400, -1106, `Parameter '${name}' sent when not required.`);
}

/** 400 -1013 `Filter failure: NAME`. */
export function filterFailure(name: string): BinanceApiError {
  return new BinanceApiError(400, -1013, `Filter failure: ${name}`);
}

/** 400 -2010 (the matching engine refused the new order). */
export function rejected(msg: string): BinanceApiError {
  return new BinanceApiError(400, -2010, msg);
}
