/**
 * What tests of the engine share besides its services: a user without a password, the embedded
 * worker run on the engine's handlers (so a test runs jobs one by one), a queue that only records,
 * and the store's rows for setting a scene or checking what only the store shows (sealed tokens,
 * the jobs table).
 */
import type { Store } from '../src/db/database.ts';
import type { User } from '../src/db/schema.ts';
import type { Engine } from '../src/engine.ts';
import type { EnqueueOptions, QueueFactory } from '../src/jobs/queue.ts';
import { Worker, type WorkerOptions } from '../src/jobs/worker.ts';
import { ConnectionsRepository } from '../src/repositories/connections.repository.ts';
import { JobsRepository } from '../src/repositories/jobs.repository.ts';
import { UsersRepository } from '../src/repositories/users.repository.ts';

/** A user of the instance (no password: tests reach it through the engine, not by signing in). */
export function testUser(store: Store, name: string): Promise<User> {
  return new UsersRepository(store.db).create(name, new Date());
}

/** The embedded worker on the engine's job handlers. */
export function embeddedWorker(store: Store, engine: Engine, options: Partial<Omit<WorkerOptions, 'jobs' | 'handlers'>> = {}): Worker {
  return new Worker({ jobs: new JobsRepository(store.db), handlers: engine.handlers, now: Date.now, ...options });
}

/** The jobs table, as the embedded queue keeps it. */
export const jobsTable = (store: Store) => new JobsRepository(store.db);

/** The connections table (sealed tokens, expiries): for a scene no service sets, and what only the store shows. */
export const connectionsTable = (store: Store) => new ConnectionsRepository(store.db);

/** A job as a test's queue received it. */
export interface SentJob {
  name: string;
  payload: unknown;
  options: EnqueueOptions | undefined;
}

/** A queue that runs nothing and records what was sent to it (the retry passes a run schedules, …). */
export function recordingQueue(sent: SentJob[]): QueueFactory {
  return () => ({
    kind: 'embedded',
    enqueue: async (name, payload, options) => {
      sent.push({ name, payload, options });
      return { job: { id: `job-${sent.length}` }, created: true };
    },
    pending: async () => false,
    cancelFor: async () => {},
    depth: async () => [],
    fireDailySync: async () => 0,
    nextDailySync: () => new Date(),
    start: async () => {},
    stop: async () => {},
  });
}
