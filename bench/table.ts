/** Plain-text tables for stdout (and the markdown tables of the doc fragment). */

export type Cell = string | number | boolean | undefined | null;

/** A number with `digits` decimals, or "–" when unmeasured. */
export function fmt(value: number | undefined | null, digits = 0): string {
  return value === undefined || value === null || Number.isNaN(value) ? '–' : value.toFixed(digits);
}

/** Milliseconds as seconds with one decimal. */
export const seconds = (ms: number | undefined | null) =>
  ms === undefined || ms === null ? '–' : `${(ms / 1000).toFixed(1)} s`;

const text = (cell: Cell) =>
  cell === undefined || cell === null ? '–' : typeof cell === 'boolean' ? (cell ? '✅' : '❌') : String(cell);

/** Columns padded to their widest cell; numbers right-aligned. */
export function formatTable(title: string, headers: readonly string[], rows: readonly Cell[][]): string {
  const cells = [headers.map(String), ...rows.map((row) => row.map(text))];
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => [...(row[column] ?? '')].length)));
  const pad = (value: string, column: number, right: boolean) => {
    const gap = ' '.repeat(Math.max(0, widths[column]! - [...value].length));
    return right ? gap + value : value + gap;
  };
  const isNumeric = (cell: Cell) =>
    typeof cell === 'number' || (typeof cell === 'string' && /^[\d.,%×–\s-]+(ms|s|MB|\/s)?$/.test(cell));
  const numeric = headers.map(
    (_, column) =>
      rows.length > 0 &&
      rows.every((row) => row[column] === undefined || row[column] === null || isNumeric(row[column])),
  );
  const line = (row: string[]) =>
    row
      .map((value, column) => pad(value, column, numeric[column]!))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '─'.repeat(width)).join('  ');
  return [`\n${title}`, line(cells[0]!), rule, ...cells.slice(1).map(line)].join('\n');
}

/** The same table as GitHub markdown. */
export function markdownTable(headers: readonly string[], rows: readonly Cell[][]): string {
  const escape = (value: string) => value.replace(/\|/g, '\\|');
  return [
    `| ${headers.map(escape).join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map((cell) => escape(text(cell))).join(' | ')} |`),
  ].join('\n');
}
