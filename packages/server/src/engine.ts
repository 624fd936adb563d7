/**
 * Wires the store, the vault and the PSN client options into the services and job handlers of
 * the sync engine. The HTTP server and the worker processes are built on this.
 * @module
 */
import type { PsnClientOptions } from '@trophyroom/psn';
import type { Store } from './db/database.ts';
import { embeddedQueue } from './jobs/embedded-queue.ts';
import type { JobHandlers } from './jobs/job-names.ts';
import type { QueueFactory } from './jobs/queue.ts';
import { Worker, type WorkerOptions } from './jobs/worker.ts';
import { BudgetRepository } from './repositories/budget.repository.ts';
import { ConnectionsRepository } from './repositories/connections.repository.ts';
import { DefinitionsRepository } from './repositories/definitions.repository.ts';
import { JobsRepository } from './repositories/jobs.repository.ts';
import { LibraryRepository } from './repositories/library.repository.ts';
import { SyncRunsRepository } from './repositories/sync-runs.repository.ts';
import { UserDataRepository } from './repositories/user-data.repository.ts';
import { UsersRepository } from './repositories/users.repository.ts';
import { ConnectService, ConnectionError } from './services/connect.service.ts';
import { LibrarySync, type LibrarySyncDeps } from './services/library-sync.service.ts';
import type { Vault } from '@trophyroom/vault';

export interface EngineOptions {
  store: Store;
  vault: Vault;
  psnOptions: PsnClientOptions;
  now?: () => number;
  /** Language of stored trophy names. @default 'en-US' */
  language?: string;
  /** Where jobs are queued and run. @default embeddedQueue() (the `jobs` table, in this process) */
  queue?: QueueFactory;
  /** Passed on to the sync engine (tests shorten the waits of title retries). */
  sync?: Pick<LibrarySyncDeps, 'retry' | 'sleep'>;
}

export function createEngine(options: EngineOptions) {
  const { db } = options.store;
  const now = options.now ?? Date.now;
  const connections = new ConnectionsRepository(db);
  const library = new LibraryRepository(db, options.store.dialect);
  const runs = new SyncRunsRepository(db);
  const jobs = new JobsRepository(db);
  // Each PSN account's window lives in the store: shared by all its jobs and every process, and kept
  // across restarts, so a restarted server never sends past what Sony has already counted.
  const budgetStore = new BudgetRepository(db, options.store.dialect);
  const psnOptions: PsnClientOptions =
    options.psnOptions.budget === false ? options.psnOptions : { ...options.psnOptions, budget: { store: budgetStore, ...options.psnOptions.budget } };
  const connect = new ConnectService({ connections, userData: new UserDataRepository(db), vault: options.vault, now, psnOptions, budget: budgetStore });
  const sync = new LibrarySync({
    connect,
    connections,
    library,
    definitions: new DefinitionsRepository(db),
    runs,
    now,
    language: options.language,
    ...options.sync,
    // Titles that kept failing are tried again by an import job of their own, later.
    scheduleRetry: async (userId, ids, at) => {
      await queue.enqueue('psn.import', { userId, npCommunicationIds: ids }, { runAt: at.getTime() });
    },
  });
  // A job for a user who disconnected meanwhile has nothing left to do: it ends quietly.
  const unlessDisconnected = async (work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      if (error instanceof ConnectionError && error.kind === 'not_connected') return;
      throw error;
    }
  };
  const handlers: JobHandlers = {
    'psn.title-list': ({ userId }, { signal }) => unlessDisconnected(() => sync.refreshTitleList(userId, { signal })),
    'psn.import': ({ userId, npCommunicationIds }, { signal, jobId }) =>
      unlessDisconnected(() => sync.importTitles(userId, npCommunicationIds, { signal, jobId })),
    'psn.sync': ({ userId }, { signal, jobId }) => unlessDisconnected(() => sync.sync(userId, { signal, jobId })),
  };

  const queue = (options.queue ?? embeddedQueue())({ handlers, connections, jobs, now });
  const budgetOptions = options.psnOptions.budget === false ? undefined : options.psnOptions.budget;
  const budgetLimit = budgetOptions?.limit ?? 300;
  const budgetWindowMs = budgetOptions?.windowMs ?? 15 * 60_000;
  return {
    /** Connects a PSN account and queues the title-list fetch that fills the picker. */
    connectPsn: async (userId: string, npsso: string, signal?: AbortSignal) => {
      const status = await connect.connect(userId, npsso, signal);
      await queue.enqueue('psn.title-list', { userId }, { singletonKey: `title-list:${userId}` });
      return status;
    },
    /** Disconnects: tokens deleted, queued jobs dropped, running ones stop at their next title; data wiped when asked. */
    disconnectPsn: async (userId: string, options: { wipe: boolean }) => {
      const result = await connect.disconnect(userId, options);
      await queue.cancelFor(userId);
      return result;
    },
    /** Queues the import of picked titles. */
    requestImport: (userId: string, npCommunicationIds: string[]) => queue.enqueue('psn.import', { userId, npCommunicationIds }),
    /** Queues "sync now" (at most one sync per connection is queued or running). */
    requestSync: (userId: string) => queue.enqueue('psn.sync', { userId }, { singletonKey: `sync:${userId}` }),
    /** The queue: pending jobs, depth, running the jobs and the daily schedule (`queue.start`). */
    queue,
    store: options.store,
    users: new UsersRepository(db),
    connections,
    library,
    runs,
    jobs,
    connect,
    sync,
    handlers,
    /** Requests left in a PSN account's budget window (this process's, or the shared one; default 300 per 15 minutes). */
    budgetRemaining: (accountId: string) => budgetStore.remaining(accountId, now(), budgetLimit, budgetWindowMs),
    /** The same for many accounts at once (one query with the shared budget, however many accounts). */
    budgetRemainingOf: async (accountIds: readonly string[]): Promise<Map<string, number>> => {
      const spent = await budgetStore.spentByKey(now(), budgetWindowMs, budgetLimit);
      return new Map(accountIds.map((id) => [id, Math.max(0, budgetLimit - (spent.get(id) ?? 0))]));
    },
    budgetLimit,
    /** A worker for the embedded mode (jobs inside the server process). */
    worker: (overrides: Partial<Omit<WorkerOptions, 'jobs' | 'handlers'>> = {}) => new Worker({ jobs, handlers, now, ...overrides }),
  };
}

export type Engine = ReturnType<typeof createEngine>;
