/**
 * `trophyroom stats`: the profile page of a Trophyroom server (its API with a personal API
 * token, no request to Sony): level and progress to the next, points, trophies by grade, the
 * platinum cabinet, the last year by month, the rarest trophies, completion by platform and time
 * to platinum. The cabinet is read whole (the API gives it a page at a time after the first 100).
 * `--json` prints the API's answer with the whole cabinet in `platinums` (the calendar by day included).
 * @module
 */
import type { platinumsResponse, profileResponse } from '@trophyroom/contract';
import type { z } from 'zod';
import type { Command } from '../command.ts';
import { EXIT } from '../errors/exit-codes.ts';
import { call, target } from '../server/server-api.ts';

type Profile = z.output<typeof profileResponse>;
type PlatinumPage = z.output<typeof platinumsResponse>;

const usage = `Usage: trophyroom stats --server URL [--json]

The profile page of a Trophyroom server, as its API gives it (a personal API token: Settings →
API tokens, or POST /api/tokens): no request goes to PlayStation.

Options:
  --server URL    the Trophyroom server (TROPHYROOM_SERVER), e.g. http://127.0.0.1:3000
  --token TOKEN   a personal API token, trp_… (prefer TROPHYROOM_TOKEN: a flag shows in ps)
  --json          the whole answer as JSON (every platinum, every day of the calendar)

Examples:
  export TROPHYROOM_TOKEN=trp_…
  trophyroom stats --server http://127.0.0.1:3000
  trophyroom stats --server http://127.0.0.1:3000 --json | jq '.platinums[-1]'
`;

/** "3 days", "5 h", "40 min". */
function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds >= 2 * 86_400) return `${Math.floor(seconds / 86_400)} days`;
  if (seconds >= 3600) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.max(1, Math.round(seconds / 60))} min`;
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');

export const stats: Command = {
  name: 'stats',
  summary: "a Trophyroom server's profile page: level, platinum cabinet, the year by month, rarest, platforms, time to platinum",
  help: usage,
  options: { server: { type: 'string' }, token: { type: 'string' } },
  async run({ values }, context) {
    const { server, token } = target(values, context.io.env);
    const profile = (await (await call(server, token, '/api/profile', {}, context.signal)).json()) as Profile;
    // The profile carries the cabinet's first page: the rest, in pages as large as the API gives.
    for (let cursor = profile.platinumsNext; cursor; ) {
      const path = `/api/profile/platinums?limit=500&cursor=${encodeURIComponent(cursor)}`;
      const page = (await (await call(server, token, path, {}, context.signal)).json()) as PlatinumPage;
      profile.platinums.push(...page.items);
      cursor = page.nextCursor;
    }
    profile.platinumsNext = null;
    const { out } = context;
    if (out.json) {
      out.printJson(profile);
      return EXIT.ok;
    }
    const e = profile.earned;
    out.pairs([
      ['Level', `${profile.level.level} (${profile.level.progress}% to the next, at ${profile.level.nextLevelAt.toLocaleString('en-US')} points)`],
      ['Points', profile.points.toLocaleString('en-US')],
      ['Trophies', `${e.platinum} platinum, ${e.gold} gold, ${e.silver} silver, ${e.bronze} bronze`],
      ['Games', `${profile.games} imported, ${profile.completed} completed (of what is obtainable)`],
      ['Last year', `${profile.calendar.total} trophies on ${profile.calendar.days.length} days (${profile.calendar.from} to ${profile.calendar.to})`],
      [
        'Time to platinum',
        profile.timeToPlatinum.fastest && profile.timeToPlatinum.slowest
          ? `fastest ${duration(profile.timeToPlatinum.fastest.secondsToPlatinum)} (${profile.timeToPlatinum.fastest.name}), slowest ${duration(profile.timeToPlatinum.slowest.secondsToPlatinum)} (${profile.timeToPlatinum.slowest.name}), median ${duration(profile.timeToPlatinum.medianSeconds)}`
          : '—',
      ],
    ]);
    out.write(`\n${out.c.bold('Platinum cabinet')}\n`);
    if (profile.platinums.length === 0) out.write('No platinum yet.\n');
    else
      out.table(profile.platinums, [
        { header: '#', value: (p) => p.number },
        { header: 'Game', value: (p) => p.name },
        { header: 'Earned', value: (p) => day(p.earnedAt) },
        { header: 'Took', value: (p) => duration(p.secondsToPlatinum) },
      ]);
    out.write(`\n${out.c.bold('Trophies per month')}\n`);
    out.table(profile.months, [
      { header: 'Month', value: (m) => m.month },
      { header: 'Trophies', value: (m) => m.count },
    ]);
    out.write(`\n${out.c.bold('Completion by platform')}\n`);
    out.table(profile.platforms, [
      { header: 'Platform', value: (p) => p.platform },
      { header: 'Games', value: (p) => p.games },
      { header: 'Completed', value: (p) => p.completed },
      { header: 'Platinums', value: (p) => p.platinums },
      { header: 'Average %', value: (p) => p.progress },
    ]);
    out.write(`\n${out.c.bold('Rarest trophies earned')}\n`);
    out.table(profile.rarest, [
      { header: 'Rarity %', value: (t) => t.rarity },
      { header: 'Trophy', value: (t) => t.name },
      { header: 'Type', value: (t) => t.type },
      { header: 'Game', value: (t) => t.title },
      { header: 'Earned', value: (t) => day(t.earnedAt) },
    ]);
    return EXIT.ok;
  },
};
