/**
 * The CSV form of an export: one row per trophy, RFC 4180 quoting, a header row.
 * @module
 */
import type { ExportedTitle } from './export-record.ts';

export const CSV_HEADER = [
  'npCommunicationId',
  'title',
  'platform',
  'groupId',
  'groupName',
  'trophyId',
  'type',
  'name',
  'detail',
  'hidden',
  'earned',
  'earnedAt',
  'earnedRate',
  'rarity',
] as const;

/** Quotes a field when it holds a comma, a quote or a line break. */
export function csvField(value: string | number | boolean | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(fields: ReadonlyArray<string | number | boolean | null | undefined>): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/** The rows of one title. */
export function titleToCsv(title: ExportedTitle): string {
  const groupNames = new Map(title.groups.map((g) => [g.id, g.name]));
  return title.trophies
    .map((t) =>
      csvLine([
        title.npCommunicationId,
        title.name,
        title.platform,
        t.groupId,
        groupNames.get(t.groupId) ?? '',
        t.id,
        t.type,
        t.name,
        t.detail,
        t.hidden,
        t.earned,
        t.earnedAt,
        t.earnedRate,
        t.rarity,
      ]),
    )
    .join('');
}
