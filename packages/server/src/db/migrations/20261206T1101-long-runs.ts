/**
 * Imports that take days: a run keeps the requests it still needs (its estimate survives a
 * restart), the titles the user wants first, and can be `paused` by the user or `waiting` while a
 * sync of the same account goes first; a connection remembers its last complete walk of the title
 * list, so a daily sync reads only the pages that changed and a weekly one reads them all.
 * @module
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('sync_runs')
    .addColumn('remaining_requests', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('sync_runs')
    .addColumn('priority', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema.alterTable('psn_connections').addColumn('title_list_full_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('psn_connections').dropColumn('title_list_full_at').execute();
  await db.schema.alterTable('sync_runs').dropColumn('priority').execute();
  await db.schema.alterTable('sync_runs').dropColumn('remaining_requests').execute();
}
