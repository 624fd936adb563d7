/**
 * A user's whole library as rows to archive, and an archive written back: every title of the
 * title list (Sony's fields, the user's picks and times, the history marks), the instance's
 * definitions of each imported title (groups, trophies) and the user's earned state. Reading goes
 * a slice of titles at a time; writing is one transaction that refuses a library that is not empty.
 * @module
 */
import type { Kysely } from 'kysely';
import { writeGameJson } from '../db/game-json.ts';
import { writeStackKeys } from '../db/stack-keys.ts';
import { refreshTitleFacts } from '../db/title-facts.ts';
import type { Database, TitleGroupsTable, TitlesTable, TrophyDefinitionsTable, UserTitle, UserTitlesTable, UserTrophiesTable } from '../db/schema.ts';

/** One title of the archive as rows. */
export interface ArchivedTitle {
  title: UserTitle;
  definition: TitlesTable | undefined;
  groups: TitleGroupsTable[];
  trophies: TrophyDefinitionsTable[];
  earned: UserTrophiesTable[];
}

/** One title to write back. */
export interface RestoredTitle {
  title: Omit<UserTitlesTable, 'user_id' | 'view_json'>;
  definition: TitlesTable | undefined;
  groups: TitleGroupsTable[];
  trophies: TrophyDefinitionsTable[];
  earned: Array<Omit<UserTrophiesTable, 'user_id'>>;
}

/** The library already holds titles: an import would mix two libraries. */
export class LibraryNotEmptyError extends Error {
  override readonly name = 'LibraryNotEmptyError';
}

const SLICE = 200;

export class LibraryArchiveRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: 'sqlite' | 'postgres',
  ) {}

  /** How many titles the user's library holds. */
  async titleCount(userId: string): Promise<number> {
    const row = await this.db
      .selectFrom('user_titles')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Every title of the user, with definitions in `language` and earned state, a slice at a time, in id order. */
  async *titles(userId: string, language: string): AsyncGenerator<ArchivedTitle> {
    let after = '';
    for (;;) {
      const titles = await this.db
        .selectFrom('user_titles')
        .selectAll()
        .where('user_id', '=', userId)
        .where('np_communication_id', '>', after)
        .orderBy('np_communication_id')
        .limit(SLICE)
        .execute();
      if (titles.length === 0) return;
      const ids = titles.map((t) => t.np_communication_id);
      const [definitions, groups, trophies, earned] = await Promise.all([
        this.db.selectFrom('titles').selectAll().where('language', '=', language).where('np_communication_id', 'in', ids).execute(),
        this.db.selectFrom('title_groups').selectAll().where('language', '=', language).where('np_communication_id', 'in', ids).orderBy('group_id').execute(),
        this.db
          .selectFrom('trophy_definitions')
          .selectAll()
          .where('language', '=', language)
          .where('np_communication_id', 'in', ids)
          .orderBy('trophy_id')
          .execute(),
        this.db.selectFrom('user_trophies').selectAll().where('user_id', '=', userId).where('np_communication_id', 'in', ids).orderBy('trophy_id').execute(),
      ]);
      const by = <T extends { np_communication_id: string }>(rows: T[]) => {
        const map = new Map<string, T[]>();
        for (const r of rows) map.set(r.np_communication_id, [...(map.get(r.np_communication_id) ?? []), r]);
        return map;
      };
      const defs = new Map(definitions.map((d) => [d.np_communication_id, d]));
      const [g, t, e] = [by(groups), by(trophies), by(earned)];
      for (const title of titles) {
        const id = title.np_communication_id;
        yield { title, definition: defs.get(id), groups: g.get(id) ?? [], trophies: t.get(id) ?? [], earned: e.get(id) ?? [] };
      }
      after = ids[ids.length - 1] as string;
    }
  }

  /**
   * Writes an archive into an empty library in one transaction: the titles, the definitions the
   * instance lacks (definitions it has are the instance's and stay), the earned state, and each
   * title's game JSON. Throws `LibraryNotEmptyError`, writing nothing, when the user has titles.
   */
  async restore(userId: string, titles: readonly RestoredTitle[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('user_titles').select('np_communication_id').where('user_id', '=', userId).limit(1).execute();
      if (existing.length > 0) throw new LibraryNotEmptyError('The library is not empty.');
      for (const t of titles) {
        if (t.definition) {
          await trx
            .insertInto('titles')
            .values(t.definition)
            .onConflict((oc) => oc.columns(['np_communication_id', 'language']).doNothing())
            .execute();
          const known = await trx
            .selectFrom('trophy_definitions')
            .select('trophy_id')
            .where('np_communication_id', '=', t.definition.np_communication_id)
            .where('language', '=', t.definition.language)
            .limit(1)
            .execute();
          if (known.length === 0) {
            if (t.groups.length) await trx.insertInto('title_groups').values(t.groups).execute();
            for (let i = 0; i < t.trophies.length; i += 200)
              await trx
                .insertInto('trophy_definitions')
                .values(t.trophies.slice(i, i + 200))
                .execute();
          }
        }
        await trx
          .insertInto('user_titles')
          .values({ ...t.title, user_id: userId, view_json: null })
          .execute();
        const earned = t.earned.map((e) => ({ ...e, user_id: userId }));
        for (let i = 0; i < earned.length; i += 200)
          await trx
            .insertInto('user_trophies')
            .values(earned.slice(i, i + 200))
            .execute();
      }
      const ids = titles.map((t) => t.title.np_communication_id);
      await refreshTitleFacts(trx, userId, ids);
      await writeGameJson(trx, this.dialect, userId, ids);
      await writeStackKeys(trx, userId, ids);
    });
  }
}
