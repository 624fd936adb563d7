import { randomBytes } from 'node:crypto';
import { type Simulator, createSimulator } from 'psn-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dialect, type TestStore, dialects, freshStore } from '../../test/stores.ts';
import { type SentJob, recordingQueue } from '../../test/engine-kit.ts';
import { createEngine } from '../engine.ts';
import { UsersRepository } from '../repositories/users.repository.ts';
import { Vault } from '@trophyroom/vault';

const EPOCH = Date.parse('2026-11-01T12:00:00Z');

describe.each(dialects)('the sync engine on %s', (dialect: Dialect) => {
  let sim: Simulator;
  let url = '';
  let store: TestStore;
  const vault = new Vault([randomBytes(32)]);

  beforeAll(async () => {
    sim = createSimulator({ seed: 12, accounts: 6, titles: 120, privateRate: 0, clock: EPOCH });
    url = await sim.listen(0);
    store = await freshStore(dialect);
  });
  afterAll(async () => {
    await store.dispose();
    await sim.close();
  });

  /** What the services queued: the retry passes a run schedules. */
  const sent: SentJob[] = [];
  const retryPasses = () =>
    sent
      .filter((j) => j.name === 'psn.import')
      .map((j) => {
        const { userId, npCommunicationIds } = j.payload as { userId: string; npCommunicationIds: string[] };
        return { userId, ids: npCommunicationIds, at: new Date(j.options?.runAt ?? 0) };
      });

  function engine() {
    const e = createEngine({
      store,
      vault,
      now: () => sim.clock.now(),
      psnOptions: { baseUrl: url, clock: sim.clock },
      queue: recordingQueue(sent),
      // A retry's wait moves the simulator's clock instead of sleeping.
      sync: {
        sleep: async (ms) => {
          sim.clock.advance(ms);
        },
      },
    });
    return { connection: e.connection, picker: e.picker, library: e.library };
  }

  async function connected(index: number) {
    const e = engine();
    const user = await new UsersRepository(store.db).create(`u${index}-${randomBytes(4).toString('hex')}`, new Date(sim.clock.now()));
    sim.world.newSession(index);
    await e.connection.connect(user.id, sim.npssoOf(index), { queueTitleList: false });
    return { ...e, userId: user.id };
  }

  const requests = async (index: number) => {
    const r = await fetch(`${url}/__sim/requests?account=${sim.credentialsOf(index).accountId}`);
    return (await r.json()) as { total: number; byRoute: Record<string, number> };
  };
  const reset = () => fetch(`${url}/__sim/requests`, { method: 'DELETE' });
  /** Requests by route over every account (definitions go to whichever owner has the most budget to spare). */
  const instanceRequests = async () => ((await (await fetch(`${url}/__sim/requests`)).json()) as { byRoute: Record<string, number> }).byRoute;

  /** The store equals the simulator's truth, trophy by trophy, for the given titles. */
  async function expectStoreMatchesPsn(e: ReturnType<typeof engine>, userId: string, index: number, ids: string[]) {
    for (const id of ids) {
      const state = sim.world.titleState(index, id);
      if (!state) throw new Error(`${id} not in the simulator library`);
      const stored = await e.library.earned(userId, id);
      expect(stored.map((t) => t.trophy_id)).toEqual(state.title.trophies.map((t) => t.id).sort((a, b) => a - b));
      for (const row of stored) {
        const i = state.title.trophies.findIndex((t) => t.id === row.trophy_id);
        expect(row.earned, `${id} trophy ${row.trophy_id}`).toBe(state.earned[i]);
      }
      const title = await e.picker.title(userId, id);
      expect(title?.earned_bronze).toBe(state.earnedCounts.bronze);
      expect(title?.progress).toBe(state.progress);
    }
  }

  it('fills the picker from the title list and game list: sorted by last played, recent ones pre-selected', async () => {
    const { userId, ...e } = await connected(1);
    await reset();
    const listed = await e.picker.refreshTitleList(userId);
    expect(listed.titles).toBe(sim.world.library(1).items.length);
    // ⌈T/800⌉ title-list requests plus ⌈G/200⌉ game-list requests for the play times.
    expect((await requests(1)).byRoute).toEqual({ 'trophy.titles': 1, 'gamelist.titles': 1 });
    const picker = await e.picker.entries(userId);
    expect(picker).toHaveLength(listed.titles);
    const activity = picker.map((p) => (p.lastPlayedAt && p.lastPlayedAt > p.lastUpdatedAt ? p.lastPlayedAt : p.lastUpdatedAt));
    expect(activity).toEqual([...activity].sort().reverse());
    const withPlayTime = picker.filter((p) => p.playSeconds !== null);
    // Play times are joined by name and console generation: two games of one name on one generation
    // (the simulator's world has them, as PSN does) share one join key, so they count once.
    const generation = (platform: string) => (platform.includes('PS5') ? 'PS5' : 'PS4');
    const keys = new Set(sim.world.gameList(1).map((g) => `${g.title.name}|${generation(g.title.platform)}`));
    expect(withPlayTime.length).toBe(keys.size);
    const recent = picker.filter((p) => p.preselected);
    expect(recent.length).toBeGreaterThan(0);
    for (const p of picker) expect(p.preselected).toBe(Date.parse(activity[picker.indexOf(p)] ?? '') >= sim.clock.now() - 30 * 86_400_000);
  });

  it('imports picked titles with one earned request each and definitions once per instance', async () => {
    const { userId, ...e } = await connected(2);
    await e.picker.refreshTitleList(userId);
    const picker = await e.picker.entries(userId);
    const picked = picker.slice(0, 12).map((p) => p.npCommunicationId);
    const withGroups = picker.slice(0, 12).filter((p) => (sim.world.titleState(2, p.npCommunicationId)?.title.groups.length ?? 0) > 1).length;
    await reset();
    const progress: number[] = [];
    const run = await e.library.importTitles(userId, picked, { onProgress: (p) => progress.push(p.done) });
    expect(run).toMatchObject({ state: 'succeeded', total: 12, done: 12, kind: 'import' });
    expect(progress).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const spent = await requests(2);
    expect(spent.byRoute['trophy.userTrophies']).toBe(12);
    const instance = await instanceRequests();
    expect(instance['trophy.titleTrophies']).toBe(12);
    // Group names are fetched only for titles with DLC groups (about 4% of a real library).
    expect(instance['trophy.titleGroups'] ?? 0).toBe(withGroups);
    await expectStoreMatchesPsn(e, userId, 2, picked);

    // A second user importing the same titles fetches no definitions at all.
    const other = await connected(3);
    await other.picker.refreshTitleList(other.userId);
    const theirs = (await other.picker.entries(other.userId)).map((p) => p.npCommunicationId);
    const shared = picked.filter((id) => theirs.includes(id));
    await reset();
    await other.library.importTitles(other.userId, shared);
    expect((await requests(3)).byRoute).toEqual(shared.length ? { 'trophy.userTrophies': shared.length } : {});
  });

  it('syncs on the floor: the title list, then only what changed (a new trophy, new DLC); new titles reported', async () => {
    const { userId, ...e } = await connected(4);
    await e.picker.refreshTitleList(userId);
    const picked = (await e.picker.entries(userId)).slice(0, 10).map((p) => p.npCommunicationId);
    await e.library.importTitles(userId, picked);

    // Nothing changed: one title-list request.
    await reset();
    let run = await e.library.sync(userId);
    expect(run).toMatchObject({ state: 'succeeded', total: 0 });
    expect((await requests(4)).byRoute).toEqual({ 'trophy.titles': 1 });

    // A trophy earned on PSN: that title alone is fetched again.
    const target = picked[5] as string;
    const state = sim.world.titleState(4, target);
    const missing = state?.title.trophies.find((t, i) => !state.earned[i] && t.type !== 'platinum');
    if (!missing) throw new Error('fixture: an unearned trophy expected');
    sim.clock.advance(60_000);
    sim.world.earnTrophy(4, target, missing.id);
    // New DLC for another picked title: its definitions are fetched again too.
    const dlcTitle = picked[7] as string;
    sim.world.publishDlc(dlcTitle, 3);
    // A new game played since the last sync.
    const fresh = sim.world.addTitle(4);
    await reset();
    run = await e.library.sync(userId);
    expect(run.state).toBe('succeeded');
    expect(JSON.parse(run.new_titles)).toEqual([fresh.title.npCommunicationId]);
    const spent = (await requests(4)).byRoute;
    expect(spent['trophy.titles']).toBe(1);
    expect(spent['trophy.userTrophies']).toBe(2);
    expect((await instanceRequests())['trophy.titleTrophies']).toBe(1);
    await expectStoreMatchesPsn(e, userId, 4, picked);
    expect((await e.picker.title(userId, fresh.title.npCommunicationId))?.picked).toBe(0);
  });

  it('tries a title that failed for a passing reason again later in the same run, and the run succeeds', async () => {
    const { userId, ...e } = await connected(5);
    await e.picker.refreshTitleList(userId);
    const picked = (await e.picker.entries(userId)).slice(0, 4).map((p) => p.npCommunicationId);
    // One title's earned trophies answer 500 through all of the client's own retries.
    await fetch(`${url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ kind: 'error', status: 500, route: 'trophy.userTrophies', count: 4 }) });
    const waiting: Array<{ kind: string; retryAt?: string | null }> = [];
    const started = sim.clock.now();
    const run = await e.library.importTitles(userId, picked, { onProgress: (p) => waiting.push(...p.errors) });
    expect(run).toMatchObject({ state: 'succeeded', done: 4, total: 4 });
    expect(JSON.parse(run.errors)).toEqual([]);
    // While it waited, the run said which title and when (30 s later).
    expect(waiting[0]).toMatchObject({ kind: 'server' });
    expect(Date.parse(waiting[0]?.retryAt ?? '') - started).toBeGreaterThanOrEqual(30_000);
    await expectStoreMatchesPsn(e, userId, 5, picked);
  });

  it('gives up on a title that keeps failing, says when a retry pass takes it, and that pass fetches it', async () => {
    const { userId, ...e } = await connected(3);
    await e.picker.refreshTitleList(userId);
    const picked = (await e.picker.entries(userId)).slice(0, 1).map((p) => p.npCommunicationId);
    // Three tries of four requests each (the client's own retries), all answered 500.
    await fetch(`${url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ kind: 'error', status: 500, route: 'trophy.userTrophies', count: 12 }) });
    sent.length = 0;
    const run = await e.library.importTitles(userId, picked);
    expect(run).toMatchObject({ state: 'failed', done: 1, total: 1 });
    const errors = JSON.parse(run.errors) as Array<{ npCommunicationId: string; kind: string; retryAt: string }>;
    expect(errors).toHaveLength(1);
    expect(errors[0]?.kind).toBe('server');
    expect(Date.parse(errors[0]?.retryAt ?? '') - Date.parse(run.finished_at ?? '')).toBe(15 * 60_000);
    expect(retryPasses()).toEqual([{ userId, ids: [errors[0]?.npCommunicationId], at: new Date(errors[0]?.retryAt ?? '') }]);
    // The retry pass is an import of those titles.
    const retried = await e.library.importTitles(userId, retryPasses()[0]?.ids ?? []);
    expect(retried).toMatchObject({ state: 'succeeded', total: 1 });
    await expectStoreMatchesPsn(e, userId, 3, picked);
  });

  it('stops with a clear status when the refresh token has expired, without a retry storm', async () => {
    const { userId, ...e } = await connected(0);
    await e.picker.refreshTitleList(userId);
    sim.clock.advance(61 * 86_400_000);
    await reset();
    const run = await e.library.sync(userId);
    expect(run.state).toBe('failed');
    expect((await e.connection.status(userId))?.state).toBe('expired');
    expect((await requests(0)).total).toBe(0);
    const again = await e.library.sync(userId);
    expect(again.state).toBe('failed');
    expect((await requests(0)).total).toBe(0);
  });
});
