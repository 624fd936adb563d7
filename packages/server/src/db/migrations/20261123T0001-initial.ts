/**
 * The first schema: users, PSN connections, shared title definitions, per-user titles and
 * trophies, jobs and sync runs. Written with Kysely's schema builder so it runs on SQLite and
 * PostgreSQL alike.
 * @module
 */
import type { Kysely } from 'kysely';

const counts = ['bronze', 'silver', 'gold', 'platinum'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('psn_connections')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('online_id', 'text', (c) => c.notNull())
    .addColumn('refresh_token_enc', 'text', (c) => c.notNull())
    .addColumn('access_token_enc', 'text')
    .addColumn('access_expires_at', 'text')
    .addColumn('refresh_expires_at', 'text', (c) => c.notNull())
    .addColumn('short_token_reason', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('state_detail', 'text')
    .addColumn('auto_import', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('connected_at', 'text', (c) => c.notNull())
    .addColumn('last_sync_at', 'text')
    .addColumn('last_sync_run_id', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  let titles = db.schema
    .createTable('titles')
    .addColumn('np_communication_id', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('trophy_set_version', 'text', (c) => c.notNull())
    .addColumn('np_service_name', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('icon_url', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('has_trophy_groups', 'integer', (c) => c.notNull());
  for (const t of counts) titles = titles.addColumn(`defined_${t}`, 'integer', (c) => c.notNull());
  await titles
    .addColumn('fetched_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('titles_pk', ['np_communication_id', 'language'])
    .execute();

  let groups = db.schema
    .createTable('title_groups')
    .addColumn('np_communication_id', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('icon_url', 'text', (c) => c.notNull());
  for (const t of counts) groups = groups.addColumn(`defined_${t}`, 'integer', (c) => c.notNull());
  await groups.addPrimaryKeyConstraint('title_groups_pk', ['np_communication_id', 'language', 'group_id']).execute();

  await db.schema
    .createTable('trophy_definitions')
    .addColumn('np_communication_id', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('trophy_id', 'integer', (c) => c.notNull())
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('hidden', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('icon_url', 'text', (c) => c.notNull())
    .addColumn('progress_target', 'integer')
    .addColumn('reward_name', 'text')
    .addColumn('reward_image_url', 'text')
    .addPrimaryKeyConstraint('trophy_definitions_pk', ['np_communication_id', 'language', 'trophy_id'])
    .execute();

  let userTitles = db.schema
    .createTable('user_titles')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('np_communication_id', 'text', (c) => c.notNull())
    .addColumn('np_service_name', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('icon_url', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('trophy_set_version', 'text', (c) => c.notNull())
    .addColumn('has_trophy_groups', 'integer', (c) => c.notNull())
    .addColumn('picked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hidden', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('progress', 'integer', (c) => c.notNull());
  for (const t of counts) userTitles = userTitles.addColumn(`defined_${t}`, 'integer', (c) => c.notNull());
  for (const t of counts) userTitles = userTitles.addColumn(`earned_${t}`, 'integer', (c) => c.notNull());
  await userTitles
    .addColumn('last_updated_at', 'text', (c) => c.notNull())
    .addColumn('last_played_at', 'text')
    .addColumn('play_seconds', 'integer')
    .addColumn('earned_synced_at', 'text')
    .addColumn('definitions_version', 'text')
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_titles_pk', ['user_id', 'np_communication_id'])
    .execute();
  await db.schema.createIndex('user_titles_recent').on('user_titles').columns(['user_id', 'last_played_at', 'last_updated_at']).execute();

  await db.schema
    .createTable('user_trophies')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('np_communication_id', 'text', (c) => c.notNull())
    .addColumn('trophy_id', 'integer', (c) => c.notNull())
    .addColumn('earned', 'integer', (c) => c.notNull())
    .addColumn('earned_at', 'text')
    .addColumn('progress', 'integer')
    .addColumn('earned_rate', 'real', (c) => c.notNull())
    .addColumn('rarity', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_trophies_pk', ['user_id', 'np_communication_id', 'trophy_id'])
    .execute();

  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('singleton_key', 'text')
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('jobs_due').on('jobs').columns(['state', 'run_at']).execute();

  await db.schema
    .createTable('sync_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('done', 'integer', (c) => c.notNull())
    .addColumn('current', 'text')
    .addColumn('errors', 'text', (c) => c.notNull())
    .addColumn('new_titles', 'text', (c) => c.notNull())
    .addColumn('requests', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('sync_runs_user').on('sync_runs').columns(['user_id', 'started_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['sync_runs', 'jobs', 'user_trophies', 'user_titles', 'trophy_definitions', 'title_groups', 'titles', 'psn_connections', 'users']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
