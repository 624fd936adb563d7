/**
 * Runs persisted jobs in the server process (the embedded mode): claims due jobs, keeps their
 * lease alive while they run, retries failures with backoff, and on shutdown hands the running job
 * back. Handlers are named; the worker refuses to start unless every job name has exactly one.
 * @module
 */
import type { JobsRepository } from '../repositories/jobs.repository.ts';
import { type JobContext, type JobHandlers, type JobName, type JobPayloads, jobNames } from './job-names.ts';

export interface WorkerOptions {
  jobs: JobsRepository;
  handlers: JobHandlers;
  /** The jobs this worker claims (another worker may run the rest). @default every job */
  names?: readonly JobName[];
  now: () => number;
  /** How long a claimed job is ours before another worker may take it. @default 60_000 */
  leaseMs?: number;
  /** Idle wait between polls. @default 1000 */
  pollMs?: number;
  /** Attempts before a job is failed for good. @default 5 */
  maxAttempts?: number;
  onError?: (error: unknown, job: { id: string; name: string }) => void;
}

export class Worker {
  readonly #o: Required<Omit<WorkerOptions, 'onError'>> & Pick<WorkerOptions, 'onError'>;
  #running = false;
  #stopped: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #current: AbortController | undefined;

  constructor(options: WorkerOptions) {
    const names = Object.keys(options.handlers).sort();
    const expected = [...jobNames].sort();
    if (names.join() !== expected.join()) throw new Error(`the worker needs exactly one handler per job (${expected.join(', ')}); got ${names.join(', ')}`);
    this.#o = { leaseMs: 60_000, pollMs: 1000, maxAttempts: 5, names: jobNames, ...options };
  }

  /** Claims and runs one due job; returns whether there was one. */
  async runOnce(): Promise<boolean> {
    const { jobs, now, leaseMs } = this.#o;
    const iso = (ms: number) => new Date(ms).toISOString();
    const job = await jobs.claim(iso(now()), iso(now() + leaseMs), this.#o.names);
    if (!job) return false;
    const controller = new AbortController();
    this.#current = controller;
    const attempt = job.attempts;
    const heartbeat = setInterval(
      () => {
        void jobs
          .extend(job.id, attempt, iso(now() + leaseMs), iso(now()))
          .then((still) => {
            // Another worker took the job over (our lease lapsed): stop working on it.
            if (!still) controller.abort(new Error('lease lost'));
          })
          .catch(() => {});
      },
      Math.max(10, leaseMs / 3),
    );
    try {
      const handler = this.#o.handlers[job.name as JobName] as (payload: JobPayloads[JobName], context: JobContext) => Promise<void>;
      await handler(JSON.parse(job.payload) as JobPayloads[JobName], { signal: controller.signal, jobId: job.id });
      await jobs.complete(job.id, attempt, iso(now()));
    } catch (error) {
      if (controller.signal.aborted) {
        await jobs.release(job.id, attempt, iso(now()));
      } else {
        this.#o.onError?.(error, job);
        const retry = job.attempts < this.#o.maxAttempts ? iso(now() + Math.min(3_600_000, 30_000 * 2 ** (job.attempts - 1))) : undefined;
        await jobs.fail(job.id, attempt, error instanceof Error ? error.message : String(error), iso(now()), retry);
      }
    } finally {
      clearInterval(heartbeat);
      this.#current = undefined;
    }
    return true;
  }

  /** Runs jobs until `stop()`. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#stopped = (async () => {
      while (this.#running) {
        const worked = await this.runOnce().catch((error: unknown) => {
          this.#o.onError?.(error, { id: '', name: 'claim' });
          return false;
        });
        if (!worked && this.#running)
          await new Promise<void>((resolve) => {
            this.#wake = resolve;
            setTimeout(resolve, this.#o.pollMs).unref?.();
          });
      }
    })();
  }

  /** Looks for work now (after an enqueue) instead of at the next poll. */
  nudge(): void {
    this.#wake?.();
  }

  /** Stops: the running job is aborted and handed back to the queue, to resume elsewhere or later. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#current?.abort(new Error('worker stopping'));
    this.#wake?.();
    await this.#stopped;
  }
}
