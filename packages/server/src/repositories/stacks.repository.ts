/**
 * Stacks as stored: a user's lists keyed by their stack — the user's own link when there is one
 * (`hand:…` joined by hand, `solo:…` split off), else the trophy set's signature (`set:…`) — and
 * the links a split or a join writes, in one transaction.
 * @module
 */
import { type Kysely, sql } from 'kysely';
import { inTransaction } from '../db/in-transaction.ts';
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

  /** Each of the user's lists with its stack key (null: no set stored yet, and no link). */
  #keyed(db: Kysely<Database>, userId: string, language: string) {
    return db
      .selectFrom('user_titles as u')
      .leftJoin('stack_links as l', (join) => join.onRef('l.user_id', '=', 'u.user_id').onRef('l.np_communication_id', '=', 'u.np_communication_id'))
      .leftJoin('titles as t', (join) => join.onRef('t.np_communication_id', '=', 'u.np_communication_id').on('t.language', '=', language))
      .where('u.user_id', '=', userId)
      .select([
        sql<string | null>`coalesce(l.stack_key, 'set:' || t.set_signature)`.as('stack_key'),
        'u.np_communication_id',
        'u.name',
        'u.icon_url',
        'u.platform',
        'u.progress',
        'u.earned_bronze',
        'u.earned_silver',
        'u.earned_gold',
        'u.earned_platinum',
        'u.defined_bronze',
        'u.defined_silver',
        'u.defined_gold',
        'u.defined_platinum',
        'u.last_updated_at',
      ]);
  }

  /** A page of the user's stacks (2+ lists sharing a key), most recently updated first, with their lists; and how many there are. */
  async page(userId: string, language: string, page: { limit: number; offset: number }): Promise<{ members: StackMemberRow[]; total: number }> {
    const stacks = this.db
      .with('keyed', () => this.#keyed(this.db, userId, language))
      .selectFrom('keyed')
      .where('stack_key', 'is not', null)
      .groupBy('stack_key')
      .having(sql`count(*)`, '>', 1);
    const [keys, count] = await Promise.all([
      stacks
        .select(['stack_key', sql<string>`max(last_updated_at)`.as('latest')])
        .orderBy('latest', 'desc')
        .orderBy('stack_key')
        .limit(page.limit)
        .offset(page.offset)
        .execute(),
      this.db.selectFrom(stacks.select('stack_key').as('s')).select(sql<string | number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
    ]);
    const wanted = keys.map((k) => k.stack_key as string);
    const members = wanted.length ? await this.#membersOf(this.db, userId, language, wanted) : [];
    return { members, total: Number(count.n) };
  }

  async #membersOf(db: Kysely<Database>, userId: string, language: string, keys: string[]): Promise<StackMemberRow[]> {
    const rows = await db
      .with('keyed', () => this.#keyed(db, userId, language))
      .selectFrom('keyed')
      .selectAll()
      .where('stack_key', 'in', keys)
      .orderBy('last_updated_at', 'desc')
      .orderBy('np_communication_id')
      .execute();
    return rows as StackMemberRow[];
  }

  /** The lists of the stack a list belongs to (itself included; just itself when it stacks with nothing); undefined when the user lacks it. */
  async stackOf(userId: string, language: string, npCommunicationId: string, db: Kysely<Database> = this.db): Promise<StackMemberRow[] | undefined> {
    const own = await db
      .with('keyed', () => this.#keyed(db, userId, language))
      .selectFrom('keyed')
      .selectAll()
      .where('np_communication_id', '=', npCommunicationId)
      .executeTakeFirst();
    if (!own) return undefined;
    if (own.stack_key === null) return [own as StackMemberRow];
    return this.#membersOf(db, userId, language, [own.stack_key]);
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

  /** Gives these lists one stack key (in one transaction, after `gather` adds the lists they stack with now). */
  async link(userId: string, language: string, ids: readonly string[], key: string, at: string, options: { withMates: boolean }): Promise<void> {
    await inTransaction(this.db, async (trx) => {
      const all = new Set(ids);
      if (options.withMates) {
        for (const id of ids) for (const mate of (await this.stackOf(userId, language, id, trx)) ?? []) all.add(mate.np_communication_id);
      }
      for (const id of all) {
        await trx
          .insertInto('stack_links')
          .values({ user_id: userId, np_communication_id: id, stack_key: key, created_at: at })
          .onConflict((oc) => oc.columns(['user_id', 'np_communication_id']).doUpdateSet({ stack_key: key, created_at: at }))
          .execute();
      }
    });
  }
}
