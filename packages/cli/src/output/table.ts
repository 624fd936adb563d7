/**
 * Plain-text tables for the terminal: left-aligned text, right-aligned numbers, columns as wide as
 * their widest cell; the widest text column is cut with "…" to fit the terminal.
 * @module
 */
import { visibleLength } from './color.ts';

export interface Column<Row> {
  header: string;
  value: (row: Row) => string | number | undefined;
  /** @default 'left', or 'right' when every value is a number */
  align?: 'left' | 'right';
  /** Colours a cell after padding (so widths stay right). */
  style?: (text: string, row: Row) => string;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const room = Math.max(0, width - visibleLength(text));
  return align === 'right' ? ' '.repeat(room) + text : text + ' '.repeat(room);
}

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** Renders rows as a table with a header line; `maxWidth` is the terminal's width, if any. */
export function renderTable<Row>(
  rows: readonly Row[],
  columns: readonly Column<Row>[],
  options: { maxWidth?: number; header?: (text: string) => string } = {},
): string {
  const cells = rows.map((row) => columns.map((c) => (c.value(row) === undefined ? '' : String(c.value(row)))));
  const aligns = columns.map(
    (c, i) => c.align ?? (rows.length > 0 && rows.every((row) => typeof c.value(row) === 'number' || cells[rows.indexOf(row)]?.[i] === '') ? 'right' : 'left'),
  );
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]?.length ?? 0)));
  const gap = 2;
  const total = widths.reduce((a, b) => a + b, 0) + gap * (columns.length - 1);
  if (options.maxWidth && total > options.maxWidth) {
    // Shrink the widest left-aligned column, never below 12 characters.
    let widest = -1;
    for (let i = 0; i < columns.length; i++) if (aligns[i] === 'left' && (widest < 0 || (widths[i] ?? 0) > (widths[widest] ?? 0))) widest = i;
    if (widest >= 0) widths[widest] = Math.max(12, (widths[widest] ?? 0) - (total - options.maxWidth));
  }
  const header = options.header ?? ((t: string) => t);
  const lines = [
    columns
      .map((c, i) => header(pad(cut(c.header, widths[i] ?? 0), widths[i] ?? 0, aligns[i] ?? 'left')))
      .join(' '.repeat(gap))
      .trimEnd(),
  ];
  rows.forEach((row, r) => {
    const line = columns.map((c, i) => {
      const text = pad(cut(cells[r]?.[i] ?? '', widths[i] ?? 0), widths[i] ?? 0, aligns[i] ?? 'left');
      return c.style ? c.style(text, row) : text;
    });
    lines.push(line.join(' '.repeat(gap)).trimEnd());
  });
  return `${lines.join('\n')}\n`;
}

/** Two columns, label and value: for one record (a profile, a summary). */
export function renderPairs(pairs: ReadonlyArray<readonly [string, string | number | undefined]>, label: (text: string) => string = (t) => t): string {
  const width = Math.max(0, ...pairs.map(([k]) => k.length));
  return pairs
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${label(k.padEnd(width))}  ${v}`)
    .join('\n')
    .concat('\n');
}
