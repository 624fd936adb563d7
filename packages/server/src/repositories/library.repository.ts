/**
 * A user's library: their titles (counts, progress, last updated, last played, picked or not)
 * and their earned trophies. Writes are upserts, so two jobs of one user that overlap never
 * collide on a key, and each title's earned state is written in one transaction.
 * @module
 */
import type { Kysely, Transaction } from 'kysely';
import { gameJson } from '../db/game-json.ts';
import type { Database, UserTitle, UserTitlesTable, UserTrophiesTable } from '../db/schema.ts';

export type TitleListFields = Omit<
  UserTitlesTable,
  'user_id' | 'picked' | 'earned_synced_at' | 'definitions_version' | 'first_seen_at' | 'last_played_at' | 'play_seconds' | 'announced' | 'view_json'
>;

/** The title is no longer in the user's library (wiped meanwhile): nothing is written. */
export class TitleGoneError extends Error {
  override readonly name = 'TitleGoneError';
}

export class LibraryRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: 'sqlite' | 'postgres',
  ) {}

  /** Rewrites the ready game JSON of the given titles, inside the transaction that changed them. */
  async #refreshViews(trx: Transaction<Database>, userId: string, ids: readonly string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 500) {
      await trx
        .updateTable('user_titles')
        .set({ view_json: gameJson(this.dialect) })
        .where('user_id', '=', userId)
        .where('np_communication_id', 'in', ids.slice(i, i + 500))
        .execute();
    }
  }

  titles(userId: string): Promise<UserTitle[]> {
    return this.db.selectFrom('user_titles').selectAll().where('user_id', '=', userId).execute();
  }

  title(userId: string, npCommunicationId: string): Promise<UserTitle | undefined> {
    return this.db.selectFrom('user_titles').selectAll().where('user_id', '=', userId).where('np_communication_id', '=', npCommunicationId).executeTakeFirst();
  }

  /**
   * Writes the title list: updates what Sony says of known titles, inserts new ones unpicked.
   * New titles are marked `announced` when the user sees them in the picker, or left for the
   * sync to report. Returns the ids that were new.
   */
  async saveTitleList(userId: string, rows: TitleListFields[], now: string, options: { announced: boolean }): Promise<string[]> {
    const added: string[] = [];
    await this.db.transaction().execute(async (trx) => {
      const stored = await trx.selectFrom('user_titles').selectAll().where('user_id', '=', userId).execute();
      const known = new Map(stored.map((r) => [r.np_communication_id, r]));
      // A daily sync finds most titles as they were: only new and changed ones are written.
      const changed: string[] = [];
      for (const row of rows) {
        const old = known.get(row.np_communication_id);
        if (old && (Object.keys(row) as Array<keyof TitleListFields>).every((k) => old[k] === row[k])) continue;
        changed.push(row.np_communication_id);
        const inserted = old
          ? undefined
          : await trx
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
                announced: options.announced ? 1 : 0,
              })
              .onConflict((oc) => oc.columns(['user_id', 'np_communication_id']).doNothing())
              .executeTakeFirst();
        if (Number(inserted?.numInsertedOrUpdatedRows ?? 0) === 1) added.push(row.np_communication_id);
        else await trx.updateTable('user_titles').set(row).where('user_id', '=', userId).where('np_communication_id', '=', row.np_communication_id).execute();
      }
      await this.#refreshViews(trx, userId, changed);
    });
    return added;
  }

  /** Titles a sync found and has not reported as new yet. */
  async unannounced(userId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('user_titles').select('np_communication_id').where('user_id', '=', userId).where('announced', '=', 0).execute();
    return rows.map((r) => r.np_communication_id);
  }

  async markAnnounced(userId: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .updateTable('user_titles')
      .set({ announced: 1 })
      .where('user_id', '=', userId)
      .where('np_communication_id', 'in', [...ids])
      .execute();
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
      await this.#refreshViews(
        trx,
        userId,
        plays.map((p) => p.npCommunicationId),
      );
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

  /**
   * Writes a title's earned trophies and marks it synced, in one transaction. Throws
   * `TitleGoneError`, writing nothing, when the title left the library meanwhile (a wipe).
   */
  async saveEarned(
    userId: string,
    npCommunicationId: string,
    trophies: Omit<UserTrophiesTable, 'user_id' | 'np_communication_id'>[],
    title: Partial<UserTitlesTable>,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('user_titles')
        .set(title)
        .where('user_id', '=', userId)
        .where('np_communication_id', '=', npCommunicationId)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) throw new TitleGoneError(`${npCommunicationId} is no longer in the library`);
      await this.#refreshViews(trx, userId, [npCommunicationId]);
      const rows = trophies.map((t) => ({ ...t, user_id: userId, np_communication_id: npCommunicationId }));
      for (let i = 0; i < rows.length; i += 200) {
        await trx
          .insertInto('user_trophies')
          .values(rows.slice(i, i + 200))
          .onConflict((oc) =>
            oc.columns(['user_id', 'np_communication_id', 'trophy_id']).doUpdateSet((eb) => ({
              earned: eb.ref('excluded.earned'),
              earned_at: eb.ref('excluded.earned_at'),
              progress: eb.ref('excluded.progress'),
              earned_rate: eb.ref('excluded.earned_rate'),
              rarity: eb.ref('excluded.rarity'),
            })),
          )
          .execute();
      }
      let stale = trx.deleteFrom('user_trophies').where('user_id', '=', userId).where('np_communication_id', '=', npCommunicationId);
      if (rows.length)
        stale = stale.where(
          'trophy_id',
          'not in',
          rows.map((r) => r.trophy_id),
        );
      await stale.execute();
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
