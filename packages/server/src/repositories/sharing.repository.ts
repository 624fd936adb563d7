/**
 * Public profile shares (one per user: a random token in its URL, a new one on every enable), and
 * what a shared profile shows, read for the token's user: recent games, the platinum cabinet, the
 * latest earned trophies with their definitions.
 * @module
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export class SharingRepository {
  constructor(private readonly db: Kysely<Database>) {}

  ofUser(userId: string) {
    return this.db.selectFrom('profile_shares').selectAll().where('user_id', '=', userId).executeTakeFirst();
  }

  byToken(token: string) {
    return this.db.selectFrom('profile_shares').selectAll().where('token', '=', token).executeTakeFirst();
  }

  /** Shares the profile under `token` unless it is shared already; returns the share in force. */
  async enable(userId: string, token: string, now: string) {
    await this.db
      .insertInto('profile_shares')
      .values({ user_id: userId, token, created_at: now })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute();
    return this.ofUser(userId);
  }

  async disable(userId: string): Promise<void> {
    await this.db.deleteFrom('profile_shares').where('user_id', '=', userId).execute();
  }

  /** Imported games, the most recently updated first. */
  recentGames(userId: string, limit: number) {
    return this.db
      .selectFrom('user_titles')
      .selectAll()
      .where('user_id', '=', userId)
      .where('picked', '=', 1)
      .orderBy('last_updated_at', 'desc')
      .orderBy('np_communication_id')
      .limit(limit)
      .execute();
  }

  /** Titles with an earned platinum, with when it was earned, the latest first. */
  async platinums(userId: string, language: string, limit: number) {
    const rows = await this.db
      .selectFrom('user_titles as t')
      .leftJoin('trophy_definitions as d', (j) =>
        j.onRef('d.np_communication_id', '=', 't.np_communication_id').on('d.language', '=', language).on('d.type', '=', 'platinum'),
      )
      .leftJoin('user_trophies as u', (j) =>
        j.onRef('u.np_communication_id', '=', 't.np_communication_id').onRef('u.trophy_id', '=', 'd.trophy_id').onRef('u.user_id', '=', 't.user_id'),
      )
      .selectAll('t')
      .select('u.earned_at as platinum_at')
      .where('t.user_id', '=', userId)
      .where('t.earned_platinum', '>', 0)
      .orderBy('t.last_updated_at', 'desc')
      .limit(limit)
      .execute();
    return rows;
  }

  /** The latest earned trophies with their definitions and the title's name. */
  recentTrophies(userId: string, language: string, limit: number) {
    return this.db
      .selectFrom('user_trophies as u')
      .innerJoin('trophy_definitions as d', (j) =>
        j.onRef('d.np_communication_id', '=', 'u.np_communication_id').onRef('d.trophy_id', '=', 'u.trophy_id').on('d.language', '=', language),
      )
      .innerJoin('user_titles as t', (j) => j.onRef('t.np_communication_id', '=', 'u.np_communication_id').onRef('t.user_id', '=', 'u.user_id'))
      .select(['t.name as game', 'd.type', 'd.name', 'd.detail', 'd.icon_url', 'd.hidden', 'u.earned_at'])
      .where('u.user_id', '=', userId)
      .where('u.earned', '=', 1)
      .where('u.earned_at', 'is not', null)
      .orderBy('u.earned_at', 'desc')
      .limit(limit)
      .execute();
  }
}
