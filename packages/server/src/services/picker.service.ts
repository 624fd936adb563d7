/**
 * The picker, the only door to the user's title list: reading Sony's title list (⌈T/800⌉
 * requests) joined with the game list's play times (⌈G/200⌉), every title most recently played
 * first with the recent ones pre-selected, searching and paging it, and queueing the import of
 * the titles picked. The library's sync reads and marks the title list through it.
 * @module
 */
import { type PlayedGame, type PsnClient, type TrophyTitle, parsePlayDuration } from '@trophyroom/psn';
import type { UserTitle } from '../db/schema.ts';
import type { JobSender } from '../jobs/queue.ts';
import type { PickerKey, PickerSqlFilter, PlayTime, StaleTitle, TitleListRepository } from '../repositories/title-list.repository.ts';
import type { ConnectionService } from './connection.service.ts';
import { ServiceError } from './service-error.ts';

export type { StaleTitle, TitleToFetch } from '../repositories/title-list.repository.ts';

const DAY = 86_400_000;
/** A daily sync reads the whole title list at least this often, to catch titles that vanished or were hidden. */
export const FULL_WALK_EVERY_MS = 7 * DAY;

export interface PickerDeps {
  titles: TitleListRepository;
  connection: ConnectionService;
  jobs: JobSender;
  now: () => number;
  /** Language of the title list's names. @default 'en-US' */
  language?: string;
}

export interface PickerEntry {
  npCommunicationId: string;
  name: string;
  iconUrl: string;
  platforms: string[];
  progress: number;
  earned: { bronze: number; silver: number; gold: number; platinum: number };
  defined: { bronze: number; silver: number; gold: number; platinum: number };
  lastUpdatedAt: string;
  lastPlayedAt: string | null;
  playSeconds: number | null;
  hidden: boolean;
  picked: boolean;
  /** Pre-selected in the picker: played (or earned in) within the recent window. */
  preselected: boolean;
}

/** The picker's search (name, any case) and platform filters, and its window of recent activity. */
export interface PickerFilter {
  q?: string | undefined;
  platform?: string | undefined;
  /** Titles played or earned in within this many days are pre-selected. @default 30 */
  recentDays?: number | undefined;
}

/** Normalised name for joining game-list entries to trophy titles (™, ®, case, punctuation). */
export function nameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[™®©]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .toLowerCase();
}

/** When the user last did something in a title: played it, or earned a trophy in it. */
export const activityOf = (r: Pick<UserTitle, 'last_played_at' | 'last_updated_at'>) =>
  r.last_played_at && r.last_played_at > r.last_updated_at ? r.last_played_at : r.last_updated_at;

/** Whether a title's stored trophies are behind the title list. */
export const isStale = (r: UserTitle) => r.earned_synced_at !== r.last_updated_at || r.definitions_version !== r.trophy_set_version;

export class PickerService {
  readonly #language: string;

  constructor(private readonly deps: PickerDeps) {
    this.#language = deps.language ?? 'en-US';
  }

