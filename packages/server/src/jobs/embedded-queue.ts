/**
 * The embedded queue (`role: all`): jobs persisted in the store's `jobs` table, run by a `Worker`
 * in the server process, the daily sync fired by a `DailySchedule`. Works on SQLite and PostgreSQL.
 * @module
 */
import type { EnqueueOptions, JobQueue, QueueContext, QueueFactory } from './queue.ts';
import { DailySchedule, enqueueDailySync } from './schedule.ts';
import { jobNames, notificationJobNames } from './job-names.ts';
import { Worker, type WorkerOptions } from './worker.ts';

export interface EmbeddedQueueOptions extends Partial<Omit<WorkerOptions, 'jobs' | 'handlers' | 'now'>> {
  /** The daily sync's cron (UTC). @default '0 3 * * *' */
  cron?: string;
}

export function embeddedQueue(options: EmbeddedQueueOptions = {}): QueueFactory {
  return (context) => new EmbeddedQueue(context, options);
}

class EmbeddedQueue implements JobQueue {
  readonly kind = 'embedded';
  readonly #schedule: DailySchedule;
  #workers: Worker[] = [];

  constructor(
    private readonly context: QueueContext,
    private readonly options: EmbeddedQueueOptions,
  ) {
    const { cron, ...workerOptions } = options;
    this.#schedule = new DailySchedule({
      connections: context.connections,
      queue: this,
      now: context.now,
      cron,
      onError: (e) => workerOptions.onError?.(e, { id: '', name: 'daily-sync' }),
    });
  }

  #iso(): string {
    return new Date(this.context.now()).toISOString();
  }

  async enqueue(name: string, payload: unknown, options: EnqueueOptions = {}) {
    const { runAt, ...rest } = options;
    const result = await this.context.jobs.enqueue(name, payload, {
      ...rest,
      runAt: runAt === undefined ? this.#iso() : new Date(runAt).toISOString(),
      now: this.#iso(),
    });
    if (result.created) for (const w of this.#workers) w.nudge();
    return result;
  }

  async pending(singletonKey: string, options: { due?: boolean } = {}): Promise<boolean> {
    const job = await this.context.jobs.pending(singletonKey);
    if (!job || !options.due) return job !== undefined;
    return job.state === 'queued' && job.run_at <= this.#iso();
  }

  cancelFor(userId: string): Promise<void> {
    return this.context.jobs.cancelQueuedFor(userId);
  }

  depth() {
    return this.context.jobs.depth();
  }

  fireDailySync(): Promise<number> {
    return enqueueDailySync(this.context.connections, this);
  }

  nextDailySync(): Date {
    return this.#schedule.next();
  }

  async start(run: { work: boolean; schedule: boolean }): Promise<void> {
    if (run.work) {
      const { cron: _, ...workerOptions } = this.options;
      const lane = (names: readonly (typeof jobNames)[number][]) =>
        new Worker({ jobs: this.context.jobs, handlers: this.context.handlers, now: this.context.now, ...workerOptions, names });
      // Two lanes: PSN work, and webhook deliveries (a slow receiver never holds up a sync, nor a long import a notification).
      const notifications = new Set<string>(notificationJobNames);
      this.#workers = [lane(jobNames.filter((n) => !notifications.has(n))), lane(notificationJobNames)];
      for (const w of this.#workers) w.start();
    }
    if (run.schedule) this.#schedule.start();
  }

  async stop(): Promise<void> {
    this.#schedule.stop();
    await Promise.all(this.#workers.map((w) => w.stop()));
    this.#workers = [];
  }
}
