/**
 * The sync engine: the title list fills the picker (⌈T/800⌉ requests, joined with the game list's
 * play times), import fetches each picked title's earned state in one request (definitions only
 * when the instance lacks that title's version in that language), and sync re-reads the title
 * list and re-fetches only the titles whose `lastUpdatedDateTime` or `trophySetVersion` changed.
 * Each title is written in one transaction; a title that fails is recorded on the run and retried
 * next time, never silently dropped.
 * @module
 */
import type { Logger, PsnClient, PlayedGame, TrophyTitle } from '@trophyroom/psn';
import { isPsnError, parsePlayDuration } from '@trophyroom/psn';
import type { SyncRun, SyncRunKind, UserTitle } from '../db/schema.ts';
import type { DefinitionsRepository } from '../repositories/definitions.repository.ts';
import { type LibraryRepository, TitleGoneError, type TitleListFields } from '../repositories/library.repository.ts';
import type { ConnectionsRepository } from '../repositories/connections.repository.ts';
import type { RunError, SyncRunsRepository } from '../repositories/sync-runs.repository.ts';
import type { ConnectService } from './connect.service.ts';

const DAY = 86_400_000;

export interface LibrarySyncDeps {
  connect: ConnectService;
  connections: ConnectionsRepository;
  library: LibraryRepository;
  definitions: DefinitionsRepository;
  runs: SyncRunsRepository;
  now: () => number;
  /** Language of trophy names and details stored for the instance. @default 'en-US' */
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

export interface RunProgress {
  runId: string;
  done: number;
  total: number;
  current: string | null;
  errors: RunError[];
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

/** A title of Sony's title list as the library stores it. */
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

export class LibrarySync {
  readonly #language: string;

  constructor(private readonly deps: LibrarySyncDeps) {
    this.#language = deps.language ?? 'en-US';
  }

  #iso(): string {
    return new Date(this.deps.now()).toISOString();
  }

