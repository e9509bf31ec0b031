/**
 * Turns the schema's issues into config problems people can act on: one per unknown key, "missing required
 * field" for absent values, the accepted values for enumerations, and the type received for wrong types.
 * Values are shown only for enumeration-like fields (never for a field that could hold a secret).
 */
import type { z } from 'zod';
import type { PathSegment } from './yaml-source.ts';

/** A schema problem at a data path. */
export interface PathProblem {
  readonly path: readonly PathSegment[];
  readonly message: string;
  /** Point at the key rather than the value (unknown keys). */
  readonly atKey?: boolean;
}

/** The value at `path` in plain data, or undefined. */
export function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let cur = data;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg];
  }
  return cur;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  if (typeof v === 'string') return 'text';
  return typeof v === 'number' ? 'a number' : typeof v;
}

function show(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  const t = s === undefined ? String(v) : s;
  return JSON.stringify(t.length > 40 ? `${t.slice(0, 40)}...` : t);
}

const isDefault = (m: string): boolean => /^(Invalid|Too (big|small)|Expected)/.test(m);

/** The problems one schema issue stands for. */
export function describeIssue(iss: z.core.$ZodIssue, data: unknown): PathProblem[] {
  const path = iss.path.filter((s): s is PathSegment => typeof s !== 'symbol');
  const value = valueAt(data, path);
  switch (iss.code) {
    case 'unrecognized_keys': {
      const allowed = /allowed here: (.*)\)$/.exec(iss.message)?.[1]?.split(', ') ?? [];
      return iss.keys.map((k) => {
        const near = closest(k, allowed);
        const base = isDefault(iss.message) ? 'unknown key' : iss.message;
        return {
          path: [...path, k],
          atKey: true,
          message:
            near === undefined ? base : base.replace('unknown key', `unknown key (did you mean ${near}?)`),
        };
      });
    }
    case 'invalid_type': {
      if (value === undefined) {
        return [
          { path, message: `missing required field${isDefault(iss.message) ? '' : ` (${iss.message})`}` },
        ];
      }
      const base = isDefault(iss.message) ? `must be ${iss.expected}` : iss.message;
      if (iss.expected === 'int' && typeof value === 'number') return [{ path, message: base }];
      return [{ path, message: `${base} (got ${kindOf(value)})` }];
    }
    case 'invalid_union': {
      const options = (iss as { options?: unknown[] }).options;
      if (Array.isArray(options) && (iss as { discriminator?: unknown }).discriminator !== undefined) {
        const list = options.map(String).join(', ');
        if (value === undefined) return [{ path, message: `missing required field (one of ${list})` }];
        return [{ path, message: `must be one of ${list} (got ${show(value)})` }];
      }
      return [
        { path, message: isDefault(iss.message) ? `is not valid here (got ${kindOf(value)})` : iss.message },
      ];
    }
    case 'invalid_value': {
      if (value === undefined) {
        return [{ path, message: `missing required field (one of ${iss.values.map(String).join(', ')})` }];
      }
      const base = isDefault(iss.message)
        ? `must be one of ${iss.values.map(String).join(', ')}`
        : iss.message;
      return [{ path, message: `${base} (got ${show(value)})` }];
    }
    case 'too_small':
      if (!isDefault(iss.message)) return [{ path, message: iss.message }];
      return [
        {
          path,
          message:
            iss.origin === 'array'
              ? `must have at least ${String(iss.minimum)} entr${iss.minimum === 1 ? 'y' : 'ies'}`
              : `must be at least ${String(iss.minimum)}`,
        },
      ];
    case 'too_big':
      if (!isDefault(iss.message)) return [{ path, message: iss.message }];
      return [{ path, message: `must be at most ${String(iss.maximum)}` }];
    default:
      return [{ path, message: iss.message }];
  }
}

/** The allowed key a mistyped key most likely meant: same letters ignoring case and `_`/`-`, or 1-2 edits away. */
export function closest(key: string, allowed: readonly string[]): string | undefined {
  const norm = (k: string) => k.toLowerCase().replace(/[_-]/g, '');
  const same = allowed.find((a) => norm(a) === norm(key));
  if (same !== undefined) return same;
  let best: string | undefined;
  let bestDistance = key.length <= 3 ? 1 : 2;
  for (const a of allowed) {
    const d = distance(norm(key), norm(a));
    if (d <= bestDistance && (best === undefined || d < distance(norm(key), norm(best)))) {
      best = a;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance (short strings only). */
function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
