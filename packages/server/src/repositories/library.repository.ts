/**
 * A user's imported library: each title's trophies saved in one transaction (the instance's
 * definitions when they were fetched, and the user's earned state), pages of imported games
 * (keyset-paginated on the sort key, so page 50 costs what page 1 does), one game with its groups
 * and trophies, and the totals behind the stats.
 * @module
 */
import type { UserTrophies } from '@trophyroom/psn';
import { type Kysely, sql } from 'kysely';
import { gameJson, writeGameJson } from '../db/game-json.ts';
import { inTransaction } from '../db/in-transaction.ts';
import type { Database, TrophyDefinitionsTable, UserTitlesTable, UserTrophiesTable } from '../db/schema.ts';
import { pointsSql } from '../trophies/trophy-points.ts';
import { DefinitionsRepository, type TitleDefinitions } from './definitions.repository.ts';

export type GameSort = 'last-played' | 'name' | 'progress' | 'points';
export type GameStatus = 'platinum' | 'completed' | 'in-progress' | 'not-started';

export interface GamePageQuery {
  limit: number;
  sort: GameSort;
  order?: 'asc' | 'desc' | undefined;
  /** Opaque cursor from the previous page. */
  cursor?: string | undefined;
  platform?: string | undefined;
  status?: GameStatus | undefined;
  q?: string | undefined;
}

const sortKeys: Record<GameSort, { expr: string; order: 'asc' | 'desc' }> = {
  'last-played': { expr: 'coalesce(last_played_at, last_updated_at)', order: 'desc' },
  name: { expr: 'lower(name)', order: 'asc' },
  progress: { expr: 'progress', order: 'desc' },
  points: { expr: `(${pointsSql('earned')})`, order: 'desc' },
};

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}

/** The title is no longer in the user's library (wiped meanwhile): nothing is written. */
export class TitleGoneError extends Error {
  override readonly name = 'TitleGoneError';
}

/** One title's fetch, to be saved whole. */
export interface TitleSave {
  /** The instance's definitions, when they were fetched (a version it lacked). */
  definitions?: TitleDefinitions | undefined;
  /** The user's earned state of every trophy. */
  earned: UserTrophies;
  /** What the title is now in step with: the title list's `lastUpdatedDateTime` and the definitions' version. */
  syncedAt: string;
  definitionsVersion: string;
  /** When this save happens (marks of withdrawn trophies). @default now */
  at?: string;
  /** On a title's first save, trophies earned after this instant still count as newly earned (a title a sync found). */
  notifySince?: string | undefined;
  /** Runs inside the save's transaction with what changed (the notifications' outbox is written there). */
  within?: (trx: Kysely<Database>, saved: TitleSaved) => Promise<void>;
}

/** A trophy that turned earned in a save. */
export interface EarnedChange {
  npCommunicationId: string;
  titleName: string;
  trophyId: number;
  type: 'bronze' | 'silver' | 'gold' | 'platinum';
  name: string;
  hidden: boolean;
  earnedAt: string | null;
}

/** What a title's save changed. */
export interface TitleSaved {
  newlyEarned: EarnedChange[];
}

function encodeCursor(value: unknown, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string | number, string] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parsed) && parsed.length === 2 && (typeof parsed[0] === 'string' || typeof parsed[0] === 'number') && typeof parsed[1] === 'string')
      return parsed as [string | number, string];
  } catch {}
  throw new InvalidCursorError('The cursor is not one this server gave out. Start again from the first page.');
}

const trophyColumns = [
  'd.trophy_id',
  'd.group_id',
  'd.type',
  'd.hidden',
  'd.name',
  'd.detail',
  'd.icon_url',
  'd.progress_target',
  'd.reward_name',
  'd.reward_image_url',
  'u.earned',
  'u.earned_at',
  'u.progress',
  'u.earned_rate',
  'u.rarity',
  'u.psn_withdrawn_at',
] as const;
const trophyKeys = trophyColumns.map((c) => c.slice(2));

/** A trophy's definition with the user's earned state (null fields: no earned row yet). */
export type TrophyRow = Omit<TrophyDefinitionsTable, 'np_communication_id' | 'language'> & {
  [K in keyof Omit<UserTrophiesTable, 'user_id' | 'np_communication_id' | 'trophy_id'>]: UserTrophiesTable[K] | null;
};

