/**
 * Finds one of the account's titles from what a person types: an npCommunicationId
 * (`NPWR10600_00`) or a name, exact or a unique part of it, case-insensitive.
 * @module
 */
import type { PsnClient, TrophyTitle } from '@trophyroom/psn';
import { UsageError } from '../errors/cli-error.ts';

const ID = /^NPWR\d{5}_\d{2}$/i;

/** The titles `query` could name: the one with that id, else those named exactly so, else those whose name holds it. */
export function titlesMatching(titles: readonly TrophyTitle[], query: string): TrophyTitle[] {
  const q = query.trim().toLowerCase();
  if (ID.test(q)) return titles.filter((t) => t.npCommunicationId.toLowerCase() === q);
  const exact = titles.filter((t) => t.trophyTitleName.toLowerCase() === q);
  return exact.length > 0 ? exact : titles.filter((t) => t.trophyTitleName.toLowerCase().includes(q));
}

/** Picks the title `query` names out of `titles`, or explains why it cannot. */
export function pickTitle(titles: readonly TrophyTitle[], query: string, whose = 'your'): TrophyTitle {
  const matches = titlesMatching(titles, query);
  if (ID.test(query.trim())) {
    if (matches[0]) return matches[0];
    throw new UsageError(`No title ${query.trim().toUpperCase()} in ${whose} trophy list. Run \`trophyroom titles\` to see the ids.`);
  }
  if (matches.length === 1) return matches[0] as TrophyTitle;
  if (matches.length === 0) throw new UsageError(`No title matching "${query}" in ${whose} trophy list. Run \`trophyroom titles\` to see the names.`);
  const names = matches
    .slice(0, 5)
    .map((t) => `${t.trophyTitleName} (${t.npCommunicationId}, ${t.trophyTitlePlatform})`)
    .join('; ');
  throw new UsageError(`"${query}" matches ${matches.length} titles: ${names}${matches.length > 5 ? '; …' : ''}. Give the npCommunicationId.`);
}

/**
 * For `compare`: the title `query` names among yours, and only when none of yours matches, among
 * the other player's — an ambiguous name among yours is an error, not a reason to look at theirs.
 */
export function pickTitleOfEither(mine: readonly TrophyTitle[], theirs: readonly TrophyTitle[], query: string, theirName: string): TrophyTitle {
  if (titlesMatching(mine, query).length > 0) return pickTitle(mine, query);
  return pickTitle(theirs, query, `your or ${theirName}'s`);
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
