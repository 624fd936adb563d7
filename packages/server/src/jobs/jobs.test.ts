import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type Simulator, createSimulator } from 'psn-sim';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Dialect, type TestStore, dialects, freshStore } from '../../test/stores.ts';
import { connectionsTable, embeddedWorker, jobsTable, testUser } from '../../test/engine-kit.ts';
import { createEngine } from '../engine.ts';
import { JobsRepository } from '../repositories/jobs.repository.ts';
import { Vault } from '@trophyroom/vault';
import { DEFAULT_SYNC_CRON, enqueueDailySync, nextRun } from './schedule.ts';
import { Worker } from './worker.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const WORKER = fileURLToPath(new URL('../../test/import-worker.ts', import.meta.url));

describe('the daily schedule', () => {
  it('fires at 03:00 UTC by default and explains a bad cron expression', () => {
    expect(nextRun(DEFAULT_SYNC_CRON, new Date('2026-11-23T10:00:00Z')).toISOString()).toBe('2026-11-24T03:00:00.000Z');
    expect(nextRun('30 6 * * 1', new Date('2026-11-23T10:00:00Z')).toISOString()).toBe('2026-11-30T06:30:00.000Z');
    expect(() => nextRun('every day', new Date())).toThrow(/is not a cron expression/);
  });
});

