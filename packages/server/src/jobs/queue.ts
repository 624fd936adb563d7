/**
 * The job queue the engine talks to: enqueue (deduplicated by singleton key), what is pending,
 * cancelling a user's queued jobs, the depth for the metrics, and running the jobs and the daily
 * schedule. Two implementations: the embedded queue (the `jobs` table, a `Worker` and a
 * `DailySchedule` in the server process; SQLite or PostgreSQL) and pg-boss (PostgreSQL, any number
 * of web and worker processes). Handlers and payloads are the same in both.
 * @module
 */
import type { ConnectionsRepository } from '../repositories/connections.repository.ts';
import type { JobsRepository } from '../repositories/jobs.repository.ts';
import type { JobHandlers, JobName, JobPayloads } from './job-names.ts';

export interface EnqueueResult {
  /** The queued job, or the one already queued or running under the same singleton key. */
  job: { id: string };
  created: boolean;
}

export interface EnqueueOptions {
  /** At most one job of this key is queued (and one running) at a time. */
  singletonKey?: string;
  /** Not before this instant (ms since the epoch). @default now */
  runAt?: number;
}

export interface QueueDepth {
  name: string;
  /** `queued`, `running`, `done`, `failed` (dead letters) or `cancelled`. */
  state: string;
  count: number;
}

export interface RunOptions {
  /** Run jobs in this process. */
  work: boolean;
  /** Own the daily sync's cron (pg-boss fires it once however many processes own it). */
  schedule: boolean;
}

export interface JobQueue {
  readonly kind: 'embedded' | 'pg-boss';
  enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options?: EnqueueOptions): Promise<EnqueueResult>;
  /** Whether a job holding `singletonKey` is queued or running (with `due`: queued and due now, waiting for a worker). */
  pending(singletonKey: string, options?: { due?: boolean }): Promise<boolean>;
  /** Drops a user's queued jobs (after a disconnect); a running one stops at its next title. */
  cancelFor(userId: string): Promise<void>;
  depth(): Promise<QueueDepth[]>;
  /** Queues the daily sync now (what the cron does); returns how many syncs were queued, if known. */
  fireDailySync(): Promise<number | undefined>;
  /** When the daily sync fires next. */
  nextDailySync(): Date;
  start(options: RunOptions): Promise<void>;
  /** Stops: running jobs are aborted and handed back to the queue, to resume elsewhere or later. */
  stop(): Promise<void>;
}

/** What services need of the queue: sending jobs, whether one is pending, dropping a user's. */
export type JobSender = Pick<JobQueue, 'enqueue' | 'pending' | 'cancelFor'>;

/** What the engine gives a queue: the handlers, and what the daily sync reads. */
export interface QueueContext {
  handlers: JobHandlers;
  connections: ConnectionsRepository;
  jobs: JobsRepository;
  now: () => number;
}

export type QueueFactory = (context: QueueContext) => JobQueue;
