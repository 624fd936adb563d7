/**
 * One row per measured figure, and the table `npm run bench` prints.
 *
 * A target is a `floor` (ours must be at least it), a `ceiling` (ours must stay below it) or a
 * `baseline` (a reference figure measured on the same machine: the ratio says how close we come,
 * there is nothing to pass or miss). The ratio is always ours ÷ target.
 * @module
 */

export type TargetKind = 'floor' | 'ceiling' | 'baseline';

export interface Row {
  benchmark: string;
  metric: string;
  value: number;
  unit: string;
  target?: { value: number; kind: TargetKind };
  /** Set when the measurement itself is invalid (e.g. non-200 responses): the row shows FAIL. */
  failure?: string;
}

export type Verdict = 'ok' | 'MISS' | 'FAIL' | '—';

export function verdictOf(row: Row): Verdict {
  if (row.failure) return 'FAIL';
  if (!row.target || row.target.kind === 'baseline') return '—';
  return (row.target.kind === 'floor' ? row.value >= row.target.value : row.value < row.target.value) ? 'ok' : 'MISS';
}

function figure(value: number, unit: string): string {
  // A count (no unit, a whole number) shows no decimals.
  const digits = (!unit && Number.isInteger(value)) || Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  const text = value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return unit ? `${text} ${unit}` : text;
}

function targetText(row: Row): string {
  if (!row.target) return '—';
  const sign = row.target.kind === 'floor' ? '≥ ' : row.target.kind === 'ceiling' ? '< ' : 'vs ';
  return sign + figure(row.target.value, row.unit);
}

function ratioText(row: Row): string {
  if (!row.target || row.target.value === 0) return '—';
  return `${(row.value / row.target.value).toFixed(2)}×`;
}

/** The table as text: benchmark, metric, ours, target, ratio, ok; failures and misses listed under it. */
export function formatTable(rows: Row[]): string {
  const header = ['benchmark', 'metric', 'ours', 'target', 'ratio', 'ok'];
  const cells = rows.map((row) => [row.benchmark, row.metric, figure(row.value, row.unit), targetText(row), ratioText(row), verdictOf(row)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const right = new Set([2, 3, 4]);
  const line = (c: string[]) => c.map((text, i) => (right.has(i) ? text.padStart(widths[i] ?? 0) : text.padEnd(widths[i] ?? 0))).join('  ');
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)];
  const misses = rows.filter((row) => verdictOf(row) === 'MISS');
  const failures = rows.filter((row) => row.failure);
  if (misses.length > 0) out.push('', `MISSED TARGET: ${misses.map((r) => `${r.benchmark} / ${r.metric}`).join('; ')}`);
  for (const row of failures) out.push(`FAIL: ${row.benchmark} / ${row.metric}: ${row.failure}`);
  return `${out.join('\n')}\n`;
}
