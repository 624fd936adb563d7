/**
 * A version per user's library, for the API's `ETag`s: triggers bump it on every write to what
 * the library endpoints show (the user's titles and trophies, and the shared definitions of a
 * title the user owns), so no write path can forget it. On PostgreSQL the bump is a deferred
 * constraint trigger: the version row is locked only at commit, after every other lock the
 * transaction takes, so two overlapping jobs of one user cannot deadlock on it. The picker's
 * keyset index (its order: last activity, newest first, then name) comes with it.
 * @module
 */
import { type Kysely, PostgresAdapter, sql } from 'kysely';

const isPostgres = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof PostgresAdapter;

/** The picker's order key: when the user last played the title, or earned in it. */
export const ACTIVITY_SQL = 'case when last_played_at is not null and last_played_at > last_updated_at then last_played_at else last_updated_at end';

const USER_TABLES = ['user_titles', 'user_trophies'] as const;
const DEFINITION_TABLES = ['titles', 'title_groups', 'trophy_definitions'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('library_versions')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute();
  // The owners of a title, whose versions a change of its shared definitions bumps.
  await sql`create index user_titles_owners on user_titles (np_communication_id, user_id)`.execute(db);
  await sql.raw(`create index user_titles_picker on user_titles (user_id, (${ACTIVITY_SQL}) desc, name, np_communication_id)`).execute(db);

  if (isPostgres(db)) {
    await sql`create function library_bump_user() returns trigger language plpgsql as $$
      declare uid text;
      begin
        if tg_op = 'DELETE' then uid := old.user_id; else uid := new.user_id; end if;
        insert into library_versions (user_id, version) values (uid, 1)
          on conflict (user_id) do update set version = library_versions.version + 1;
        return null;
      end $$`.execute(db);
    await sql`create function library_bump_owners() returns trigger language plpgsql as $$
      declare nid text;
      begin
        if tg_op = 'DELETE' then nid := old.np_communication_id; else nid := new.np_communication_id; end if;
        update library_versions set version = version + 1
          where user_id in (select user_id from user_titles where np_communication_id = nid);
        return null;
      end $$`.execute(db);
    for (const table of USER_TABLES)
      await sql
        .raw(`create constraint trigger ${table}_library_version after insert or update or delete on ${table}
          deferrable initially deferred for each row execute function library_bump_user()`)
        .execute(db);
    for (const table of DEFINITION_TABLES)
      await sql
        .raw(`create constraint trigger ${table}_library_version after insert or update or delete on ${table}
          deferrable initially deferred for each row execute function library_bump_owners()`)
        .execute(db);
    return;
  }
  const bumpUser = (row: 'new' | 'old') =>
    `insert into library_versions (user_id, version) values (${row}.user_id, 1)
       on conflict (user_id) do update set version = library_versions.version + 1;`;
  const bumpOwners = (row: 'new' | 'old') =>
    `update library_versions set version = version + 1
       where user_id in (select user_id from user_titles where np_communication_id = ${row}.np_communication_id);`;
  for (const table of USER_TABLES) {
    await sql.raw(`create trigger ${table}_library_version_insert after insert on ${table} begin ${bumpUser('new')} end`).execute(db);
    await sql.raw(`create trigger ${table}_library_version_update after update on ${table} begin ${bumpUser('new')} end`).execute(db);
    await sql.raw(`create trigger ${table}_library_version_delete after delete on ${table} begin ${bumpUser('old')} end`).execute(db);
  }
  for (const table of DEFINITION_TABLES) {
    await sql.raw(`create trigger ${table}_library_version_insert after insert on ${table} begin ${bumpOwners('new')} end`).execute(db);
    await sql.raw(`create trigger ${table}_library_version_update after update on ${table} begin ${bumpOwners('new')} end`).execute(db);
    await sql.raw(`create trigger ${table}_library_version_delete after delete on ${table} begin ${bumpOwners('old')} end`).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const postgres = isPostgres(db);
  for (const table of [...USER_TABLES, ...DEFINITION_TABLES]) {
    if (postgres) await sql.raw(`drop trigger ${table}_library_version on ${table}`).execute(db);
    else for (const op of ['insert', 'update', 'delete']) await sql.raw(`drop trigger ${table}_library_version_${op}`).execute(db);
  }
  if (postgres) {
    await sql`drop function library_bump_user()`.execute(db);
    await sql`drop function library_bump_owners()`.execute(db);
  }
  await sql`drop index user_titles_picker`.execute(db);
  await sql`drop index user_titles_owners`.execute(db);
  await db.schema.dropTable('library_versions').execute();
}
