/**
 * Stacks: each stored trophy set's signature (its base game's trophies by grade and name), so the
 * versions of one game are found by their sets; the user's own stack changes (a list split off a
 * wrong stack, lists joined by hand) that win over the signatures; and each library title's
 * resulting stack key, indexed.
 * @module
 */
import type { Kysely } from 'kysely';
import { trophySetSignature } from '../../trophies/trophy-set-signature.ts';
import type { Database } from '../schema.ts';
import { writeAllStackKeys } from '../stack-keys.ts';

interface Row {
  np_communication_id: string;
  language: string;
  type: string;
  name: string;
  group_id: string;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('titles').addColumn('set_signature', 'text').execute();
  await db.schema.createIndex('titles_set_signature').on('titles').columns(['language', 'set_signature']).execute();
  // Sets stored before this migration get their signature from their stored trophies.
  // biome-ignore lint/suspicious/noExplicitAny: a migration speaks to the tables as they were then
  const any = db as Kysely<any>;
  const rows: Row[] = await any
    .selectFrom('trophy_definitions')
    .select(['np_communication_id', 'language', 'type', 'name', 'group_id'])
    .orderBy('np_communication_id')
    .orderBy('language')
    .execute();
  const sets = new Map<string, Row[]>();
  for (const row of rows) {
    const key = `${row.np_communication_id}\u0000${row.language}`;
    const list = sets.get(key);
    if (list) list.push(row);
    else sets.set(key, [row]);
  }
  for (const list of sets.values()) {
    const first = list[0] as Row;
    const signature = trophySetSignature(list.map((r) => ({ type: r.type, name: r.name, groupId: r.group_id })));
    await any
      .updateTable('titles')
      .set({ set_signature: signature })
      .where('np_communication_id', '=', first.np_communication_id)
      .where('language', '=', first.language)
      .execute();
  }

  await db.schema
    .createTable('stack_links')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('np_communication_id', 'text', (c) => c.notNull())
    .addColumn('stack_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('stack_links_pk', ['user_id', 'np_communication_id'])
    .execute();

  // Each library title's stack, read from one index however large the library.
  await db.schema.alterTable('user_titles').addColumn('set_key', 'text').execute();
  await db.schema.alterTable('user_titles').addColumn('stack_key', 'text').execute();
  await db.schema.createIndex('user_titles_set_key').on('user_titles').columns(['user_id', 'set_key']).execute();
  await db.schema.createIndex('user_titles_stack').on('user_titles').columns(['user_id', 'stack_key', 'last_updated_at']).execute();
  await writeAllStackKeys(db as Kysely<Database>);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('user_titles_stack').execute();
  await db.schema.dropIndex('user_titles_set_key').execute();
  await db.schema.alterTable('user_titles').dropColumn('stack_key').execute();
  await db.schema.alterTable('user_titles').dropColumn('set_key').execute();
  await db.schema.dropTable('stack_links').execute();
  await db.schema.dropIndex('titles_set_signature').execute();
  await db.schema.alterTable('titles').dropColumn('set_signature').execute();
}
