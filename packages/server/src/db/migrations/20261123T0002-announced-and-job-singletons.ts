/**
 * Titles remember whether a sync has reported them as new (so a crash between finding and
 * reporting them loses nothing), and a job's singleton key is unique among queued and running
 * jobs (so two processes can never queue two syncs of one connection).
 * @module
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('user_titles')
    .addColumn('announced', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('jobs_singleton')
    .on('jobs')
    .column('singleton_key')
    .unique()
    .where(sql<boolean>`state in ('queued', 'running') and singleton_key is not null`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('jobs_singleton').execute();
  await db.schema.alterTable('user_titles').dropColumn('announced').execute();
}
