/**
 * Runs the README's library example exactly as written (with `'ag-exec'` pointing at the sources), so the
 * example a newcomer copies is known to work.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, expect, it, vi } from 'vitest';

afterEach(() => vi.restoreAllMocks());

it('the README library example runs and prints what its comments say', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const section = readme.split('## Library example')[1] ?? '';
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  expect(code, 'README has a ts block under "## Library example"').toBeDefined();
  const dir = new URL('../node_modules/.cache/ag-exec/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL('readme-example.ts', dir);
  const src = new URL('../src/index.ts', import.meta.url).pathname;
  writeFileSync(file, code!.replace(/from 'ag-exec'/g, `from '${src}'`));
  const printed: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    printed.push(args.map(String).join(' '));
  });
  await import(file.href);
  expect(printed).toContain('Working');
  expect(printed).toContain('Cancelled');
});
