/**
 * The scale-out queue (`role: web` and `role: worker`, PostgreSQL only) on pg-boss: retries with
 * exponential backoff, a dead-letter queue, one queued job per singleton key (pg-boss's `short`
 * policy) and at most one running (checked when a job starts: a second one waits its turn), and
 * the daily sync as a pg-boss schedule, which fires once however many processes own it.
 *
 * Each worker runs up to `concurrency` jobs at once (they wait on PSN, not on the CPU). A running
 * job's lease (pg-boss's `expire_in`) is extended while it runs, so a job may run for hours while a
 * worker killed mid-job gives its job back within `leaseSeconds`; a worker stopped gracefully
 * hands its jobs back at once, without spending an attempt.
 * @module
 */
import PgBoss from 'pg-boss';
import type { JobContext, JobName, JobPayloads } from './job-names.ts';
import { jobNames } from './job-names.ts';
import type { EnqueueOptions, EnqueueResult, JobQueue, QueueContext, QueueDepth, QueueFactory, RunOptions } from './queue.ts';
import { DEFAULT_SYNC_CRON, enqueueDailySync, nextRun } from './schedule.ts';

/** The queue the daily cron sends to; its one job queues every active connection's sync. */
export const DAILY_SYNC_QUEUE = 'trophyroom.daily-sync';
/** Where jobs go after their last attempt failed. */
export const DEAD_LETTER_QUEUE = 'trophyroom.dead-letter';

export interface PgBossQueueOptions {
  /** `postgres://…` (the store's database; pg-boss keeps its tables in the `pgboss` schema). */
  connectionString: string;
  /** The daily sync's cron (UTC). @default '0 3 * * *' */
  cron?: string;
  /** Jobs one worker runs at once. @default 20 */
  concurrency?: number;
  /** Idle wait between polls, in ms. @default 1000 */
  pollMs?: number;
  /** A running job not heard of for this long is given to another worker. @default 60 */
  leaseSeconds?: number;
  /** Attempts before a job goes to the dead-letter queue. @default 5 */
  maxAttempts?: number;
  /** Delay before the first retry, in seconds (doubled each time). @default 30 */
  retryDelaySeconds?: number;
  /** How often pg-boss's maintenance (expired leases, retention) runs, in seconds. @default 30 */
  maintenanceSeconds?: number;
  /** pg-boss's database schema. @default 'pgboss' */
  schema?: string;
  /** More pg-boss settings (e.g. `cronMonitorIntervalSeconds`). @default {} */
  pgBoss?: Omit<PgBoss.ConstructorOptions, 'connectionString' | 'schema' | 'supervise' | 'schedule' | 'maintenanceIntervalSeconds'>;
  onError?: (error: unknown, job: { id: string; name: string }) => void;
}

/** The options that are set (an `undefined` must not replace a default). */
function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function pgBossQueue(options: PgBossQueueOptions): QueueFactory {
  return (context) => new PgBossQueue(context, options);
}

type Metadata = PgBoss.JobWithMetadata<Record<string, unknown>>;
interface Running {
  controller: AbortController;
  stopping: boolean;
  done: Promise<void>;
}

const STATES: Record<string, string> = { created: 'queued', retry: 'queued', active: 'running', completed: 'done', failed: 'failed', cancelled: 'cancelled' };

