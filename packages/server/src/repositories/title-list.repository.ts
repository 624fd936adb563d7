/**
 * A user's PSN title list, as the picker and the sync read it: every title with Sony's counts,
 * progress and last-updated time, the game list's play times, whether the user picked it, and
 * whether a sync has reported it as new. Writes are upserts, so two jobs of one user that
 * overlap never collide on a key; each write keeps the titles' ready game JSON in step.
 * @module
 */
import type { TrophyTitle } from '@trophyroom/psn';
import { type Kysely, sql } from 'kysely';
import { writeGameJson } from '../db/game-json.ts';
import { type Database, type TitleFactColumn, USER_TITLE_COLUMNS, type UserTitle, type UserTitlesTable } from '../db/schema.ts';
import { noTitleFacts } from '../db/title-facts.ts';

/** What the title list says of a title (the columns it owns). */
export type TitleListFields = Omit<
  UserTitlesTable,
  | 'user_id'
  | 'picked'
  | 'earned_synced_at'
  | 'definitions_version'
  | 'first_seen_at'
  | 'last_played_at'
  | 'play_seconds'
  | 'announced'
  | 'view_json'
  | 'psn_gone_at'
  | 'psn_counts_dropped_at'
  | 'set_key'
  | 'stack_key'
  | TitleFactColumn
>;

/** What a run needs of a title to fetch it: an 18,516-title run holds these, not the rows' 37 columns. */
const FETCH_COLUMNS = [
  'np_communication_id',
  'np_service_name',
  'trophy_set_version',
  'has_trophy_groups',
  'name',
  'icon_url',
  'platform',
  'last_updated_at',
  'last_played_at',
] as const satisfies ReadonlyArray<keyof UserTitle>;

export type TitleToFetch = Pick<UserTitle, (typeof FETCH_COLUMNS)[number]>;
/** A title a run may fetch, with whether it is picked and when its earned state was last fetched. */
export type StaleTitle = TitleToFetch & Pick<UserTitle, 'picked' | 'earned_synced_at'>;

/** A title of Sony's title list as the store keeps it. */
export function titleListFields(t: TrophyTitle): TitleListFields {
  return {
    np_communication_id: t.npCommunicationId,
    np_service_name: t.npServiceName,
    name: t.trophyTitleName,
    icon_url: t.trophyTitleIconUrl,
    platform: t.trophyTitlePlatform,
    trophy_set_version: t.trophySetVersion,
    has_trophy_groups: t.hasTrophyGroups ? 1 : 0,
    hidden: t.hiddenFlag ? 1 : 0,
    progress: t.progress,
    defined_bronze: t.definedTrophies.bronze,
    defined_silver: t.definedTrophies.silver,
    defined_gold: t.definedTrophies.gold,
    defined_platinum: t.definedTrophies.platinum,
    earned_bronze: t.earnedTrophies.bronze,
    earned_silver: t.earnedTrophies.silver,
    earned_gold: t.earnedTrophies.gold,
    earned_platinum: t.earnedTrophies.platinum,
    last_updated_at: t.lastUpdatedDateTime,
  };
}

export interface SaveListOptions {
  /** New titles count as seen (the picker shows them) rather than waiting for a sync's report. */
  announced: boolean;
}

const TYPES = ['bronze', 'silver', 'gold', 'platinum'] as const;

/**
 * What a known title is written as: Sony's new fields, except that earned counts never go down —
 * when Sony reports fewer, the stored counts and progress stay and the drop is marked.
 */
function keepHistory(old: UserTitle, listed: TitleListFields, now: string): TitleListFields & { psn_counts_dropped_at: string | null } {
  const dropped = TYPES.some((t) => listed[`earned_${t}`] < old[`earned_${t}`]);
  if (!dropped) return { ...listed, psn_counts_dropped_at: old.psn_counts_dropped_at };
  const kept = { ...listed, psn_counts_dropped_at: old.psn_counts_dropped_at ?? now };
  for (const t of TYPES) kept[`earned_${t}`] = Math.max(listed[`earned_${t}`], old[`earned_${t}`]);
  kept.progress = Math.max(listed.progress, old.progress);
  return kept;
}

/** The picker's search (lower-case substring of the name) and platform filter, and where "recent" starts. */
export interface PickerSqlFilter {
  q?: string | undefined;
  platform?: string | undefined;
  /** Titles picked, or with activity at or after this ISO time, are pre-selected. */
  since: string;
}

/** Where a picker page starts: after this title in the picker's order. */
export interface PickerKey {
  activity: string;
  name: string;
  id: string;
}

/** The picker's order key (also the expression of the `user_titles_picker` index): last played, or last earned. */
const ACTIVITY = sql.raw('case when last_played_at is not null and last_played_at > last_updated_at then last_played_at else last_updated_at end');

