/**
 * "Complete with every DLC" had no index of its own: the planner took the base game's
 * (`base_missing = 0` matches most of a hunter's library) and read thousands of rows, whole, to
 * count 800 (30 ms at 20,000 titles with a cold cache). This one holds the titles with DLC by both
 * missing counts, in the library's order: the count reads the index alone and a page reads its
 * own rows (under 1 ms).
 * @module
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index user_titles_dlc_complete on user_titles (user_id, picked, base_missing, dlc_missing, (coalesce(last_played_at, last_updated_at)), np_communication_id) where dlc_groups > 0`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index user_titles_dlc_complete`.execute(db);
}
