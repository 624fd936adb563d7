/**
 * Wires the store, the vault and the PSN client options into the services — one per noun, each
 * the only door to its repositories — and the job handlers that run them. The HTTP server and the
 * worker processes are built on this; routes and tests reach the data through these services.
 * @module
 */
import { StacksRepository } from './repositories/stacks.repository.ts';
import { StacksService } from './services/stacks.service.ts';
import type { PsnClientOptions } from '@trophyroom/psn';
import type { Vault } from '@trophyroom/vault';
import type { Store } from './db/database.ts';
import { embeddedQueue } from './jobs/embedded-queue.ts';
import type { JobHandlers } from './jobs/job-names.ts';
import type { JobQueue, JobSender, QueueFactory } from './jobs/queue.ts';
import { BudgetRepository } from './repositories/budget.repository.ts';
import { ConnectionsRepository } from './repositories/connections.repository.ts';
import { DefinitionsRepository } from './repositories/definitions.repository.ts';
import { JobsRepository } from './repositories/jobs.repository.ts';
import { ProfileRepository } from './repositories/profile.repository.ts';
import { SharingRepository } from './repositories/sharing.repository.ts';
import { UnobtainableRepository } from './repositories/unobtainable.repository.ts';
import { TokenGrantsRepository } from './repositories/token-grants.repository.ts';
import { LibraryArchiveRepository } from './repositories/library-archive.repository.ts';
import { LibraryRepository } from './repositories/library.repository.ts';
import { ApiTokensRepository, SessionsRepository, SettingsRepository } from './repositories/sessions.repository.ts';
import { SyncRunsRepository } from './repositories/sync-runs.repository.ts';
import { TitleListRepository } from './repositories/title-list.repository.ts';
import { UserDataRepository } from './repositories/user-data.repository.ts';
import { UsersRepository } from './repositories/users.repository.ts';
import { AccountsService } from './services/accounts.service.ts';
import { ConnectionError, ConnectionService } from './services/connection.service.ts';
import { type LibraryDeps, LibraryService } from './services/library.service.ts';
import { LibraryArchiveService } from './services/library-archive.service.ts';
import { type NotificationsDeps, NotificationsService } from './services/notifications.service.ts';
import { LoginLimiter } from './services/login-limiter.ts';
import { PickerService } from './services/picker.service.ts';
import { SyncRunsService } from './services/sync-runs.service.ts';
import { type ProfileImages, ProfileService } from './services/profile.service.ts';
import { SharingService } from './services/sharing.service.ts';
import { UnobtainableService } from './services/unobtainable.service.ts';

export interface EngineOptions {
  store: Store;
  vault: Vault;
  psnOptions: PsnClientOptions;
  now?: () => number;
  /** Language of stored trophy names. @default 'en-US' */
  language?: string;
  /** Where jobs are queued and run. @default embeddedQueue() (the `jobs` table, in this process) */
  queue?: QueueFactory;
  /** How often a running run says it is alive (a benchmark on a clock that jumps hours says it more often). @default 20_000 */
  runHeartbeatMs?: number;
  /** Passed on to the library's runs (tests shorten the waits of title retries). */
  sync?: Pick<LibraryDeps, 'retry' | 'sleep'>;
  /** How the profile page names images (the server's `ArtworkService`): kept pages then hold our own icon URLs. */
  images?: ProfileImages;
  /** The server build, so a page kept by another build is made again. */
  build?: string;
  /** Webhook delivery: private targets allowed, DNS, timeouts, retries (tests shorten them). */
  notifications?: Pick<NotificationsDeps, 'allowPrivate' | 'resolve' | 'timeoutMs' | 'retry' | 'leaseMs' | 'userAgent'>;
}

