/**
 * Stacks as stored: a user's lists keyed by their stack (`user_titles.stack_key`: the user's own
 * link when there is one, `hand:…` joined by hand or `solo:…` split off, else the trophy set's
 * signature, `set:…`), and the links a split or a join writes, in one transaction.
 * @module
 */
import { type Kysely, sql } from 'kysely';
import { inTransaction } from '../db/in-transaction.ts';
import { writeStackKeys } from '../db/stack-keys.ts';
import type { Database } from '../db/schema.ts';

/** One list of a stack, as the rows hold it. */
export interface StackMemberRow {
  stack_key: string;
  np_communication_id: string;
  name: string;
  icon_url: string;
  platform: string;
  progress: number;
  earned_bronze: number;
  earned_silver: number;
  earned_gold: number;
  earned_platinum: number;
  defined_bronze: number;
  defined_silver: number;
  defined_gold: number;
  defined_platinum: number;
  last_updated_at: string;
}

export class StacksRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The user's lists with their stack key (the column `db/stack-keys.ts` keeps). */
  #lists(db: Kysely<Database>, userId: string) {
    return db
      .selectFrom('user_titles')
      .where('user_id', '=', userId)
      .select([
        'stack_key',
        'np_communication_id',
        'name',
        'icon_url',
        'platform',
        'progress',
        'earned_bronze',
        'earned_silver',
        'earned_gold',
        'earned_platinum',
        'defined_bronze',
        'defined_silver',
        'defined_gold',
        'defined_platinum',
        'last_updated_at',
      ]);
  }

  /** A page of the user's stacks (2+ lists sharing a key), most recently updated first, with their lists; and how many there are. Both read the index on (user, key, last updated). */
  async page(userId: string, page: { limit: number; offset: number }): Promise<{ members: StackMemberRow[]; total: number }> {
    // One pass over the index: the page of keys, and (a window over the groups) how many there are.
    const keys = await this.db
      .selectFrom('user_titles')
      .where('user_id', '=', userId)
      .where('stack_key', 'is not', null)
      .groupBy('stack_key')
      .having(sql`count(*)`, '>', 1)
      .select(['stack_key', sql<string>`max(last_updated_at)`.as('latest'), sql<string | number>`count(*) over ()`.as('total')])
      .orderBy('latest', 'desc')
      .orderBy('stack_key')
      .limit(page.limit)
      .offset(page.offset)
      .execute();
    // A page past the end has no row to carry the total.
    const total = keys[0] ? Number(keys[0].total) : page.offset === 0 ? 0 : await this.#count(userId);
    const wanted = keys.map((k) => k.stack_key as string);
    const members = wanted.length ? await this.#membersOf(this.db, userId, wanted) : [];
    return { members, total };
  }

  async #count(userId: string): Promise<number> {
    const stacks = this.db
      .selectFrom('user_titles')
      .select('stack_key')
      .where('user_id', '=', userId)
      .where('stack_key', 'is not', null)
      .groupBy('stack_key')
      .having(sql`count(*)`, '>', 1);
    const row = await this.db.selectFrom(stacks.as('s')).select(sql<string | number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async #membersOf(db: Kysely<Database>, userId: string, keys: string[]): Promise<StackMemberRow[]> {
    const rows = await this.#lists(db, userId).where('stack_key', 'in', keys).orderBy('last_updated_at', 'desc').orderBy('np_communication_id').execute();
    return rows as StackMemberRow[];
  }

  /** The lists of the stack a list belongs to (itself included; just itself when it stacks with nothing); undefined when the user lacks it. */
  async stackOf(userId: string, npCommunicationId: string, db: Kysely<Database> = this.db): Promise<StackMemberRow[] | undefined> {
    const own = await this.#lists(db, userId).where('np_communication_id', '=', npCommunicationId).executeTakeFirst();
    if (!own) return undefined;
    if (!own.stack_key) return [own as StackMemberRow];
    return this.#membersOf(db, userId, [own.stack_key]);
  }

  /** Which of these ids the user's library lacks. */
  async unknown(userId: string, ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('user_titles')
      .select('np_communication_id')
      .where('user_id', '=', userId)
      .where('np_communication_id', 'in', ids)
      .execute();
    const known = new Set(rows.map((r) => r.np_communication_id));
    return ids.filter((id) => !known.has(id));
  }

  /** Gives these lists (and, `withMates`, the lists they stack with now) one stack key, in one transaction. */
  async link(userId: string, ids: readonly string[], key: string, at: string, options: { withMates: boolean }): Promise<void> {
    await inTransaction(this.db, async (trx) => {
      const all = new Set(ids);
      if (options.withMates) {
        for (const id of ids) for (const mate of (await this.stackOf(userId, id, trx)) ?? []) all.add(mate.np_communication_id);
      }
      for (const id of all) {
        await trx
          .insertInto('stack_links')
          .values({ user_id: userId, np_communication_id: id, stack_key: key, created_at: at })
          .onConflict((oc) => oc.columns(['user_id', 'np_communication_id']).doUpdateSet({ stack_key: key, created_at: at }))
          .execute();
      }
      await writeStackKeys(trx, userId, [...all]);
    });
  }
}
