import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { ORDER_EVENT_TYPES } from '../domain/index.ts';
import { TRANSITIONS } from './transition-table.ts';

it('docs/order-states.md shows exactly the transition table', () => {
  const doc = readFileSync(new URL('../../docs/order-states.md', import.meta.url), 'utf8');
  const cells = (line: string) =>
    line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
  const lines = doc.split('\n').filter((l) => l.startsWith('|'));
  const header = lines.find((l) => l.includes('status \\ event'));
  expect(header).toBeDefined();
  expect(cells(header!).slice(1)).toEqual([...ORDER_EVENT_TYPES]);
  const fromDoc: Record<string, Record<string, string | undefined>> = {};
  for (const l of lines.slice(lines.indexOf(header!) + 2)) {
    const [status, ...targets] = cells(l);
    if (!status || !(status in TRANSITIONS)) break;
    fromDoc[status] = Object.fromEntries(
      ORDER_EVENT_TYPES.flatMap((e, i) => (targets[i] === '—' ? [] : [[e, targets[i]]])),
    );
  }
  expect(fromDoc).toEqual(JSON.parse(JSON.stringify(TRANSITIONS)));
});
