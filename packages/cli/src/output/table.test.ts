import { describe, expect, it } from 'vitest';
import { renderPairs, renderTable } from './table.ts';

describe('renderTable', () => {
  const rows = [
    { name: 'RESIDENT EVIL 5', progress: 72 },
    { name: 'Fall Guys', progress: 100 },
  ];
  it('pads text left and numbers right under a header', () => {
    const text = renderTable(rows, [
      { header: 'Title', value: (r) => r.name },
      { header: 'Progress', value: (r) => r.progress },
    ]);
    expect(text).toBe('Title            Progress\nRESIDENT EVIL 5        72\nFall Guys             100\n');
  });
  it('cuts the widest text column to fit the terminal', () => {
    const text = renderTable(
      rows,
      [
        { header: 'Title', value: (r) => `${r.name} ${'x'.repeat(40)}` },
        { header: 'P', value: (r) => r.progress },
      ],
      { maxWidth: 30 },
    );
    for (const line of text.trimEnd().split('\n')) expect(line.length).toBeLessThanOrEqual(30);
    expect(text).toContain('…');
  });
  it('keeps widths right when cells are coloured', () => {
    const text = renderTable(rows, [
      { header: 'Title', value: (r) => r.name, style: (s) => `\u001b[32m${s}\u001b[39m` },
      { header: 'P', value: (r) => r.progress },
    ]);
    expect(text.split('\n')[1]).toBe('\u001b[32mRESIDENT EVIL 5\u001b[39m   72');
  });
  it('renders label/value pairs, skipping empty values', () => {
    expect(
      renderPairs([
        ['Account', 'me'],
        ['About', ''],
        ['Level', 3],
      ]),
    ).toBe('Account  me\nLevel    3\n');
  });
});
