/**
 * `trophyroom summary`: trophy level, tier, points and earned counts.
 * @module
 */
import type { Command } from '../command.ts';
import { countsText, total } from '../output/format.ts';
import { openSession } from '../psn/session.ts';

export const summary: Command = {
  name: 'summary',
  summary: 'trophy level, points and trophies earned',
  help: `Usage: trophyroom summary

Your trophy level, tier, progress to the next level, points and trophies earned by type.

Examples:
  trophyroom summary
  trophyroom summary --json | jq .trophyLevel
`,
  async run(_args, context) {
    const { psn, login } = await openSession(context);
    const s = await psn.trophies.summary({ signal: context.signal });
    const { out } = context;
    if (out.json) {
      out.printJson({ onlineId: login.account.onlineId, ...s });
      return 0;
    }
    out.pairs([
      ['Account', `${login.account.onlineId} (${s.accountId})`],
      ['Level', `${s.trophyLevel} (tier ${s.tier ?? '?'}${s.progress !== undefined ? `, ${s.progress}% to the next` : ''})`],
      ['Points', s.trophyPoint ?? '?'],
      ['Trophies', `${total(s.earnedTrophies)}  (${countsText(s.earnedTrophies)})`],
    ]);
    return 0;
  },
};
