/**
 * `trophyroom titles`: the trophy list, newest first.
 * @module
 */
import type { TrophyTitle } from '@trophyroom/psn';
import type { Command } from '../command.ts';
import { positiveInt } from '../input/positive-int.ts';
import { countsText, shortDate } from '../output/format.ts';
import { noteSkipped } from '../output/skipped.ts';
import { openSession } from '../psn/session.ts';

export const titles: Command = {
  name: 'titles',
  summary: 'your trophy titles, most recently updated first',
  help: `Usage: trophyroom titles [--limit N]

Lists every title in your trophy list with platform, progress and trophies earned of defined
(P platinum, G gold, S silver, B bronze), most recently updated first.

Options:
  --limit N   only the first N titles

Examples:
  trophyroom titles
  trophyroom titles --limit 10
  trophyroom titles --json | jq -r '.[] | select(.progress == 100) | .trophyTitleName'
`,
  options: { limit: { type: 'string' } },
  async run({ values }, context) {
    const limit = positiveInt(values.limit, 'limit');
    const { psn } = await openSession(context);
    const list: TrophyTitle[] = [];
    for await (const title of psn.trophies.allTitles({ signal: context.signal })) {
      list.push(title);
      if (limit !== undefined && list.length >= limit) break;
    }
    const { out } = context;
    noteSkipped(psn, out, 'titles');
    if (out.json) {
      out.printJson(list);
      return 0;
    }
    out.table(list, [
      { header: 'Title', value: (t) => t.trophyTitleName },
      { header: 'Platform', value: (t) => t.trophyTitlePlatform },
      { header: 'Progress', value: (t) => `${t.progress}%`, align: 'right', style: (s, t) => (t.progress === 100 ? out.c.green(s) : s) },
      { header: 'Earned', value: (t) => countsText(t.earnedTrophies, t.definedTrophies) },
      { header: 'Updated', value: (t) => shortDate(t.lastUpdatedDateTime) },
      { header: 'Id', value: (t) => t.npCommunicationId },
    ]);
    return 0;
  },
};