export class LibraryRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: 'sqlite' | 'postgres',
  ) {}

  /**
   * Saves a title's fetch in one transaction: its definitions when given, the user's earned
   * trophies, and the marks that say it is in step. A crash leaves the previous state or the
   * new one. Throws `TitleGoneError`, writing nothing, when the title left the library meanwhile
   * (a wipe).
   */
  async saveTitle(userId: string, npCommunicationId: string, save: TitleSave): Promise<TitleSaved> {
    return inTransaction(this.db, async (trx) => {
      const before = await trx
        .selectFrom('user_titles')
        .select('earned_synced_at')
        .where('user_id', '=', userId)
        .where('np_communication_id', '=', npCommunicationId)
        .executeTakeFirst();
      if (!before) throw new TitleGoneError(`${npCommunicationId} is no longer in the library`);
      const marks: Partial<UserTitlesTable> = { earned_synced_at: save.syncedAt, definitions_version: save.definitionsVersion };
      await trx.updateTable('user_titles').set(marks).where('user_id', '=', userId).where('np_communication_id', '=', npCommunicationId).execute();
      if (save.definitions) await new DefinitionsRepository(trx).save(save.definitions);
      await writeGameJson(trx, this.dialect, userId, [npCommunicationId]);
      const stored = new Map(
        (
          await trx
            .selectFrom('user_trophies')
            .select(['trophy_id', 'earned', 'earned_at', 'psn_withdrawn_at'])
            .where('user_id', '=', userId)
            .where('np_communication_id', '=', npCommunicationId)
            .execute()
        ).map((r) => [r.trophy_id, r]),
      );
      const at = save.at ?? new Date().toISOString();
      const newlyEarned: Array<{ trophyId: number; earnedAt: string | null }> = [];
      // A first save (an import) announces only what was earned since `notifySince`; a later one, what turned earned.
      const firstSave = before.earned_synced_at === null && stored.size === 0;
      const rows: UserTrophiesTable[] = save.earned.trophies.map((t) => {
        const old = stored.get(t.trophyId);
        const wasEarned = old?.earned === 1;
        if (t.earned && !wasEarned) {
          const since = save.notifySince;
          if (!firstSave || (since !== undefined && (t.earnedDateTime ?? '') > since))
            newlyEarned.push({ trophyId: t.trophyId, earnedAt: t.earnedDateTime ?? null });
        }
        // Sony no longer says it is earned: keep what it once said, and mark when it stopped.
        const withdrawn = !t.earned && wasEarned;
        return {
          user_id: userId,
          np_communication_id: npCommunicationId,
          trophy_id: t.trophyId,
          earned: t.earned || withdrawn ? 1 : 0,
          earned_at: withdrawn ? (old?.earned_at ?? null) : (t.earnedDateTime ?? null),
          progress: t.progress ?? null,
          earned_rate: t.trophyEarnedRate,
          rarity: t.trophyRare,
          psn_withdrawn_at: withdrawn ? (old?.psn_withdrawn_at ?? at) : null,
        };
      });
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
              psn_withdrawn_at: eb.ref('excluded.psn_withdrawn_at'),
            })),
          )
          .execute();
      }
      // Trophies Sony no longer lists: unearned ones go, earned ones stay (marked withdrawn).
      const listed = new Set(rows.map((r) => r.trophy_id));
      const vanished = [...stored.values()].filter((r) => !listed.has(r.trophy_id));
      const drop = vanished.filter((r) => r.earned !== 1).map((r) => r.trophy_id);
      const keep = vanished.filter((r) => r.earned === 1 && r.psn_withdrawn_at === null).map((r) => r.trophy_id);
      for (let i = 0; i < drop.length; i += 500)
        await trx
          .deleteFrom('user_trophies')
          .where('user_id', '=', userId)
          .where('np_communication_id', '=', npCommunicationId)
          .where('trophy_id', 'in', drop.slice(i, i + 500))
          .execute();
      for (let i = 0; i < keep.length; i += 500)
        await trx
          .updateTable('user_trophies')
          .set({ psn_withdrawn_at: at })
          .where('user_id', '=', userId)
          .where('np_communication_id', '=', npCommunicationId)
          .where('trophy_id', 'in', keep.slice(i, i + 500))
          .execute();
      const earned = await this.#typed(trx, npCommunicationId, newlyEarned);
      const saved: TitleSaved = { newlyEarned: earned };
      if (save.within) await save.within(trx, saved);
      return saved;
    });
  }

  /** The newly earned trophies with their type and name from the instance's definitions. */
  async #typed(trx: Kysely<Database>, npCommunicationId: string, earned: Array<{ trophyId: number; earnedAt: string | null }>): Promise<EarnedChange[]> {
    if (earned.length === 0) return [];
    const defs = await trx
      .selectFrom('trophy_definitions')
      .select(['trophy_id', 'type', 'name', 'hidden', 'language'])
      .where('np_communication_id', '=', npCommunicationId)
      .where(
        'trophy_id',
        'in',
        earned.map((e) => e.trophyId),
      )
      .execute();
    const title = await trx.selectFrom('titles').select(['name', 'language']).where('np_communication_id', '=', npCommunicationId).execute();
    const byId = new Map(defs.map((d) => [d.trophy_id, d]));
    return earned.map((e) => {
      const d = byId.get(e.trophyId);
      return {
        npCommunicationId,
        titleName: title[0]?.name ?? npCommunicationId,
        trophyId: e.trophyId,
        earnedAt: e.earnedAt,
        type: (d?.type ?? 'bronze') as EarnedChange['type'],
        name: d?.name ?? `Trophy ${e.trophyId}`,
        hidden: d?.hidden === 1,
      };
    });
  }

  /** A title's earned state as stored, in trophy order. */
  earned(userId: string, npCommunicationId: string) {
    return this.db
      .selectFrom('user_trophies')
      .selectAll()
      .where('user_id', '=', userId)
      .where('np_communication_id', '=', npCommunicationId)
      .orderBy('trophy_id')
      .execute();
  }

  #filtered(userId: string, query: Omit<GamePageQuery, 'limit' | 'sort' | 'order' | 'cursor'>) {
    let q = this.db.selectFrom('user_titles').where('user_id', '=', userId).where('picked', '=', 1);
    if (query.platform) q = q.where(sql<string>`',' || platform || ','`, 'like', `%,${query.platform},%`);
    if (query.q) {
      const pattern = `%${query.q.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      q = q.where(sql<boolean>`lower(name) like ${pattern} escape '\\'`);
    }
    if (query.status === 'platinum') q = q.where('earned_platinum', '>', 0);
    else if (query.status === 'completed') q = q.where('progress', '=', 100);
    else if (query.status === 'in-progress') q = q.where('progress', '>', 0).where('progress', '<', 100);
    else if (query.status === 'not-started') q = q.where('progress', '=', 0);
    return q;
  }

  /**
   * One page of imported games as a JSON array text (each title's JSON is kept ready by the
   * library, `view_json`; made on the spot for a row without it), the cursor of the next page,
   * and the count of all that match the filters.
   */
  async page(userId: string, query: GamePageQuery): Promise<{ itemsJson: string; nextCursor: string | null; total: number }> {
    const key = sortKeys[query.sort];
    const order = query.order ?? key.order;
    const direction = sql.raw(order);
    const expr = sql.raw(key.expr);
    let rows = this.#filtered(userId, query).select([sql<string | number>`${expr}`.as('sort_key'), 'np_communication_id', 'view_json']);
    if (query.cursor) {
      const [value, id] = decodeCursor(query.cursor);
      rows = rows.where(
        order === 'desc' ? sql<boolean>`(${expr}, np_communication_id) < (${value}, ${id})` : sql<boolean>`(${expr}, np_communication_id) > (${value}, ${id})`,
      );
    }
    const [found, count] = await Promise.all([
      rows
        .orderBy(sql`${expr} ${direction}`)
        .orderBy(sql`np_communication_id ${direction}`)
        .limit(query.limit + 1)
        .execute(),
      this.#filtered(userId, query)
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    const page = found.slice(0, query.limit);
    const last = page[page.length - 1];
    const nextCursor = found.length > query.limit && last ? encodeCursor(last.sort_key, last.np_communication_id) : null;
    const missing = page.filter((r) => r.view_json === null).map((r) => r.np_communication_id);
    if (missing.length) {
      const made = await this.db
        .selectFrom('user_titles')
        .select(['np_communication_id', gameJson(this.dialect).as('json')])
        .where('user_id', '=', userId)
        .where('np_communication_id', 'in', missing)
        .execute();
      const byId = new Map(made.map((m) => [m.np_communication_id, m.json]));
      for (const r of page) r.view_json ??= byId.get(r.np_communication_id) ?? null;
    }
    return { itemsJson: `[${page.map((r) => r.view_json).join(',')}]`, nextCursor, total: Number(count.n) };
  }

  /** An imported game of the user, with the instance's definitions and the user's earned state. */
  async game(userId: string, npCommunicationId: string, language: string) {
    const title = await this.db
      .selectFrom('user_titles')
      .selectAll()
      .where('user_id', '=', userId)
      .where('np_communication_id', '=', npCommunicationId)
      .where('picked', '=', 1)
      .executeTakeFirst();
    if (!title) return undefined;
    const [definition, groups, trophies] = await Promise.all([
      this.db
        .selectFrom('titles')
        .select(['detail', 'trophy_set_version'])
        .where('np_communication_id', '=', npCommunicationId)
        .where('language', '=', language)
        .executeTakeFirst(),
      this.db
        .selectFrom('title_groups')
        .selectAll()
        .where('np_communication_id', '=', npCommunicationId)
        .where('language', '=', language)
        .orderBy('group_id')
        .execute(),
      this.#trophies(userId, npCommunicationId, language),
    ]);
    return { title, definition, groups, trophies };
  }

  /**
   * A title's trophy definitions joined with the user's earned state, in trophy order. The rows
   * come back as one JSON array of arrays: decoding sixty rows of fifteen columns into objects
   * costs more in the driver than the database spends making the text.
   */
  async #trophies(userId: string, npCommunicationId: string, language: string): Promise<TrophyRow[]> {
    const columns = sql.raw(trophyColumns.join(', '));
    const from = sql`from trophy_definitions as d left join user_trophies as u
      on u.np_communication_id = d.np_communication_id and u.trophy_id = d.trophy_id and u.user_id = ${userId}
      where d.np_communication_id = ${npCommunicationId} and d.language = ${language}`;
    const names = sql.raw(trophyKeys.join(', '));
    const result =
      this.dialect === 'postgres'
        ? await sql<{ j: string | null }>`select json_agg(json_build_array(${columns}) order by d.trophy_id)::text as j ${from}`.execute(this.db)
        : await sql<{ j: string | null }>`select json_group_array(json_array(${names})) as j from (select ${columns} ${from} order by d.trophy_id)`.execute(
            this.db,
          );
    const rows = JSON.parse(result.rows[0]?.j ?? '[]') as unknown[][];
    return rows.map((r) => {
      const row: Record<string, unknown> = {};
      for (let i = 0; i < trophyKeys.length; i++) row[trophyKeys[i] as string] = r[i];
      return row as unknown as TrophyRow;
    });
  }

  /** The user's library version: triggers bump it on every write to what the library endpoints show (0: nothing written yet). */
  async version(userId: string): Promise<number> {
    const row = await this.db.selectFrom('library_versions').select('version').where('user_id', '=', userId).executeTakeFirst();
    return Number(row?.version ?? 0);
  }

  /** Earned counts and title counts over the user's whole PSN library (the title list), and over imported games. */
  async totals(userId: string) {
    const row = await this.db
      .selectFrom('user_titles')
      .where('user_id', '=', userId)
      .select((eb) => [
        eb.fn.countAll<number | string>().as('titles'),
        eb.fn.coalesce(eb.fn.sum<number | string>('earned_bronze'), sql<number>`0`).as('bronze'),
        eb.fn.coalesce(eb.fn.sum<number | string>('earned_silver'), sql<number>`0`).as('silver'),
        eb.fn.coalesce(eb.fn.sum<number | string>('earned_gold'), sql<number>`0`).as('gold'),
        eb.fn.coalesce(eb.fn.sum<number | string>('earned_platinum'), sql<number>`0`).as('platinum'),
        eb.fn.coalesce(eb.fn.sum<number | string>(sql`picked`), sql<number>`0`).as('games'),
        eb.fn.coalesce(eb.fn.sum<number | string>(sql`case when picked = 1 and progress = 100 then 1 else 0 end`), sql<number>`0`).as('completed'),
      ])
      .executeTakeFirstOrThrow();
    const n = (v: unknown) => Number(v ?? 0);
    return {
      titles: n(row.titles),
      earned: { bronze: n(row.bronze), silver: n(row.silver), gold: n(row.gold), platinum: n(row.platinum) },
      games: n(row.games),
      completed: n(row.completed),
    };
  }
}
