/**
 * Trophy definitions shared by every user of the instance, one set per title, language and
 * `trophySetVersion`: fetched once, reused by everyone who imports the title.
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
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('trophy_definitions').where('np_communication_id', '=', title.np_communication_id).where('language', '=', title.language).execute();
      await trx.deleteFrom('title_groups').where('np_communication_id', '=', title.np_communication_id).where('language', '=', title.language).execute();
      await trx.deleteFrom('titles').where('np_communication_id', '=', title.np_communication_id).where('language', '=', title.language).execute();
      await trx.insertInto('titles').values(title).execute();
      if (groups.length) await trx.insertInto('title_groups').values(groups).execute();
      for (let i = 0; i < trophies.length; i += 200)
        await trx
          .insertInto('trophy_definitions')
          .values(trophies.slice(i, i + 200))
          .execute();
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
