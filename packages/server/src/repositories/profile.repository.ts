/**
 * The profile page's aggregates, each one indexed read at 20,000 titles: the platinum cabinet
 * (from the platinum dates kept on each title), trophies earned per day since a date, the
 * rarest earned trophies, and the imported games by platform. Totals and points come from
 * `LibraryRepository.totals`. The page as last made is kept per user (`profile_snapshots`).
 * @module
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import { obtainableProgressSql } from '../trophies/obtainable.ts';

/** Where a cabinet entry stands in the cabinet's order. */
export interface PlatinumKey {
  earnedAt: string | null;
  id: string;
}

/** A kept profile page and what it was made for. */
export interface ProfileSnapshot {
  version: number;
  /** The UTC day (`YYYY-MM-DD`) its calendar ends on. */
  day: string;
  /** The build and image naming that made it (`ProfileService`). */
  madeBy: string;
  body: string;
}

export class ProfileRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Titles with an earned platinum, in the cabinet's order: dated ones in the order they were
   * earned, then the undated ones. All of them, or `limit` after the entry `after` (a keyset on
   * the platinum index: a deep page reads its own rows, not the ones before it).
   */
  async platinums(userId: string, page?: { after?: PlatinumKey | undefined; limit: number }) {
    const after = page?.after;
    const base = () =>
      this.db
        .selectFrom('user_titles')
        .select(['np_communication_id', 'name', 'icon_url', 'platform', 'platinum_earned_at', 'first_earned_at'])
        .where('user_id', '=', userId)
        .where('earned_platinum', '>', 0);
    const rows: Awaited<ReturnType<ReturnType<typeof base>['execute']>> = [];
    if (!after || after.earnedAt !== null) {
      let dated = base().where('platinum_earned_at', 'is not', null).orderBy('platinum_earned_at').orderBy('np_communication_id');
      if (after) dated = dated.where(sql<boolean>`(platinum_earned_at, np_communication_id) > (${after.earnedAt}, ${after.id})`);
      if (page) dated = dated.limit(page.limit);
      rows.push(...(await dated.execute()));
    }
    if (page && rows.length >= page.limit) return rows;
    let undated = base().where('platinum_earned_at', 'is', null).orderBy('np_communication_id');
    if (after?.earnedAt === null) undated = undated.where('np_communication_id', '>', after.id);
    if (page) undated = undated.limit(page.limit - rows.length);
    rows.push(...(await undated.execute()));
    return rows;
  }

  /** How many platinums the user has earned (read from the platinum index). */
  async platinumCount(userId: string): Promise<number> {
    const row = await this.db
      .selectFrom('user_titles')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('user_id', '=', userId)
      .where('earned_platinum', '>', 0)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Trophies earned per UTC day from `since` (ISO), oldest first. */
  async perDay(userId: string, since: string): Promise<Array<{ date: string; count: number }>> {
    const rows = await this.db
      .selectFrom('user_trophies')
      .select([sql<string>`substr(earned_at, 1, 10)`.as('day'), (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('user_id', '=', userId)
      .where('earned', '=', 1)
      .where('earned_at', '>=', since)
      .groupBy(sql`substr(earned_at, 1, 10)`)
      .orderBy(sql`substr(earned_at, 1, 10)`)
      .execute();
    return rows.map((r) => ({ date: r.day, count: Number(r.n) }));
  }

  /** The `limit` rarest earned trophies (lowest earned rate), with their names in `language` where stored. */
  async rarest(userId: string, language: string, limit: number) {
    const rows = await this.db
      .selectFrom('user_trophies')
      .select(['np_communication_id', 'trophy_id', 'earned_rate', 'earned_at'])
      .where('user_id', '=', userId)
      .where('earned', '=', 1)
      .orderBy('earned_rate')
      .orderBy('earned_at', 'desc')
      .orderBy('np_communication_id')
      .orderBy('trophy_id')
      .limit(limit)
      .execute();
    if (rows.length === 0) return [];
    const ids = [...new Set(rows.map((r) => r.np_communication_id))];
    const [defs, titles] = await Promise.all([
      this.db
        .selectFrom('trophy_definitions')
        .select(['np_communication_id', 'trophy_id', 'name', 'type', 'icon_url', 'language'])
        .where('np_communication_id', 'in', ids)
        .where(
          'trophy_id',
          'in',
          rows.map((r) => r.trophy_id),
        )
        .execute(),
      this.db.selectFrom('user_titles').select(['np_communication_id', 'name']).where('user_id', '=', userId).where('np_communication_id', 'in', ids).execute(),
    ]);
    const def = (id: string, trophy: number) => {
      const found = defs.filter((d) => d.np_communication_id === id && d.trophy_id === trophy);
      return found.find((d) => d.language === language) ?? found[0];
    };
    const titleName = new Map(titles.map((t) => [t.np_communication_id, t.name]));
    return rows.map((r) => ({
      ...r,
      title: titleName.get(r.np_communication_id) ?? r.np_communication_id,
      definition: def(r.np_communication_id, r.trophy_id),
    }));
  }

  /** Imported games by platform string (`PS5,PSPC` as Sony lists it): count, completed (of obtainable), platinums, summed progress. */
  async byPlatform(userId: string) {
    const rows = await this.db
      .selectFrom('user_titles')
      .select([
        'platform',
        (eb) => eb.fn.countAll<number | string>().as('games'),
        sql<number | string>`sum(case when ${sql.raw(obtainableProgressSql)} = 100 then 1 else 0 end)`.as('completed'),
        sql<number | string>`sum(case when earned_platinum > 0 then 1 else 0 end)`.as('platinums'),
        sql<number | string>`sum(progress)`.as('progress'),
      ])
      .where('user_id', '=', userId)
      .where('picked', '=', 1)
      .groupBy('platform')
      .execute();
    return rows.map((r) => ({
      platform: r.platform,
      games: Number(r.games),
      completed: Number(r.completed),
      platinums: Number(r.platinums),
      progress: Number(r.progress),
    }));
  }

  /** The profile page as last made for the user: its JSON, the library version and the UTC day it was made for, and what made it. */
  async snapshot(userId: string): Promise<ProfileSnapshot | undefined> {
    const row = await this.db.selectFrom('profile_snapshots').select(['version', 'day', 'made_by', 'body']).where('user_id', '=', userId).executeTakeFirst();
    return row && { version: Number(row.version), day: row.day, madeBy: row.made_by, body: row.body };
  }

  /** Keeps the page as made for that version and day, in place of the one before. */
  async saveSnapshot(userId: string, snapshot: ProfileSnapshot): Promise<void> {
    const values = { version: snapshot.version, day: snapshot.day, made_by: snapshot.madeBy, body: snapshot.body };
    await this.db
      .insertInto('profile_snapshots')
      .values({ user_id: userId, ...values })
      .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
      .execute();
  }
}
