/**
 * `trophyroom played`: PS4/PS5 games with play time and last played, from the game list.
 * @module
 */
import type { Command } from '../command.ts';
import { durationText, shortDate } from '../output/format.ts';
import { openSession } from '../psn/session.ts';
import { positiveInt } from '../input/positive-int.ts';

export const played: Command = {
  name: 'played',
  summary: 'PS4/PS5 games with play time and when last played',
  help: `Usage: trophyroom played [--limit N]

Lists the PS4 and PS5 games you played, most recent first, with play time, number of sessions
and first and last played dates (Sony keeps no play time for PS3 and Vita).

Options:
  --limit N   only the first N games

Examples:
  trophyroom played
  trophyroom played --limit 5
  trophyroom played --json | jq '[.[] | .playSeconds] | add / 3600'
`,
  options: { limit: { type: 'string' } },
  async run({ values }, context) {
    const limit = positiveInt(values.limit, 'limit');
    const { psn } = await openSession(context);
    const { parsePlayDuration } = await import('@trophyroom/psn');
    const games = [];
    for await (const game of psn.gameList.allPlayed({ signal: context.signal })) {
      games.push({ ...game, playSeconds: parsePlayDuration(game.playDuration) });
      if (limit !== undefined && games.length >= limit) break;
    }
    const { out } = context;
    if (out.json) {
      out.printJson(games);
      return 0;
    }
    out.table(games, [
      { header: 'Game', value: (g) => g.localizedName || g.name },
      { header: 'Platform', value: (g) => (g.category === 'ps5_native_game' ? 'PS5' : g.category === 'ps4_game' ? 'PS4' : g.category) },
      { header: 'Play time', value: (g) => durationText(g.playSeconds), align: 'right' },
      { header: 'Sessions', value: (g) => g.playCount },
      { header: 'Last played', value: (g) => shortDate(g.lastPlayedDateTime) },
      { header: 'First played', value: (g) => shortDate(g.firstPlayedDateTime) },
      { header: 'Id', value: (g) => g.titleId },
    ]);
    return 0;
  },
};
