/**
 * Each library title's stack, kept on its `user_titles` row so the stacks of a 20,000-title
 * library are read from a small index. `set_key` is what the title stacks by: the user's own link
 * when there is one (joined by hand, split off), else its trophy set's signature (`set:…`), else
 * null (no set stored yet). `stack_key` is the same key only while another title of the user
 * shares it (null for a title that stacks with nothing), so the index holds stacked titles alone.
 * Rewritten wherever a title's row, its definitions or its links are written.
 * @module
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.ts';

/** The key expression for the current `user_titles` row (an instance keeps one language, so any stored language's set will do). */
const setKey = sql<string | null>`coalesce(
  (select l.stack_key from stack_links l where l.user_id = user_titles.user_id and l.np_communication_id = user_titles.np_communication_id),
  (select min('set:' || t.set_signature) from titles t where t.np_communication_id = user_titles.np_communication_id))`;

/** `set_key` when another title of the same user shares it, else null. */
const sharedKey = sql<string | null>`case when (select count(*) from user_titles o
  where o.user_id = user_titles.user_id and o.set_key = user_titles.set_key) > 1 then set_key else null end`;

/** Rewrites the stack keys of the given titles of a user, and of the titles they stacked or now stack with (in the transaction that changed them). A title whose key stays as it was costs one read. */
export async function writeStackKeys(db: Kysely<Database>, userId: string, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('user_titles')
      .select(['np_communication_id', 'set_key', setKey.as('next')])
      .where('user_id', '=', userId)
      .where('np_communication_id', 'in', ids.slice(i, i + 500))
      .execute();
    const changed = rows.filter((r) => r.set_key !== r.next);
    if (changed.length === 0) continue;
    const moved = changed.map((r) => r.np_communication_id);
    await db
      .updateTable('user_titles')
      .set({ set_key: setKey, stack_key: null })
      .where('user_id', '=', userId)
      .where('np_communication_id', 'in', moved)
      .execute();
    // The stacks they left and the ones they joined: each title there is stacked while its key is shared.
    const affected = [...new Set(changed.flatMap((r) => [r.set_key, r.next]).filter((k): k is string => k !== null))];
    for (let k = 0; k < affected.length; k += 500) {
      await db
        .updateTable('user_titles')
        .set({ stack_key: sharedKey })
        .where('user_id', '=', userId)
        .where('set_key', 'in', affected.slice(k, k + 500))
        .execute();
    }
  }
}

/** Rewrites every stack key (a migration's backfill). */
export async function writeAllStackKeys(db: Kysely<Database>): Promise<void> {
  await db.updateTable('user_titles').set({ set_key: setKey }).execute();
  await db.updateTable('user_titles').set({ stack_key: sharedKey }).where('set_key', 'is not', null).execute();
}
