/**
 * The sync engine: the title list fills the picker (⌈T/800⌉ requests, joined with the game list's
 * play times), import fetches each picked title's earned state in one request (definitions only
 * when the instance lacks that title's version in that language), and sync re-reads the title
 * list and re-fetches only the titles whose `lastUpdatedDateTime` or `trophySetVersion` changed.
 * Each title is written in one transaction. A title that fails for a reason that passes (5xx, 429,
 * network) is tried again later in the same run, then by a retry pass the run schedules; every
 * failure is recorded on the run with when it is tried again, never silently dropped.
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
import { type ActiveRun, RunRecorder } from './run-recorder.ts';

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
  /** How a run waits for a title's retry. @default timers (abortable) */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Retries of titles that failed for a passing reason. */
  retry?: Partial<TitleRetryPolicy>;
  /** Queues a pass that tries `ids` again at `at` (the engine queues an import job). */
  scheduleRetry?: (userId: string, ids: string[], at: Date) => Promise<void>;
}

/** When a title that failed for a passing reason (5xx, 429, network, timeout) is tried again. */
export interface TitleRetryPolicy {
  /** Waits before each retry within the same run, after the client's own retries gave up. @default [30_000, 120_000] */
  inRunDelaysMs: number[];
  /** After those, a retry pass is queued this much later. @default 900_000 (15 minutes) */
  laterPassMs: number;
}

