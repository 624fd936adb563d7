/**
 * `trophyroom compare <onlineId> [title]`: your trophies and another player's side by side, as
 * the web site's "compare" (`comparedUser` of seed 002) — every title, or one title's trophies.
 * @module
 */
import type { EarnedTrophy, PsnClient, TrophyTitle } from '@trophyroom/psn';
import type { Command, CommandContext } from '../command.ts';
import { UsageError } from '../errors/cli-error.ts';
import { countsText, shortDate } from '../output/format.ts';
import { maskSecret } from '../output/secret-trophy.ts';
import { pickTitleOfEither } from '../psn/find-title.ts';
import { openSession } from '../psn/session.ts';

interface Side {
  progress: number;
  earnedTrophies: TrophyTitle['earnedTrophies'];
  lastUpdatedDateTime: string;
}

const side = (t: TrophyTitle | undefined): Side | null =>
  t ? { progress: t.progress, earnedTrophies: t.earnedTrophies, lastUpdatedDateTime: t.lastUpdatedDateTime } : null;

async function earnedOf(psn: PsnClient, title: TrophyTitle, accountId: string, signal: AbortSignal): Promise<Map<number, EarnedTrophy>> {
  try {
    const { trophies } = await psn.trophies.userTrophies(title, 'all', { accountId, signal });
    return new Map(trophies.map((t) => [t.trophyId, t]));
  } catch (error) {
    // Never played: nothing earned.
    if ((error as { kind?: string }).kind === 'not_found') return new Map();
    throw error;
  }
}

async function compareTitle(
  context: CommandContext,
  psn: PsnClient,
  me: string,
  them: { onlineId: string; accountId: string },
  title: TrophyTitle,
  showHidden: boolean,
): Promise<number> {
  const signal = context.signal;
  const [definitions, mine, theirs] = await Promise.all([
    psn.trophies.titleTrophies(title, 'all', { signal }),
    earnedOf(psn, title, 'me', signal),
    earnedOf(psn, title, them.accountId, signal),
  ]);
  const rows = definitions.trophies.map((d) => {
    const m = mine.get(d.trophyId);
    const t = theirs.get(d.trophyId);
    const rate = m?.trophyEarnedRate ?? t?.trophyEarnedRate;
    const row = {
      id: d.trophyId,
      groupId: d.trophyGroupId,
      type: d.trophyType,
      name: d.trophyName,
      hidden: d.trophyHidden,
      earnedRate: rate ?? null,
      you: { earned: m?.earned ?? false, earnedAt: m?.earnedDateTime ?? null },
      them: { earned: t?.earned ?? false, earnedAt: t?.earnedDateTime ?? null },
    };
    // A secret trophy neither of you has earned keeps its name to itself, in the table and in JSON.
    return row.hidden && !row.you.earned && !row.them.earned && !showHidden ? maskSecret(row) : row;
  });
  const { out } = context;
  if (out.json) {
    out.printJson({ npCommunicationId: title.npCommunicationId, name: title.trophyTitleName, you: me, them: them.onlineId, trophies: rows });
    return 0;
  }
  const when = (s: { earned: boolean; earnedAt: string | null }) => (s.earned ? shortDate(s.earnedAt ?? undefined) || 'yes' : '');
  out.write(`${out.c.bold(title.trophyTitleName)}  ${title.trophyTitlePlatform}  ${title.npCommunicationId}\n\n`);
  out.table(rows, [
    { header: 'Id', value: (r) => r.id },
    { header: 'Type', value: (r) => r.type },
    { header: 'Trophy', value: (r) => r.name },
    { header: me, value: (r) => when(r.you), style: (s, r) => (r.you.earned ? out.c.green(s) : s) },
    { header: them.onlineId, value: (r) => when(r.them), style: (s, r) => (r.them.earned ? out.c.green(s) : s) },
    { header: 'Rarity', value: (r) => (r.earnedRate === null ? '' : `${r.earnedRate.toFixed(1)}%`), align: 'right' },
  ]);
  return 0;
}

export const compare: Command = {
  name: 'compare',
  summary: "your trophies and another player's side by side",
  help: `Usage: trophyroom compare <onlineId> [title] [--hidden]

Without a title: every title either of you has, with progress and trophies earned side by side.
With a title (npCommunicationId or name): each of its trophies, with when each of you earned it.
The other player's trophies must be visible to you (their privacy settings); otherwise exit 2.

Options:
  --hidden   show the names of secret trophies neither of you has earned (spoilers), in the
             table and in --json

Examples:
  trophyroom compare Hakoom
  trophyroom compare Hakoom "RESIDENT EVIL 5"
  trophyroom compare Hakoom NPWR10600_00 --json
`,
  options: { hidden: { type: 'boolean' } },
  async run({ values, positionals }, context) {
    const [onlineId, ...rest] = positionals;
    if (!onlineId) throw new UsageError('Give the player to compare with: `trophyroom compare <onlineId> [title]`.');
    const { psn, login } = await openSession(context);
    const signal = context.signal;
    const accountId = await psn.profiles.accountIdOf(onlineId, { signal });
    const them = { onlineId, accountId };
    const [mine, theirs] = await Promise.all([
      psn.trophies.allTitles({ signal }).all(),
      psn.trophies
        .allTitles({ accountId, signal })
        .all()
        .catch((error: unknown) => {
          if ((error as { kind?: string }).kind === 'forbidden')
            throw new UsageError(`${onlineId}'s trophies are private: their privacy settings do not let you see them.`);
          throw error;
        }),
    ]);
    const me = login.account.onlineId;
    const query = rest.join(' ').trim();
    if (query) {
      return compareTitle(context, psn, me, them, pickTitleOfEither(mine, theirs, query, onlineId), values.hidden === true);
    }
    const theirsById = new Map(theirs.map((t) => [t.npCommunicationId, t]));
    const mineIds = new Set(mine.map((t) => t.npCommunicationId));
    // Titles you both have first, then yours, then theirs (each newest first).
    const both = mine.filter((t) => theirsById.has(t.npCommunicationId));
    const onlyMine = mine.filter((t) => !theirsById.has(t.npCommunicationId));
    const onlyTheirs = theirs.filter((t) => !mineIds.has(t.npCommunicationId));
    const rows = [...both, ...onlyMine, ...onlyTheirs].map((t) => ({
      npCommunicationId: t.npCommunicationId,
      name: t.trophyTitleName,
      platform: t.trophyTitlePlatform,
      definedTrophies: t.definedTrophies,
      you: side(mineIds.has(t.npCommunicationId) ? t : undefined),
      them: side(theirsById.get(t.npCommunicationId)),
    }));
    const { out } = context;
    if (out.json) {
      out.printJson({ you: me, them: onlineId, titles: rows });
      return 0;
    }
    const cell = (s: Side | null) => (s ? `${String(s.progress).padStart(3)}%  ${countsText(s.earnedTrophies)}` : '—');
    out.table(rows, [
      { header: 'Title', value: (r) => r.name },
      { header: 'Platform', value: (r) => r.platform },
      { header: me, value: (r) => cell(r.you) },
      { header: onlineId, value: (r) => cell(r.them) },
    ]);
    return 0;
  },
};