export interface PlayTime {
  npCommunicationId: string;
  lastPlayedAt: string;
  playSeconds: number;
}

export class TitleListRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: 'sqlite' | 'postgres',
  ) {}

  /** The user's titles whose earned state or definitions lag Sony's list (what a run fetches), with only what fetching them needs. */
  staleTitles(userId: string): Promise<StaleTitle[]> {
    return this.db
      .selectFrom('user_titles')
      .select([...FETCH_COLUMNS, 'picked', 'earned_synced_at'])
      .where('user_id', '=', userId)
      .where((eb) =>
        eb.or([
          eb('earned_synced_at', 'is distinct from', eb.ref('last_updated_at')),
          eb('definitions_version', 'is distinct from', eb.ref('trophy_set_version')),
        ]),
      )
      .execute();
  }

  /** Where each title of the user stands against Sony's list (what a sync's walk compares), three columns a title. */
  listedState(userId: string): Promise<Array<Pick<UserTitle, 'np_communication_id' | 'last_updated_at' | 'psn_gone_at'>>> {
    return this.db.selectFrom('user_titles').select(['np_communication_id', 'last_updated_at', 'psn_gone_at']).where('user_id', '=', userId).execute();
  }

  titles(userId: string): Promise<UserTitle[]> {
    return this.db.selectFrom('user_titles').select(USER_TITLE_COLUMNS).where('user_id', '=', userId).execute();
  }

  #contains(haystack: ReturnType<typeof sql>, needle: string) {
    return this.dialect === 'postgres' ? sql<boolean>`strpos(${haystack}, ${needle}) > 0` : sql<boolean>`instr(${haystack}, ${needle}) > 0`;
  }

  /** The user's titles matching the picker's search and platform, in SQL (both use no index: a filter at most reads the user's rows once). */
  #picker(userId: string, filter: PickerSqlFilter) {
    let q = this.db.selectFrom('user_titles').where('user_id', '=', userId);
    const needle = filter.q?.trim().toLowerCase();
    if (needle) q = q.where(this.#contains(sql`lower(name)`, needle));
    const platform = filter.platform?.trim().toUpperCase();
    if (platform) q = q.where(this.#contains(sql`(',' || platform || ',')`, `,${platform},`));
    return q;
  }

  /**
   * One picker page in its order (last activity newest first, then name, then id), starting
   * after `after`: a keyset seek on the `user_titles_picker` index, so a page costs the same at
   * title 20,000 as at title 1.
   */
  async pickerPage(userId: string, filter: PickerSqlFilter, after: PickerKey | undefined, limit?: number): Promise<Array<UserTitle & { activity: string }>> {
    let q = this.#picker(userId, filter).select(USER_TITLE_COLUMNS).select(sql<string>`${ACTIVITY}`.as('activity'));
    if (after)
      q = q
        .where(sql<boolean>`${ACTIVITY} <= ${after.activity}`)
        .where(sql<boolean>`(${ACTIVITY} < ${after.activity} or name > ${after.name} or (name = ${after.name} and np_communication_id > ${after.id}))`);
    q = q.orderBy(sql`${ACTIVITY} desc`).orderBy('name').orderBy('np_communication_id');
    return (limit === undefined ? q : q.limit(limit)).execute();
  }

  /** How many titles match the picker's filter, and how many of them are pre-selected. */
  async pickerCounts(userId: string, filter: PickerSqlFilter): Promise<{ total: number; preselected: number }> {
    const row = await this.#picker(userId, filter)
      .select((eb) => [
        eb.fn.countAll<number | string>().as('total'),
        eb.fn
          .coalesce(eb.fn.sum<number | string>(sql`case when picked = 1 or ${ACTIVITY} >= ${filter.since} then 1 else 0 end`), sql<number>`0`)
          .as('preselected'),
      ])
      .executeTakeFirstOrThrow();
    return { total: Number(row.total), preselected: Number(row.preselected) };
  }

  /** Every id matching the picker's filter (or only its pre-selected ones), in the picker's order: "select all" in one call. */
  async pickerIds(userId: string, filter: PickerSqlFilter, preselectedOnly: boolean): Promise<string[]> {
    let q = this.#picker(userId, filter).select('np_communication_id');
    if (preselectedOnly) q = q.where(sql<boolean>`(picked = 1 or ${ACTIVITY} >= ${filter.since})`);
    const rows = await q.orderBy(sql`${ACTIVITY} desc`).orderBy('name').orderBy('np_communication_id').execute();
    return rows.map((r) => r.np_communication_id);
  }

  /** Which of these ids are not in the user's title list. */
  async unknownIds(userId: string, ids: readonly string[]): Promise<string[]> {
    const known = new Set<string>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db
        .selectFrom('user_titles')
        .select('np_communication_id')
        .where('user_id', '=', userId)
        .where('np_communication_id', 'in', ids.slice(i, i + 500))
        .execute();
      for (const r of rows) known.add(r.np_communication_id);
    }
    return ids.filter((id) => !known.has(id));
  }

  title(userId: string, npCommunicationId: string): Promise<UserTitle | undefined> {
    return this.db
      .selectFrom('user_titles')
      .select(USER_TITLE_COLUMNS)
      .where('user_id', '=', userId)
      .where('np_communication_id', '=', npCommunicationId)
      .executeTakeFirst();
  }

  /** Writes Sony's title list (see `saveTitleRows`). Returns the ids that were new. */
  saveTitleList(userId: string, titles: readonly TrophyTitle[], now: string, options: SaveListOptions): Promise<string[]> {
    return this.saveTitleRows(userId, titles.map(titleListFields), now, options);
  }

  /**
   * Writes the title list: updates what Sony says of known titles, inserts new ones unpicked.
   * New titles are marked `announced` when the user sees them in the picker, or left for the
   * sync to report. Returns the ids that were new. What Sony once said is kept: earned counts
   * that drop keep their higher values (marked `psn_counts_dropped_at`), and a title missing
   * from a complete list is marked `psn_gone_at` (`markGone`) instead of deleted.
   */
  async saveTitleRows(userId: string, rows: readonly TitleListFields[], now: string, options: SaveListOptions): Promise<string[]> {
    const added: string[] = [];
    await this.db.transaction().execute(async (trx) => {
      // Only the stored rows of the titles listed here are compared (a daily sync lists a few).
      const stored: UserTitle[] = [];
      const read = trx.selectFrom('user_titles').select(USER_TITLE_COLUMNS).where('user_id', '=', userId);
      for (let i = 0; i < rows.length; i += 500)
        stored.push(
          ...(await read
            .where(
              'np_communication_id',
              'in',
              rows.slice(i, i + 500).map((r) => r.np_communication_id),
            )
            .execute()),
        );
      const known = new Map(stored.map((r) => [r.np_communication_id, r]));
      // A daily sync finds most titles as they were: only new and changed ones are written.
      const changed: string[] = [];
      for (const listed of rows) {
        const old = known.get(listed.np_communication_id);
        const row = old ? keepHistory(old, listed, now) : listed;
        if (old && old.psn_gone_at === null && (Object.keys(row) as Array<keyof typeof row>).every((k) => old[k] === row[k])) continue;
        changed.push(row.np_communication_id);
        const inserted = old
          ? undefined
          : await trx
              .insertInto('user_titles')
              .values({
                ...row,
                ...noTitleFacts,
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
        else
          await trx
            .updateTable('user_titles')
            .set({ ...row, psn_gone_at: null })
            .where('user_id', '=', userId)
            .where('np_communication_id', '=', row.np_communication_id)
            .execute();
      }
      await writeGameJson(trx, this.dialect, userId, changed);
    });
    return added;
  }

  /**
   * After a complete list was saved (`saveTitleRows`, in parts or whole): every stored title it
   * did not name is gone from PSN (hidden, or removed by Sony), kept with its trophies and marked.
   */
  async markGone(userId: string, listed: ReadonlySet<string>, now: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const stored = await trx.selectFrom('user_titles').select('np_communication_id').where('user_id', '=', userId).where('psn_gone_at', 'is', null).execute();
      const gone = stored.filter((r) => !listed.has(r.np_communication_id)).map((r) => r.np_communication_id);
      for (let i = 0; i < gone.length; i += 500)
        await trx
          .updateTable('user_titles')
          .set({ psn_gone_at: now })
          .where('user_id', '=', userId)
          .where('np_communication_id', 'in', gone.slice(i, i + 500))
          .execute();
      await writeGameJson(trx, this.dialect, userId, gone);
    });
  }

  /** Users with a usable PSN connection whose title list holds this title (who could fetch its definitions). */
  async owners(npCommunicationId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('user_titles')
      .innerJoin('psn_connections', 'psn_connections.user_id', 'user_titles.user_id')
      .select('user_titles.user_id')
      .where('user_titles.np_communication_id', '=', npCommunicationId)
      .where('user_titles.psn_gone_at', 'is', null)
      .where('psn_connections.state', '=', 'active')
      .execute();
    return rows.map((r) => r.user_id);
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
  async savePlayTimes(userId: string, plays: readonly PlayTime[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const p of plays) {
        await trx
          .updateTable('user_titles')
          .set({ last_played_at: p.lastPlayedAt, play_seconds: p.playSeconds })
          .where('user_id', '=', userId)
          .where('np_communication_id', '=', p.npCommunicationId)
          .execute();
      }
      await writeGameJson(
        trx,
        this.dialect,
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
}
