/**
 * Accounts for the HTTP API: password hashes and the admin flag on users (names unique without
 * regard to case), browser sessions and personal API tokens (both stored as SHA-256 hashes, so a
 * copy of the database signs nobody in), instance settings, and what the library pages read: each
 * title's game JSON and the index of the default order.
 * @module
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('password_hash', 'text').execute();
  await db.schema
    .alterTable('users')
    .addColumn('admin', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`create unique index users_name_unique on users (lower(name))`.execute(db);

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .execute();
  await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  // Each title's game JSON, kept ready by the library's writes (a page of games reads it as is).
  await db.schema.alterTable('user_titles').addColumn('view_json', 'text').execute();
  // Left null: a later migration's columns are part of the game JSON, so rows are made when first read (`LibraryRepository.page`).
  // The library's default order (last played, falling back to the last trophy), read a page at a time.
  await sql`create index user_titles_library on user_titles (user_id, picked, (coalesce(last_played_at, last_updated_at)), np_communication_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index user_titles_library`.execute(db);
  await db.schema.alterTable('user_titles').dropColumn('view_json').execute();
  for (const table of ['settings', 'api_tokens', 'sessions']) await db.schema.dropTable(table).execute();
  await sql`drop index users_name_unique`.execute(db);
  await db.schema.alterTable('users').dropColumn('admin').execute();
  await db.schema.alterTable('users').dropColumn('password_hash').execute();
}
