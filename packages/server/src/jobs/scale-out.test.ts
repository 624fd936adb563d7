/**
 * Scale-out on a real PostgreSQL server: a web-role engine queues, worker processes (pg-boss,
 * rate budget in the database) run the jobs. The daily sync of many accounts runs once with every
 * PSN account's budget shared by all workers (the simulator enforces the same limit: a 429 would
 * show it overspent); a worker killed mid-sync loses nothing; a worker stopped mid-import hands
 * the job back without spending an attempt.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { type Simulator, createSimulator } from 'psn-sim';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type TestStore, freshStore } from '../../test/stores.ts';
import { testUser } from '../../test/engine-kit.ts';
import { type Engine, createEngine } from '../engine.ts';
import { Vault } from '@trophyroom/vault';
import { pgBossQueue } from './pg-boss-queue.ts';

const WORKER = fileURLToPath(new URL('../../test/queue-worker.ts', import.meta.url));
const BUDGET = { limit: 8, windowMs: 3000 };
const key = randomBytes(32);
const children: ChildProcess[] = [];
const cleanups: Array<() => Promise<void>> = [];
/** What workers spawned with `report` said after `ready`: the PSN client's warnings (a resent request, say). */
const reports: Array<{ level: string; message: string; endpoint?: string; kind?: string; status?: number }> = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  reports.length = 0;
});
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Counts = { total: number; byRoute: Record<string, number>; byStatus: Record<string, number> };

async function setup(sim: Simulator, users: Array<{ name: string; account: number }>, leaseSeconds = 2) {
  const store: TestStore = await freshStore('postgres');
  const url = await sim.listen(0);
  // The web role: queues on pg-boss, runs nothing.
  const engine = createEngine({
    store,
    vault: new Vault([key]),
    psnOptions: { baseUrl: url, budget: BUDGET },
    queue: pgBossQueue({ connectionString: store.url, leaseSeconds, retryDelaySeconds: 1 }),
  });
  await engine.queue.start({ work: false, schedule: false });
  cleanups.push(async () => {
    await engine.queue.stop();
    await store.dispose();
    await sim.close();
  });
  const ids: string[] = [];
  // Import every title for each user (here, through the engine directly, without the simulator's
  // rate limit: the setup is not what is measured).
  const limiter = sim.limiter;
  const take = limiter?.take;
  if (limiter) limiter.take = () => ({ ok: true, remaining: 1 });
  const setupEngine = createEngine({ store, vault: new Vault([key]), psnOptions: { baseUrl: url, budget: false } });
  await Promise.all(
    users.map(async (u, i) => {
      const user = await testUser(store, u.name);
      await setupEngine.connection.connect(user.id, sim.credentialsOf(u.account).npsso, { queueTitleList: false });
      await setupEngine.picker.refreshTitleList(user.id);
      const titles = (await setupEngine.picker.entries(user.id)).map((p) => p.npCommunicationId);
      await setupEngine.picker.pick(user.id, titles);
      const imported = await setupEngine.library.importTitles(user.id, titles);
      // A title left out here would be fetched by the sync under test, and counted against it.
      expect(imported.state, JSON.stringify(imported.errors)).toBe('succeeded');
      ids[i] = user.id;
    }),
  );
  if (limiter && take) limiter.take = take;
  await fetch(`${url}/__sim/rate-limit/reset`, { method: 'POST' });
  return { store, url, engine, ids };
}

function spawnWorker(url: string, store: TestStore, options: object = {}): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--conditions=development', '--import', 'tsx', WORKER, url, store.url, key.toString('base64'), JSON.stringify(options)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
    let ready = false;
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      if (ready) {
        if (line.startsWith('{')) reports.push(JSON.parse(line) as (typeof reports)[number]);
        return;
      }
      ready = true;
      resolve(child);
    });
  });
}

/** Earns the first unearned trophy in `count` titles of an account; returns those titles. */
async function earnIn(sim: Simulator, url: string, account: number, count: number): Promise<string[]> {
  const changed: string[] = [];
  for (const item of sim.world.library(account).items) {
    if (changed.length === count) break;
    const state = sim.world.titleState(account, item.title.npCommunicationId);
    const index = state?.earned.findIndex((e, i) => !e && state.title.trophies[i]?.type !== 'platinum') ?? -1;
    if (!state || index < 0) continue;
    const res = await fetch(`${url}/__sim/accounts/${sim.credentialsOf(account).accountId}/trophies`, {
      method: 'POST',
      body: JSON.stringify({ npCommunicationId: item.title.npCommunicationId, trophyId: state.title.trophies[index]?.id }),
    });
    expect(res.status).toBe(200);
    changed.push(item.title.npCommunicationId);
  }
  return changed;
}

/** The store holds exactly the simulator's earned state for every title of the user. */
async function expectSameAsPsn(engine: Engine, sim: Simulator, userId: string, account: number) {
  for (const t of await engine.picker.titles(userId)) {
    const state = sim.world.titleState(account, t.np_communication_id);
    const stored = await engine.library.earned(userId, t.np_communication_id);
    expect(stored.length, t.np_communication_id).toBe(state?.title.trophies.length);
    for (const row of stored)
      expect(row.earned, `${t.np_communication_id} #${row.trophy_id}`).toBe(state?.earned[state.title.trophies.findIndex((x) => x.id === row.trophy_id)]);
  }
}

