/**
 * What the profile page, unobtainable trophies and the DLC filters read: trophies a user flagged
 * unobtainable (by hand or from an imported list, with its source), and facts kept on each
 * library row so that the profile and the filters are plain indexed reads at 20,000 titles — the
 * first trophy and the platinum's date, the obtainable trophies still missing in the base game
 * and in its DLC, and the points of flagged trophies (progress "of obtainable").
 * @module
 */
import { type Kysely, sql } from 'kysely';
import { refreshTitleFactsSql } from '../title-facts.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('unobtainable_trophies')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('np_communication_id', 'text', (c) => c.notNull())
    .addColumn('trophy_id', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('flagged_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('unobtainable_trophies_pk', ['user_id', 'np_communication_id', 'trophy_id'])
    .execute();

  await db.schema.alterTable('user_titles').addColumn('first_earned_at', 'text').execute();
  await db.schema.alterTable('user_titles').addColumn('platinum_earned_at', 'text').execute();
  await db.schema.alterTable('user_titles').addColumn('base_missing', 'integer').execute();
  await db.schema.alterTable('user_titles').addColumn('dlc_missing', 'integer').execute();
  await db.schema
    .alterTable('user_titles')
    .addColumn('dlc_groups', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('user_titles')
    .addColumn('unobtainable', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('user_titles')
    .addColumn('unobtainable_points', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  // The heatmap (earned trophies by day) and the rarest earned trophies, without touching unearned rows.
  await sql`create index user_trophies_earned_at on user_trophies (user_id, earned_at) where earned = 1`.execute(db);
  await sql`create index user_trophies_earned_rate on user_trophies (user_id, earned_rate) where earned = 1`.execute(db);
  // The platinum cabinet and time to platinum, in the order they were earned.
  await sql`create index user_titles_platinum on user_titles (user_id, platinum_earned_at, np_communication_id, first_earned_at, name, icon_url, platform)
    where earned_platinum > 0`.execute(db);
  // Totals, completion (of obtainable) and platforms read from the index alone, never the wide rows (their game JSON).
  await sql`create index user_titles_totals on user_titles (user_id, picked, platform, progress, earned_bronze, earned_silver, earned_gold,
    earned_platinum, defined_bronze, defined_silver, defined_gold, unobtainable_points)`.execute(db);
  // The DLC filters in the library's default order: base game complete, and the few titles with DLC.
  await sql`create index user_titles_base on user_titles (user_id, picked, base_missing, (coalesce(last_played_at, last_updated_at)), np_communication_id)`.execute(
    db,
  );
  await sql`create index user_titles_dlc on user_titles (user_id, picked, (coalesce(last_played_at, last_updated_at)), np_communication_id) where dlc_groups > 0`.execute(
    db,
  );

  // A trophy's group and type by title and id, whatever the language (the facts look them up per trophy).
  await sql`create index trophy_definitions_trophy on trophy_definitions (np_communication_id, trophy_id, group_id, type)`.execute(db);

  await sql.raw(refreshTitleFactsSql('1 = 1')).execute(db);
  // The game JSON gains the obtainable progress and the DLC facts: rows are made again when read.
  await sql`update user_titles set view_json = null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index trophy_definitions_trophy`.execute(db);
  for (const index of ['user_titles_dlc', 'user_titles_base', 'user_titles_totals', 'user_titles_platinum']) await sql.raw(`drop index ${index}`).execute(db);
  await sql`drop index user_trophies_earned_rate`.execute(db);
  await sql`drop index user_trophies_earned_at`.execute(db);
  for (const column of ['unobtainable_points', 'unobtainable', 'dlc_groups', 'dlc_missing', 'base_missing', 'platinum_earned_at', 'first_earned_at'])
    await db.schema.alterTable('user_titles').dropColumn(column).execute();
  await db.schema.dropTable('unobtainable_trophies').execute();
  await sql`update user_titles set view_json = null`.execute(db);
}
