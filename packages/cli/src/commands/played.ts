/**
 * `trophyroom played`: PS4/PS5 games with play time and last played, from the game list.
 * @module
 */
import type { PlayedGame } from '@trophyroom/psn';
import type { Command } from '../command.ts';
import { noteSkipped } from '../output/skipped.ts';
import { durationText, shortDate } from '../output/format.ts';
import { openSession } from '../psn/session.ts';
import { positiveInt } from '../input/positive-int.ts';

interface TrophySet {
  npCommunicationId: string;
  npServiceName: string;
  name: string;
  progress: number;
}

export const played: Command = {
  name: 'played',
  summary: 'PS4/PS5 games with play time and when last played',
  help: `Usage: trophyroom played [--limit N] [--trophies]

Lists the PS4 and PS5 games you played, most recent first, with play time, number of sessions
and first and last played dates (Sony keeps no play time for PS3 and Vita). Play time is Sony's,
per title id: a game's PS4 and PS5 versions count apart.

Options:
  --limit N    only the first N games
  --trophies   also the trophy sets of each game, looked up by its own title id (5 games a
               request): none for a game without trophies, several for a compilation or a list
               Sony split in two. The regional SKUs of a game's concept are not looked up.

Examples:
  trophyroom played
  trophyroom played --limit 5 --trophies
  trophyroom played --json | jq '[.[] | .playSeconds] | add / 3600'
`,
  options: { limit: { type: 'string' }, trophies: { type: 'boolean' } },
  async run({ values }, context) {
    const limit = positiveInt(values.limit, 'limit');
    const { psn } = await openSession(context);
    const { parsePlayDuration } = await import('@trophyroom/psn');
    const played: Array<PlayedGame & { playSeconds: number }> = [];
    // The walk ends where Sony says there is no next page: its totalItemCount drifts between calls and is not used.
    for await (const game of psn.gameList.allPlayed({ signal: context.signal })) {
      played.push({ ...game, playSeconds: parsePlayDuration(game.playDuration) });
      if (limit !== undefined && played.length >= limit) break;
    }
    let games: Array<PlayedGame & { playSeconds: number; trophySets?: TrophySet[] }> = played;
    if (values.trophies) {
      // Joined by the game's own title id, never by name; a concept's other ids are other products.
      const found = await psn.trophies.byTitleIds(
        played.map((g) => g.titleId),
        { signal: context.signal },
      );
      const byId = new Map(found.map((f) => [f.npTitleId, f.trophyTitles]));
      games = played.map((g) => ({
        ...g,
        trophySets: (byId.get(g.titleId) ?? []).map((t) => ({
          npCommunicationId: t.npCommunicationId,
          npServiceName: t.npServiceName,
          name: t.trophyTitleName,
          progress: t.progress,
        })),
      }));
    }
    const { out } = context;
    noteSkipped(psn, out, 'games');
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
      ...(values.trophies
        ? [
            {
              header: 'Trophy sets',
              value: (g: (typeof games)[number]) => (g.trophySets?.length ? g.trophySets.map((t) => `${t.name} (${t.progress}%)`).join(' + ') : 'none'),
            },
          ]
        : []),
    ]);
    return 0;
  },
};
