/**
 * Starts Trophyroom: opens the store (migrating it), the vault, the sync engine, and by role the
 * HTTP server (`web`), the job worker and daily schedule (`worker`), or both (`all`, the default).
 * @module
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { serve } from '@hono/node-server';
import type { PsnClientOptions } from '@trophyroom/psn';
import type { Vault } from '@trophyroom/vault';
import type { DestinationStream } from 'pino';
import { listenAddress, loadConfig, type ServerConfig } from './config.ts';
import { openStore } from './db/database.ts';
import { createEngine } from './engine.ts';
import { createApp } from './http/app.ts';
import { ArtworkService } from './services/artwork.service.ts';
import { PublicProfileService } from './services/public-profile.service.ts';
import { createMetricsApp } from './http/metrics-app.ts';
import { ServerIdentity } from './http/server-identity.ts';
import { embeddedQueue } from './jobs/embedded-queue.ts';
import { pgBossQueue } from './jobs/pg-boss-queue.ts';
import { createLogger, psnLogger } from './observability/logger.ts';
import { Metrics } from './observability/metrics.ts';
import { registerStoreMetrics } from './observability/store-metrics.ts';
import { ConnectionsRepository } from './repositories/connections.repository.ts';
import type { TitleRetryPolicy } from './services/library.service.ts';
import { openVault } from './vault/open-vault.ts';

export interface StartOptions extends Partial<ServerConfig> {
  /** The clock (tests and the demo follow the simulator's). @default Date.now */
  now?: () => number;
  /** The built web UI (the CLI passes the `dist` of `@trophyroom/web`). @default none: `/` says how to build it */
  webDir?: string | undefined;
  /** Where log lines go. @default stdout */
  logDestination?: DestinationStream;
  /** How often an idle worker looks for jobs. @default 1000 */
  workerPollMs?: number;
  /** How long a job is the embedded worker's before another may take it (a crashed process's job waits this long). @default 60_000 */
  workerLeaseMs?: number;
  /** PSN client settings on top of the configuration (tests and benchmarks: a smaller budget, faster retries). */
  psnOptions?: Partial<PsnClientOptions>;
  /** When titles that failed are tried again (tests shorten it). */
  titleRetry?: Partial<TitleRetryPolicy>;
  /** How often a running run says it is alive (a benchmark whose clock jumps hours at once says it more often). @default 20_000 */
  runHeartbeatMs?: number;
  /** How often event streams look for progress. @default 500 */
  eventPollMs?: number;
  /** Webhook delivery: one attempt's limit and the waits between retries (tests shorten them). */
  webhooks?: { timeoutMs?: number; retryDelaysMs?: number[]; leaseMs?: number };
  /** Environment to read settings from. @default process.env */
  env?: NodeJS.ProcessEnv;
}

export interface RunningServer {
  /** The HTTP address (undefined for the worker role). */
  url: string | undefined;
  /** The metrics listener's address (`metricsListen`), if any. */
  metricsUrl: string | undefined;
  config: ServerConfig;
  close(): Promise<void>;
}

const require = createRequire(import.meta.url);

function version(): string {
  // By name, not by path: the same answer from the sources and from a built file elsewhere.
  return (require('@trophyroom/server/package.json') as { version: string }).version;
}

