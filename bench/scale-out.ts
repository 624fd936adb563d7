/**
 * Scale-out: the daily sync of many simulated PSN accounts (300 titles each, 1 % of titles changed
 * since the previous sync, 100 ms simulated latency on every PSN request) run by 1, 2 and 4 worker
 * processes (`role: worker`: pg-boss on PostgreSQL, the rate budget shared in the database).
 *
 * The store is seeded as a previous sync left it, not through 3M imports: each account is
 * connected (sealed tokens) and its title list fetched for real, then every title is marked picked
 * and synced and the instance's definitions versions are filled from the title list. Before each
 * run, 3 titles of every account earn a trophy in the simulator; the run fires the daily sync and
 * ends when every connection's sync job is done. Each run starts from the state the previous one
 * left, with the same amount of new work.
 *
 * Figures: wall time, syncs per second and the speed-up over one worker, PSN requests per account
 * against the floor (the title list, then one request per changed title), 429s, and the
 * database's size. The simulator and this process share the machine with PostgreSQL and the
 * workers, so on a small machine the speed-up says as much about its cores as about the design.
 * @module
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { firstLine, spawnTracked, stop } from './sim-throughput.ts';
import { startPostgresServer } from '../packages/server/test/postgres-server.ts';
import type { Row } from './table.ts';

export interface ScaleOutOptions {
  /**
   * Simulated accounts (one app user each). The issue asks for 10,000; on the 2-core machine the
   * benchmarks run on, seeding 10,000 takes about 12 minutes and the three runs about 13, so the
   * default is 1,000 (TROPHYROOM_BENCH_SCALE_ACCOUNTS=10000 for the full size).
   * @default 1000, or TROPHYROOM_BENCH_SCALE_ACCOUNTS
   */
  accounts?: number;
  /** Titles per account. @default 300 */
  titles?: number;
  /** Titles changed per account before each run. @default 1 % of titles */
  changed?: number;
  /** Simulated PSN latency per request, in ms. @default 100 */
  latencyMs?: number;
  /** Worker counts to measure. @default [1, 2, 4] */
  workers?: number[];
  /** Jobs each worker runs at once. @default 50 */
  concurrency?: number;
}

const WORKER = fileURLToPath(new URL('../packages/server/test/queue-worker.ts', import.meta.url));
const MB = 1024 * 1024;

