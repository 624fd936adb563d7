/**
 * Sync runs, the only door to them: each run's life through the `RunRecorder` (begun or resumed by
 * its job, progress, end), the runs as the API shows them, and the figures the metrics read.
 * @module
 */
import type { SyncRun } from '../db/schema.ts';
import type { RunError, SyncRunsRepository } from '../repositories/sync-runs.repository.ts';
import { type BudgetPace, estimateRun } from './run-estimate.ts';
import { RunRecorder } from './run-recorder.ts';
import { ServiceError, notFound } from './service-error.ts';

export type { RunError };

/** A run as the API shows it. */
export interface RunView {
  id: string;
  kind: SyncRun['kind'];
  state: SyncRun['state'];
  total: number;
  done: number;
  current: string | null;
  errors: Array<RunError & { retryAt: string | null }>;
  newTitles: string[];
  requests: number;
  startedAt: string;
  finishedAt: string | null;
  jobId: string | null;
  remainingRequests: number;
  estimatedSecondsLeft: number | null;
  estimatedFinishAt: string | null;
  priority: string[];
}

/** States in which a run still has work ahead and goes on by itself (an interrupted run: when its job is picked up again). */
const GOING = new Set<SyncRun['state']>(['running', 'waiting', 'interrupted']);

/** A run as the API shows it; its estimate from the account's budget `pace` (going runs only). */
export function runView(r: SyncRun, pace?: BudgetPace, now = Date.now()): RunView {
  const going = GOING.has(r.state);
  const remainingRequests = going || r.state === 'paused' ? r.remaining_requests : 0;
  return {
    id: r.id,
    kind: r.kind,
    state: r.state,
    total: r.total,
    done: r.done,
    current: r.current,
    errors: (JSON.parse(r.errors) as RunError[]).map((e) => ({ ...e, retryAt: e.retryAt ?? null })),
    newTitles: JSON.parse(r.new_titles) as string[],
    requests: r.requests,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    jobId: r.job_id,
    remainingRequests,
    ...estimateRun(remainingRequests, going ? pace : undefined, now),
    priority: JSON.parse(r.priority) as string[],
  };
}

export interface SyncRunsDeps {
  runs: SyncRunsRepository;
  now: () => number;
  /** The pace of the user's PSN budget, for the runs' estimates. @default none (no estimate) */
  pace?: (userId: string) => Promise<BudgetPace | undefined>;
  /** How often a running run says it is alive. @default 20_000 */
  heartbeatMs?: number;
}

export class SyncRunsService {
  /** Begins, resumes, records and ends runs (the library's import and sync use it). */
  readonly recorder: RunRecorder;

  constructor(private readonly deps: SyncRunsDeps) {
    this.recorder = new RunRecorder(deps);
  }

  /** Views of the user's runs, with the estimate of those still going from one look at the budget. */
  async #views(userId: string, runs: SyncRun[]): Promise<RunView[]> {
    const pace = runs.some((r) => GOING.has(r.state)) ? await this.deps.pace?.(userId) : undefined;
    const now = this.deps.now();
    return runs.map((r) => runView(r, pace, now));
  }

  /** The user's runs, newest first; or only the run of `jobId` (what the request that queued it follows). */
  async list(userId: string, options: { limit: number; jobId?: string | undefined }): Promise<RunView[]> {
    if (options.jobId) {
      const run = await this.deps.runs.ofJob(options.jobId);
      return run?.user_id === userId ? this.#views(userId, [run]) : [];
    }
    return this.#views(userId, await this.deps.runs.list(userId, options.limit));
  }

  /** One of the user's runs; `not_found` when there is none of that id, or it is someone else's. */
  async get(userId: string, id: string): Promise<RunView> {
    const [view] = await this.#views(userId, [await this.#own(userId, id)]);
    return view as RunView;
  }

  async #own(userId: string, id: string): Promise<SyncRun> {
    const run = await this.deps.runs.get(id);
    if (!run || run.user_id !== userId) throw notFound('That sync run');
    return run;
  }

  /** An import of the user's that has not ended, else `not_an_open_import` (only imports are paused or re-ordered). */
  async openImport(userId: string, id: string): Promise<SyncRun> {
    const run = await this.#own(userId, id);
    if (run.kind !== 'import' || !['running', 'waiting', 'paused', 'interrupted'].includes(run.state))
      throw new ServiceError(
        'run_not_open',
        `Only an import that has not ended can be paused, resumed or re-ordered; this run is a ${run.kind} that is ${run.state}.`,
      );
    return run;
  }

  /** Marks an open import paused: its job stops after the title it is on. */
  async markPaused(userId: string, id: string): Promise<RunView> {
    await this.openImport(userId, id);
    await this.deps.runs.update(id, { state: 'paused', current: null });
    return this.get(userId, id);
  }

  /**
   * Marks a paused import as going on. Returns whether it needs a job of its own: not when the job
   * that ran it has not got round to stopping yet (it simply goes on).
   */
  async markResumed(userId: string, id: string): Promise<{ needsJob: boolean }> {
    const run = await this.openImport(userId, id);
    if (run.state !== 'paused') throw new ServiceError('run_not_paused', `This import is ${run.state}, not paused: there is nothing to resume.`);
    const needsJob = run.finished_at !== null;
    await this.deps.runs.update(id, { state: needsJob ? 'waiting' : 'running', finished_at: null });
    return { needsJob };
  }

  /** A paused run no job holds any more (its job came round and stopped): resuming it needs a job. */
  async letGo(id: string): Promise<void> {
    await this.deps.runs.update(id, { finished_at: new Date(this.deps.now()).toISOString() });
  }

  /** Puts titles at the front of an open import's order ("this game first"), the newest asked first. */
  async prioritise(userId: string, id: string, ids: readonly string[]): Promise<RunView> {
    const run = await this.openImport(userId, id);
    const before = JSON.parse(run.priority) as string[];
    const priority = [...new Set([...ids, ...before])].slice(0, 500);
    await this.deps.runs.update(id, { priority: JSON.stringify(priority) });
    return this.get(userId, id);
  }

  /** Whether the user has an import that has not ended (going, waiting, paused or to be resumed). */
  hasOpenImport(userId: string): Promise<boolean> {
    return this.deps.runs.hasOpen(userId, 'import');
  }

  /** The newest run of a job. */
  ofJob(jobId: string): Promise<SyncRun | undefined> {
    return this.deps.runs.ofJob(jobId);
  }

  /** A run's state and order as stored now (a running import reads them between titles). */
  control(id: string): Promise<Pick<SyncRun, 'state' | 'priority'> | undefined> {
    return this.deps.runs.get(id);
  }

  /** A run as stored, whoever's it is (the run a job just ended, read back). */
  find(id: string): Promise<SyncRun | undefined> {
    return this.deps.runs.get(id);
  }

  /** The user's runs still going, or started or finished since `since`. */
  async recent(userId: string, since: string): Promise<RunView[]> {
    return this.#views(userId, await this.deps.runs.recent(userId, since));
  }

  /** The user's newest run. */
  latest(userId: string): Promise<SyncRun | undefined> {
    return this.deps.runs.latest(userId);
  }

  /** Ends, as interrupted, runs whose process died (no heartbeat); their jobs resume them when picked up again. */
  sweepStale(): Promise<number> {
    return this.recorder.sweep();
  }

  /** Runs by kind and state over the instance (metrics). */
  counts() {
    return this.deps.runs.counts();
  }

  /** Start and finish times of runs finished since `since` (metrics). */
  finishedSince(since: string) {
    return this.deps.runs.finishedSince(since);
  }
}
