/**
 * A `role: worker` process for the scale-out tests and the benchmark: the engine on the pg-boss
 * queue with the rate budget in the database, running jobs until SIGTERM (a graceful stop that
 * hands its running jobs back) or SIGKILL.
 * Usage: node --conditions=development --import tsx queue-worker.ts <simUrl> <databaseUrl> <vaultKeyBase64> [optionsJson]
 * options: `{ queue?: Partial<PgBossQueueOptions>, psn?: PsnClientOptions, fire?: boolean, report?: boolean }`;
 * `fire` queues the daily sync once started, as the cron would; `report` prints each warning of the
 * PSN client (a resent request, say) as a JSON line on stdout, for a test to account for. Prints
 * `ready`, then `stopped`.
 */
import { openStore } from '../src/db/database.ts';
import { createEngine } from '../src/engine.ts';
import { pgBossQueue } from '../src/jobs/pg-boss-queue.ts';
import { Vault } from '@trophyroom/vault';

const [simUrl, databaseUrl, key, extra] = process.argv.slice(2) as [string, string, string, string | undefined];
const options = (extra ? JSON.parse(extra) : {}) as { queue?: Record<string, unknown>; psn?: Record<string, unknown>; fire?: boolean; report?: boolean };
const line = (level: string) => (message: string, fields?: Record<string, unknown>) =>
  void process.stdout.write(`${JSON.stringify({ level, message, ...fields })}\n`);
const logger = { debug() {}, info() {}, warn: line('warn'), error: line('error') };
const store = await openStore(databaseUrl);
const engine = createEngine({
  store,
  vault: new Vault([Buffer.from(key, 'base64')]),
  psnOptions: { baseUrl: simUrl, ...(options.report ? { logger } : {}), ...options.psn },
  queue: pgBossQueue({
    connectionString: databaseUrl,
    pollMs: 50,
    leaseSeconds: 2,
    maintenanceSeconds: 1,
    retryDelaySeconds: 1,
    onError: (error, job) => process.stderr.write(`worker ${process.pid}: ${job.name} ${job.id}: ${(error as Error).message}\n`),
    ...options.queue,
  }),
});
await engine.queue.start({ work: true, schedule: true });
if (options.fire) await engine.queue.fireDailySync();
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void (async () => {
    await engine.queue.stop();
    await store.close();
    process.stdout.write('stopped\n');
    process.exit(0);
  })();
});
