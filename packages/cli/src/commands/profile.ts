/**
 * `trophyroom profile <onlineId>`: a player's profile and, when their privacy allows, trophy level.
 * @module
 */
import type { Command } from '../command.ts';
import { UsageError } from '../errors/cli-error.ts';
import { countsText, total } from '../output/format.ts';
import { openSession } from '../psn/session.ts';

export const profile: Command = {
  name: 'profile',
  summary: "a player's profile and trophy level",
  help: `Usage: trophyroom profile <onlineId>

Shows a player's account id, about-me, PlayStation Plus, languages and — when their privacy
settings allow — trophy level and trophies earned. \`me\` is you.

Examples:
  trophyroom profile me
  trophyroom profile Hakoom
  trophyroom profile Hakoom --json | jq .accountId
`,
  async run({ positionals }, context) {
    const onlineId = positionals[0];
    if (!onlineId || positionals.length > 1) throw new UsageError('Give one online id: `trophyroom profile <onlineId>`.');
    const { psn, login } = await openSession(context);
    const signal = context.signal;
    const accountId =
      onlineId === 'me' || onlineId.toLowerCase() === login.account.onlineId.toLowerCase()
        ? login.account.accountId
        : await psn.profiles.accountIdOf(onlineId, { signal });
    const [p, trophySummary] = await Promise.all([
      psn.profiles.get({ accountId, signal }),
      psn.trophies.summary({ accountId, signal }).catch((error: unknown) => {
        if ((error as { kind?: string }).kind === 'forbidden') return null;
        throw error;
      }),
    ]);
    const { out } = context;
    if (out.json) {
      out.printJson({ accountId, ...p, trophySummary, trophiesPrivate: trophySummary === null });
      return 0;
    }
    out.pairs([
      ['Online id', p.onlineId],
      ['Account id', accountId],
      ['About', p.aboutMe],
      ['Plus', p.isPlus ? 'yes' : 'no'],
      ['Verified', p.isOfficiallyVerified ? 'yes' : undefined],
      ['Languages', p.languages.join(', ')],
      ['Avatar', p.avatars.at(-1)?.url],
      [
        'Trophies',
        trophySummary
          ? `level ${trophySummary.trophyLevel}, ${total(trophySummary.earnedTrophies)} earned (${countsText(trophySummary.earnedTrophies)})`
          : 'private',
      ],
    ]);
    return 0;
  },
};
