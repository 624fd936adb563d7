/**
 * The daily sync: at 03:00 UTC by default (any cron expression), one `psn.sync` job per active
 * connection, deduplicated by a singleton key so a connection never has two syncs queued.
 * @module
 */
import { Cron } from 'croner';
import type { ConnectionsRepository } from '../repositories/connections.repository.ts';

export const DEFAULT_SYNC_CRON = '0 3 * * *';

/** Where the daily sync queues its jobs (a `JobQueue`). */
export interface SyncEnqueuer {
  enqueue(name: 'psn.sync', payload: { userId: string }, options: { singletonKey: string }): Promise<{ created: boolean }>;
}

/** Queues the daily sync of every active connection; returns how many jobs were created. */
export async function enqueueDailySync(connections: ConnectionsRepository, queue: SyncEnqueuer): Promise<number> {
  let created = 0;
  for (const c of await connections.all()) {
    if (c.state !== 'active') continue;
    const result = await queue.enqueue('psn.sync', { userId: c.user_id }, { singletonKey: `sync:${c.user_id}` });
    if (result.created) created += 1;
  }
  return created;
}

/** The next run of a cron expression after `from` (UTC). Throws a clear error on a bad expression. */
export function nextRun(expression: string, from: Date): Date {
  let cron: Cron;
  try {
    cron = new Cron(expression, { timezone: 'UTC', paused: true });
  } catch (error) {
    throw new Error(`"${expression}" is not a cron expression (${(error as Error).message}); the default is "${DEFAULT_SYNC_CRON}" (03:00 UTC daily)`);
  }
  const next = cron.nextRun(from);
  cron.stop();
  if (!next) throw new Error(`the cron expression "${expression}" never fires`);
  return next;
}

export interface DailyScheduleOptions {
  connections: ConnectionsRepository;
  queue: SyncEnqueuer;
  now: () => number;
  /** @default '0 3 * * *' (03:00 UTC) */
  cron?: string;
  /** Called after each firing with the number of syncs queued. */
  onFire?: (queued: number) => void;
  onError?: (error: unknown) => void;
}

/** Fires `enqueueDailySync` on the cron, in the process that owns the schedule. */
export class DailySchedule {
  readonly cron: string;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = true;

  constructor(private readonly options: DailyScheduleOptions) {
    this.cron = options.cron ?? DEFAULT_SYNC_CRON;
    nextRun(this.cron, new Date(options.now()));
  }

  /** When it fires next. */
  next(): Date {
    return nextRun(this.cron, new Date(this.options.now()));
  }

  start(): void {
    this.#stopped = false;
    this.#arm();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
  }

  /** Runs one firing now (also what the timer does). */
  async fire(): Promise<number> {
    const queued = await enqueueDailySync(this.options.connections, this.options.queue);
    this.options.onFire?.(queued);
    return queued;
  }

  #arm(): void {
    if (this.#stopped) return;
    // Timers cap at ~24.8 days; a long wait is taken in steps and re-armed.
    const wait = Math.min(2 ** 31 - 1, Math.max(0, this.next().getTime() - this.options.now()));
    this.#timer = setTimeout(() => {
      void this.fire()
        .catch((error: unknown) => this.options.onError?.(error))
        .finally(() => this.#arm());
    }, wait);
    this.#timer.unref?.();
  }
}
