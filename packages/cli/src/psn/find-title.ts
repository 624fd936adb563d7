/**
 * Finds one of the account's titles from what a person types: an npCommunicationId
 * (`NPWR10600_00`) or a name, exact or a unique part of it, case-insensitive.
 * @module
 */
import type { PsnClient, TrophyTitle } from '@trophyroom/psn';
import { UsageError } from '../errors/cli-error.ts';

const ID = /^NPWR\d{5}_\d{2}$/i;

/** Picks the title `query` names out of `titles`, or explains why it cannot. */
export function pickTitle(titles: readonly TrophyTitle[], query: string, whose = 'your'): TrophyTitle {
  const q = query.trim().toLowerCase();
  if (ID.test(q)) {
    const byId = titles.find((t) => t.npCommunicationId.toLowerCase() === q);
    if (byId) return byId;
    throw new UsageError(`No title ${query.toUpperCase()} in ${whose} trophy list. Run \`trophyroom titles\` to see the ids.`);
  }
  const exact = titles.filter((t) => t.trophyTitleName.toLowerCase() === q);
  if (exact.length === 1) return exact[0] as TrophyTitle;
  const partial = exact.length > 1 ? exact : titles.filter((t) => t.trophyTitleName.toLowerCase().includes(q));
  if (partial.length === 1) return partial[0] as TrophyTitle;
  if (partial.length === 0) throw new UsageError(`No title matching "${query}" in ${whose} trophy list. Run \`trophyroom titles\` to see the names.`);
  const names = partial
    .slice(0, 5)
    .map((t) => `${t.trophyTitleName} (${t.npCommunicationId}, ${t.trophyTitlePlatform})`)
    .join('; ');
  throw new UsageError(`"${query}" matches ${partial.length} titles: ${names}${partial.length > 5 ? '; …' : ''}. Give the npCommunicationId.`);
}

/** The account's title that `query` names (one pass over the title list, 800 titles a request). */
export async function findTitle(
  psn: PsnClient,
  query: string,
  options: { accountId?: string; signal?: AbortSignal; whose?: string } = {},
): Promise<TrophyTitle> {
  const titles = await psn.trophies.allTitles({ accountId: options.accountId, signal: options.signal }).all();
  return pickTitle(titles, query, options.whose);
}
