/**
 * Trophy definitions shared by every user of the instance, one set per title, language and
 * `trophySetVersion`: fetched once, reused by everyone who imports the title. Writes are upserts,
 * so two imports of the same title at once never collide.
 * @module
 */
import type { Kysely } from 'kysely';
import type { Database, TitleGroupsTable, TitlesTable, TrophyDefinitionsTable } from '../db/schema.ts';

export class DefinitionsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The stored version of a title's definitions in a language, if any. */
  async version(npCommunicationId: string, language: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('titles')
      .select('trophy_set_version')
      .where('np_communication_id', '=', npCommunicationId)
      .where('language', '=', language)
      .executeTakeFirst();
    return row?.trophy_set_version;
  }

  /** Replaces a title's definitions in one transaction. */
  async save(title: TitlesTable, groups: TitleGroupsTable[], trophies: TrophyDefinitionsTable[]): Promise<void> {
    const id = title.np_communication_id;
    const language = title.language;
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('titles')
        .values(title)
        .onConflict((oc) => oc.columns(['np_communication_id', 'language']).doUpdateSet(title))
        .execute();
      for (const group of groups) {
        await trx
          .insertInto('title_groups')
          .values(group)
          .onConflict((oc) => oc.columns(['np_communication_id', 'language', 'group_id']).doUpdateSet(group))
          .execute();
      }
      for (let i = 0; i < trophies.length; i += 200) {
        await trx
          .insertInto('trophy_definitions')
          .values(trophies.slice(i, i + 200))
          .onConflict((oc) =>
            oc.columns(['np_communication_id', 'language', 'trophy_id']).doUpdateSet((eb) => ({
              group_id: eb.ref('excluded.group_id'),
              type: eb.ref('excluded.type'),
              hidden: eb.ref('excluded.hidden'),
              name: eb.ref('excluded.name'),
              detail: eb.ref('excluded.detail'),
              icon_url: eb.ref('excluded.icon_url'),
              progress_target: eb.ref('excluded.progress_target'),
              reward_name: eb.ref('excluded.reward_name'),
              reward_image_url: eb.ref('excluded.reward_image_url'),
            })),
          )
          .execute();
      }
      // What the new version no longer has goes.
      let oldTrophies = trx.deleteFrom('trophy_definitions').where('np_communication_id', '=', id).where('language', '=', language);
      if (trophies.length)
        oldTrophies = oldTrophies.where(
          'trophy_id',
          'not in',
          trophies.map((t) => t.trophy_id),
        );
      await oldTrophies.execute();
      let oldGroups = trx.deleteFrom('title_groups').where('np_communication_id', '=', id).where('language', '=', language);
      if (groups.length)
        oldGroups = oldGroups.where(
          'group_id',
          'not in',
          groups.map((g) => g.group_id),
        );
      await oldGroups.execute();
    });
  }

  trophies(npCommunicationId: string, language: string) {
    return this.db
      .selectFrom('trophy_definitions')
      .selectAll()
      .where('np_communication_id', '=', npCommunicationId)
      .where('language', '=', language)
      .orderBy('trophy_id')
      .execute();
  }
}
