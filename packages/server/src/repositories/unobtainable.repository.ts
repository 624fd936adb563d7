/**
 * Trophies a user flagged unobtainable: flag, unflag, list, and a whole imported list in one
 * transaction. Every write refreshes the titles' kept facts and ready game JSON in the same
 * transaction, so a game's "of obtainable" progress and the DLC filters follow the flags at once.
 * @module
 */
import { type Kysely, sql } from 'kysely';
import { writeGameJson } from '../db/game-json.ts';
import { inTransaction } from '../db/in-transaction.ts';
import type { Database } from '../db/schema.ts';
import { refreshTitleFacts } from '../db/title-facts.ts';

export interface TrophyRef {
  npCommunicationId: string;
  trophyId: number;
}

export interface Flag extends TrophyRef {
  source: string;
  note: string | null;
}

export class UnobtainableRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: 'sqlite' | 'postgres',
  ) {}

  /** Which of the named trophies are not in the user's imported games (unknown titles, and unknown trophies of known titles). */
  async unknown(userId: string, refs: readonly TrophyRef[]): Promise<{ titles: string[]; trophies: TrophyRef[] }> {
    const ids = [...new Set(refs.map((r) => r.npCommunicationId))];
    const known = new Set<string>();
    const trophies = new Map<string, Set<number>>();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const titles = await this.db
        .selectFrom('user_titles')
        .select('np_communication_id')
        .where('user_id', '=', userId)
        .where('picked', '=', 1)
        .where('np_communication_id', 'in', chunk)
        .execute();
      for (const t of titles) known.add(t.np_communication_id);
      const rows = await this.db
        .selectFrom('trophy_definitions')
        .select(['np_communication_id', 'trophy_id'])
        .distinct()
        .where('np_communication_id', 'in', chunk)
        .execute();
      for (const r of rows) {
        const set = trophies.get(r.np_communication_id) ?? new Set<number>();
        set.add(r.trophy_id);
        trophies.set(r.np_communication_id, set);
      }
    }
    return {
      titles: ids.filter((id) => !known.has(id)),
      trophies: refs.filter((r) => known.has(r.npCommunicationId) && !trophies.get(r.npCommunicationId)?.has(r.trophyId)),
    };
  }

  /** Flags the trophies (a flag already there takes the new source and note), all or none. */
  async flag(userId: string, flags: readonly Flag[], at: string): Promise<void> {
    await inTransaction(this.db, async (trx) => {
      const rows = flags.map((f) => ({
        user_id: userId,
        np_communication_id: f.npCommunicationId,
        trophy_id: f.trophyId,
        source: f.source,
        note: f.note,
        flagged_at: at,
      }));
      for (let i = 0; i < rows.length; i += 200)
        await trx
          .insertInto('unobtainable_trophies')
          .values(rows.slice(i, i + 200))
          .onConflict((oc) =>
            oc.columns(['user_id', 'np_communication_id', 'trophy_id']).doUpdateSet((eb) => ({
              source: eb.ref('excluded.source'),
              note: eb.ref('excluded.note'),
              flagged_at: eb.ref('excluded.flagged_at'),
            })),
          )
          .execute();
      await this.#refresh(trx, userId, flags);
    });
  }

  /** Takes the flag off; false when the trophy was not flagged. */
  async unflag(userId: string, ref: TrophyRef): Promise<boolean> {
    return inTransaction(this.db, async (trx) => {
      const done = await trx
        .deleteFrom('unobtainable_trophies')
        .where('user_id', '=', userId)
        .where('np_communication_id', '=', ref.npCommunicationId)
        .where('trophy_id', '=', ref.trophyId)
        .executeTakeFirst();
      if (Number(done.numDeletedRows) === 0) return false;
      await this.#refresh(trx, userId, [ref]);
      return true;
    });
  }

  /** The user's flags with each trophy's title, name (in `language` where stored) and earned state, by title and trophy. */
  list(userId: string, language: string) {
    return this.db
      .selectFrom('unobtainable_trophies as x')
      .innerJoin('user_titles as t', (j) => j.onRef('t.user_id', '=', 'x.user_id').onRef('t.np_communication_id', '=', 'x.np_communication_id'))
      .leftJoin('user_trophies as u', (j) =>
        j.onRef('u.user_id', '=', 'x.user_id').onRef('u.np_communication_id', '=', 'x.np_communication_id').onRef('u.trophy_id', '=', 'x.trophy_id'),
      )
      .select([
        'x.np_communication_id',
        'x.trophy_id',
        'x.source',
        'x.note',
        'x.flagged_at',
        't.name as title',
        'u.earned',
        sql<string | null>`(select d.name from trophy_definitions d where d.np_communication_id = x.np_communication_id
          and d.trophy_id = x.trophy_id order by case when d.language = ${language} then 0 else 1 end limit 1)`.as('name'),
      ])
      .where('x.user_id', '=', userId)
      .orderBy('t.name')
      .orderBy('x.np_communication_id')
      .orderBy('x.trophy_id')
      .execute();
  }

  async #refresh(trx: Kysely<Database>, userId: string, refs: readonly TrophyRef[]): Promise<void> {
    const ids = [...new Set(refs.map((r) => r.npCommunicationId))];
    await refreshTitleFacts(trx, userId, ids);
    await writeGameJson(trx, this.dialect, userId, ids);
  }
}
