/**
 * Owns a sync run's life: begun by its job (or resumed, when the job is picked up again after a
 * crash or a stop), its progress title by title, failures (with when they are tried again), and
 * its end. A run always ends — `succeeded`, `partial`, `failed`, or `interrupted` when its process
 * stopped — and a run whose process died without a word is found by its stale heartbeat.
 * @module
 */
import type { SyncRun, SyncRunKind, SyncRunState, SyncRunsTable } from '../db/schema.ts';
import type { RunError, SyncRunsRepository } from '../repositories/sync-runs.repository.ts';

export interface RunRecorderDeps {
  runs: SyncRunsRepository;
  now: () => number;
  /** How often a running run says it is alive. @default 20_000 */
  heartbeatMs?: number;
}

/** A running run stays `running` this long without a heartbeat before it counts as interrupted. */
export const STALE_RUN_MS = 120_000;

export interface BeginOptions {
  /** The job running it: a run of the same job that did not finish is resumed instead of a new one started. */
  jobId?: string | undefined;
  /** Titles still to do (a resumed run adds what it had done already). */
  remaining: number;
  newTitles?: string[];
  /** Requests already spent for this run before it began (the title list of a sync). */
  requests?: number;
  /** PSN requests the titles still to do need (the estimate is made from these). */
  remainingRequests?: number;
  /** Goes on with this run (an import after giving way to a sync, or resumed after a pause). */
  runId?: string | undefined;
}

export class RunRecorder {
  readonly #heartbeatMs: number;

  constructor(private readonly deps: RunRecorderDeps) {
    this.#heartbeatMs = deps.heartbeatMs ?? 20_000;
  }

  #iso(): string {
    return new Date(this.deps.now()).toISOString();
  }

  /** Starts a run, or resumes the one its job left `running` or `interrupted`. */
  async begin(userId: string, kind: SyncRunKind, options: BeginOptions): Promise<ActiveRun> {
    const now = this.#iso();
    const previous = options.runId
      ? await this.deps.runs.continuable(options.runId)
      : options.jobId
        ? await this.deps.runs.resumable(options.jobId)
        : undefined;
    if (previous && previous.user_id === userId) {
      // Interruptions are history once the run goes on; failures of titles still to do are retried now.
      const errors = (JSON.parse(previous.errors) as RunError[]).filter((e) => e.kind !== 'interrupted');
      const total = previous.done + options.remaining;
      const requests = previous.requests + (options.requests ?? 0);
      const newTitles = [...new Set([...(JSON.parse(previous.new_titles) as string[]), ...(options.newTitles ?? [])])];
      await this.deps.runs.update(previous.id, {
        state: 'running',
        total,
        errors: JSON.stringify(errors),
        new_titles: JSON.stringify(newTitles),
        requests,
        current: null,
        finished_at: null,
        heartbeat_at: now,
        remaining_requests: options.remainingRequests ?? 0,
      });
      return new ActiveRun(
        this.deps,
        { ...previous, state: 'running', total, requests, finished_at: null, remaining_requests: options.remainingRequests ?? 0 },
        errors,
        this.#heartbeatMs,
      );
    }
    const run = await this.deps.runs.start(userId, kind, options.remaining, now, {
      jobId: options.jobId ?? null,
      newTitles: options.newTitles ?? [],
      requests: options.requests ?? 0,
      remainingRequests: options.remainingRequests ?? 0,
    });
    return new ActiveRun(this.deps, run, [], this.#heartbeatMs);
  }

  /** Records a run that failed before it could start its titles (the title list failed). */
  async failedAtStart(userId: string, kind: SyncRunKind, jobId: string | undefined, error: RunError, requests: number): Promise<SyncRun> {
    const active = await this.begin(userId, kind, { jobId, remaining: 0, requests });
    return active.fail(error);
  }

  /** Ends, as `interrupted`, every running run not heard of for `staleMs` (its process died). */
  sweep(staleMs = STALE_RUN_MS): Promise<number> {
    const now = this.deps.now();
    return this.deps.runs.interruptStale(new Date(now - staleMs).toISOString(), new Date(now).toISOString());
  }
}

/** A run in progress, owned by the job working on it. */
export class ActiveRun {
  #run: SyncRun;
  readonly #errors: RunError[];
  #timer: ReturnType<typeof setInterval> | undefined;
  /** Requests spent so far (counted by the caller's client). */
  requests: number;
  /** PSN requests the titles still to do need (kept by the caller, written with every change). */
  remainingRequests: number;

  constructor(
    private readonly deps: RunRecorderDeps,
    run: SyncRun,
    errors: RunError[],
    heartbeatMs: number,
  ) {
    this.#run = run;
    this.#errors = errors;
    this.requests = run.requests;
    this.remainingRequests = run.remaining_requests;
    this.#timer = setInterval(() => void this.#write({}).catch(() => {}), heartbeatMs);
    this.#timer.unref?.();
  }