class PgBossQueue implements JobQueue {
  readonly kind = 'pg-boss';
  #boss: PgBoss | undefined;
  readonly #o: Required<Omit<PgBossQueueOptions, 'onError'>> & Pick<PgBossQueueOptions, 'onError'>;
  #started: Promise<PgBoss> | undefined;
  #running = new Map<string, Running>();
  #working = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  constructor(
    private readonly context: QueueContext,
    options: PgBossQueueOptions,
  ) {
    this.#o = {
      cron: DEFAULT_SYNC_CRON,
      concurrency: 20,
      pollMs: 1000,
      leaseSeconds: 60,
      maxAttempts: 5,
      retryDelaySeconds: 30,
      maintenanceSeconds: 30,
      schema: 'pgboss',
      pgBoss: {},
      ...definedOnly(options),
      connectionString: options.connectionString,
    };
    nextRun(this.#o.cron, new Date(context.now()));
  }

  get #pg(): PgBoss {
    if (!this.#boss) throw new Error('the pg-boss queue is not started');
    return this.#boss;
  }

  get #sql(): PgBoss.Db {
    return this.#pg.getDb() as PgBoss.Db;
  }

  /**
   * Starts pg-boss (creating its schema and our queues on first use) the first time it is needed:
   * a web process only sends; worker processes also supervise (expired leases) and keep the cron.
   */
  #ready(run: RunOptions = { work: false, schedule: false }): Promise<PgBoss> {
    this.#started ??= (async () => {
      const boss = new PgBoss({
        ...this.#o.pgBoss,
        connectionString: this.#o.connectionString,
        schema: this.#o.schema,
        max: Math.min(20, this.#o.concurrency + 4),
        supervise: run.work,
        schedule: run.schedule,
        maintenanceIntervalSeconds: this.#o.maintenanceSeconds,
      });
      boss.on('error', (error) => this.#o.onError?.(error, { id: '', name: 'pg-boss' }));
      await boss.start();
      this.#boss = boss;
      await boss.createQueue(DEAD_LETTER_QUEUE, { name: DEAD_LETTER_QUEUE });
      const common = {
        retryLimit: this.#o.maxAttempts - 1,
        retryDelay: this.#o.retryDelaySeconds,
        retryBackoff: true,
        expireInSeconds: this.#o.leaseSeconds,
        deadLetter: DEAD_LETTER_QUEUE,
      };
      for (const name of [DAILY_SYNC_QUEUE, ...jobNames]) {
        // Deliveries dedupe themselves (claimed rows): any number of their jobs may wait.
        const queue: PgBoss.Queue = { name, policy: name === 'psn.import' || name === 'webhooks.deliver' ? 'standard' : 'short', ...common };
        await boss.createQueue(name, queue);
        // The first process creates the queues; a worker's settings (retries, lease) then apply to new jobs.
        if (run.work) await boss.updateQueue(name, queue);
      }
      return boss;
    })();
    return this.#started;
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options: EnqueueOptions = {}): Promise<EnqueueResult> {
    const boss = await this.#ready();
    const id = await boss.send(name, payload as object, {
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
      ...(options.runAt !== undefined ? { startAfter: new Date(options.runAt) } : {}),
    });
    if (id) return { job: { id }, created: true };
    // A job of that singleton key is already queued (or running): hand that one back.
    const { rows } = await this.#sql.executeSql(
      `SELECT id FROM ${this.#o.schema}.job WHERE name = $1 AND singleton_key = $2 AND state < 'completed' ORDER BY state DESC LIMIT 1`,
      [name, options.singletonKey ?? null],
    );
    const existing = rows[0] as { id: string } | undefined;
    if (!existing) throw new Error(`pg-boss refused the ${name} job and no job holds its singleton key`);
    return { job: existing, created: false };
  }

  async pending(singletonKey: string, options: { due?: boolean } = {}): Promise<boolean> {
    await this.#ready();
    const where = options.due ? `state < 'active' AND start_after <= now()` : `state < 'completed'`;
    const { rows } = await this.#sql.executeSql(`SELECT 1 FROM ${this.#o.schema}.job WHERE singleton_key = $1 AND ${where} LIMIT 1`, [singletonKey]);
    return rows.length > 0;
  }

  async cancelFor(userId: string): Promise<void> {
    await this.#ready();
    await this.#sql.executeSql(
      `UPDATE ${this.#o.schema}.job SET state = 'cancelled', completed_on = now() WHERE name = ANY($1) AND state < 'active' AND data->>'userId' = $2`,
      [[...jobNames], userId],
    );
  }

  async depth(): Promise<QueueDepth[]> {
    await this.#ready();
    const { rows } = await this.#sql.executeSql(`SELECT name, state::text AS state, count(*)::int AS n FROM ${this.#o.schema}.job GROUP BY 1, 2`, []);
    const totals = new Map<string, QueueDepth>();
    for (const row of rows as Array<{ name: string; state: string; n: number }>) {
      const state = STATES[row.state] ?? row.state;
      const key = `${row.name}\u0000${state}`;
      const entry = totals.get(key) ?? { name: row.name, state, count: 0 };
      entry.count += Number(row.n);
      totals.set(key, entry);
    }
    return [...totals.values()];
  }

  /** The jobs that failed for good (their copies in the dead-letter queue), newest first. */
  async deadLetters(limit = 100): Promise<Array<{ id: string; name: string; data: unknown; createdOn: Date }>> {
    await this.#ready();
    const { rows } = await this.#sql.executeSql(
      `SELECT id, data, created_on AS "createdOn" FROM ${this.#o.schema}.job WHERE name = $1 ORDER BY created_on DESC LIMIT $2`,
      [DEAD_LETTER_QUEUE, limit],
    );
    return (rows as Array<{ id: string; data: unknown; createdOn: Date }>).map((r) => ({ ...r, name: DEAD_LETTER_QUEUE }));
  }

  async fireDailySync(): Promise<undefined> {
    const boss = await this.#ready();
    // The same slot pg-boss's cron uses: one firing per minute however many processes ask.
    await boss.send(DAILY_SYNC_QUEUE, {}, { singletonKey: DAILY_SYNC_QUEUE, singletonSeconds: 60 });
    this.#wake?.();
    return undefined;
  }

  nextDailySync(): Date {
    return nextRun(this.#o.cron, new Date(this.context.now()));
  }

  async start(run: RunOptions): Promise<void> {
    const boss = await this.#ready(run);
    if (run.schedule) await boss.schedule(DAILY_SYNC_QUEUE, this.#o.cron, {}, { tz: 'UTC', singletonKey: DAILY_SYNC_QUEUE });
    if (run.work && !this.#working) {
      this.#working = true;
      this.#loop = this.#fetchLoop();
    }
  }

  async stop(): Promise<void> {
    this.#working = false;
    this.#wake?.();
    await this.#loop;
    for (const job of this.#running.values()) {
      job.stopping = true;
      job.controller.abort(new Error('worker stopping'));
    }
    await Promise.all([...this.#running.values()].map((r) => r.done));
    if (this.#started) await (await this.#started).stop({ graceful: false, wait: true });
  }

  async #fetchLoop(): Promise<void> {
    const names = [DAILY_SYNC_QUEUE, 'psn.title-list', 'psn.sync', 'psn.import', 'webhooks.deliver'];
    while (this.#working) {
      let fetched = 0;
      for (const name of names) {
        const free = this.#o.concurrency - this.#running.size;
        if (free <= 0 || !this.#working) break;
        try {
          const jobs = (await this.#pg.fetch(name, { batchSize: free, includeMetadata: true })) as Metadata[];
          for (const job of jobs) this.#run(job);
          fetched += jobs.length;
        } catch (error) {
          this.#o.onError?.(error, { id: '', name });
        }
      }
      if (!this.#working) break;
      if (fetched === 0 || this.#running.size >= this.#o.concurrency) {
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
          setTimeout(resolve, this.#o.pollMs).unref?.();
        });
      }
    }
  }

  #run(job: Metadata): void {
    const controller = new AbortController();
    const entry: Running = { controller, stopping: false, done: Promise.resolve() };
    this.#running.set(job.id, entry);
    entry.done = this.#execute(job, entry).finally(() => {
      this.#running.delete(job.id);
      this.#wake?.();
    });
  }

  async #execute(job: Metadata, entry: Running): Promise<void> {
    const { schema, leaseSeconds } = this.#o;
    const heartbeat = setInterval(
      () => {
        // Pushes the job's expiry `leaseSeconds` past now; no row means another worker took it over.
        void this.#sql
          .executeSql(
            `UPDATE ${schema}.job SET expire_in = (now() - started_on) + make_interval(secs => $4) WHERE name = $1 AND id = $2 AND state = 'active' AND retry_count = $3 RETURNING 1`,
            [job.name, job.id, job.retryCount, leaseSeconds],
          )
          .then(({ rows }) => {
            if (rows.length === 0) entry.controller.abort(new Error('lease lost'));
          })
          .catch(() => {});
      },
      Math.max(100, (leaseSeconds * 1000) / 3),
    );
    heartbeat.unref?.();
    try {
      if (job.singletonKey && (await this.#anotherRunning(job))) {
        // One at a time per key: this one waits until the running one is done.
        await this.#handBack(job, 1000 + Math.floor(Math.random() * 2000));
        return;
      }
      if (job.name === DAILY_SYNC_QUEUE) await enqueueDailySync(this.context.connections, this);
      else {
        const handler = this.context.handlers[job.name as JobName] as (payload: unknown, context: JobContext) => Promise<void>;
        await handler(job.data, { signal: entry.controller.signal, jobId: job.id });
      }
      if (!entry.controller.signal.aborted) await this.#pg.complete(job.name, job.id);
      else if (entry.stopping) await this.#handBack(job, 0);
    } catch (error) {
      if (entry.controller.signal.aborted) {
        // Stopping: give the job back for another worker (a lost lease: the new owner has it already).
        if (entry.stopping) await this.#handBack(job, 0).catch((e: unknown) => this.#o.onError?.(e, job));
      } else {
        this.#o.onError?.(error, job);
        await this.#pg
          .fail(job.name, job.id, { message: error instanceof Error ? error.message : String(error) })
          .catch((e: unknown) => this.#o.onError?.(e, job));
      }
    } finally {
      clearInterval(heartbeat);
    }
  }

  async #anotherRunning(job: Metadata): Promise<boolean> {
    // Each job checks after its own start committed, so of two overlapping starts the later one sees the other.
    const { rows } = await this.#sql.executeSql(
      `SELECT 1 FROM ${this.#o.schema}.job WHERE name = $1 AND singleton_key = $2 AND state = 'active' AND id <> $3 LIMIT 1`,
      [job.name, job.singletonKey, job.id],
    );
    return rows.length > 0;
  }

  /** Puts a running job back in the queue as it was before it started (no attempt spent). */
  async #handBack(job: Metadata, delayMs: number): Promise<void> {
    try {
      await this.#sql.executeSql(
        `UPDATE ${this.#o.schema}.job SET state = 'created', started_on = NULL, start_after = now() + make_interval(secs => $4) WHERE name = $1 AND id = $2 AND state = 'active' AND retry_count = $3`,
        [job.name, job.id, job.retryCount, delayMs / 1000],
      );
    } catch (error) {
      // The same key is queued again already (pg-boss allows one queued job per key): that one covers this.
      if ((error as { code?: string }).code !== '23505') throw error;
      await this.#pg.cancel(job.name, job.id);
    }
  }
}