export function createEngine(options: EngineOptions) {
  const { db, dialect } = options.store;
  const now = options.now ?? Date.now;
  const language = options.language ?? 'en-US';
  const connections = new ConnectionsRepository(db);
  // Each PSN account's window lives in the store: shared by all its jobs and every process, and kept
  // across restarts, so a restarted server never sends past what Sony has already counted.
  const budget = new BudgetRepository(db, dialect);
  const psnOptions: PsnClientOptions =
    options.psnOptions.budget === false ? options.psnOptions : { ...options.psnOptions, budget: { store: budget, ...options.psnOptions.budget } };
  // Services send jobs before the queue exists (the queue needs the handlers, which need the services).
  let queue: JobQueue | undefined;
  const ready = () => {
    if (!queue) throw new Error('the job queue is not made yet');
    return queue;
  };
  const jobs: JobSender = {
    enqueue: (name, payload, enqueueOptions) => ready().enqueue(name, payload, enqueueOptions),
    pending: (key) => ready().pending(key),
    cancelFor: (userId) => ready().cancelFor(userId),
  };

  // The runs' estimates go by the pace of each account's budget (the connection knows the account).
  const runs: SyncRunsService = new SyncRunsService({
    runs: new SyncRunsRepository(db),
    now,
    pace: (userId) => connection.pace(userId),
    ...(options.runHeartbeatMs ? { heartbeatMs: options.runHeartbeatMs } : {}),
  });
  const connection: ConnectionService = new ConnectionService({
    connections,
    userData: new UserDataRepository(db),
    budget,
    vault: options.vault,
    now,
    psnOptions,
    jobs,
    runs,
    grants: new TokenGrantsRepository(db),
  });
  const picker = new PickerService({ titles: new TitleListRepository(db, dialect), connection, jobs, now, language });
  const notifications = new NotificationsService({ db, vault: options.vault, jobs, now, ...options.notifications });
  const profile = new ProfileService({
    profile: new ProfileRepository(db),
    library: new LibraryRepository(db, dialect),
    now,
    language,
    images: options.images,
    build: options.build,
  });
  // The profile page is made again as a write ends, so the next view reads it ready.
  const onLibraryChanged = (userId: string) => profile.refresh(userId);
  const library = new LibraryService({
    library: new LibraryRepository(db, dialect),
    definitions: new DefinitionsRepository(db),
    picker,
    connection,
    runs,
    jobs,
    notifications,
    now,
    language,
    onLibraryChanged,
    ...options.sync,
  });
  const stacks = new StacksService({ stacks: new StacksRepository(db), now, language });
  const archive = new LibraryArchiveService({
    archive: new LibraryArchiveRepository(db, dialect),
    onlineId: async (userId) => (await connection.status(userId))?.onlineId,
    now,
    language,
  });
  const unobtainable = new UnobtainableService({ flags: new UnobtainableRepository(db, dialect), now, language, onLibraryChanged });
  const users = new UsersRepository(db);
  const sharing = new SharingService({
    shares: new SharingRepository(db),
    stats: (userId) => library.stats(userId),
    nameOf: async (userId) => (await connection.status(userId))?.onlineId ?? (await users.get(userId))?.name ?? 'A player',
    now,
    language,
  });
  const accounts = new AccountsService({
    users,
    sessions: new SessionsRepository(db),
    tokens: new ApiTokensRepository(db),
    settings: new SettingsRepository(db),
    limiter: new LoginLimiter({ now }),
    now,
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
    'psn.title-list': ({ userId }, { signal }) => unlessDisconnected(() => picker.refreshTitleList(userId, { signal })),
    'psn.import': ({ userId, npCommunicationIds, runId }, { signal, jobId }) =>
      unlessDisconnected(() => library.importTitles(userId, npCommunicationIds, { signal, jobId, runId })),
    'psn.sync': ({ userId }, { signal, jobId }) => unlessDisconnected(() => library.sync(userId, { signal, jobId })),
    'webhooks.deliver': async ({ userId }, { signal }) => {
      await notifications.deliverDue({ userId, signal });
    },
  };
  queue = (options.queue ?? embeddedQueue())({ handlers, connections, jobs: new JobsRepository(db), now });

  return {
    accounts,
    connection,
    picker,
    library,
    runs,
    notifications,
    archive,
    sharing,
    stacks,
    profile,
    unobtainable,
    /** The queue: running the jobs and the daily schedule (`queue.start`), its depth. */
    queue,
    handlers,
    /** Whether the database answers (`/healthz`). */
    ping: () => options.store.ping(),
  };
}

export type Engine = ReturnType<typeof createEngine>;
