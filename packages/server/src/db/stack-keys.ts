/**
 * Each library title's stack key, kept on its `user_titles` row (`stack_key`) so the stacks of a
 * 20,000-title library are read from one index: the user's own link when there is one (joined by
 * hand, split off), else its trophy set's signature (`set:…`), else null (no set stored yet).
 * Rewritten wherever a title's row, its definitions or its links are written.
 * @module
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.ts';

/** The key expression for the current `user_titles` row (an instance keeps one language, so any stored language's set will do). */
const stackKey = sql<string | null>`coalesce(
  (select l.stack_key from stack_links l where l.user_id = user_titles.user_id and l.np_communication_id = user_titles.np_communication_id),
  (select min('set:' || t.set_signature) from titles t where t.np_communication_id = user_titles.np_communication_id))`;

/** Rewrites the stack keys of the given titles of a user (in the transaction that changed them). */
export async function writeStackKeys(db: Kysely<Database>, userId: string, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    await db
      .updateTable('user_titles')
      .set({ stack_key: stackKey })
      .where('user_id', '=', userId)
      .where('np_communication_id', 'in', ids.slice(i, i + 500))
      .execute();
  }
}

/** Rewrites every stack key (a migration's backfill). */
export async function writeAllStackKeys(db: Kysely<Database>): Promise<void> {
  await db.updateTable('user_titles').set({ stack_key: stackKey }).execute();
}
