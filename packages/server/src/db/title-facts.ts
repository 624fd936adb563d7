/**
 * Facts kept on each `user_titles` row for the profile page and the library's DLC filters, so
 * that those read indexed columns instead of aggregating trophies at 20,000 titles: the first
 * earned trophy's date, the platinum's date, the obtainable trophies still missing in the base
 * game (`default`) and in the DLC groups (null until the title's trophies are stored; an unearned
 * platinum is not missing once another trophy is flagged unobtainable), the DLC
 * group count, and the flagged-unobtainable trophies not earned (their count and points).
 * Rewritten in the transaction of every write that changes them.
 * @module
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { POINTS } from '../trophies/trophy-points.ts';
import type { Database, TitleFactColumn, UserTitlesTable } from './schema.ts';

// The earned filter stays inside the aggregates: a min/max over `earned_at` with it in the WHERE lets
// SQLite walk the (user_id, earned_at) index of all the user's trophies instead of the title's.
const mine = 'u.user_id = user_titles.user_id and u.np_communication_id = user_titles.np_communication_id';
const notFlagged = `not exists (select 1 from unobtainable_trophies x
  where x.user_id = u.user_id and x.np_communication_id = u.np_communication_id and x.trophy_id = u.trophy_id)`;
const inGroup = (test: string) => `exists (select 1 from trophy_definitions d
  where d.np_communication_id = u.np_communication_id and d.trophy_id = u.trophy_id and ${test})`;
const stored = `exists (select 1 from user_trophies u where ${mine})
  and exists (select 1 from trophy_definitions d where d.np_communication_id = user_titles.np_communication_id)`;
// An unearned platinum is out of reach once another trophy is flagged unobtainable: not counted either.
const reachable = `(not ${inGroup(`d.type = 'platinum'`)} or not exists (select 1 from unobtainable_trophies x
  where x.user_id = u.user_id and x.np_communication_id = u.np_communication_id
  and not exists (select 1 from user_trophies f where f.user_id = x.user_id and f.np_communication_id = x.np_communication_id
    and f.trophy_id = x.trophy_id and f.earned = 1)))`;
const missing = (test: string) => `case when ${stored} then (select count(*) from user_trophies u
  where ${mine} and u.earned = 0 and ${notFlagged} and ${reachable} and ${inGroup(test)}) end`;
const flaggedUnearned = `x.user_id = user_titles.user_id and x.np_communication_id = user_titles.np_communication_id
  and not exists (select 1 from user_trophies u where u.user_id = x.user_id and u.np_communication_id = x.np_communication_id
    and u.trophy_id = x.trophy_id and u.earned = 1)`;
// Progress leaves the platinum out (Sony's rule, `progressOf`), so do its flagged points.
const typePoints = `case (select d.type from trophy_definitions d where d.np_communication_id = x.np_communication_id
  and d.trophy_id = x.trophy_id limit 1) when 'bronze' then ${POINTS.bronze} when 'silver' then ${POINTS.silver}
  when 'gold' then ${POINTS.gold} else 0 end`;

const assignments = `
  first_earned_at = (select min(case when u.earned = 1 then u.earned_at end) from user_trophies u where ${mine}),
  platinum_earned_at = (select max(case when u.earned = 1 and ${inGroup(`d.type = 'platinum'`)} then u.earned_at end) from user_trophies u where ${mine}),
  base_missing = ${missing(`d.group_id = 'default'`)},
  dlc_missing = ${missing(`d.group_id <> 'default'`)},
  dlc_groups = (select count(distinct g.group_id) from title_groups g
    where g.np_communication_id = user_titles.np_communication_id and g.group_id <> 'default'),
  unobtainable = (select count(*) from unobtainable_trophies x where ${flaggedUnearned}),
  unobtainable_points = coalesce((select sum(${typePoints}) from unobtainable_trophies x where ${flaggedUnearned}), 0)`;

/** The update as SQL text over the rows `where` selects (the migration fills every row with it). */
export function refreshTitleFactsSql(where: string): string {
  return `update user_titles set ${assignments} where ${where}`;
}

/** Rewrites the facts of the given titles of a user (in the transaction that changed them). */
export async function refreshTitleFacts(db: Kysely<Database>, userId: string, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const where: RawBuilder<unknown> = sql`user_id = ${userId} and np_communication_id in (${sql.join(chunk)})`;
    await sql`update user_titles set ${sql.raw(assignments)} where ${where}`.execute(db);
  }
}

/** The facts of a title with no trophies stored yet (a new `user_titles` row). */
export const noTitleFacts: Readonly<Pick<UserTitlesTable, TitleFactColumn>> = {
  first_earned_at: null,
  platinum_earned_at: null,
  base_missing: null,
  dlc_missing: null,
  dlc_groups: 0,
  unobtainable: 0,
  unobtainable_points: 0,
};
