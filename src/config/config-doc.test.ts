/** docs/config.md documents every key the schema accepts (walks the schema's definition). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gatewayConfigSchema } from './config-schema.ts';

/** Every key name the schema accepts, found by walking its definition. */
function keysOf(schema: unknown, out = new Set<string>()): Set<string> {
  const def = (schema as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
  if (def === undefined) return out;
  switch (def.type) {
    case 'object':
      for (const [k, v] of Object.entries(def.shape as Record<string, unknown>)) {
        out.add(k);
        keysOf(v, out);
      }
      break;
    case 'default':
    case 'prefault':
    case 'optional':
    case 'nullable':
      keysOf(def.innerType, out);
      break;
    case 'array':
      keysOf(def.element, out);
      break;
    case 'union':
      for (const o of def.options as unknown[]) keysOf(o, out);
      break;
    case 'pipe':
      keysOf(def.in, out);
      break;
    case 'record':
      keysOf(def.valueType, out);
      break;
  }
  return out;
}

describe('docs/config.md', () => {
  it('documents every key of the schema', () => {
    const doc = readFileSync(new URL('../../docs/config.md', import.meta.url), 'utf8');
    const keys = [...keysOf(gatewayConfigSchema)];
    expect(keys.length).toBeGreaterThan(60);
    const missing = keys.filter(
      (k) =>
        !new RegExp(`\`([a-zA-Z_]+\\.)*${k}(\\[\\])?(\\.[a-zA-Z_]+)*\`|## ${k}\\b|\\b${k}[,:?]`).test(doc),
    );
    expect(missing).toEqual([]);
  });
});
