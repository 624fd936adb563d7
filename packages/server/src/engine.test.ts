import { randomBytes } from 'node:crypto';
import { type Simulator, createSimulator } from 'psn-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dialect, type TestStore, dialects, freshStore } from '../test/stores.ts';
import { connectionsTable, embeddedWorker, jobsTable, testUser } from '../test/engine-kit.ts';
import { createEngine } from './engine.ts';
import { DailySchedule } from './jobs/schedule.ts';
import { Vault } from '@trophyroom/vault';

describe.each(dialects)('the engine on %s', (dialect: Dialect) => {
  let sim: Simulator;
  let url = '';
  let store: TestStore;
  const vault = new Vault([randomBytes(32)]);

  beforeAll(async () => {
    sim = createSimulator({ seed: 44, accounts: 12, titles: 60, privateRate: 0 });
    url = await sim.listen(0);
    store = await freshStore(dialect);
  });
  afterAll(async () => {
    await store.dispose();
    await sim.close();
  });

  const engine = () => createEngine({ store, vault, psnOptions: { baseUrl: url } });

  it('queues the title-list fetch on connect, and the picker is filled when the job has run', async () => {
    const e = engine();
    const user = await testUser(store, 'a');
    await e.connection.connect(user.id, sim.credentialsOf(1).npsso);
    expect((await jobsTable(store).byState('queued')).map((j) => j.name)).toContain('psn.title-list');
    while (await embeddedWorker(store, e).runOnce()) {}
    expect((await e.picker.entries(user.id)).length).toBe(sim.world.library(1).items.length);
  });

  it('reports new titles, and imports them at the next sync only when auto-import is on', async () => {
    const e = engine();
    const user = await testUser(store, 'b');
    await e.connection.connect(user.id, sim.credentialsOf(2).npsso, { queueTitleList: false });
    await e.picker.refreshTitleList(user.id);
    await e.connection.setAutoImport(user.id, true);
    const added = sim.world.addTitle(2);
    const run = await e.library.sync(user.id);
    expect(JSON.parse(run.new_titles)).toEqual([added.title.npCommunicationId]);
    const stored = await e.picker.title(user.id, added.title.npCommunicationId);
    expect(stored).toMatchObject({ picked: 1, earned_synced_at: stored?.last_updated_at });
    expect((await e.library.earned(user.id, added.title.npCommunicationId)).filter((t) => t.earned === 1)).toHaveLength(1);
  });

  it('keeps hidden titles, flagged, and PS3/Vita titles with their fewer fields', async () => {
    const e = engine();
    const index = Array.from({ length: 12 }, (_, i) => i).find((i) => sim.world.library(i).items.some((it) => sim.world.stateOf(i, it).hidden)) as number;
    const hidden = sim.world.library(index).items.find((it) => sim.world.stateOf(index, it).hidden);
    const user = await testUser(store, 'c');
    await e.connection.connect(user.id, sim.credentialsOf(index).npsso, { queueTitleList: false });
    await e.picker.refreshTitleList(user.id);
    const id = hidden?.title.npCommunicationId ?? '';
    const legacy = sim.world.library(index).items.find((it) => it.title.platform === 'PS3' || it.title.platform === 'PSVITA')?.title.npCommunicationId;
    const run = await e.library.importTitles(user.id, [id, ...(legacy ? [legacy] : [])]);
    expect(run.state).toBe('succeeded');
    expect((await e.picker.title(user.id, id))?.hidden).toBe(1);
    if (legacy) expect((await e.library.earned(user.id, legacy)).length).toBe(sim.world.titleState(index, legacy)?.title.trophies.length);
  });

  it('marks a connection whose tokens were revoked on PSN and stops syncing it, without a retry storm', async () => {
    const e = engine();
    const user = await testUser(store, 'd');
    await e.connection.connect(user.id, sim.credentialsOf(5).npsso, { queueTitleList: false });
    await new Promise((r) => setTimeout(r, 5));
    // "Sign out of all devices" on PSN, and an access token that has to be refreshed.
    await fetch(`${url}/__sim/accounts/${sim.credentialsOf(5).accountId}/revoke`, { method: 'POST' });
    await connectionsTable(store).update(user.id, { access_expires_at: new Date(Date.now() - 1000).toISOString() });
    const run = await e.library.sync(user.id);
    expect(run.state).toBe('failed');
    expect(JSON.parse(run.errors)[0]).toMatchObject({ kind: 'refresh_expired' });
    const status = await e.connection.status(user.id);
    expect(status?.state).toBe('expired');
    expect(status?.stateDetail).toMatch(/paste a new NPSSO/);
    await fetch(`${url}/__sim/requests`, { method: 'DELETE' });
    expect((await e.library.sync(user.id)).state).toBe('failed');
    const spent = (await (await fetch(`${url}/__sim/requests?account=${sim.credentialsOf(5).accountId}`)).json()) as { total: number };
    expect(spent.total).toBe(0);
  });

  it('fires the daily schedule: one sync per active connection, and says when it fires next', async () => {
    const e = engine();
    const schedule = new DailySchedule({ connections: connectionsTable(store), queue: e.queue, now: Date.now, cron: '0 3 * * *' });
    expect(schedule.next().getUTCHours()).toBe(3);
    const queued = await schedule.fire();
    expect(queued).toBe((await connectionsTable(store).all()).filter((c) => c.state === 'active').length);
    expect(await schedule.fire()).toBe(0);
    expect(() => new DailySchedule({ connections: connectionsTable(store), queue: e.queue, now: Date.now, cron: 'not cron' })).toThrow(/not a cron expression/);
  });
});