  #iso(): string {
    return new Date(this.deps.now()).toISOString();
  }

  /**
   * Reads the whole title list (and, for the picker, the game list's play times) into the
   * user's library. Returns the ids new since the last read and the requests it took.
   */
  async refreshTitleList(
    userId: string,
    options: { playTimes?: boolean; signal?: AbortSignal; announced?: boolean } = {},
  ): Promise<{ titles: number; added: string[]; requests: number }> {
    let requests = 0;
    const client: PsnClient = await this.deps.connection.clientFor(userId, { language: this.#language, onRequest: () => void (requests += 1) });
    const now = this.#iso();
    // Saved page by page: an 18,516-title list is never held whole, only its ids and what play times are matched by.
    const listed = new Set<string>();
    const totals = new Set<number | undefined>();
    const byPlayKey = new Map<string, string>();
    const added: string[] = [];
    for await (const page of client.trophies.allTitles({ signal: options.signal }).pages()) {
      totals.add(page.totalItemCount);
      // Titles the user sees in the picker need no "new" report; those a sync finds wait for it.
      added.push(...(await this.deps.titles.saveTitleList(userId, page.items, now, { announced: options.announced ?? true })));
      for (const t of page.items) {
        listed.add(t.npCommunicationId);
        byPlayKey.set(titlePlayKey(t), t.npCommunicationId);
      }
    }
    // As the sync's walk: only a list read whole with Sony's count steady may mark the titles it lacks gone.
    const [total] = totals;
    if (totals.size === 1 && total === listed.size) {
      await this.deps.titles.markGone(userId, listed, now);
      await this.deps.connection.recordFullTitleList(userId, now);
    }
    if (options.playTimes ?? true) {
      const plays = new Map<string, PlayTime>();
      for await (const page of client.gameList.allPlayed({ signal: options.signal }).pages()) addPlayTimes(plays, byPlayKey, page.items);
      await this.deps.titles.savePlayTimes(userId, [...plays.values()]);
    }
    return { titles: listed.size, added, requests };
  }

  /**
   * The sync's read of the title list. Sony lists it newest `lastUpdatedDateTime` first, so only the
   * pages down to the first title unchanged since the stored list are needed: ⌈(C' + 1) / 800⌉
   * requests for C' updated titles. The whole list is read instead (and titles missing from it
   * marked gone) when the last whole read is a week old, when Sony's count disagrees with the
   * stored titles plus the new ones, or when `full` is asked for.
   */
  async syncTitleList(userId: string, options: { signal?: AbortSignal; full?: boolean } = {}): Promise<{ requests: number; complete: boolean }> {
    let requests = 0;
    const client: PsnClient = await this.deps.connection.clientFor(userId, { language: this.#language, onRequest: () => void (requests += 1) });
    const stored = new Map((await this.deps.titles.listedState(userId)).map((r) => [r.np_communication_id, r]));
    const lastFull = await this.deps.connection.titleListFullAt(userId);
    let full = options.full === true || stored.size === 0 || lastFull === null || this.deps.now() - Date.parse(lastFull) >= FULL_WALK_EVERY_MS;
    const seen = new Map<string, TrophyTitle>();
    const totals = new Set<number | undefined>();
    let walkedAll = true;
    for await (const page of client.trophies.allTitles({ signal: options.signal }).pages()) {
      totals.add(page.totalItemCount);
      let reachedUnchanged = false;
      for (const t of page.items) {
        const known = seen.get(t.npCommunicationId);
        // A title updated while the walk runs moves to the front and can be met twice: the newer reading wins.
        if (!known || t.lastUpdatedDateTime > known.lastUpdatedDateTime) seen.set(t.npCommunicationId, t);
        const old = stored.get(t.npCommunicationId);
        if (old && old.psn_gone_at === null && old.last_updated_at === t.lastUpdatedDateTime) reachedUnchanged = true;
      }
      if (full || !reachedUnchanged || page.nextOffset === undefined) continue;
      // Below the first unchanged title every title is older, so unchanged: stop, unless the counts say something vanished.
      const listed = [...stored.values()].filter((r) => r.psn_gone_at === null).length;
      const added = [...seen.keys()].filter((id) => stored.get(id)?.psn_gone_at !== null).length;
      if (page.totalItemCount === undefined || page.totalItemCount === listed + added) {
        walkedAll = false;
        break;
      }
      full = true;
    }
    // A list that changed under the walk (a title moved to the front or removed between pages) can
    // have slipped a title past it: only a walk that saw as many titles as Sony counts, with the count
    // steady, may mark the missing ones gone. Otherwise the next sync walks it whole again.
    const [total] = totals;
    const complete = walkedAll && totals.size === 1 && total === seen.size;
    const now = this.#iso();
    await this.deps.titles.saveTitleList(userId, [...seen.values()], now, { announced: false });
    if (complete) {
      await this.deps.titles.markGone(userId, new Set(seen.keys()), now);
      await this.deps.connection.recordFullTitleList(userId, now);
    }
    return { requests, complete };
  }

  #filter(query: PickerFilter): PickerSqlFilter {
    return { q: query.q, platform: query.platform, since: new Date(this.deps.now() - (query.recentDays ?? 30) * DAY).toISOString() };
  }

  /** Every title in the picker's order, recent ones pre-selected. */
  async entries(userId: string, options: { recentDays?: number | undefined } = {}): Promise<PickerEntry[]> {
    const filter = this.#filter(options);
    return (await this.deps.titles.pickerPage(userId, filter, undefined)).map((r) => entryOf(r, filter.since));
  }

  /**
   * A page of the picker, most recently played first (else last trophy), recent ones
   * pre-selected, with whether the title list is still loading and how many match. Search,
   * platform and paging run in SQL (a keyset cursor): a page reads its own rows, not the list.
   */
  async page(userId: string, query: PickerFilter & { cursor?: string | undefined; limit: number }, known: { state?: 'loading' | 'ready' } = {}) {
    const filter = this.#filter(query);
    const after = query.cursor === undefined ? undefined : decodePickerCursor(query.cursor);
    const [state, counts, rows] = await Promise.all([
      // The caller may have read it already (the route's ETag names it).
      known.state ?? this.deps.connection.titleListState(userId),
      this.deps.titles.pickerCounts(userId, filter),
      this.deps.titles.pickerPage(userId, filter, after, query.limit + 1),
    ]);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      state,
      total: counts.total,
      preselected: counts.preselected,
      items: page.map((r) => entryOf(r, filter.since)),
      nextCursor: rows.length > query.limit && last ? encodePickerCursor({ activity: last.activity, name: last.name, id: last.np_communication_id }) : null,
    };
  }

  /** Every id matching the search and platform, or only the pre-selected ones ("select all"), in one query. */
  ids(userId: string, query: PickerFilter & { preselectedOnly: boolean }): Promise<string[]> {
    return this.deps.titles.pickerIds(userId, this.#filter(query), query.preselectedOnly);
  }

  /** Queues the import of picked titles; each must be in the user's title list, and the connection usable. */
  async requestImport(userId: string, ids: readonly string[]): Promise<{ jobId: string }> {
    await this.deps.connection.requireActive(userId);
    const unknown = await this.deps.titles.unknownIds(userId, [...new Set(ids)]);
    if (unknown.length)
      throw new ServiceError('unknown_titles', `${unknown.length} of these titles are not in your PSN title list (${unknown.slice(0, 3).join(', ')}…).`, {
        unknown: unknown.slice(0, 100),
      });
    const { job } = await this.deps.jobs.enqueue('psn.import', { userId, npCommunicationIds: [...new Set(ids)] });
    return { jobId: job.id };
  }

  /** The titles whose earned state or definitions lag Sony's list (what an import or a sync fetches), slim. */
  staleTitles(userId: string): Promise<StaleTitle[]> {
    return this.deps.titles.staleTitles(userId);
  }

  /** The user's title list as stored (the sync picks from it). */
  titles(userId: string): Promise<UserTitle[]> {
    return this.deps.titles.titles(userId);
  }

  /** One title of the user's title list. */
  title(userId: string, npCommunicationId: string): Promise<UserTitle | undefined> {
    return this.deps.titles.title(userId, npCommunicationId);
  }

  /** Users of the instance with a usable connection who own this title. */
  owners(npCommunicationId: string): Promise<string[]> {
    return this.deps.titles.owners(npCommunicationId);
  }

  /** Marks titles picked (imported, and synced from then on). */
  pick(userId: string, ids: readonly string[]): Promise<void> {
    return this.deps.titles.setPicked(userId, ids, true);
  }

  /** Titles a sync found and has not reported as new yet. */
  unannounced(userId: string): Promise<string[]> {
    return this.deps.titles.unannounced(userId);
  }

  /** Titles a sync has reported as new. */
  markAnnounced(userId: string, ids: readonly string[]): Promise<void> {
    return this.deps.titles.markAnnounced(userId, ids);
  }
}

/** A title as the picker shows it. */
function entryOf(r: UserTitle, since: string): PickerEntry {
  return {
    npCommunicationId: r.np_communication_id,
    name: r.name,
    iconUrl: r.icon_url,
    platforms: r.platform.split(','),
    progress: r.progress,
    earned: { bronze: r.earned_bronze, silver: r.earned_silver, gold: r.earned_gold, platinum: r.earned_platinum },
    defined: { bronze: r.defined_bronze, silver: r.defined_silver, gold: r.defined_gold, platinum: r.defined_platinum },
    lastUpdatedAt: r.last_updated_at,
    lastPlayedAt: r.last_played_at,
    playSeconds: r.play_seconds,
    hidden: r.hidden === 1,
    picked: r.picked === 1,
    preselected: r.picked === 1 || activityOf(r) >= since,
  };
}

const encodePickerCursor = (key: PickerKey) => Buffer.from(JSON.stringify([key.activity, key.name, key.id])).toString('base64url');

function decodePickerCursor(cursor: string): PickerKey {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parsed) && parsed.length === 3 && parsed.every((v) => typeof v === 'string'))
      return { activity: parsed[0] as string, name: parsed[1] as string, id: parsed[2] as string };
  } catch {}
  throw new ServiceError('invalid_cursor', 'The cursor is not one this server gave out. Start again from the first page.');
}

