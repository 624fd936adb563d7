/**
 * Sync runs, the only door to them: each run's life through the `RunRecorder` (begun or resumed by
 * its job, progress, end), the runs as the API shows them, and the figures the metrics read.
 * @module
 */
import type { SyncRun } from '../db/schema.ts';
import type { RunError, SyncRunsRepository } from '../repositories/sync-runs.repository.ts';
import { RunRecorder } from './run-recorder.ts';
import { notFound } from './service-error.ts';

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
}

export function runView(r: SyncRun): RunView {
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
  };
}

export interface SyncRunsDeps {
  runs: SyncRunsRepository;
  now: () => number;
  /** How often a running run says it is alive. @default 20_000 */
  heartbeatMs?: number;
}

export class SyncRunsService {
  /** Begins, resumes, records and ends runs (the library's import and sync use it). */
  readonly recorder: RunRecorder;

  constructor(private readonly deps: SyncRunsDeps) {
    this.recorder = new RunRecorder(deps);
  }

  /** The user's runs, newest first; or only the run of `jobId` (what the request that queued it follows). */
  async list(userId: string, options: { limit: number; jobId?: string | undefined }): Promise<RunView[]> {
    if (options.jobId) {
      const run = await this.deps.runs.ofJob(options.jobId);
      return run?.user_id === userId ? [runView(run)] : [];
    }
    return (await this.deps.runs.list(userId, options.limit)).map(runView);
  }

  /** One of the user's runs; `not_found` when there is none of that id, or it is someone else's. */
  async get(userId: string, id: string): Promise<RunView> {
    const run = await this.deps.runs.get(id);
    if (!run || run.user_id !== userId) throw notFound('That sync run');
    return runView(run);
  }

  /** A run as stored, whoever's it is (the run a job just ended, read back). */
  find(id: string): Promise<SyncRun | undefined> {
    return this.deps.runs.get(id);
  }

  /** The user's runs still going, or started or finished since `since`. */
  async recent(userId: string, since: string): Promise<RunView[]> {
    return (await this.deps.runs.recent(userId, since)).map(runView);
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
