/**
 * Tables of the gateway commands: aligned columns, decimal strings exactly as the API sent them with their
 * decimal points lined up, times as ISO-8601, and the `CODE: message` lines of a refusal.
 */

/** A column: its header and whether it holds decimal strings (aligned on the decimal point). */
export interface Column {
  readonly header: string;
  readonly money?: boolean;
}

/** Lines up decimal strings on their decimal point (integer parts right-aligned, fractions padded with spaces). */
export function alignDecimals(values: readonly string[]): string[] {
  const parts = values.map((v) => {
    const dot = v.indexOf('.');
    return dot < 0 ? [v, ''] : [v.slice(0, dot), v.slice(dot)];
  });
  const intWidth = Math.max(0, ...parts.map(([i]) => i!.length));
  const fracWidth = Math.max(0, ...parts.map(([, f]) => f!.length));
  return parts.map(([i, f]) =>
    i === '' && f === '' ? '' : `${i!.padStart(intWidth)}${f!.padEnd(fracWidth)}`,
  );
}

/** Formats rows under headers; money columns are aligned on the decimal point. No rows prints `(none)`. */
export function formatTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '(none)';
  const cells = columns.map((c, i) => {
    const col = rows.map((r) => r[i] ?? '');
    return c.money === true ? alignDecimals(col) : col;
  });
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells[i]!.map((v) => v.length)));
  const line = (vals: readonly string[]) =>
    vals
      .map((v, i) => (columns[i]!.money === true ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [
    line(columns.map((c) => c.header)),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((_, r) => line(cells.map((col) => col[r]!))),
  ].join('\n');
}

/** `key  value` lines with the keys padded to one width. */
export function formatFields(fields: readonly (readonly [string, string | undefined])[]): string {
  const shown = fields.filter(([, v]) => v !== undefined && v !== '');
  const w = Math.max(0, ...shown.map(([k]) => k.length));
  return shown.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n');
}

/** A time in ms since the epoch as ISO-8601 (UTC, milliseconds). */
export function isoTime(ms: number | undefined): string {
  return ms === undefined ? '' : new Date(ms).toISOString();
}

/** The lines printed for a refusal: `CODE: message`, then the details as JSON when there are any. */
export function refusalLines(
  code: string,
  message: string,
  details: Readonly<Record<string, unknown>>,
): string {
  const head = `${code}: ${message}`;
  return Object.keys(details).length === 0 ? head : `${head}\ndetails: ${JSON.stringify(details)}`;
}
