/**
 * The PSN rate budget kept in the store, so that every process (web, any number of workers) shares
 * each account's window: a `BudgetStore` for the client's `RateBudget`. A take is one transaction,
 * serialized per key by `pg_advisory_xact_lock` on PostgreSQL; on SQLite the transaction's first
 * statement is a write, which takes the database's write lock, so takes serialize there too.
 * @module
 */
import type { BudgetStore, TakeResult } from '@trophyroom/psn';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';

export class BudgetRepository implements BudgetStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: 'sqlite' | 'postgres',
  ) {}

  take(key: string, now: number, limit: number, windowMs: number): Promise<TakeResult> {
    return this.db.transaction().execute(async (trx) => {
      if (this.dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${`psn-budget:${key}`}))`.execute(trx);
      await trx
        .deleteFrom('psn_budget_sends')
        .where('key', '=', key)
        .where('sent_at', '<=', now - windowMs)
        .execute();
      const block = await trx.selectFrom('psn_budget_blocks').select('blocked_until').where('key', '=', key).executeTakeFirst();
      if (block && Number(block.blocked_until) > now) return { ok: false, retryAt: Number(block.blocked_until) };
      const recent = await trx.selectFrom('psn_budget_sends').select('sent_at').where('key', '=', key).orderBy('sent_at', 'desc').limit(limit).execute();
      if (recent.length >= limit) return { ok: false, retryAt: Number(recent[recent.length - 1]?.sent_at) + windowMs };
      await trx.insertInto('psn_budget_sends').values({ key, sent_at: now }).execute();
      return { ok: true };
    });
  }

  async block(key: string, until: number): Promise<void> {
    // The later of the two blocks wins (SQLite's two-argument max() is PostgreSQL's greatest()).
    const later =
      this.dialect === 'postgres'
        ? sql<number>`greatest(psn_budget_blocks.blocked_until, excluded.blocked_until)`
        : sql<number>`max(psn_budget_blocks.blocked_until, excluded.blocked_until)`;
    await this.db
      .insertInto('psn_budget_blocks')
      .values({ key, blocked_until: until })
      .onConflict((oc) => oc.column('key').doUpdateSet({ blocked_until: later }))
      .execute();
  }

  async remaining(key: string, now: number, limit: number, windowMs: number): Promise<number> {
    const block = await this.db.selectFrom('psn_budget_blocks').select('blocked_until').where('key', '=', key).executeTakeFirst();
    if (block && Number(block.blocked_until) > now) return 0;
    const row = await this.db
      .selectFrom('psn_budget_sends')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('key', '=', key)
      .where('sent_at', '>', now - windowMs)
      .executeTakeFirst();
    return Math.max(0, limit - Number(row?.n ?? 0));
  }

  /** Moves what `from` spent (and its block) to `to`: a sign-in's provisional key handed to the account it turned out to be. */
  async transfer(from: string, to: string): Promise<void> {
    if (from === to) return;
    const block = await this.db.selectFrom('psn_budget_blocks').select('blocked_until').where('key', '=', from).executeTakeFirst();
    await this.db.updateTable('psn_budget_sends').set({ key: to }).where('key', '=', from).execute();
    if (block) {
      await this.block(to, Number(block.blocked_until));
      await this.db.deleteFrom('psn_budget_blocks').where('key', '=', from).execute();
    }
  }

  /** Requests spent in the window by every key that spent any, and every blocked key (as the limit): one query each, for the metrics. */
  async spentByKey(now: number, windowMs: number, limit: number): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('psn_budget_sends')
      .select(['key', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('sent_at', '>', now - windowMs)
      .groupBy('key')
      .execute();
    const spent = new Map(rows.map((r) => [r.key, Number(r.n)]));
    for (const b of await this.db.selectFrom('psn_budget_blocks').select('key').where('blocked_until', '>', now).execute()) spent.set(b.key, limit);
    return spent;
  }
}
