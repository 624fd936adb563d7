/**
 * A `user_titles` row as the API's game object (the shape `gameView` gives), written in each
 * dialect's JSON functions. The library keeps this text in `view_json` whenever it writes a
 * title, so a page of games is a read of ready JSON rather than rows to convert.
 * @module
 */
import { type RawBuilder, sql } from 'kysely';

const counts = (prefix: string, object: string) =>
  `${object}('bronze', ${prefix}_bronze, 'silver', ${prefix}_silver, 'gold', ${prefix}_gold, 'platinum', ${prefix}_platinum)`;
const points = (prefix: string) => `${prefix}_bronze * 15 + ${prefix}_silver * 30 + ${prefix}_gold * 90 + ${prefix}_platinum * 300`;
const fields = (object: string, platforms: string, bool: (e: string) => string) =>
  `${object}('npCommunicationId', np_communication_id, 'name', name, 'iconUrl', icon_url, 'platforms', ${platforms},
    'progress', progress, 'earned', ${counts('earned', object)}, 'defined', ${counts('defined', object)},
    'points', ${object}('earned', ${points('earned')}, 'total', ${points('defined')}),
    'hasPlatinum', ${bool('defined_platinum > 0')}, 'platinumEarned', ${bool('earned_platinum > 0')},
    'lastPlayedAt', last_played_at, 'lastUpdatedAt', last_updated_at, 'playSeconds', play_seconds, 'syncedAt', earned_synced_at)`;

/** The expressions as SQL text, by dialect. */
export const gameJsonSql = {
  sqlite: fields('json_object', `json('["' || replace(platform, ',', '","') || '"]')`, (e) => `json(case when ${e} then 'true' else 'false' end)`),
  postgres: `${fields('json_build_object', `to_json(string_to_array(platform, ','))`, (e) => `(${e})`)}::text`,
};

/** The SQL expression (text) of the game JSON of the current `user_titles` row. */
export function gameJson(dialect: 'sqlite' | 'postgres'): RawBuilder<string> {
  return sql.raw<string>(gameJsonSql[dialect]);
}
