/**
 * The per-account PSN rate budget shared by every process through the database (scale-out): the
 * send times of each budget key's window, and the key's block after Sony answered 429.
 * @module
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('psn_budget_sends')
    .addColumn('key', 'text', (c) => c.notNull())
    // Milliseconds since the epoch: the budget compares and adds them, it never shows them.
    .addColumn('sent_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('psn_budget_sends_key').on('psn_budget_sends').columns(['key', 'sent_at']).execute();
  await db.schema
    .createTable('psn_budget_blocks')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('blocked_until', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('psn_budget_blocks').execute();
  await db.schema.dropTable('psn_budget_sends').execute();
}
