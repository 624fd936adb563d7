import { randomBytes } from 'node:crypto';
import { type Simulator, createSimulator } from 'psn-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dialect, type TestStore, dialects, freshStore } from '../test/stores.ts';
import { connectionsTable, embeddedWorker, jobsTable, testUser } from '../test/engine-kit.ts';
import { createEngine } from './engine.ts';
import { Vault } from '@trophyroom/vault';

const iso = (ms: number) => new Date(ms).toISOString();

describe.each(dialects)('overlapping work on %s', (dialect: Dialect) => {
  let sim: Simulator;
  let url = '';
  let store: TestStore;
  const vault = new Vault([randomBytes(32)]);

  beforeAll(async () => {
    sim = createSimulator({ seed: 61, accounts: 12, titles: 60, privateRate: 0, rateLimit: false });
    url = await sim.listen(0);
    store = await freshStore(dialect);
  });
  afterAll(async () => {
    await store.dispose();
    await sim.close();
  });

  const engine = () => createEngine({ store, vault, psnOptions: { baseUrl: url, budget: false } });
  const requests = async (index: number) =>
    ((await (await fetch(`${url}/__sim/requests?account=${sim.credentialsOf(index).accountId}`)).json()) as { total: number }).total;

  async function connected(index: number, name: string) {
    const e = engine();
    const user = await testUser(store, name);
    sim.world.newSession(index);
    await e.connection.connect(user.id, sim.npssoOf(index), { queueTitleList: false });
    await e.picker.refreshTitleList(user.id);
    return { e, userId: user.id, ids: (await e.picker.entries(user.id)).map((p) => p.npCommunicationId) };
  }

  it('never writes a wiped user back: a disconnect stops a running import at its next title', async () => {
    const { e, userId, ids } = await connected(1, 'wipe');
    await fetch(`${url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ kind: 'latency', route: 'trophy.userTrophies', latencyMs: 30 }) });
    let disconnected = false;
    const run = await e.library.importTitles(userId, ids, {
      onProgress: (p) => {
        if (p.done === 3 && !disconnected) {
          disconnected = true;
          void e.connection.disconnect(userId, { wipe: true });
        }
      },
    });
    await fetch(`${url}/__sim/faults`, { method: 'DELETE' });
    const spent = await requests(1);
    expect(run.state).toBe('failed');
    expect((await e.picker.titles(userId)).length).toBe(0);
    const trophies = await store.db.selectFrom('user_trophies').select('trophy_id').where('user_id', '=', userId).execute();
    expect(trophies).toHaveLength(0);
    // Nothing more is asked of PSN for that user.
    expect(await requests(1)).toBe(spent);
  });

  it('keeps one sync per connection when two enqueue at once, and runs an import and a sync of one user side by side', async () => {
    const { e, userId, ids } = await connected(2, 'both');
    const [a, b] = await Promise.all([e.library.requestSync(userId), e.library.requestSync(userId)]);
    expect(a.jobId).toBe(b.jobId);
    expect((await jobsTable(store).byState('queued')).filter((j) => j.name === 'psn.sync' && j.payload.includes(userId))).toHaveLength(1);
    // The queued sync runs first: an import gives way between titles to a sync that waits in the queue.
    while (await embeddedWorker(store, e).runOnce()) {}
    await e.picker.pick(userId, ids);
    const [imported, synced] = await Promise.all([e.library.importTitles(userId, ids), e.library.sync(userId)]);
    expect(JSON.parse(imported.errors)).toEqual([]);
    expect(JSON.parse(synced.errors)).toEqual([]);
    for (const id of ids) expect((await e.library.earned(userId, id)).length).toBe(sim.world.titleState(2, id)?.title.trophies.length);
  });

  it('wipes the old library when the user reconnects another PSN account, and keeps auto-import', async () => {
    const { e, userId, ids } = await connected(3, 'switch');
    await e.library.importTitles(userId, ids.slice(0, 3));
    await e.connection.setAutoImport(userId, true);
    sim.world.newSession(4);
    await e.connection.connect(userId, sim.npssoOf(4), { queueTitleList: false });
    expect(await e.picker.titles(userId)).toHaveLength(0);
    expect((await e.connection.status(userId))?.autoImport).toBe(true);
    expect((await e.connection.status(userId))?.onlineId).toBe(sim.credentialsOf(4).onlineId);
  });

  it("never lets an old client's refresh overwrite the tokens of a reconnect", async () => {
    const { e, userId } = await connected(5, 'tokens');
    await connectionsTable(store).update(userId, { access_expires_at: iso(Date.now() - 1000) });
    const before = await e.connection.clientFor(userId);
    sim.world.newSession(5);
    await e.connection.connect(userId, sim.npssoOf(5), { queueTitleList: false });
    const reconnected = await connectionsTable(store).get(userId);
    await before.trophies.summary(); // refreshes, and would write its old tokens back
    expect((await connectionsTable(store).get(userId))?.refresh_token_enc).toBe(reconnected?.refresh_token_enc);
  });

  it('reports a new title at the next sync even when an earlier sync found it and stopped before reporting', async () => {
    const { e, userId } = await connected(6, 'report');
    const added = sim.world.addTitle(6);
    // A sync that found the title and was cut off before reporting it.
    await e.picker.refreshTitleList(userId, { playTimes: false, announced: false });
    const run = await e.library.sync(userId);
    expect(JSON.parse(run.new_titles)).toEqual([added.title.npCommunicationId]);
    expect(JSON.parse((await e.library.sync(userId)).new_titles)).toEqual([]);
  });

  it('shares one rate budget between every client of a PSN account', async () => {
    const e = createEngine({ store, vault, psnOptions: { baseUrl: url } });
    const user = await testUser(store, 'budget');
    sim.world.newSession(7);
    await e.connection.connect(user.id, sim.npssoOf(7), { queueTitleList: false });
    const one = await e.connection.clientFor(user.id);
    const two = await e.connection.clientFor(user.id);
    const key = sim.credentialsOf(7).accountId;
    const start = await one.budget?.remaining(key);
    await two.trophies.summary();
    expect(await one.budget?.remaining(key)).toBe((start ?? 0) - 1);
  });

  it('interrupts the run and hands the job back when a worker stops mid-import; the job resumes the same run', async () => {
    const { e, userId, ids } = await connected(8, 'stop');
    await fetch(`${url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ kind: 'latency', route: 'trophy.userTrophies', latencyMs: 30 }) });
    const { jobId } = await e.picker.requestImport(userId, ids);
    const worker = embeddedWorker(store, e, { pollMs: 10 });
    worker.start();
    for (let i = 0; i < 200 && (await e.runs.latest(userId))?.done !== 2; i++) await new Promise((r) => setTimeout(r, 10));
    await worker.stop();
    await fetch(`${url}/__sim/faults`, { method: 'DELETE' });
    expect(await jobsTable(store).get(jobId)).toMatchObject({ state: 'queued' });
    const run = await e.runs.latest(userId);
    expect(run).toMatchObject({ state: 'interrupted', job_id: jobId, done: 2 });
    expect(JSON.parse(run?.errors ?? '[]').at(-1)).toMatchObject({ kind: 'interrupted' });
    // Resumed, the same run goes on from where it stopped and ends.
    while (await embeddedWorker(store, e).runOnce()) {}
    const resumed = await e.runs.latest(userId);
    expect(resumed).toMatchObject({ id: run?.id, state: 'succeeded', done: ids.length, total: ids.length, errors: '[]' });
    for (const id of ids) expect((await e.library.earned(userId, id)).length).toBe(sim.world.titleState(8, id)?.title.trophies.length);
  });
});
