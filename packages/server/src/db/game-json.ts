/**
 * A `user_titles` row as the API's game object (the shape `gameView` gives), written in each
 * dialect's JSON functions. The library keeps this text in `view_json` whenever it writes a
 * title, so a page of games is a read of ready JSON rather than rows to convert.
 * @module
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { obtainableProgressSql } from '../trophies/obtainable.ts';
import { pointsSql } from '../trophies/trophy-points.ts';
import type { Database } from './schema.ts';

const counts = (prefix: string, object: string) =>
  `${object}('bronze', ${prefix}_bronze, 'silver', ${prefix}_silver, 'gold', ${prefix}_gold, 'platinum', ${prefix}_platinum)`;
const fields = (object: string, platforms: string, bool: (e: string) => string) =>
  `${object}('npCommunicationId', np_communication_id, 'name', name, 'iconUrl', icon_url, 'platforms', ${platforms},
    'progress', progress, 'earned', ${counts('earned', object)}, 'defined', ${counts('defined', object)},
    'points', ${object}('earned', ${pointsSql('earned')}, 'total', ${pointsSql('defined')}),
    'hasPlatinum', ${bool('defined_platinum > 0')}, 'platinumEarned', ${bool('earned_platinum > 0')},
    'lastPlayedAt', last_played_at, 'lastUpdatedAt', last_updated_at, 'playSeconds', play_seconds, 'syncedAt', earned_synced_at,
    'goneFromPsnAt', psn_gone_at, 'countsDroppedAt', psn_counts_dropped_at,
    'obtainableProgress', ${obtainableProgressSql}, 'unobtainable', unobtainable,
    'dlc', ${object}('groups', dlc_groups, 'baseMissing', base_missing, 'dlcMissing', dlc_missing))`;

/** The expressions as SQL text, by dialect. */
export const gameJsonSql = {
  sqlite: fields('json_object', `json('["' || replace(platform, ',', '","') || '"]')`, (e) => `json(case when ${e} then 'true' else 'false' end)`),
  postgres: `${fields('json_build_object', `to_json(string_to_array(platform, ','))`, (e) => `(${e})`)}::text`,
};

/** The SQL expression (text) of the game JSON of the current `user_titles` row. */
export function gameJson(dialect: 'sqlite' | 'postgres'): RawBuilder<string> {
  return sql.raw<string>(gameJsonSql[dialect]);
}

/** Rewrites the ready game JSON of the given titles of a user (in the transaction that changed them). */
export async function writeGameJson(db: Kysely<Database>, dialect: 'sqlite' | 'postgres', userId: string, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    await db
      .updateTable('user_titles')
      .set({ view_json: gameJson(dialect) })
      .where('user_id', '=', userId)
      .where('np_communication_id', 'in', ids.slice(i, i + 500))
      .execute();
  }
}