/** Starts a server; `close()` stops taking requests, hands a running job back, and closes the store. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const {
    now = Date.now,
    env,
    webDir,
    logDestination,
    workerPollMs,
    workerLeaseMs,
    eventPollMs,
    psnOptions,
    titleRetry,
    runHeartbeatMs,
    webhooks,
    ...flags
  } = options;
  const config = loadConfig(flags, env);
  const log = createLogger({ level: config.logLevel, ...(logDestination ? { destination: logDestination } : {}) });
  const store = await openStore(config.databaseUrl);
  let vault: Vault;
  try {
    const opened = await openVault({
      connections: new ConnectionsRepository(store.db),
      envKey: config.secretKey,
      keyFile: join(config.dataDir, 'vault.key'),
      forgetUnreadable: config.forgetPsnTokens,
      now,
    });
    vault = opened.vault;
    if (opened.forgotten > 0) log.warn({ connections: opened.forgotten }, 'PSN tokens sealed with a lost key were forgotten: those users must reconnect');
    if (opened.resealed > 0 || opened.retiredKeys > 0)
      log.info(
        { connections: opened.resealed, retiredKeys: opened.retiredKeys, keyId: opened.vault.keyId },
        'vault key rotated: PSN tokens sealed again with the new key',
      );
  } catch (error) {
    await store.close();
    throw error;
  }
  const split = config.role !== 'all';
  const onError = (error: unknown, job: { id: string; name: string }) => log.warn({ job, err: error }, 'job failed');
  const poll = { ...(workerPollMs ? { pollMs: workerPollMs } : {}), ...(workerLeaseMs ? { leaseMs: workerLeaseMs } : {}) };
  // One process (`all`): the embedded queue. Web and workers apart: pg-boss and the budget in the database.
  const queue = split
    ? pgBossQueue({
        connectionString: config.databaseUrl,
        cron: config.syncCron,
        concurrency: config.workerConcurrency,
        onError,
        ...(workerPollMs ? { pollMs: workerPollMs } : {}),
        ...(workerLeaseMs ? { leaseSeconds: Math.max(1, Math.round(workerLeaseMs / 1000)) } : {}),
      })
    : embeddedQueue({ cron: config.syncCron, onError, ...poll });
  const metrics = new Metrics();
  const psnRequests = metrics.counter('trophyroom_psn_requests_total', 'Requests to PlayStation Network by route and status');
  // Every role makes profile pages (a worker as its sync ends), all naming images the same way.
  const artwork = new ArtworkService({ dir: join(config.dataDir, 'images'), psnOrigin: config.psnBaseUrl });
  const engine = createEngine({
    store,
    vault,
    now,
    images: artwork,
    build: version(),
    psnOptions: {
      ...(config.psnBaseUrl ? { baseUrl: config.psnBaseUrl } : {}),
      logger: psnLogger(log),
      // Each request Sony answered, by route and status.
      onRequest: ({ endpoint, status }) => psnRequests.inc({ route: endpoint, status: String(status) }),
      clock: { now },
      ...psnOptions,
    },
    queue,
    ...(titleRetry ? { sync: { retry: titleRetry } } : {}),
    ...(runHeartbeatMs ? { runHeartbeatMs } : {}),
    notifications: {
      allowPrivate: config.allowPrivateWebhooks,
      userAgent: `Trophyroom-Webhooks/${version()}`,
      ...(webhooks?.timeoutMs ? { timeoutMs: webhooks.timeoutMs } : {}),
      ...(webhooks?.retryDelaysMs ? { retry: { delaysMs: webhooks.retryDelaysMs } } : {}),
      ...(webhooks?.leaseMs ? { leaseMs: webhooks.leaseMs } : {}),
    },
  });
  registerStoreMetrics(
    metrics,
    {
      jobs: () => engine.queue.depth(),
      runs: () => engine.runs.counts(),
      runsFinishedSince: (since) => engine.runs.finishedSince(since),
      budgets: () => engine.connection.budgets(),
      budgetLimit: engine.connection.budgetLimit,
    },
    now,
    { playerLabels: config.metricsPlayerLabels },
  );

  const stops: Array<() => Promise<void> | void> = [];
  /** Serves `fetch` on `address`, tells `identity` where, and returns the URL; `close()` stops it. */
  const listen = async (fetch: (request: Request) => Response | Promise<Response>, address: { host: string; port: number }, identity: ServerIdentity) => {
    const server = serve({ fetch, port: address.port, hostname: address.host });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('listening', resolve);
        server.once('error', reject);
      });
    } catch (error) {
      // A port in use: nothing may keep the process alive after the error is reported.
      for (const stop of stops) await stop();
      await store.close();
      throw error;
    }
    const bound = server.address();
    const port = typeof bound === 'object' && bound ? bound.port : address.port;
    identity.listening(address.host, port);
    stops.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Open event streams would hold close() forever.
          (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        }),
    );
    return `http://${address.host.includes(':') ? `[${address.host}]` : address.host}:${port}`;
  };

  let metricsUrl: string | undefined;
  if (config.metricsListen) {
    const identity = new ServerIdentity();
    const app = createMetricsApp({ metrics, identity, token: config.metricsToken, log });
    metricsUrl = await listen(app.fetch, listenAddress(config.metricsListen), identity);
    log.info({ url: metricsUrl, bearer: config.metricsToken !== undefined }, 'metrics listening');
  }

  let url: string | undefined;
  if (config.role !== 'worker') {
    const identity = new ServerIdentity({ publicUrl: config.publicUrl, trustProxy: config.trustProxy });
    const { app } = createApp({
      accounts: engine.accounts,
      connection: engine.connection,
      picker: engine.picker,
      runs: engine.runs,
      library: engine.library,
      notifications: engine.notifications,
      archive: engine.archive,
      sharing: engine.sharing,
      stacks: engine.stacks,
      artwork,
      publicProfile: new PublicProfileService({ sharing: engine.sharing, artwork }),
      profile: engine.profile,
      unobtainable: engine.unobtainable,
      ping: engine.ping,
      metrics,
      log,
      now,
      version: version(),
      identity,
      metricsToken: config.metricsToken,
      metricsElsewhere: config.metricsListen !== undefined,
      webDir,
      eventPollMs,
    });
    url = await listen(app.fetch, { host: config.host, port: config.port }, identity);
    log.info(
      {
        url,
        role: config.role,
        database: store.dialect,
        psn: config.psnBaseUrl ?? 'PlayStation Network',
        heapLimitMb: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20),
      },
      'trophyroom listening',
    );
  }
  if (config.role === 'web') {
    // Sends jobs only: the workers run them and own the daily schedule.
    await engine.queue.start({ work: false, schedule: false });
  } else {
    // Runs left running by a process that died end as interrupted; their jobs resume them when picked up again.
    const sweep = () =>
      engine.runs
        .sweepStale()
        .then((swept) => swept > 0 && log.warn({ runs: swept }, 'runs of a stopped process marked interrupted'))
        .catch((error: unknown) => log.warn({ err: error }, 'sweeping stale runs failed'));
    // Webhook deliveries due with no job to send them (their process died before queueing one): queue one.
    const deliveries = () => engine.notifications.kickDue().catch((error: unknown) => log.warn({ err: error }, 'queueing due webhook deliveries failed'));
    await sweep();
    await deliveries();
    const sweeper = setInterval(() => {
      void sweep();
      void deliveries();
    }, 60_000);
    sweeper.unref();
    stops.push(() => clearInterval(sweeper));
    await engine.queue.start({ work: true, schedule: true });
    log.info({ queue: engine.queue.kind, next: engine.queue.nextDailySync().toISOString() }, 'worker and daily sync started');
  }
  stops.push(() => engine.queue.stop());
  return {
    url,
    metricsUrl,
    config,
    close: async () => {
      for (const stop of stops) await stop();
      await store.close();
      log.flush();
    },
  };
}
