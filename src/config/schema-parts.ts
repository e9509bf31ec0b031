/**
 * Building blocks shared by the sections of the gateway config schema: strict sections whose unknown-key
 * message lists the allowed keys, environment-variable names, URLs without credentials, exact decimals and
 * ids. Messages never repeat a value that could be a secret.
 */
import { z } from 'zod';
import { dec, decimalProblem } from '../domain/index.ts';

/**
 * A strict section: unknown keys are errors whose message lists the keys allowed there.
 * @param shape the section's fields
 */
export function section<T extends z.ZodRawShape>(shape: T) {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? `unknown key (allowed here: ${allowed})`
        : iss.code === 'invalid_type'
          ? 'must be a map'
          : undefined,
  });
}

/** Environment variable names: capital letters, digits and `_`, not starting with a digit. */
export const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

/**
 * A field naming an environment variable (`*_env`); the value itself is never in the file.
 * @param fallback the default variable name
 */
export function envName(fallback: string) {
  return z
    .string({ error: 'must be the NAME of an environment variable' })
    .regex(ENV_NAME, {
      error:
        'must be the NAME of an environment variable (capital letters, digits and _), not its value: put the value in the environment',
    })
    .default(fallback);
}

/** True when a URL carries a user name or password (`scheme://user:pass@host`). */
export function hasUrlCredentials(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]*@/i.test(text.trim());
}

/**
 * A URL with one of the given schemes and no credentials in it (no value is echoed in messages).
 * @param protocols accepted schemes with their colon, e.g. `['http:', 'https:']`
 */
export function url(protocols: readonly string[]) {
  const what = `must be a ${protocols.map((p) => p.slice(0, -1)).join(' or ')} URL`;
  return z.string({ error: what }).superRefine((v, ctx) => {
    if (hasUrlCredentials(v)) {
      ctx.addIssue({
        code: 'custom',
        message:
          'holds a URL with credentials: secrets are never read from the config file; put them in an environment variable',
      });
      return;
    }
    let u: URL;
    try {
      u = new URL(v);
    } catch {
      ctx.addIssue({ code: 'custom', message: what });
      return;
    }
    if (!protocols.includes(u.protocol)) ctx.addIssue({ code: 'custom', message: what });
  });
}

/** A venue id: letters, digits, `_`, `.`, `-`, at most 64 characters. */
export const VENUE_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** A venue id field with a default. */
export function venueId(fallback: string) {
  return z
    .string({ error: 'must be a venue id' })
    .regex(VENUE_ID, { error: 'must be 1-64 letters, digits, _, . or - (starting with a letter or digit)' })
    .default(fallback);
}

/**
 * An exact decimal, written as a number or a string; kept as its exact text (never through a float: the
 * loader hands numbers under `venues[*].markets` and `risk` to the schema as their source text).
 * @param positive require a value > 0
 */
export function decimal(positive = false) {
  return z.union([z.string(), z.number()], { error: 'must be a decimal number' }).transform((v, ctx) => {
    const text = typeof v === 'number' ? String(v) : v.trim();
    const problem = decimalProblem(text);
    if (problem !== undefined) {
      ctx.addIssue({ code: 'custom', message: `must be a decimal number (${problem})` });
      return z.NEVER;
    }
    if (positive && dec(text) <= 0n) {
      ctx.addIssue({ code: 'custom', message: 'must be greater than 0' });
      return z.NEVER;
    }
    return text;
  });
}

/** A whole number in [min, max]. */
export function int(min: number, max = Number.MAX_SAFE_INTEGER) {
  return z
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });
}

/** A finite number > 0. */
export function positiveNumber() {
  return z.number({ error: 'must be a number' }).positive({ error: 'must be greater than 0' });
}

/** A non-empty string. */
export function text(what = 'a non-empty string') {
  return z.string({ error: `must be ${what}` }).min(1, { error: `must be ${what}` });
}
