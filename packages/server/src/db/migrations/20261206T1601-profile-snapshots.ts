/**
 * The profile page as last made, per user: its JSON with the library version and the day it was
 * made for. The page reads this one row while both still hold; a sync or a flag that changes the
 * library makes it again as it ends, so the first view after a write costs no aggregate query.
 * A cache only: losing it (or not copying it to another store) costs one computation.
 * @module
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('profile_snapshots')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('profile_snapshots').execute();
}