/** Runs `work` over `items` with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

export async function benchScaleOut(options: ScaleOutOptions = {}): Promise<Row[]> {
  const N = options.accounts ?? Number(process.env.TROPHYROOM_BENCH_SCALE_ACCOUNTS ?? 1000);
  const T = options.titles ?? 300;
  const changed = options.changed ?? Math.max(1, Math.round(T / 100));
  const latencyMs = options.latencyMs ?? 100;
  const workerCounts = options.workers ?? [1, 2, 4];
  const concurrency = options.concurrency ?? 50;
  const bench = `scale-out: daily sync, ${N.toLocaleString('en-US')} accounts${N < 10_000 ? ' (TROPHYROOM_BENCH_SCALE_ACCOUNTS=10000 for the full size)' : ''} × ${T} titles, ${changed} changed, ${latencyMs} ms PSN latency`;
  const log = (text: string) => process.stderr.write(`bench: scale-out: ${text}\n`);

  const { createSimulator } = await import('psn-sim');
  const { openStore } = await import('../packages/server/src/db/database.ts');
  const { createEngine } = await import('../packages/server/src/engine.ts');
  const { UsersRepository } = await import('../packages/server/src/repositories/users.repository.ts');
  const { ConnectionsRepository } = await import('../packages/server/src/repositories/connections.repository.ts');
  const { pgBossQueue } = await import('../packages/server/src/jobs/pg-boss-queue.ts');
  const { enqueueDailySync } = await import('../packages/server/src/jobs/schedule.ts');
  const { Vault } = await import('@trophyroom/vault');

  const postgres = await startPostgresServer({ durable: true, settings: ['max_connections=400'], database: 'trophyroom' });
  const sim = createSimulator({ seed: 88, accounts: N, titles: T, titlesMax: T, privateRate: 0, oldSessionRate: 0, rateLimit: false });
  const simUrl = await sim.listen(0);
  const store = await openStore(postgres.url);
  const key = randomBytes(32);
  const engine = createEngine({
    store,
    vault: new Vault([key]),
    psnOptions: { baseUrl: simUrl, budget: false },
    queue: pgBossQueue({ connectionString: postgres.url }),
  });
  const workers: ChildProcess[] = [];
  try {
    await engine.queue.start({ work: false, schedule: false });

    // --- seed: connected accounts whose last sync saw every title -------------------------------
    const seedStarted = performance.now();
    const users: Array<{ id: string; index: number }> = [];
    await pool(
      Array.from({ length: N }, (_, i) => i),
      32,
      async (index) => {
        const user = await new UsersRepository(store.db).create(`bench${index}`, new Date());
        await engine.connection.connect(user.id, sim.credentialsOf(index).npsso, { queueTitleList: false });
        await engine.picker.refreshTitleList(user.id, { playTimes: false });
        users.push({ id: user.id, index });
        if (users.length % 1000 === 0) log(`seeded ${users.length} of ${N} accounts`);
      },
    );
    await sql`update user_titles set picked = 1, announced = 1, earned_synced_at = last_updated_at, definitions_version = trophy_set_version`.execute(store.db);
    await sql`insert into titles (np_communication_id, language, trophy_set_version, np_service_name, name, detail, icon_url, platform, has_trophy_groups,
        defined_bronze, defined_silver, defined_gold, defined_platinum, fetched_at)
      select distinct on (np_communication_id) np_communication_id, 'en-US', trophy_set_version, np_service_name, name, null, icon_url, platform, has_trophy_groups,
        defined_bronze, defined_silver, defined_gold, defined_platinum, ${new Date().toISOString()}
      from user_titles order by np_communication_id
      on conflict do nothing`.execute(store.db);
    await sql`vacuum analyze`.execute(store.db);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    log(`seeded ${N} accounts in ${seedSeconds.toFixed(0)} s`);
    await fetch(`${simUrl}/__sim/faults`, { method: 'POST', body: JSON.stringify({ kind: 'latency', route: '*', latencyMs }) });

    const used = new Map<number, Set<string>>();
    const earnRound = () => {
      for (const { index } of users) {
        const mine = used.get(index) ?? new Set<string>();
        used.set(index, mine);
        let n = 0;
        for (const item of sim.world.library(index).items) {
          if (n === changed) break;
          const id = item.title.npCommunicationId;
          if (mine.has(id)) continue;
          const state = sim.world.titleState(index, id);
          const at = state?.earned.findIndex((e, i) => !e && state.title.trophies[i]?.type !== 'platinum') ?? -1;
          if (!state || at < 0) continue;
          sim.world.earnTrophy(index, id, state.title.trophies[at]?.id as number);
          mine.add(id);
          n += 1;
        }
      }
    };

    const rows: Row[] = [];
    let perWorkerOne = 0;
    const floor = 1 + changed;
    for (const count of workerCounts) {
      earnRound();
      await fetch(`${simUrl}/__sim/requests`, { method: 'DELETE' });
      const options = JSON.stringify({ queue: { concurrency, leaseSeconds: 60, maintenanceSeconds: 30, retryDelaySeconds: 30, pollMs: 200 } });
      for (let i = 0; i < count; i++) {
        const child = spawnTracked(
          process.execPath,
          ['--conditions=development', '--import', 'tsx', WORKER, simUrl, postgres.url, key.toString('base64'), options],
          {
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        workers.push(child);
      }
      await Promise.all(workers.map((w, i) => firstLine(w, 60_000, `worker ${i}`)));
      const done = async () =>
        Number(
          (await sql<{ n: string }>`select count(*) as n from pgboss.job where name = 'psn.sync' and state = 'completed'`.execute(store.db)).rows[0]?.n ?? 0,
        );
      const before = await done();
      const started = performance.now();
      // The daily firing's fan-out (pg-boss's cron fires at most once a minute, so the bench queues it itself).
      await enqueueDailySync(new ConnectionsRepository(store.db), engine.queue);
      let last = before;
      while (last - before < N) {
        await new Promise((r) => setTimeout(r, 250));
        last = await done();
        if (performance.now() - started > 30 * 60_000) throw new Error(`scale-out: ${last - before} of ${N} syncs after 30 minutes`);
      }
      const seconds = (performance.now() - started) / 1000;
      const counts = (await (await fetch(`${simUrl}/__sim/requests`)).json()) as { total: number; byStatus: Record<string, number> };
      const failed = Number(
        (await sql<{ n: string }>`select count(*) as n from sync_runs where kind = 'sync' and state <> 'succeeded'`.execute(store.db)).rows[0]?.n ?? 0,
      );
      await Promise.all(workers.splice(0).map((w) => stop(w)));
      const rate = N / seconds;
      if (count === workerCounts[0]) perWorkerOne = rate / count;
      log(`${count} worker(s): ${seconds.toFixed(1)} s, ${rate.toFixed(1)} syncs/s, ${(counts.total / N).toFixed(2)} requests per account`);
      const label = `${bench}, ${count} worker${count > 1 ? 's' : ''} × ${concurrency} jobs`;
      const failure =
        failed > 0 ? `${failed} sync runs did not succeed` : (counts.byStatus['429'] ?? 0) > 0 ? `${counts.byStatus['429']} answers 429` : undefined;
      rows.push(
        { benchmark: label, metric: 'wall time of the daily sync', value: seconds, unit: 's', failure },
        {
          benchmark: label,
          metric: `syncs per second vs ${count} × one worker's (scaling)`,
          value: rate,
          unit: '/s',
          target: { value: perWorkerOne * count, kind: 'baseline' },
        },
        {
          benchmark: label,
          metric: `PSN requests per account, vs floor 1 + ${changed}`,
          value: counts.total / N,
          unit: '',
          target: { value: floor, kind: 'baseline' },
        },
      );
    }
    const size = Number((await sql<{ n: string }>`select pg_database_size(current_database()) as n`.execute(store.db)).rows[0]?.n ?? 0);
    rows.push(
      { benchmark: bench, metric: `database size (PostgreSQL, ${N.toLocaleString('en-US')} accounts, title lists only)`, value: size / MB, unit: 'MB' },
      { benchmark: bench, metric: `seeding (connect + title list per account), on ${availableParallelism()} cores`, value: seedSeconds, unit: 's' },
    );
    return rows;
  } finally {
    await Promise.all(workers.map((w) => stop(w)));
    await engine.queue.stop().catch(() => {});
    await store.close();
    await sim.close();
    await postgres.stop();
  }
}

// `tsx bench/scale-out.ts [accounts]`: run this benchmark alone and print its table.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { formatTable } = await import('./table.ts');
  const accounts = process.argv[2] ? Number(process.argv[2]) : undefined;
  const rows = await benchScaleOut({ accounts });
  process.stdout.write(formatTable(rows));
  process.exit(0);
}
