/**
 * What made a kept profile page: the server build and how it names images. A page kept by an
 * older build (another shape) or under other image settings (other icon URLs) is made again on
 * the next view instead of being served for the rest of the day. Pages kept before this
 * migration say '' and are made again once.
 * @module
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('profile_snapshots')
    .addColumn('made_by', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('profile_snapshots').dropColumn('made_by').execute();
}