  /** A client for the user whose requests are counted into `counter`. */
  async #client(userId: string, counter: { requests: number }): Promise<PsnClient> {
    const logger: Logger = {
      debug: (message) => {
        if (message === 'psn request') counter.requests += 1;
      },
      info: () => {},
      warn: () => {},
      error: () => {},
    };
    return this.deps.connect.clientFor(userId, { logger, language: this.#language });
  }

  /**
   * Reads the whole title list (and, for the picker, the game list's play times) into the
   * user's library. Returns the ids new since the last read.
   */
  async refreshTitleList(
    userId: string,
    options: { playTimes?: boolean; signal?: AbortSignal; announced?: boolean } = {},
  ): Promise<{ titles: number; added: string[]; requests: number }> {
    const counter = { requests: 0 };
    const client = await this.#client(userId, counter);
    const titles = await client.trophies.allTitles({ signal: options.signal }).all();
    // Titles the user sees in the picker need no "new" report; those a sync finds wait for it.
    const added = await this.deps.library.saveTitleList(userId, titles.map(titleListFields), this.#iso(), { announced: options.announced ?? true });
    if (options.playTimes ?? true) {
      const games = await client.gameList.allPlayed({ signal: options.signal }).all();
      await this.deps.library.savePlayTimes(userId, this.#joinPlayTimes(titles, games));
    }
    return { titles: titles.length, added, requests: counter.requests };
  }

  /** Joins game-list entries to trophy titles by name and platform generation (PS4 or PS5). */
  #joinPlayTimes(titles: TrophyTitle[], games: PlayedGame[]) {
    const generation = (platforms: string) => (platforms.includes('PS5') ? 'PS5' : platforms.includes('PS4') ? 'PS4' : 'other');
    const byKey = new Map<string, string>();
    for (const t of titles) byKey.set(`${nameKey(t.trophyTitleName)}|${generation(t.trophyTitlePlatform)}`, t.npCommunicationId);
    const plays = new Map<string, { npCommunicationId: string; lastPlayedAt: string; playSeconds: number }>();
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
    return [...plays.values()];
  }

  /** The picker: every title, most recently played first (else last trophy), recent ones pre-selected. */
  async picker(userId: string, options: { recentDays?: number } = {}): Promise<PickerEntry[]> {
    const since = new Date(this.deps.now() - (options.recentDays ?? 30) * DAY).toISOString();
    const rows = await this.deps.library.titles(userId);
    const activity = (r: UserTitle) => (r.last_played_at && r.last_played_at > r.last_updated_at ? r.last_played_at : r.last_updated_at);
    rows.sort((a, b) => activity(b).localeCompare(activity(a)) || a.name.localeCompare(b.name));
    return rows.map((r) => ({
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
      preselected: r.picked === 1 || activity(r) >= since,
    }));
  }

  /** Picks titles and imports them (most recently updated first). */
  async importTitles(userId: string, ids: readonly string[], options: { onProgress?: (p: RunProgress) => void; signal?: AbortSignal } = {}): Promise<SyncRun> {
    await this.deps.library.setPicked(userId, ids, true);
    const wanted = new Set(ids);
    const rows = (await this.deps.library.titles(userId)).filter((r) => wanted.has(r.np_communication_id) && this.#stale(r));
    return this.#fetchTitles(userId, 'import', rows, [], options);
  }

  /**
   * Sync now (and the daily sync): re-reads the title list, then re-fetches earned state only
   * for picked titles that changed, and definitions only for a new `trophySetVersion`. New
   * titles are reported on the run, and imported only when the user enabled auto-import.
   */
  async sync(userId: string, options: { onProgress?: (p: RunProgress) => void; signal?: AbortSignal } = {}): Promise<SyncRun> {
    let requests = 0;
    try {
      requests = (await this.refreshTitleList(userId, { playTimes: false, signal: options.signal, announced: false })).requests;
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const run = await this.deps.runs.start(userId, 'sync', 0, this.#iso());
      await this.#fail(userId, run, error);
      return (await this.deps.runs.get(run.id)) as SyncRun;
    }
    // Reported at least once: a crash before the report leaves them unannounced for the next sync.
    const fresh = await this.deps.library.unannounced(userId);
    const connection = await this.deps.connections.get(userId);
    if (connection?.auto_import === 1 && fresh.length > 0) await this.deps.library.setPicked(userId, fresh, true);
    const rows = (await this.deps.library.titles(userId)).filter((r) => r.picked === 1 && this.#stale(r));
    const run = await this.#fetchTitles(userId, 'sync', rows, fresh, options, requests);
    await this.deps.library.markAnnounced(userId, fresh);
    return run;
  }

  /** Whether a title's stored trophies are behind the title list. */
  #stale(r: UserTitle): boolean {
    return r.earned_synced_at !== r.last_updated_at || r.definitions_version !== r.trophy_set_version;
  }

  async #fetchTitles(
    userId: string,
    kind: SyncRunKind,
    rows: UserTitle[],
    added: string[],
    options: { onProgress?: (p: RunProgress) => void; signal?: AbortSignal },
    requestsSoFar = 0,
  ): Promise<SyncRun> {
    // Most recently played (or earned in) first: if the run is cut short, what the user plays is already there.
    const activity = (r: UserTitle) => (r.last_played_at && r.last_played_at > r.last_updated_at ? r.last_played_at : r.last_updated_at);
    rows.sort((a, b) => activity(b).localeCompare(activity(a)));
    const run = await this.deps.runs.start(userId, kind, rows.length, this.#iso());
    await this.deps.runs.update(run.id, { new_titles: JSON.stringify(added), requests: requestsSoFar });
    const counter = { requests: requestsSoFar };
    const errors: RunError[] = [];
    let client: PsnClient;
    try {
      client = await this.#client(userId, counter);
    } catch (error) {
      await this.#fail(userId, run, error);
      return (await this.deps.runs.get(run.id)) as SyncRun;
    }
    let done = 0;
    for (const row of rows) {
      // Disconnected meanwhile: stop here, spending nothing more on an account the user let go.
      if (!(await this.deps.connections.get(userId))) {
        errors.push({ npCommunicationId: null, kind: 'disconnected', message: 'The PlayStation account was disconnected during the run.' });
        const ended = { state: 'failed' as const, errors: JSON.stringify(errors), requests: counter.requests, current: null, finished_at: this.#iso() };
        await this.deps.runs.update(run.id, ended);
        // A wipe deletes the user's runs too: answer with the run as it ended.
        return (await this.deps.runs.get(run.id)) ?? { ...run, ...ended, done };
      }
      await this.deps.runs.update(run.id, { current: row.np_communication_id });
      try {
        await this.#fetchTitle(client, userId, row, options.signal);
      } catch (error) {
        if (options.signal?.aborted) {
          // Stopping (shutdown, lost lease): close the run; the job is handed back and resumes where this stopped.
          errors.push({ npCommunicationId: row.np_communication_id, kind: 'interrupted', message: 'Stopped before this title; the job resumes from here.' });
          await this.deps.runs.update(run.id, {
            state: 'failed',
            errors: JSON.stringify(errors),
            requests: counter.requests,
            current: null,
            finished_at: this.#iso(),
          });
          throw error;
        }
        if (error instanceof TitleGoneError) continue;
        if (await this.deps.connect.absorbAuthFailure(userId, error)) {
          errors.push({ npCommunicationId: row.np_communication_id, kind: 'auth', message: (error as Error).message });
          await this.deps.runs.update(run.id, {
            state: 'failed',
            errors: JSON.stringify(errors),
            requests: counter.requests,
            current: null,
            finished_at: this.#iso(),
          });
          return (await this.deps.runs.get(run.id)) as SyncRun;
        }
        errors.push({ npCommunicationId: row.np_communication_id, kind: isPsnError(error) ? error.kind : 'internal', message: (error as Error).message });
      }
      done += 1;
      await this.deps.runs.update(run.id, { done, errors: JSON.stringify(errors), requests: counter.requests });
      options.onProgress?.({ runId: run.id, done, total: rows.length, current: row.np_communication_id, errors });
    }
    const finished = this.#iso();
    await this.deps.runs.update(run.id, {
      state: errors.length === 0 ? 'succeeded' : done > errors.length ? 'partial' : 'failed',
      current: null,
      requests: counter.requests,
      finished_at: finished,
    });
    if (kind === 'sync') await this.deps.connections.update(userId, { last_sync_at: finished, last_sync_run_id: run.id });
    return (await this.deps.runs.get(run.id)) as SyncRun;
  }

  /** Fetches one title's definitions (when the instance lacks them) and earned state; writes them in one transaction. */
  async #fetchTitle(client: PsnClient, userId: string, row: UserTitle, signal?: AbortSignal): Promise<void> {
    const ref = { npCommunicationId: row.np_communication_id, npServiceName: row.np_service_name as 'trophy' | 'trophy2' };
    const language = this.#language;
    const storedVersion = await this.deps.definitions.version(row.np_communication_id, language);
    let definitionsVersion = storedVersion;
    if (storedVersion !== row.trophy_set_version) {
      const [definitions, groups] = await Promise.all([
        client.trophies.titleTrophies(ref, 'all', { signal }),
        row.has_trophy_groups ? client.trophies.titleGroups(ref, { signal }) : undefined,
      ]);
      const count = (type: string, group?: string) => definitions.trophies.filter((t) => t.trophyType === type && (!group || t.trophyGroupId === group)).length;
      await this.deps.definitions.save(
        {
          np_communication_id: row.np_communication_id,
          language,
          trophy_set_version: definitions.trophySetVersion,
          np_service_name: row.np_service_name,
          name: groups?.trophyTitleName ?? row.name,
          detail: groups?.trophyTitleDetail ?? null,
          icon_url: groups?.trophyTitleIconUrl ?? row.icon_url,
          platform: groups?.trophyTitlePlatform ?? row.platform,
          has_trophy_groups: definitions.hasTrophyGroups ? 1 : 0,
          defined_bronze: count('bronze'),
          defined_silver: count('silver'),
          defined_gold: count('gold'),
          defined_platinum: count('platinum'),
          fetched_at: this.#iso(),
        },
        (groups?.trophyGroups ?? [{ trophyGroupId: 'default', trophyGroupName: row.name, trophyGroupDetail: undefined, trophyGroupIconUrl: row.icon_url }]).map(
          (g) => ({
            np_communication_id: row.np_communication_id,
            language,
            group_id: g.trophyGroupId,
            name: g.trophyGroupName,
            detail: g.trophyGroupDetail ?? null,
            icon_url: g.trophyGroupIconUrl,
            defined_bronze: count('bronze', g.trophyGroupId),
            defined_silver: count('silver', g.trophyGroupId),
            defined_gold: count('gold', g.trophyGroupId),
            defined_platinum: count('platinum', g.trophyGroupId),
          }),
        ),
        definitions.trophies.map((t) => ({
          np_communication_id: row.np_communication_id,
          language,
          trophy_id: t.trophyId,
          group_id: t.trophyGroupId,
          type: t.trophyType,
          hidden: t.trophyHidden ? 1 : 0,
          name: t.trophyName,
          detail: t.trophyDetail,
          icon_url: t.trophyIconUrl,
          progress_target: t.trophyProgressTargetValue ?? null,
          reward_name: t.trophyRewardName ?? null,
          reward_image_url: t.trophyRewardImageUrl ?? null,
        })),
      );
      definitionsVersion = definitions.trophySetVersion;
    }
    const earned = await client.trophies.userTrophies(ref, 'all', { signal });
    await this.deps.library.saveEarned(
      userId,
      row.np_communication_id,
      earned.trophies.map((t) => ({
        trophy_id: t.trophyId,
        earned: t.earned ? 1 : 0,
        earned_at: t.earnedDateTime ?? null,
        progress: t.progress ?? null,
        earned_rate: t.trophyEarnedRate,
        rarity: t.trophyRare,
      })),
      { earned_synced_at: row.last_updated_at, definitions_version: definitionsVersion ?? row.trophy_set_version },
    );
  }

  async #fail(userId: string, run: SyncRun, error: unknown): Promise<void> {
    await this.deps.connect.absorbAuthFailure(userId, error);
    const message = error instanceof Error ? error.message : String(error);
    await this.deps.runs.update(run.id, {
      state: 'failed',
      errors: JSON.stringify([{ npCommunicationId: null, kind: isPsnError(error) ? error.kind : ((error as { kind?: string }).kind ?? 'internal'), message }]),
      finished_at: this.#iso(),
    });
  }
}
