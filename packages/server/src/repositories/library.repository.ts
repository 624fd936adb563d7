/**
 * A user's library: their titles (counts, progress, last updated, last played, picked or not)
 * and their earned trophies. Each title's earned state is written in one transaction.
 * @module
 */
import type { Kysely } from 'kysely';
import type { Database, UserTitle, UserTitlesTable, UserTrophiesTable } from '../db/schema.ts';

export type TitleListFields = Omit<
  UserTitlesTable,
  'user_id' | 'picked' | 'earned_synced_at' | 'definitions_version' | 'first_seen_at' | 'last_played_at' | 'play_seconds'
>;

export class LibraryRepository {
  constructor(private readonly db: Kysely<Database>) {}

  titles(userId: string): Promise<UserTitle[]> {
    return this.db.selectFrom('user_titles').selectAll().where('user_id', '=', userId).execute();
  }

  title(userId: string, npCommunicationId: string): Promise<UserTitle | undefined> {
    return this.db.selectFrom('user_titles').selectAll().where('user_id', '=', userId).where('np_communication_id', '=', npCommunicationId).executeTakeFirst();
  }

  /**
   * Writes the title list: updates what Sony says of known titles, inserts new ones unpicked.
   * Returns the ids that were new.
   */
  async saveTitleList(userId: string, rows: TitleListFields[], now: string): Promise<string[]> {
    const known = new Set(
      (await this.db.selectFrom('user_titles').select('np_communication_id').where('user_id', '=', userId).execute()).map((r) => r.np_communication_id),
    );
    const added: string[] = [];
    await this.db.transaction().execute(async (trx) => {
      for (const row of rows) {
        if (known.has(row.np_communication_id)) {
          await trx.updateTable('user_titles').set(row).where('user_id', '=', userId).where('np_communication_id', '=', row.np_communication_id).execute();
        } else {
          added.push(row.np_communication_id);
          await trx
            .insertInto('user_titles')
            .values({
              ...row,
              user_id: userId,
              picked: 0,
              earned_synced_at: null,
              definitions_version: null,
              first_seen_at: now,
              last_played_at: null,
              play_seconds: null,
            })
            .execute();
        }
      }
    });
    return added;
  }

  /** Records last-played times and play durations from the game list. */
  async savePlayTimes(userId: string, plays: Array<{ npCommunicationId: string; lastPlayedAt: string; playSeconds: number }>): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const p of plays) {
        await trx
          .updateTable('user_titles')
          .set({ last_played_at: p.lastPlayedAt, play_seconds: p.playSeconds })
          .where('user_id', '=', userId)
          .where('np_communication_id', '=', p.npCommunicationId)
          .execute();
      }
    });
  }

  async setPicked(userId: string, ids: readonly string[], picked: boolean): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .updateTable('user_titles')
      .set({ picked: picked ? 1 : 0 })
      .where('user_id', '=', userId)
      .where('np_communication_id', 'in', [...ids])
      .execute();
  }

  /** Replaces a title's earned trophies and marks it synced at `syncedAt`, in one transaction. */
  async saveEarned(
    userId: string,
    npCommunicationId: string,
    trophies: Omit<UserTrophiesTable, 'user_id' | 'np_communication_id'>[],
    title: Partial<UserTitlesTable>,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('user_trophies').where('user_id', '=', userId).where('np_communication_id', '=', npCommunicationId).execute();
      const rows = trophies.map((t) => ({ ...t, user_id: userId, np_communication_id: npCommunicationId }));
      for (let i = 0; i < rows.length; i += 200)
        await trx
          .insertInto('user_trophies')
          .values(rows.slice(i, i + 200))
          .execute();
      await trx.updateTable('user_titles').set(title).where('user_id', '=', userId).where('np_communication_id', '=', npCommunicationId).execute();
    });
  }

  earned(userId: string, npCommunicationId: string) {
    return this.db
      .selectFrom('user_trophies')
      .selectAll()
      .where('user_id', '=', userId)
      .where('np_communication_id', '=', npCommunicationId)
      .orderBy('trophy_id')
      .execute();
  }
}
