/**
 * What a gateway command runs with: the client, the output mode, where to print, and the pager that
 * follows `nextCursor` across pages.
 */
import type { GatewayClient } from './gateway-client.ts';

/** The context of one gateway command. */
export interface CommandContext {
  readonly client: GatewayClient;
  /** `--json`: print the gateway's JSON answer unchanged (pretty-printed). */
  readonly json: boolean;
  /** Prints one block of text to stdout. */
  readonly out: (text: string) => void;
  /** Prints one block of text to stderr. */
  readonly err: (text: string) => void;
}

/** A page of results as the API returns it. */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

/**
 * Reads one page, or with `all` every page (following `nextCursor` with the same filters); resolves with
 * the items and the cursor left over (null after `all`).
 */
export async function readPages<T>(
  ctx: CommandContext,
  path: string,
  query: Readonly<Record<string, string | number | undefined>>,
  all: boolean,
): Promise<Page<T>> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await ctx.client.request<Page<T>>('GET', path, { query: { ...query, cursor } });
    items.push(...page.items);
    if (!all || page.nextCursor === null) return { items, nextCursor: page.nextCursor };
    cursor = page.nextCursor;
  }
}

/** Prints a value as JSON (two-space indent). */
export function printJson(ctx: CommandContext, value: unknown): void {
  ctx.out(JSON.stringify(value, null, 2));
}
