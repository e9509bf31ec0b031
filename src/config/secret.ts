/**
 * {@link Secret}: a value read from the environment that never shows itself by accident (string
 * conversion, JSON, `console.log` and `util.inspect` all print `(redacted)`); `reveal()` is the one way in.
 */

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** A secret value (a key, a token, a URL with a password). */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The value itself: pass it straight to the part that needs it, never to a log. */
  reveal(): string {
    return this.#value;
  }

  /** `(redacted)`. */
  toString(): string {
    return '(redacted)';
  }

  /** `(redacted)`. */
  toJSON(): string {
    return '(redacted)';
  }

  /** `Secret(redacted)` in `util.inspect` and `console.log`. */
  [INSPECT](): string {
    return 'Secret(redacted)';
  }
}
