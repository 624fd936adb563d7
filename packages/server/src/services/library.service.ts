/**
 * The library, the only door to the imported titles and trophies: import (each picked title's
 * earned state in one request, definitions only when the instance lacks that title's version in
 * that language), sync (the title list again, then only the titles whose `lastUpdatedDateTime`
 * or `trophySetVersion` changed), and the library as the API reads it (pages of games, one game,
 * the stats). Each title is saved in one transaction. A title that fails for a reason that
 * passes (5xx, 429, network) is tried again later in the same run, then by a retry pass the run
 * schedules; every failure is recorded on the run with when it is tried again, never silently
 * dropped. Requests are counted per run through the client's `onRequest`.
 * @module
 */
import { isPsnError, type PsnClient, type TitleGroups, type TitleTrophies } from '@trophyroom/psn';
import type { SyncRun, SyncRunKind } from '../db/schema.ts';
import type { JobSender } from '../jobs/queue.ts';
import type { DefinitionsRepository } from '../repositories/definitions.repository.ts';
import { type GamePageQuery, InvalidCursorError, type LibraryRepository, TitleGoneError } from '../repositories/library.repository.ts';
import type { RunError } from '../repositories/sync-runs.repository.ts';
import { levelFor, pointsOf } from '../trophies/trophy-points.ts';
import type { ConnectionService } from './connection.service.ts';
import type { NotificationsService } from './notifications.service.ts';
import { gameView, groupViews } from './game-view.ts';
import { activityOf, isStale, type PickerService, type TitleToFetch } from './picker.service.ts';
import type { ActiveRun } from './run-recorder.ts';
import { ServiceError } from './service-error.ts';
import type { SyncRunsService } from './sync-runs.service.ts';

export type { GamePageQuery };

export interface LibraryDeps {
  library: LibraryRepository;
  definitions: DefinitionsRepository;
  picker: PickerService;
  connection: ConnectionService;
  runs: SyncRunsService;
  /** Queues "sync now" and the retry passes of titles that kept failing. */
  jobs: JobSender;
  /** Webhooks: trophies earned (recorded in each title's save), a sync failed, a token expiring. */
  notifications?: NotificationsService;
  now: () => number;
  /** Language of trophy names and details stored for the instance. @default 'en-US' */
  language?: string;
  /** How a run waits for a title's retry. @default timers (abortable) */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Retries of titles that failed for a passing reason. */
  retry?: Partial<TitleRetryPolicy>;
  /** Hears that a run which may have changed the library ended (the profile page is made again then). */
  onLibraryChanged?: (userId: string) => Promise<void>;
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
  /** A title saved for the first time announces the trophies earned after this (a sync: its previous one). */
  notifySince?: string | undefined;
  /** Goes on with this import run (after giving way to a sync, or resumed after a pause). */
  runId?: string | undefined;
}

export interface RunProgress {
  runId: string;
  done: number;
  total: number;
  current: string | null;
  errors: RunError[];
}

/** A title of the run: how often it failed, when it is due again, and definitions fetched already (a retry does not fetch them twice). */
interface PendingTitle {
  row: TitleToFetch;
  attempts: number;
  dueAt: number;
  definitions?: { trophies: TitleTrophies; groups: TitleGroups | undefined };
}