describe.each(dialects)('persisted jobs on %s', (dialect: Dialect) => {
  let store: TestStore;
  let sim: Simulator;
  let url = '';
  const key = randomBytes(32);
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    store = await freshStore(dialect);
    sim = createSimulator({ seed: 31, accounts: 4, titles: 90, privateRate: 0 });
    url = await sim.listen(0);
  });
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
  });
  afterAll(async () => {
    await store.dispose();
    await sim.close();
  });

  it('claims a job once, reclaims it after its lease, dedupes by singleton key, and dead-letters after retries', async () => {
    const jobs = new JobsRepository(store.db);
    const t0 = Date.parse('2026-11-01T00:00:00Z');
    const first = await jobs.enqueue('psn.sync', { userId: 'a' }, { singletonKey: 'sync:a', runAt: iso(t0), now: iso(t0) });
    const again = await jobs.enqueue('psn.sync', { userId: 'a' }, { singletonKey: 'sync:a', runAt: iso(t0), now: iso(t0) });
    expect(again).toMatchObject({ created: false, job: { id: first.job.id } });
    const [a, b] = await Promise.all([jobs.claim(iso(t0), iso(t0 + 1000), ['psn.sync']), jobs.claim(iso(t0), iso(t0 + 1000), ['psn.sync'])]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect(await jobs.claim(iso(t0 + 500), iso(t0 + 1500), ['psn.sync'])).toBeUndefined();
    const reclaimed = await jobs.claim(iso(t0 + 2000), iso(t0 + 3000), ['psn.sync']);
    expect(reclaimed).toMatchObject({ id: first.job.id, attempts: 2 });
    expect(await jobs.fail(first.job.id, 1, 'too late', iso(t0 + 2000), undefined)).toBe(false);
    expect(await jobs.fail(first.job.id, 2, 'boom', iso(t0 + 2000), undefined)).toBe(true);
    expect((await jobs.byState('failed')).map((j) => j.last_error)).toEqual(['boom']);
    // Once failed, the singleton key is free again.
    expect((await jobs.enqueue('psn.sync', { userId: 'a' }, { singletonKey: 'sync:a', runAt: iso(t0), now: iso(t0) })).created).toBe(true);
  });

  it('refuses a worker without exactly one handler per job name', () => {
    const jobs = new JobsRepository(store.db);
    expect(() => new Worker({ jobs, handlers: {} as never, now: Date.now })).toThrow(/exactly one handler per job/);
  });

  it('queues one daily sync per active connection, never two for the same connection', async () => {
    const engine = createEngine({ store, vault: new Vault([key]), psnOptions: { baseUrl: url } });
    const user = await testUser(store, 'sched');
    await engine.connection.connect(user.id, sim.credentialsOf(1).npsso, { queueTitleList: false });
    const before = (await jobsTable(store).byState('queued')).length;
    expect(await enqueueDailySync(connectionsTable(store), engine.queue)).toBeGreaterThanOrEqual(1);
    expect(await enqueueDailySync(connectionsTable(store), engine.queue)).toBe(0);
    expect((await jobsTable(store).byState('queued')).length).toBe(before + (await connectionsTable(store).all()).filter((c) => c.state === 'active').length);
  });

  it('resumes an import killed mid-way in another process and ends with exactly what PSN holds', async () => {
    const engine = createEngine({ store, vault: new Vault([key]), psnOptions: { baseUrl: url } });
    const user = await testUser(store, 'crash');
    await engine.connection.connect(user.id, sim.credentialsOf(2).npsso, { queueTitleList: false });
    await engine.picker.refreshTitleList(user.id);
    const ids = (await engine.picker.entries(user.id)).map((p) => p.npCommunicationId);
    await engine.picker.pick(user.id, ids);
    // Slow PSN down so the kill lands mid-import.
    await fetch(`${url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ kind: 'latency', route: 'trophy.userTrophies', latencyMs: 40 }) });
    await jobsTable(store).enqueue('psn.import', { userId: user.id, npCommunicationIds: ids }, { runAt: iso(Date.now()), now: iso(Date.now()) });
    // Node itself runs the worker (tsx as a loader, not its CLI), so SIGKILL hits the worker and nothing survives it.
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, url, store.url, key.toString('base64'), '400'], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    await new Promise((resolve) => createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve));
    // Wait until some, not all, titles are in, then kill the process without warning.
    for (let i = 0; i < 400; i++) {
      const done = (await engine.picker.titles(user.id)).filter((t) => t.earned_synced_at === t.last_updated_at).length;
      if (done >= 10) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const partial = (await engine.picker.titles(user.id)).filter((t) => t.earned_synced_at === t.last_updated_at).length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(ids.length);
    await fetch(`${url}/__sim/faults`, { method: 'DELETE' });
    // A new worker takes the job over once its lease runs out, and finishes it.
    const worker = embeddedWorker(store, engine, { leaseMs: 400, pollMs: 20 });
    for (let i = 0; i < 200 && (await jobsTable(store).byState('done')).filter((j) => j.name === 'psn.import').length === 0; i++) {
      if (!(await worker.runOnce())) await new Promise((r) => setTimeout(r, 50));
    }
    expect((await jobsTable(store).byState('done')).some((j) => j.name === 'psn.import')).toBe(true);
    for (const id of ids) {
      const state = sim.world.titleState(2, id);
      const stored = await engine.library.earned(user.id, id);
      expect(stored.length, id).toBe(state?.title.trophies.length);
      expect(new Set(stored.map((t) => t.trophy_id)).size).toBe(stored.length);
      for (const row of stored) expect(row.earned).toBe(state?.earned[state.title.trophies.findIndex((t) => t.id === row.trophy_id)]);
    }
  });

  it('stops a job whose lease another worker took over, and leaves that worker in charge', async () => {
    const jobs = new JobsRepository(store.db);
    let aborted = false;
    let started: () => void = () => {};
    const running = new Promise<void>((r) => {
      started = r;
    });
    const block = (signal: AbortSignal) =>
      new Promise<void>((_, reject) => {
        started();
        signal.addEventListener('abort', () => {
          aborted = true;
          reject(signal.reason);
        });
      });
    const worker = new Worker({
      jobs,
      now: Date.now,
      leaseMs: 90,
      handlers: {
        'psn.title-list': (_p, { signal }) => block(signal),
        'psn.import': (_p, { signal }) => block(signal),
        'psn.sync': (_p, { signal }) => block(signal),
        'webhooks.deliver': (_p, { signal }) => block(signal),
      },
    });
    const { job } = await jobs.enqueue('psn.import', { userId: 'lease' }, { runAt: iso(Date.now() - 1000), now: iso(Date.now() - 1000) });
    const first = worker.runOnce();
    await running;
    // The lease is taken over by another worker (as after a stall longer than the lease).
    await store.db
      .updateTable('jobs')
      .set({ locked_until: iso(Date.now() - 1) })
      .where('id', '=', job.id)
      .execute();
    const other = await jobs.claim(iso(Date.now()), iso(Date.now() + 60_000), ['psn.import']);
    expect(other?.attempts).toBe(2);
    await first;
    expect(aborted).toBe(true);
    expect(await jobs.get(job.id)).toMatchObject({ state: 'running', attempts: 2 });
  });

  it('hands a running job back on a graceful stop, to resume later', async () => {
    const jobs = new JobsRepository(store.db);
    let started: () => void = () => {};
    const running = new Promise<void>((r) => {
      started = r;
    });
    const block = (signal: AbortSignal) =>
      new Promise<void>((_, reject) => {
        started();
        signal.addEventListener('abort', () => reject(signal.reason));
      });
    const worker = new Worker({
      jobs,
      now: Date.now,
      handlers: {
        'psn.title-list': (_p, { signal }) => block(signal),
        'psn.import': (_p, { signal }) => block(signal),
        'psn.sync': (_p, { signal }) => block(signal),
        'webhooks.deliver': (_p, { signal }) => block(signal),
      },
      pollMs: 10,
    });
    const { job } = await jobs.enqueue('psn.title-list', { userId: 'z' }, { runAt: iso(Date.now()), now: iso(Date.now()) });
    worker.start();
    await running;
    await worker.stop();
    expect(await jobs.get(job.id)).toMatchObject({ state: 'queued', locked_until: null });
  });
});