export interface RunOptions {
  onProgress?: (p: RunProgress) => void;
  signal?: AbortSignal;
  /** The job running this: a job picked up again resumes its run. */
  jobId?: string;
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
  readonly #recorder: RunRecorder;
  readonly #retry: TitleRetryPolicy;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(private readonly deps: LibrarySyncDeps) {
    this.#language = deps.language ?? 'en-US';
    this.#recorder = new RunRecorder({ runs: deps.runs, now: deps.now });
    this.#retry = { inRunDelaysMs: [30_000, 120_000], laterPassMs: 900_000, ...deps.retry };
    this.#sleep = deps.sleep ?? abortableSleep;
  }

  /** Ends, as interrupted, runs whose process died (no heartbeat); their jobs resume them when picked up again. */
  sweepStaleRuns(): Promise<number> {
    return this.#recorder.sweep();
  }

  #iso(): string {
    return new Date(this.deps.now()).toISOString();
  }

  /** A client for the user whose requests are counted into `counter` (a run, or a plain count). */
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
  async importTitles(userId: string, ids: readonly string[], options: RunOptions = {}): Promise<SyncRun> {
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
  async sync(userId: string, options: RunOptions = {}): Promise<SyncRun> {
    let requests = 0;
    try {
      requests = (await this.refreshTitleList(userId, { playTimes: false, signal: options.signal, announced: false })).requests;
    } catch (error) {
      if (options.signal?.aborted) throw error;
      await this.deps.connect.absorbAuthFailure(userId, error);
      return this.#recorder.failedAtStart(userId, 'sync', options.jobId, runError(null, error), requests);
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

  async #fetchTitles(userId: string, kind: SyncRunKind, rows: UserTitle[], added: string[], options: RunOptions, requestsSoFar = 0): Promise<SyncRun> {
    // Most recently played (or earned in) first: if the run is cut short, what the user plays is already there.
    const activity = (r: UserTitle) => (r.last_played_at && r.last_played_at > r.last_updated_at ? r.last_played_at : r.last_updated_at);
    rows.sort((a, b) => activity(b).localeCompare(activity(a)));
    const run = await this.#recorder.begin(userId, kind, { jobId: options.jobId, remaining: rows.length, newTitles: added, requests: requestsSoFar });
    try {
      return await this.#runTitles(userId, kind, rows, run, options);
    } finally {
      // Ended or not (a database error thrown out): the heartbeat stops, and a run left running is swept.
      run.release();
    }
  }

  async #runTitles(userId: string, kind: SyncRunKind, rows: UserTitle[], run: ActiveRun, options: RunOptions): Promise<SyncRun> {
    const { signal } = options;
    let client: PsnClient;
    try {
      client = await this.#client(userId, run);
    } catch (error) {
      await this.deps.connect.absorbAuthFailure(userId, error);
      return run.fail(runError(null, error));
    }
    const pending = rows.map((row) => ({ row, attempts: 0, dueAt: 0 }));
    const later: string[] = [];
    const report = (id: string) => options.onProgress?.({ runId: run.id, done: run.done, total: run.total, current: id, errors: [...run.errors] });
    const disconnected = async () => {
      const ended = await run.fail({ npCommunicationId: null, kind: 'disconnected', message: 'The PlayStation account was disconnected during the run.' });
      // A wipe deletes the user's runs too: answer with the run as it ended.
      return (await this.deps.runs.get(run.id)) ?? ended;
    };
    while (pending.length > 0) {
      const now = this.deps.now();
      const index = pending.findIndex((p) => p.dueAt <= now);
      if (index === -1) {
        // Only titles waiting for a retry are left: wait for the first one due (the job keeps its lease meanwhile).
        try {
          await this.#sleep(Math.min(...pending.map((p) => p.dueAt)) - now, signal);
        } catch (error) {
          if (signal?.aborted) await run.interrupt(pending[0]?.row.np_communication_id ?? null);
          throw error;
        }
        continue;
      }
      const item = pending.splice(index, 1)[0] as (typeof pending)[number];
      const id = item.row.np_communication_id;
      // Disconnected meanwhile: stop here, spending nothing more on an account the user let go.
      if (!(await this.deps.connections.get(userId))) return disconnected();
      await run.working(id);
      try {
        await this.#fetchTitle(client, userId, item.row, signal);
        await run.titleSaved(id);
      } catch (error) {
        if (signal?.aborted) {
          // Stopping (shutdown, lost lease): the job is handed back and resumes this run from here.
          await run.interrupt(id);
          throw error;
        }
        if (error instanceof TitleGoneError) {
          // Removed from the library meanwhile: nothing left to fetch for it.
          await run.titleSaved(id);
        } else if (await this.deps.connect.absorbAuthFailure(userId, error)) {
          return run.fail(runError(id, error, 'auth'));
        } else if (isPsnError(error) && error.retryable && item.attempts < this.#retry.inRunDelaysMs.length) {
          item.dueAt = this.deps.now() + (this.#retry.inRunDelaysMs[item.attempts] as number);
          item.attempts += 1;
          pending.push(item);
          await run.titleWaiting(id, { ...runError(id, error), retryAt: new Date(item.dueAt).toISOString() });
        } else {
          const passes = isPsnError(error) && error.retryable;
          if (passes) later.push(id);
          await run.titleGaveUp(id, { ...runError(id, error), retryAt: passes ? new Date(this.deps.now() + this.#retry.laterPassMs).toISOString() : null });
        }
      }
      report(id);
    }
    // A disconnect during the last title: the run did not bring the library up to date.
    if (!(await this.deps.connections.get(userId))) return disconnected();
    if (later.length > 0) await this.deps.scheduleRetry?.(userId, later, new Date(this.deps.now() + this.#retry.laterPassMs));
    const ended = await run.end();
    if (kind === 'sync') await this.deps.connections.update(userId, { last_sync_at: ended.finished_at, last_sync_run_id: run.id });
    return ended;
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
}

/** A failure as the run records it: the client's error kind, a connection problem's kind, or `internal`. */
function runError(npCommunicationId: string | null, error: unknown, kind?: string): RunError {
  const message = error instanceof Error ? error.message : String(error);
  return { npCommunicationId, kind: kind ?? (isPsnError(error) ? error.kind : ((error as { kind?: string }).kind ?? 'internal')), message };
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const timer = setTimeout(done, Math.max(0, ms));
    function done() {
      signal?.removeEventListener('abort', abort);
      resolve();
    }
    function abort() {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', abort, { once: true });
  });
}