export class LibraryService {
  readonly #language: string;
  readonly #retry: TitleRetryPolicy;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(private readonly deps: LibraryDeps) {
    this.#language = deps.language ?? 'en-US';
    this.#retry = { inRunDelaysMs: [30_000, 120_000], laterPassMs: 900_000, ...deps.retry };
    this.#sleep = deps.sleep ?? abortableSleep;
  }

  #iso(): string {
    return new Date(this.deps.now()).toISOString();
  }

  /** A page of imported games as JSON text, `{items, nextCursor, total}` (items in the shape of `gameView`). */
  async pageJson(userId: string, query: GamePageQuery): Promise<string> {
    try {
      const page = await this.deps.library.page(userId, query);
      return `{"items":${page.itemsJson},"nextCursor":${JSON.stringify(page.nextCursor)},"total":${page.total}}`;
    } catch (error) {
      if (error instanceof InvalidCursorError) throw new ServiceError('invalid_cursor', error.message);
      throw error;
    }
  }

  /** One imported game with its groups and trophies; undefined when the user has not imported it. */
  async game(userId: string, npCommunicationId: string, options: { reveal: boolean }) {
    const found = await this.deps.library.game(userId, npCommunicationId, this.#language);
    if (!found) return undefined;
    const { title, definition, groups, trophies } = found;
    return { game: { ...gameView(title), detail: definition?.detail ?? null }, groups: groupViews(title, groups, trophies, options) };
  }

  /** The user's library version, read before the data it labels (so a label is never newer than what it labels). */
  version(userId: string): Promise<number> {
    return this.deps.library.version(userId);
  }

  /** The player's level, points and counts, over the whole PSN library. */
  async stats(userId: string) {
    const totals = await this.deps.library.totals(userId);
    const points = pointsOf(totals.earned);
    const level = levelFor(points);
    return {
      level: level.level,
      levelProgress: level.progress,
      tier: level.tier,
      points,
      earned: totals.earned,
      platinums: totals.earned.platinum,
      titles: totals.titles,
      games: totals.games,
      completed: totals.completed,
    };
  }

  /** A title's earned state as stored, in trophy order. */
  earned(userId: string, npCommunicationId: string) {
    return this.deps.library.earned(userId, npCommunicationId);
  }

  /** Queues "sync now" (at most one sync per connection is queued or running); the connection must be usable. */
  async requestSync(userId: string): Promise<{ jobId: string }> {
    await this.deps.connection.requireActive(userId);
    const { job } = await this.deps.jobs.enqueue('psn.sync', { userId }, { singletonKey: `sync:${userId}` });
    return { jobId: job.id };
  }

  /**
   * Picks titles and imports them (most recently updated first, the titles the user asked for
   * first before them). Between titles the import stops when the user paused it, and gives way to
   * a sync of the same account that is waiting (one shared budget: the sync's few requests go
   * first, then the import goes on with the same run by a job of its own).
   */
  async importTitles(userId: string, ids: readonly string[], options: RunOptions = {}): Promise<SyncRun> {
    // A paused import stays paused, whichever of its jobs comes round (picked up again after a restart, or queued before the pause).
    const previous = options.runId ? await this.deps.runs.find(options.runId) : options.jobId ? await this.deps.runs.ofJob(options.jobId) : undefined;
    if (previous?.state === 'paused') {
      if (previous.finished_at === null) await this.deps.runs.letGo(previous.id);
      return previous;
    }
    // A job queued to go on with a run that has ended since (resumed twice, say): nothing left for it.
    if (options.runId && previous && !['running', 'waiting', 'interrupted'].includes(previous.state)) return previous;
    await this.deps.picker.pick(userId, ids);
    const wanted = new Set(ids);
    const rows = (await this.deps.picker.staleTitles(userId)).filter((r) => wanted.has(r.np_communication_id));
    return this.#fetchTitles(userId, 'import', rows, [], options);
  }

  /**
   * Sync now (and the daily sync): re-reads the title list, then re-fetches earned state only
   * for picked titles that changed, and definitions only for a new `trophySetVersion`. New
   * titles are reported on the run, and imported only when the user enabled auto-import.
   */
  async sync(userId: string, options: RunOptions = {}): Promise<SyncRun> {
    const { picker, connection, runs, notifications } = this.deps;
    const before = await connection.status(userId);
    if (notifications && before) await notifications.tokenCheck(userId, before.countdown, before.connectedAt);
    let requests = 0;
    try {
      requests = (await picker.syncTitleList(userId, { signal: options.signal })).requests;
    } catch (error) {
      if (options.signal?.aborted) throw error;
      await connection.absorbAuthFailure(userId, error);
      const failed = await runs.recorder.failedAtStart(userId, 'sync', options.jobId, runError(null, error), requests);
      if (!(await this.#heldBack(userId, error))) await notifications?.syncFailed(userId, failed);
      return failed;
    }
    // Reported at least once: a crash before the report leaves them unannounced for the next sync.
    const fresh = await picker.unannounced(userId);
    if (fresh.length > 0 && (await connection.autoImport(userId))) await picker.pick(userId, fresh);
    // Titles an import still has to fetch for the first time are the import's: the sync takes only what changed.
    const importing = await this.deps.runs.hasOpenImport(userId);
    const added = new Set(fresh);
    const rows = (await picker.staleTitles(userId)).filter(
      (r) => r.picked === 1 && (!importing || r.earned_synced_at !== null || added.has(r.np_communication_id)),
    );
    const run = await this.#fetchTitles(userId, 'sync', rows, fresh, { notifySince: before?.lastSyncAt ?? undefined, ...options }, requests);
    await picker.markAnnounced(userId, fresh);
    const outage = (await connection.status(userId))?.health.kind;
    if (run.state === 'failed' && outage !== 'sony_outage' && outage !== 'edge_blocked') await notifications?.syncFailed(userId, run);
    return run;
  }

  /** Pauses an import: it stops after the title it is on, keeping everything fetched, until resumed. */
  pause(userId: string, runId: string) {
    return this.deps.runs.markPaused(userId, runId);
  }

  /** Resumes a paused import where it stopped: a job of its own goes on with the same run. */
  async resume(userId: string, runId: string) {
    await this.deps.connection.requireActive(userId);
    const { needsJob } = await this.deps.runs.markResumed(userId, runId);
    if (!needsJob) return this.deps.runs.get(userId, runId);
    const ids = (await this.deps.picker.staleTitles(userId)).filter((r) => r.picked === 1).map((r) => r.np_communication_id);
    await this.deps.jobs.enqueue('psn.import', { userId, npCommunicationIds: ids, runId });
    return this.deps.runs.get(userId, runId);
  }

  /** "This game first": the import fetches these titles next (each must be in the user's title list). */
  async prioritise(userId: string, runId: string, ids: readonly string[]) {
    const unknown: string[] = [];
    for (const id of ids) if (!(await this.deps.picker.title(userId, id))) unknown.push(id);
    if (unknown.length > 0)
      throw new ServiceError('unknown_titles', `${unknown.length} of these titles are not in your PSN title list (${unknown.slice(0, 3).join(', ')}).`, {
        unknown,
      });
    return this.deps.runs.prioritise(userId, runId, ids);
  }

  async #fetchTitles(userId: string, kind: SyncRunKind, rows: TitleToFetch[], added: string[], options: RunOptions, requestsSoFar = 0): Promise<SyncRun> {
    // Most recently played (or earned in) first: if the run is cut short, what the user plays is already there.
    rows.sort((a, b) => activityOf(b).localeCompare(activityOf(a)));
    const stored = await this.deps.definitions.versions(
      rows.map((r) => r.np_communication_id),
      this.#language,
    );
    const run = await this.deps.runs.recorder.begin(userId, kind, {
      jobId: options.jobId,
      runId: options.runId,
      remaining: rows.length,
      newTitles: added,
      requests: requestsSoFar,
      remainingRequests: rows.reduce((sum, row) => sum + requestsFor(row, stored), 0),
    });
    try {
      return await this.#runTitles(userId, kind, rows, run, options, stored);
    } finally {
      // Ended or not (a database error thrown out): the heartbeat stops, and a run left running is swept.
      run.release();
    }
  }

  async #runTitles(
    userId: string,
    kind: SyncRunKind,
    rows: TitleToFetch[],
    run: ActiveRun,
    options: RunOptions,
    stored: Map<string, string>,
  ): Promise<SyncRun> {
    const { signal } = options;
    const { connection } = this.deps;
    let client: PsnClient;
    // Every request sent for this run counts on it, whichever account's budget it is charged to.
    const countRequest = () => void (run.requests += 1);
    // Alone on the instance, nobody else can lend budget: no owner look-up per title.
    const lending = await connection.shared();
    try {
      // Every request this client sends is the run's.
      client = await connection.clientFor(userId, { language: this.#language, onRequest: countRequest });
    } catch (error) {
      await connection.absorbAuthFailure(userId, error);
      return run.fail(runError(null, error));
    }
    const pending: PendingTitle[] = rows.map((row) => ({ row, attempts: 0, dueAt: 0 }));
    // What the titles still to do cost: earned state, and definitions unless stored or fetched already.
    const cost = (p: PendingTitle) => (p.definitions ? 1 : requestsFor(p.row, stored));
    const needed = () => pending.reduce((sum, p) => sum + cost(p), 0);
    const handled = new Set<string>();
    const later: string[] = [];
    const report = (id: string) => options.onProgress?.({ runId: run.id, done: run.done, total: run.total, current: id, errors: [...run.errors] });
    const disconnected = async () => {
      const ended = await run.fail({ npCommunicationId: null, kind: 'disconnected', message: 'The PlayStation account was disconnected during the run.' });
      // A wipe deletes the user's runs too: answer with the run as it ended.
      return (await this.deps.runs.find(run.id)) ?? ended;
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
      if (kind === 'import') {
        const control = await this.deps.runs.control(run.id);
        if (control?.state === 'paused') return run.paused();
        if (control?.state === 'waiting') await run.going();
        await this.#putFirst(userId, JSON.parse(control?.priority ?? '[]') as string[], pending, handled, run);
        // A sync of the same account waits for a worker: it goes first, and a job of our own goes on with this run after it.
        if (await this.deps.jobs.pending(`sync:${userId}`, { due: true })) {
          const waiting = await run.giveWay();
          const ids = pending.map((p) => p.row.np_communication_id);
          await this.deps.jobs.enqueue('psn.import', { userId, npCommunicationIds: ids, runId: run.id });
          return waiting;
        }
      }
      // The first due title, after the user's re-ordering.
      const due = Math.max(
        0,
        pending.findIndex((p) => p.dueAt <= now),
      );
      const item = pending.splice(due, 1)[0] as PendingTitle;
      const id = item.row.np_communication_id;
      handled.add(id);
      // Disconnected meanwhile: stop here, spending nothing more on an account the user let go.
      if (!(await connection.isConnected(userId))) return disconnected();
      run.remainingRequests = needed() + cost(item);
      await run.working(id);
      try {
        await this.#fetchTitle(client, userId, item, signal, options.notifySince, lending ? countRequest : undefined);
        run.remainingRequests = needed();
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
        } else if (await connection.absorbAuthFailure(userId, error)) {
          return run.fail(runError(id, error, 'auth'));
        } else if (await this.#heldBack(userId, error)) {
          // Sony's outage or firewall: retrying now would not help (a block grows with requests); a later sync takes it up.
          return run.fail(runError(id, error));
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
    if (!(await connection.isConnected(userId))) return disconnected();
    // Titles that kept failing are tried again by an import job of their own, later.
    if (later.length > 0)
      await this.deps.jobs.enqueue('psn.import', { userId, npCommunicationIds: later }, { runAt: this.deps.now() + this.#retry.laterPassMs });
    // Before the run says it ended, so what a run's end promises (the profile page ready) holds once it does.
    // Only a cache is made here: if that fails, the next view makes the page itself.
    if (run.done > 0) await this.deps.onLibraryChanged?.(userId).catch(() => undefined);
    const ended = await run.end();
    if (kind === 'sync') await connection.recordSync(userId, ended);
    return ended;
  }

  /**
   * Moves the titles the user asked for first to the front, in their order; one not in this run
   * (and not imported yet) is picked and joins it.
   */
  async #putFirst(userId: string, priority: string[], pending: PendingTitle[], handled: Set<string>, run: ActiveRun): Promise<void> {
    for (const id of [...priority].reverse()) {
      const at = pending.findIndex((p) => p.row.np_communication_id === id);
      if (at === 0) continue;
      if (at > 0) {
        pending.unshift(...pending.splice(at, 1));
        continue;
      }
      if (handled.has(id)) continue;
      handled.add(id);
      const row = await this.deps.picker.title(userId, id);
      if (!row || !isStale(row)) continue;
      await this.deps.picker.pick(userId, [id]);
      pending.unshift({ row, attempts: 0, dueAt: 0 });
      await run.joined();
    }
  }

  /**
   * When Sony's sign-in is failing or its firewall blocks us, records it on the connection, queues
   * a sync for when it is worth trying again (backoff), tells the user's hooks once per outage,
   * and returns true; any other error: false.
   */
  async #heldBack(userId: string, error: unknown): Promise<boolean> {
    const outage = await this.deps.connection.absorbOutage(userId, error);
    if (!outage) return false;
    // Its own key: the sync that is running holds `sync:<user>` until it ends.
    await this.deps.jobs.enqueue('psn.sync', { userId }, { runAt: outage.retryAt, singletonKey: `sync-retry:${userId}` });
    if (outage.kind === 'signin_outage' && outage.started)
      await this.deps.notifications?.notify(userId, 'psn.signin_failing', outage.since, {
        since: outage.since,
        retryAt: new Date(outage.retryAt).toISOString(),
        message: "Sony's sign-in service is failing, so Trophyroom cannot sync for now. Your token is fine; syncing is tried again by itself.",
      });
    return true;
  }

  /**
   * Fetches one title's definitions (when the instance lacks that version) and the user's earned
   * state, then saves both in one transaction.
   */
  /**
   * Definitions are the same for every player: their requests go to whichever connected account
   * owning the title has the most budget to spare. A client for that account when it is another
   * one with more left than this run's; undefined when this run's own account should send them.
   */
  async #lender(userId: string, npCommunicationId: string, onRequest: () => void): Promise<PsnClient | undefined> {
    const { connection } = this.deps;
    const others = (await this.deps.picker.owners(npCommunicationId)).filter((u) => u !== userId);
    if (others.length === 0) return undefined;
    let best: { userId: string; available: number } = { userId, available: (await connection.pace(userId))?.available ?? 0 };
    for (const other of others) {
      const available = (await connection.pace(other))?.available ?? 0;
      if (available > best.available) best = { userId: other, available };
    }
    if (best.userId === userId) return undefined;
    try {
      return await connection.clientFor(best.userId, { language: this.#language, onRequest });
    } catch {
      return undefined;
    }
  }

  async #fetchTitle(
    client: PsnClient,
    userId: string,
    item: PendingTitle,
    signal?: AbortSignal,
    notifySince?: string,
    /** The run's request counter when other accounts may lend their budget for definitions; undefined when none can. */
    lend?: () => void,
  ): Promise<void> {
    const { row } = item;
    const ref = { npCommunicationId: row.np_communication_id, npServiceName: row.np_service_name as 'trophy' | 'trophy2' };
    const language = this.#language;
    const storedVersion = await this.deps.definitions.version(row.np_communication_id, language);
    if (storedVersion !== row.trophy_set_version && !item.definitions) {
      const fetchWith = (c: PsnClient) =>
        Promise.all([c.trophies.titleTrophies(ref, 'all', { signal }), row.has_trophy_groups ? c.trophies.titleGroups(ref, { signal }) : undefined]);
      const lender = lend ? await this.#lender(userId, row.np_communication_id, lend) : undefined;
      let fetched: Awaited<ReturnType<typeof fetchWith>> | undefined;
      if (lender) {
        try {
          fetched = await fetchWith(lender);
        } catch (error) {
          if (signal?.aborted) throw error;
          // The other account could not (its token, its outage): this run's own account fetches them.
        }
      }
      const [trophies, groups] = fetched ?? (await fetchWith(client));
      item.definitions = { trophies, groups };
    }
    const earned = await client.trophies.userTrophies(ref, 'all', { signal });
    const fetched = storedVersion !== row.trophy_set_version ? item.definitions : undefined;
    const { notifications } = this.deps;
    const at = this.#iso();
    let notified = 0;
    await this.deps.library.saveTitle(userId, row.np_communication_id, {
      at,
      notifySince,
      // The webhooks' deliveries commit with the trophies: a crash records both or neither, a re-run neither again.
      within: notifications
        ? async (trx, saved) => {
            notified = await notifications.recordWithin(trx, userId, notifications.trophyEvents(userId, saved.newlyEarned, at));
          }
        : undefined,
      definitions: fetched && {
        npCommunicationId: row.np_communication_id,
        npServiceName: row.np_service_name,
        language,
        listed: { name: row.name, iconUrl: row.icon_url, platform: row.platform },
        ...fetched,
        fetchedAt: this.#iso(),
      },
      earned,
      syncedAt: row.last_updated_at,
      definitionsVersion: fetched?.trophies.trophySetVersion ?? storedVersion ?? row.trophy_set_version,
    });
    if (notified > 0) await notifications?.kick(userId);
  }
}

/** PSN requests a title costs: its earned state, plus its definitions (and group names) unless the instance has that version. */
function requestsFor(row: TitleToFetch, stored: Map<string, string>): number {
  if (stored.get(row.np_communication_id) === row.trophy_set_version) return 1;
  return 2 + (row.has_trophy_groups ? 1 : 0);
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
