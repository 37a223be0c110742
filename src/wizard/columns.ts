// Choice labels laid out in columns, so a long list reads like a table.

/** Pads every column but the last to the widest cell in it. */
export function columns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd());
}

/** A search term matches when every word of it is in one of the fields (case-insensitive). */
export function matchesTerm(term: string | undefined, fields: readonly (string | undefined)[]): boolean {
  const words = (term ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const haystack = fields.filter(Boolean).join(' ').toLowerCase();
  return words.every((w) => haystack.includes(w));
}
