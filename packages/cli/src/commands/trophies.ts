/**
 * `trophyroom trophies <npCommunicationId|name>`: one title's trophies, earned dates and rarity.
 * @module
 */
import type { MergedTrophy } from '@trophyroom/psn';
import type { Command } from '../command.ts';
import { UsageError } from '../errors/cli-error.ts';
import { countsText, shortDate, tierText } from '../output/format.ts';
import { maskSecret } from '../output/secret-trophy.ts';
import { findTitle } from '../psn/find-title.ts';
import { openSession } from '../psn/session.ts';

export const trophies: Command = {
  name: 'trophies',
  summary: "one title's trophies: earned dates, rarity, groups",
  help: `Usage: trophyroom trophies <npCommunicationId|name> [--hidden]

Shows every trophy of one of your titles — type, name, when you earned it and how rare it is —
with DLC groups. The title is its npCommunicationId (NPWR10600_00) or its name, or any part of
the name that is unique in your list.

Options:
  --hidden   show the names and details of secret trophies you have not earned (spoilers),
             in the table and in --json

Examples:
  trophyroom trophies NPWR10600_00
  trophyroom trophies "resident evil 5"
  trophyroom trophies "fall guys" --json | jq '.groups[].trophies[] | select(.earned | not) | .name'
`,
  options: { hidden: { type: 'boolean' } },
  async run({ values, positionals }, context) {
    const query = positionals.join(' ').trim();
    if (!query) throw new UsageError('Name the title: `trophyroom trophies <npCommunicationId|name>`.');
    const { psn } = await openSession(context);
    const listed = await findTitle(psn, query, { signal: context.signal });
    const merged = await psn.trophies.title(listed, { listed, signal: context.signal });
    const secret = (t: MergedTrophy) => t.hidden && !t.earned && !values.hidden;
    const title = { ...merged, groups: merged.groups.map((g) => ({ ...g, trophies: g.trophies.map((t) => (secret(t) ? maskSecret(t) : t)) })) };
    const { out } = context;
    if (out.json) {
      out.printJson(title);
      return 0;
    }
    out.write(
      `${out.c.bold(title.name)}  ${title.platforms.join(',')}  ${title.npCommunicationId}  ${title.progress}%  ${countsText(title.earnedTrophies, title.definedTrophies)}\n\n`,
    );
    const rows: Array<MergedTrophy & { group: string }> = title.groups.flatMap((g) =>
      g.trophies.map((t) => ({ ...t, group: g.id === 'default' ? '' : g.name })),
    );
    out.table(rows, [
      { header: 'Id', value: (t) => t.id },
      { header: 'Type', value: (t) => t.type },
      { header: 'Trophy', value: (t) => t.name },
      { header: 'Earned', value: (t) => (t.earned ? shortDate(t.earnedAt) || 'yes' : ''), style: (s, t) => (t.earned ? out.c.green(s) : s) },
      { header: 'Rarity', value: (t) => `${t.rarity.rate.toFixed(1)}%`, align: 'right' },
      { header: 'Tier', value: (t) => tierText(t.rarity.tier) },
      // PS5 progress trophies: an earned one shows its target reached, whatever value Sony still stores.
      ...(rows.some((r) => r.progress)
        ? [{ header: 'Progress', value: (t: MergedTrophy) => (t.progress ? `${t.progress.value}/${t.progress.target}` : ''), align: 'right' as const }]
        : []),
      ...(rows.some((r) => r.group) ? [{ header: 'Group', value: (t: MergedTrophy & { group: string }) => t.group }] : []),
    ]);
    return 0;
  },
};