async function until(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function countsOf(url: string, accountId: string): Promise<Counts> {
  return (await (await fetch(`${url}/__sim/requests?account=${accountId}`)).json()) as Counts;
}

describe('scale-out on PostgreSQL with worker processes', () => {
  it('runs the daily sync of every connection once, with each PSN account’s budget shared by all workers', { timeout: 120_000 }, async () => {
    // Two app users per PSN account: their syncs run at once on different workers and share one budget.
    const sim = createSimulator({ seed: 57, accounts: 4, titles: 8, titlesMax: 8, privateRate: 0, oldSessionRate: 0, rateLimit: BUDGET });
    const users = [0, 1, 2, 3].flatMap((account) => [
      { name: `a${account}`, account },
      { name: `b${account}`, account },
    ]);
    // Leases long enough that a busy machine never hands a running sync to another worker (the kill test covers that).
    const { store, url, engine, ids } = await setup(sim, users, 30);
    for (const account of [0, 1, 2, 3]) expect(await earnIn(sim, url, account, 5)).toHaveLength(5);
    await fetch(`${url}/__sim/rate-limit/reset`, { method: 'POST' });
    await fetch(`${url}/__sim/requests`, { method: 'DELETE' });

    // Three workers, each asked to fire the daily sync as it starts (as three cron owners would).
    const options = { fire: true, report: true, psn: { budget: BUDGET }, queue: { concurrency: 4, leaseSeconds: 30 } };
    await Promise.all([spawnWorker(url, store, options), spawnWorker(url, store, options), spawnWorker(url, store, options)]);
    await engine.queue.fireDailySync();
    await until(
      async () => {
        const runs = await Promise.all(ids.map((id) => engine.runs.latest(id)));
        return runs.every((r) => r?.kind === 'sync' && r.state === 'succeeded');
      },
      90_000,
      'every connection synced',
    );
    await until(async () => !(await engine.queue.depth()).some((d) => d.state === 'queued' || d.state === 'running'), 10_000, 'an empty queue');

    // Once: one daily firing, one sync per connection.
    const depth = await engine.queue.depth();
    expect(depth.find((d) => d.name === 'trophyroom.daily-sync' && d.state === 'done')?.count).toBe(1);
    expect(depth.find((d) => d.name === 'psn.sync' && d.state === 'done')?.count).toBe(ids.length);
    const runs = await store.db.selectFrom('sync_runs').select(['user_id']).where('kind', '=', 'sync').execute();
    expect(runs.map((r) => r.user_id).sort()).toEqual([...ids].sort());

    // Budgets: no 429 anywhere, and each account spent the floor (per user: the title list, then one request per changed title),
    // plus only what the client reported resending (a timeout on a busy machine; no account is named in its report).
    const resent = reports.filter((r) => r.message === 'psn retry');
    const said = JSON.stringify(reports);
    expect(
      resent.filter((r) => r.status === 429),
      said,
    ).toEqual([]);
    const spent = { 'trophy.titles': 0, 'trophy.userTrophies': 0 };
    for (const account of [0, 1, 2, 3]) {
      const counts = await countsOf(url, sim.credentialsOf(account).accountId);
      expect(counts.byStatus['429'] ?? 0, `429s for account ${account}`).toBe(0);
      expect(counts.byRoute['trophy.titles'], said).toBeGreaterThanOrEqual(2);
      expect(counts.byRoute['trophy.userTrophies'], said).toBeGreaterThanOrEqual(10);
      for (const route of Object.keys(spent) as Array<keyof typeof spent>) spent[route] += counts.byRoute[route] ?? 0;
    }
    const resends = (route: string) => resent.filter((r) => r.endpoint === route).length;
    expect(spent, said).toEqual({ 'trophy.titles': 8 + resends('trophy.titles'), 'trophy.userTrophies': 40 + resends('trophy.userTrophies') });
    for (const [i, id] of ids.entries()) await expectSameAsPsn(engine, sim, id, users[i]?.account ?? 0);
  });

  it('loses nothing when a worker is killed (SIGKILL) mid-sync: another takes the job over and finishes it', { timeout: 120_000 }, async () => {
    const sim = createSimulator({ seed: 58, accounts: 2, titles: 40, titlesMax: 40, privateRate: 0, oldSessionRate: 0 });
    const { store, url, engine, ids } = await setup(sim, [{ name: 'k', account: 1 }]);
    const userId = ids[0] as string;
    const changed = await earnIn(sim, url, 1, 30);
    await fetch(`${url}/__sim/requests`, { method: 'DELETE' });
    await fetch(`${url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ kind: 'latency', route: 'trophy.userTrophies', latencyMs: 150 }) });

    const before = new Map((await engine.picker.titles(userId)).map((t) => [t.np_communication_id, t.earned_synced_at]));
    const first = await spawnWorker(url, store);
    const { jobId } = await engine.library.requestSync(userId);
    // A changed title is synced once its earned state was fetched again (its sync mark moved on).
    const synced = async () =>
      (await engine.picker.titles(userId)).filter(
        (t) => changed.includes(t.np_communication_id) && t.earned_synced_at !== before.get(t.np_communication_id) && t.earned_synced_at === t.last_updated_at,
      ).length;
    await until(async () => (await synced()) >= 5, 30_000, 'part of the sync');
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const partial = await synced();
    expect(partial).toBeLessThan(changed.length);

    // Another worker takes the job over once its lease (2 s) lapses, and finishes it.
    await spawnWorker(url, store);
    await until(async () => (await engine.queue.depth()).some((d) => d.name === 'psn.sync' && d.state === 'done'), 60_000, 'the sync job done');
    expect(await synced()).toBe(changed.length);
    await expectSameAsPsn(engine, sim, userId, 1);
    // Done once: the one job, finished on its second attempt; titles synced before the kill were not fetched again.
    const { rows } = await sql<{ state: string; retry_count: number }>`SELECT state, retry_count FROM pgboss.job WHERE id = ${jobId}`.execute(store.db);
    expect(rows[0]).toMatchObject({ state: 'completed', retry_count: 1 });
    const counts = await countsOf(url, sim.credentialsOf(1).accountId);
    // At most the title in flight at the kill is fetched twice.
    expect(counts.byRoute['trophy.userTrophies']).toBeLessThanOrEqual(changed.length + 1);
  });

  it('hands a running job back when a worker is stopped (SIGTERM) mid-import, without spending an attempt', { timeout: 120_000 }, async () => {
    const sim = createSimulator({ seed: 59, accounts: 2, titles: 40, titlesMax: 40, privateRate: 0, oldSessionRate: 0 });
    const { store, url, engine, ids } = await setup(sim, []);
    const user = await testUser(store, 'stop');
    ids.push(user.id);
    await engine.connection.connect(user.id, sim.credentialsOf(1).npsso, { queueTitleList: false });
    await engine.picker.refreshTitleList(user.id);
    const titles = (await engine.picker.entries(user.id)).map((p) => p.npCommunicationId);
    await engine.picker.pick(user.id, titles);
    await fetch(`${url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ kind: 'latency', route: 'trophy.userTrophies', latencyMs: 100 }) });

    const first = await spawnWorker(url, store);
    const { jobId } = await engine.picker.requestImport(user.id, titles);
    const imported = async () => (await engine.picker.titles(user.id)).filter((t) => t.earned_synced_at === t.last_updated_at).length;
    await until(async () => (await imported()) >= 5, 30_000, 'part of the import');
    const stopped = new Promise((r) => createInterface({ input: first.stdout as NodeJS.ReadableStream }).on('line', (l) => l === 'stopped' && r(l)));
    first.kill('SIGTERM');
    await stopped;
    expect(await imported()).toBeLessThan(titles.length);
    const { rows } = await sql<{
      state: string;
      retry_count: number;
      started_on: Date | null;
    }>`SELECT state, retry_count, started_on FROM pgboss.job WHERE id = ${jobId}`.execute(store.db);
    expect(rows[0]).toEqual({ state: 'created', retry_count: 0, started_on: null });

    await spawnWorker(url, store);
    await until(async () => (await engine.queue.depth()).some((d) => d.name === 'psn.import' && d.state === 'done'), 60_000, 'the import job done');
    expect(await imported()).toBe(titles.length);
    await expectSameAsPsn(engine, sim, user.id, 1);
  });

  it('fires the daily sync from the cron once per minute, however many workers own the schedule', { timeout: 150_000 }, async () => {
    const sim = createSimulator({ seed: 60, accounts: 3, titles: 6, titlesMax: 6, privateRate: 0, oldSessionRate: 0 });
    const { store, url, engine, ids } = await setup(sim, [
      { name: 'c0', account: 0 },
      { name: 'c1', account: 1 },
      { name: 'c2', account: 2 },
    ]);
    // Every minute, checked every second by each of three workers.
    const options = { queue: { cron: '* * * * *', pgBoss: { cronMonitorIntervalSeconds: 1, cronWorkerIntervalSeconds: 1 } } };
    await Promise.all([spawnWorker(url, store, options), spawnWorker(url, store, options), spawnWorker(url, store, options)]);
    await until(
      async () => (await engine.queue.depth()).some((d) => d.name === 'psn.sync' && d.state === 'done' && d.count >= ids.length),
      100_000,
      'a daily sync',
    );
    const { rows } = await sql<{
      minute: string;
      n: number;
    }>`SELECT date_trunc('minute', created_on)::text AS minute, count(*)::int AS n FROM pgboss.job WHERE name = 'trophyroom.daily-sync' GROUP BY 1`.execute(
      store.db,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.n, row.minute).toBe(1);
    // One sync per connection per firing.
    const syncs = await store.db.selectFrom('sync_runs').select(['user_id']).where('kind', '=', 'sync').execute();
    for (const id of ids) expect(syncs.filter((s) => s.user_id === id).length).toBeLessThanOrEqual(rows.length);
  });
});