  get id(): string {
    return this.#run.id;
  }

  get done(): number {
    return this.#run.done;
  }

  get total(): number {
    return this.#run.total;
  }

  /** Failures recorded so far (titles given up on, and titles waiting for a retry). */
  get errors(): readonly RunError[] {
    return this.#errors;
  }

  #iso(): string {
    return new Date(this.deps.now()).toISOString();
  }

  async #write(changes: Partial<SyncRunsTable>): Promise<void> {
    const stamp = { requests: this.requests, remaining_requests: this.remainingRequests, heartbeat_at: this.#iso(), ...changes };
    this.#run = { ...this.#run, ...stamp };
    await this.deps.runs.update(this.#run.id, stamp);
  }

  /** The title being fetched now. */
  working(npCommunicationId: string): Promise<void> {
    return this.#write({ current: npCommunicationId });
  }

  /** A title joined the run (the user asked for it first). */
  joined(): Promise<void> {
    return this.#write({ total: this.#run.total + 1 });
  }

  /** A title's trophies were saved (a failure it had earlier in this run is forgotten). */
  titleSaved(npCommunicationId: string): Promise<void> {
    this.#forget(npCommunicationId);
    return this.#write({ done: this.#run.done + 1, errors: JSON.stringify(this.#errors) });
  }

  /** A title failed and waits for a retry within this run, at `error.retryAt`. */
  titleWaiting(npCommunicationId: string, error: Omit<RunError, 'npCommunicationId'>): Promise<void> {
    this.#forget(npCommunicationId);
    this.#errors.push({ npCommunicationId, ...error });
    return this.#write({ errors: JSON.stringify(this.#errors) });
  }

  /** This run gives up on a title; `error.retryAt` says when a later pass tries it (null: when it changes on PSN). */
  titleGaveUp(npCommunicationId: string, error: Omit<RunError, 'npCommunicationId'>): Promise<void> {
    this.#forget(npCommunicationId);
    this.#errors.push({ npCommunicationId, ...error });
    return this.#write({ done: this.#run.done + 1, errors: JSON.stringify(this.#errors) });
  }

  #forget(npCommunicationId: string): void {
    for (let i = this.#errors.length - 1; i >= 0; i--) if (this.#errors[i]?.npCommunicationId === npCommunicationId) this.#errors.splice(i, 1);
  }

  /** Ends the run: succeeded, partial (some titles failed) or failed (all did). */
  async end(extra: Partial<SyncRunsTable> = {}): Promise<SyncRun> {
    const failedTitles = new Set(this.#errors.map((e) => e.npCommunicationId)).size;
    const state: SyncRunState = this.#errors.length === 0 ? 'succeeded' : this.#run.done > failedTitles ? 'partial' : 'failed';
    return this.#finish(state, extra);
  }

  /** Ends the run as failed with `error` (an expired token, a title list Sony would not give). */
  fail(error: RunError): Promise<SyncRun> {
    this.#errors.push(error);
    return this.#finish('failed');
  }

  /** The job stops (shutdown, lease lost): the run is interrupted, and resumed when its job runs again. */
  interrupt(npCommunicationId: string | null): Promise<SyncRun> {
    this.#errors.push({ npCommunicationId, kind: 'interrupted', message: 'Stopped here; the run resumes from this title by itself.' });
    return this.#finish('interrupted');
  }

  /** An import gives way to a sync of the same account: `waiting` until its next job goes on with it. */
  async giveWay(): Promise<SyncRun> {
    this.release();
    await this.#write({ state: 'waiting', current: null });
    return this.#run;
  }

  /** The user resumed the run before its job got round to stopping: it simply goes on. */
  async going(): Promise<void> {
    await this.#write({ state: 'running' });
  }

  /** The user paused the run: it stops here, as it is (state `paused`, written by the user's request). */
  async paused(): Promise<SyncRun> {
    this.release();
    // `finished_at` says no job holds it any more: resuming needs a job of its own.
    const stamp = { requests: this.requests, remaining_requests: this.remainingRequests, current: null, finished_at: this.#iso() };
    await this.deps.runs.update(this.#run.id, stamp);
    this.#run = { ...this.#run, ...stamp, state: 'paused' };
    return this.#run;
  }

  async #finish(state: SyncRunState, extra: Partial<SyncRunsTable> = {}): Promise<SyncRun> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    // An ended run needs nothing more: its estimate goes to nil; an interrupted one keeps what it needs for its resume.
    if (state !== 'interrupted') this.remainingRequests = 0;
    await this.#write({ state, current: null, errors: JSON.stringify(this.#errors), finished_at: this.#iso(), ...extra });
    return this.#run;
  }

  /** Stops the heartbeat without ending the run (the process is going away; the sweeper will see it). */
  release(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
