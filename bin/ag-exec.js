#!/usr/bin/env node
// The ag-exec command. In a checkout it runs the TypeScript sources directly (through tsx, installed by
// `npm ci`), so `npx ag-exec ...` works with no build step; an installed package runs the built `dist/`.
import { existsSync } from 'node:fs';

const source = new URL('../src/cli/main.ts', import.meta.url);
let cli;
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import(source.href);
} else {
  cli = await import('../dist/cli/main.js');
}
process.exitCode = await cli.runCli(process.argv.slice(2));