/** Joins game-list entries to trophy titles by name and platform generation (PS4 or PS5). */
/** What a title's play time is matched by: its name and console generation (the game list knows no trophy ids). */
function titlePlayKey(t: TrophyTitle): string {
  const platforms = t.trophyTitlePlatform;
  return `${nameKey(t.trophyTitleName)}|${platforms.includes('PS5') ? 'PS5' : platforms.includes('PS4') ? 'PS4' : 'other'}`;
}

/** Adds a page of played games to the play times of the titles they match (by `titlePlayKey`). */
function addPlayTimes(plays: Map<string, PlayTime>, byKey: ReadonlyMap<string, string>, games: readonly PlayedGame[]): void {
  for (const g of games) {
    const id = byKey.get(`${nameKey(g.name)}|${g.category === 'ps5_native_game' ? 'PS5' : 'PS4'}`);
    if (!id) continue;
    const seconds = parsePlayDuration(g.playDuration);
    const known = plays.get(id);
    // The same game in two regions: the latest play and the total time.
    if (known) {
      known.playSeconds += seconds;
      if (g.lastPlayedDateTime > known.lastPlayedAt) known.lastPlayedAt = g.lastPlayedDateTime;
    } else plays.set(id, { npCommunicationId: id, lastPlayedAt: g.lastPlayedDateTime, playSeconds: seconds });
  }
}
