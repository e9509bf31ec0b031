/** The shape of one gateway command: its usage text, its own flags, and what it does. */
import type { ParseArgsConfig } from 'node:util';
import type { Parsed } from './client-args.ts';
import type { CommandContext } from './command-context.ts';

/** One gateway command (`order submit`, `positions`, ...). */
export interface GatewayCommand {
  /** Usage and description shown by `--help` (the common options are appended). */
  readonly usage: string;
  /** Its own flags (beside `--url`, `--json`, `--timeout`, `--help`). */
  readonly options: NonNullable<ParseArgsConfig['options']>;
  /** How many positional words it takes (order ids). */
  readonly positionals: number;
  /** Runs it; resolves with the exit code. Throws UsageError for bad input, the client's errors otherwise. */
  run(ctx: CommandContext, args: Parsed): Promise<number>;
}
